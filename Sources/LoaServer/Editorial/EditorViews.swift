import Foundation
import LoaCore

/// The console's editing pages.
enum EditorViews {
    static func rowsTable(_ rows: [EditorRow], caption: String, showKind: Bool = false) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">Không có mục nào.</p>" }
        return """
            <div class="table-scroll"><table class="data-table">
            <caption class="visually-hidden">\(caption)</caption>
            <thead><tr>\(showKind ? HTML("<th scope=\"col\">Loại</th>") : .empty)<th scope="col">Tiêu đề</th><th scope="col">Trạng thái\
            </th><th scope="col">Cập nhật</th></tr></thead>
            <tbody>\(rows.html { row in
                """
                <tr>\(showKind ? HTML("<td>\(row.kind.name)</td>") : .empty)<td>\
                <a href="\(row.kind.routes.record.path(row.id.uuidString))">\(row.title)</a></td>
                <td>\(ConsoleLayout.statusBadge(row.status))\(row.status == .scheduled ? HTML("""
                     <span class=\"meta\">\(ConsoleLayout.date(row.publishedAt))</span>
                    """) : .empty)</td>
                <td>\(ConsoleLayout.date(row.updatedAt))</td></tr>
                """
            })</tbody></table></div>
            """
    }

    static func dashboard(
        _ staff: StaffIdentity, sections: [(String, [EditorRow])], petitions: (open: Int, overdue: Int)?, permissions: PermissionPolicy
    ) -> HTML {
        let petitionPanel: HTML? = petitions.map { counts in
            """
            <section class="panel"><h2>Phản ánh, kiến nghị</h2>
            <p>\(counts.open) đang mở\
            \(counts.overdue > 0 ? HTML(", <strong class=\"overdue\">\(counts.overdue) quá hạn</strong>") : .empty).</p>
            <p class="actions"><a class="button primary" href="\(SiteRoute.staffPetitions.path())">Mở hộp phản ánh\
            </a>\(counts.overdue > 0 ? HTML("""
                 <a class=\"button\" href=\"\(SiteRoute.staffPetitions.path())?overdue=1\">Xem mục quá hạn</a>
                """) : .empty)</p>
            </section>
            """
        }
        let main: HTML = """
            <h1>Xin chào, \(staff.name)</h1>
            \(petitionPanel)
            \(sections.isEmpty ? petitionPanel != nil ? .empty : HTML("""
                <p>Vai trò \(staff.role.name) không biên tập nội dung. Các chức năng của bạn nằm trong trình đơn phía trên.</p>
                """) : HTML("""
                <p class="actions"><a class="button primary" href="\(SiteRoute.staffArticleNew.path())">Viết bài mới</a> \
                <a class="button" href="\(SiteRoute.staffDocumentNew.path())">Thêm văn bản</a></p>
                """))
            \(sections.html { title, rows in """
                <section class=\"panel\"><h2>\(title) (\(rows.count))</h2>\(rowsTable(rows, caption: title, showKind: true))</section>
                """ })
            """
        return ConsoleLayout.page(staff, title: "Tổng quan", section: .dashboard, permissions: permissions, main: main)
    }

    static func list(
        _ staff: StaffIdentity, kind: EditorKind, rows: [EditorRow], total: Int, page: Int, status: PublicationStatus?, search: String?,
        topic: String?, mine: Bool, topics: [Topic], permissions: PermissionPolicy, flash: String? = nil
    ) -> HTML {
        let link: (Int) -> String = { number in
            var components = URLComponents()
            components.path = kind.path
            var items: [URLQueryItem] = []
            if let search { items.append(.init(name: "q", value: search)) }
            if let status { items.append(.init(name: "status", value: status.rawValue)) }
            if let topic { items.append(.init(name: "topic", value: topic)) }
            if mine { items.append(.init(name: "mine", value: "1")) }
            if number > 1 { items.append(.init(name: "page", value: String(number))) }
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? kind.path
        }
        let main: HTML = """
            <h1>\(kind.plural)</h1>
            <p class="actions">\
            <a class="button primary" href="\(kind.routes.new.path())">\(kind == .article ? "Viết bài mới" : "Thêm văn bản")</a></p>
            <form class="filters" method="get" action="\(kind.path)" role="search" aria-label="Lọc \(kind.plural.lowercased())">
              <div><label for="q">Tìm theo tiêu đề</label>\
            <input id="q" name="q" type="search" value="\(search ?? "")" placeholder="Có dấu hoặc không dấu"></div>
              <div><label for="status">Trạng thái</label><select id="status" name="status"><option value="">Tất cả\
            </option>\(PublicationStatus.allCases.html { item in
                  "<option value=\"\(item.rawValue)\"\((item == status).attribute("selected"))>\(item.name)</option>"
              })</select></div>
              <div><label for="topic">Lĩnh vực</label><select id="topic" name="topic"><option value="">Tất cả\
            </option>\(topics.html { item in
                  "<option value=\"\(item.slug)\"\((item.slug == topic).attribute("selected"))>\(item.name)</option>"
              })</select></div>
              <div class="checks"><label><input type="checkbox" name="mine" value="1"\(mine.attribute("checked"))> Chỉ của tôi</label></div>
              <div><button class="button primary" type="submit">Lọc</button></div>
            </form>
            <p class="meta" role="status">\(total) mục.</p>
            \(rowsTable(rows, caption: kind.plural))
            \(Layout.pagination(page: page, pageCount: max(1, (total + EditorRow.perPage - 1) / EditorRow.perPage), link: link))
            """
        return ConsoleLayout.page(
            staff, title: kind.plural, section: kind == .article ? .articles : .documents, permissions: permissions,
            flash: flash.map { HTML("\($0)") }, main: main)
    }

    // MARK: Editor

    private static func textField(
        _ form: EditorForm, _ name: String, _ label: String, type: String = "text", required: Bool = false, hint: String? = nil
    ) -> HTML {
        Component.field(name, label, value: form.values[name] ?? "", type: type, required: required, hint: hint, errors: form.errors)
    }

    private static func textArea(_ form: EditorForm, _ name: String, _ label: String, rows: Int, hint: String? = nil) -> HTML {
        Component.textArea(name, label, value: form.values[name] ?? "", rows: rows, hint: hint, errors: form.errors)
    }

    private static func select(_ form: EditorForm, _ name: String, _ label: String, options: [(String, String)]) -> HTML {
        """
        <div><label for="f-\(name)">\(label)</label>\
        <select id="f-\(name)" name="\(name)"\(ConsoleLayout.invalid(form.errors, name))>\(options.html { value, title in
            "<option value=\"\(value)\"\((form.values[name] == value).attribute("selected"))>\(title)</option>"
        })</select>\(ConsoleLayout.fieldError(form.errors, name))</div>
        """
    }

    static func editor(_ staff: StaffIdentity, form: EditorForm, permissions: PermissionPolicy) -> HTML {
        let offer = form.offer(to: staff, policy: permissions)
        let action = form.id.map { form.kind.routes.record.path($0.uuidString) } ?? form.kind.routes.list.path()
        let editable = offer.mayEdit
        let fields: HTML =
            form.kind == .article
            ? """
            \(textField(form, "title", "Tiêu đề", required: true))
            \(textArea(form, "summary", "Tóm tắt", rows: 3, hint: "Hiện dưới tiêu đề và khi chia sẻ lên Zalo, Facebook."))
            \(textArea(form, "body", "Nội dung (Markdown)", rows: 18, hint: """
                ## Tiêu đề mục, **đậm**, *nghiêng*, - danh sách, [liên kết](https://…). Mã HTML được hiển thị như văn bản.
                """))
            \(textField(form, "author", "Tác giả"))
            \(textField(form, "cover_image", "Ảnh đại diện (địa chỉ)", hint: "Hoặc tải ảnh lên ở khung bên cạnh sau khi lưu."))
            \(textField(form, "cover_alt", "Mô tả ảnh đại diện", hint: """
                Bắt buộc khi có ảnh: ảnh cho thấy gì, cho người dùng trình đọc màn hình.
                """))
            <div class="checks"><label>\
            <input type="checkbox" name="featured" value="true"\((form.values["featured"] == "có").attribute("checked"))> Tin nổi bật \
            trên trang chủ</label></div>
            """
            : """
            \(textField(form, "number", "Số, ký hiệu", required: true, hint: "Ví dụ: 06/2025/TT-BNV"))
            \(textArea(form, "title", "Trích yếu", rows: 2))
            \(select(form, "type", "Loại văn bản", options: DocumentType.allCases.map { ($0.rawValue, $0.name) }))
            \(textField(form, "issuer", "Cơ quan ban hành", required: true))
            \(textField(form, "signer", "Người ký"))
            \(textField(form, "issued_on", "Ngày ban hành", type: "date", required: true))
            \(textField(form, "effective_on", "Ngày có hiệu lực", type: "date"))
            \(select(form, "effect_status", "Tình trạng hiệu lực", options: EffectStatus.allCases.map { ($0.rawValue, $0.name) }))
            \(textArea(form, "summary", "Tóm tắt", rows: 3))
            \(textArea(form, "body", "Nội dung chính (Markdown)", rows: 12))
            """
        let topics: HTML = """
            <fieldset\(ConsoleLayout.invalid(form.errors, "topics"))><legend>Lĩnh vực (chọn từ 1 đến \(ContentLimits.topics))</legend>\
            <div class="checks">\(form.allTopics.html { topic in
                """
                    <label><input type=\"checkbox\" name=\"topics[]\" value=\"\(topic.slug)\"\
                    \(form.topics.contains(topic.slug).attribute("checked"))> \(topic.name)</label>
                    """
            })</div>\(ConsoleLayout.fieldError(form.errors, "topics"))</fieldset>
            <div><label for="f-main_topic">Lĩnh vực chính</label>
            <select id="f-main_topic" name="main_topic"><option value="">— Lĩnh vực đầu tiên trong danh sách —\
            </option>\(form.allTopics.html { topic in
                "<option value=\"\(topic.slug)\"\((form.topics.first == topic.slug).attribute("selected"))>\(topic.name)</option>"
            })</select>
            <p class="hint">Quyết định đường dẫn, tin liên quan và mục trên trang chủ; được thêm vào các lĩnh vực nếu chưa chọn.</p></div>
            """
        let main: HTML = """
            <p class="meta"><a href="\(form.kind.path)">‹ \(form.kind.plural)</a></p>
            <h1>\(form.heading)</h1>
            \(form.errorFlash.map { HTML("<div class=\"flash error\" role=\"alert\">\($0)</div>") })
            \(form.errors.isEmpty ? .empty : HTML("""
                <div class=\"flash error\" role=\"alert\">Chưa lưu: hãy sửa các mục được đánh dấu.</div>
                """))
            <div class="editor">
            <div>
            <form class="form" method="post" action="\(action)" data-autosave="\(action)">
              \(ConsoleLayout.csrfField(staff))
              \(editable ? .empty : HTML("<p class=\"flash error\">Nội dung đang công khai hoặc hẹn giờ: chỉ người duyệt được sửa.</p>"))
              \(fields)
              \(topics)
              <div class="actions">
                <button class="button primary" type="submit" name="intent" value="save"\((!editable).attribute("disabled"))>Lưu</button>
                <button class="button" type="submit" name="intent" value="preview">Xem trước</button>
              </div>
            </form>
            \(form.preview.map { preview($0, form: form) })
            </div>
            <div>\(form.record == nil ? HTML("""
                <p class=\"panel\">Lưu bản nháp trước, sau đó có thể gửi duyệt, tải tệp đính kèm và xem các phiên bản.</p>
                """) : sidePanel(staff, form: form, actions: offer.actions))</div>
            </div>
            """
        return ConsoleLayout.page(
            staff, title: form.heading, section: form.kind == .article ? .articles : .documents, permissions: permissions,
            flash: form.flash.map { HTML("\($0)") }, main: main)
    }

    /// The whole page as readers will see it: title, summary, cover, topics and body.
    private static func preview(_ body: String, form: EditorForm) -> HTML {
        let names = Dictionary(form.allTopics.map { ($0.slug, $0.name) }, uniquingKeysWith: { first, _ in first })
        let value = { (name: String) in (form.values[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let heading: HTML =
            form.kind == .article
            ? "<h1>\(value("title").isEmpty ? "(Chưa có tiêu đề)" : value("title"))</h1>"
            : "<p class=\"meta\">\(DocumentType(rawValue: value("type"))?.name ?? "") số \(value("number"))</p><h1>\(value("title"))</h1>"
        let cover = value("cover_image")
        return """
            <section class="panel preview" aria-labelledby="xem-truoc"><h2 id="xem-truoc">Xem trước trang</h2>
            <p class="hint">Trang như người đọc sẽ thấy; chưa được lưu.</p>
            <article>
            <p class="meta">\(form.topics.compactMap { names[$0] }.joined(separator: " · "))</p>
            \(heading)
            \(value("summary").isEmpty ? .empty : HTML("<p class=\"lead\">\(value("summary"))</p>"))
            \(form.kind == .article && !cover.isEmpty && CoverImage.isAcceptable(cover)
                ? HTML("<p><img class=\"cover\" src=\"\(cover)\" alt=\"\(value("cover_alt"))\"></p>") : .empty)
            <div class="prose">\(HTML(trusted: body))</div>
            </article></section>
            """
    }

    /// A document's links to the documents it amends, replaces or guides, and those that do so to it.
    private static func relatedPanel(_ staff: StaffIdentity, form: EditorForm) -> HTML {
        let id = form.id?.uuidString ?? ""
        let links = form.related.html { link in
            """
            <li>\(link.label) \
            <a href="\(SiteRoute.staffDocument.path(link.document.id?.uuidString ?? ""))">\(link.document.type.name) \
            \(link.document.number)</a>
            <form class="inline-form" method="post" action="\
            \(SiteRoute.staffDocumentRelationDelete.path(id, link.relationID.uuidString))">\(ConsoleLayout.csrfField(staff))<button \
            class="button small" type="submit">Bỏ liên kết</button></form></li>
            """
        }
        return """
            <section class="panel" aria-labelledby="lien-quan"><h2 id="lien-quan">Văn bản liên quan</h2>
            \(form.related.isEmpty ? HTML("<p class=\"meta\">Chưa có liên kết.</p>") : HTML("<ul>\(links)</ul>"))
            <form class="form" method="post" action="\(SiteRoute.staffDocumentRelations.path(id))">\(ConsoleLayout.csrfField(staff))
              <div><label for="relation-kind">Văn bản này</label>\
            <select id="relation-kind" name="kind">\(DocumentRelationKind.allCases.html { kind in
                  "<option value=\"\(kind.rawValue)\">\(kind.name.lowercased())</option>"
              })</select></div>
              <div><label for="relation-number">văn bản số</label>\
            <input id="relation-number" name="number" required placeholder="Ví dụ: 178/2024/NĐ-CP"></div>
              <div class="actions"><button class="button" type="submit">Thêm liên kết</button></div>
            </form></section>
            """
    }

    private static func sidePanel(_ staff: StaffIdentity, form: EditorForm, actions possible: [EditorialAction]) -> HTML {
        let (routes, id) = (form.kind.routes, form.id?.uuidString ?? "")
        let button: (EditorialAction) -> HTML = { action in
            """
            <form method=\"post\" action=\"\(routes.workflow.path(id))\">\(ConsoleLayout.csrfField(staff))<input type=\"hidden\" \
            name=\"action\" value=\"\(action.rawValue)\"><input type=\"hidden\" name=\"revision\" value=\"\(form.revision)\"><button \
            class=\"button\(action == .publish ? " primary" : "")\" type=\"submit\">\(action.name)</button></form>
            """
        }
        let upload: HTML = """
            <form class="form" method="post" action="\(routes.attachments.path(id))" enctype="multipart/form-data">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="file">\
            \(form.kind == .article ? "Tải ảnh đại diện (PNG, JPEG, GIF, WebP)" : "Tải tệp (PDF, DOCX, XLSX, ảnh)")</label>
              <input id="file" name="file" type="file" required accept="\
            \(form.kind == .article ? "image/png,image/jpeg,image/gif,image/webp" : ".pdf,.docx,.xlsx,image/*")">
              <p class="hint">Tối đa 20 MB. Loại tệp được kiểm tra theo nội dung.</p></div>
              <div class="actions"><button class="button" type="submit">Tải lên</button></div>
            </form>
            """
        let files = form.attachments.html { file -> HTML in
            """
            <li><a href="\(SiteURL.attachment(id: file.id!, fileName: file.fileName).path)">\(file.fileName)</a> \
            <span class="meta">(\(PortalViews.fileSize(file.byteCount)))</span>
            <form class="inline-form" method="post" action="\(routes.attachmentDelete.path(id, file.id?.uuidString ?? ""))">\
            \(ConsoleLayout.csrfField(staff))<button class="button small" type="submit">Xóa</button></form></li>
            """
        }
        let attachmentList: HTML = form.attachments.isEmpty ? "<p class=\"meta\">Chưa có tệp.</p>" : "<ul>\(files)</ul>"
        return """
            <section class="panel"><h2>Trạng thái</h2>
            <p>\(ConsoleLayout.statusBadge(form.status))\(
                form.status == .scheduled ? HTML(" lúc \(ConsoleLayout.date(form.publishedAt))") : .empty)</p>
            \(form.reviewNote.map { HTML("<p class=\"flash error\"><strong>Yêu cầu sửa:</strong> \($0)</p>") })
            \(form.status == .published ? form.publicPath.map { HTML("<p><a href=\"\($0)\">Xem trên cổng thông tin</a></p>") } : nil)
            <div class="actions">\(possible.filter { $0 != .schedule && $0 != .sendBack }.html(button))</div>
            \(possible.contains(.schedule) ? HTML("""
                <form class="form" method="post" action="\(routes.workflow.path(id))">\(ConsoleLayout.csrfField(staff))
                  <input type="hidden" name="action" value="schedule"><input type="hidden" name="revision" value="\(form.revision)">
                  <div><label for="publish_at">Hẹn giờ đăng</label>\
                <input id="publish_at" name="publish_at" \(ConsoleLayout.dateTimeField) required aria-describedby="publish-hint" value="\
                \(ConsoleLayout.localInput(form.status == .scheduled ? form.publishedAt : nil))">
                  <p class="hint" id="publish-hint">\(DateFields.dateTimeHint)</p></div>
                  <div class="actions"><button class="button" type="submit">Hẹn giờ đăng</button></div>
                </form>
                """) : .empty)
            \(possible.contains(.sendBack) ? HTML("""
                <form class="form" method="post" action="\(routes.workflow.path(id))">\(ConsoleLayout.csrfField(staff))
                  <input type="hidden" name="action" value="send_back">
                  <div><label for="comment">Trả lại kèm yêu cầu sửa</label><textarea id="comment" name="comment" rows="3" required>\
                </textarea></div>
                  <div class="actions"><button class="button" type="submit">Trả lại biên tập</button></div>
                </form>
                """) : .empty)
            </section>
            <section class="panel"><h2>\(form.kind == .article ? "Ảnh đại diện" : "Tệp đính kèm")</h2>
            \(attachmentList)
            \(upload)
            </section>
            \(form.kind == .document ? relatedPanel(staff, form: form) : .empty)
            <section class="panel"><h2>Phiên bản</h2><p><a href="\(routes.revisions.path(id))">Xem, so sánh và khôi phục các phiên bản</a>\
            </p></section>
            \(form.status == .draft || form.status == .unpublished ? HTML("""
                <section class="panel"><h2>Xóa</h2>
                <form method="post" action="\(routes.delete.path(id))">\(ConsoleLayout.csrfField(staff))
                <p class="hint">Xóa hẳn \(form.kind.name.lowercased()) này cùng các phiên bản. Không thể hoàn tác.</p>
                <button class="button danger" type="submit">Xóa</button></form></section>
                """) : .empty)
            """
    }

    // MARK: Revisions

    static func revisions(_ staff: StaffIdentity, form: EditorForm, revisions: [Revision], permissions: PermissionPolicy) -> HTML {
        let (routes, id) = (form.kind.routes, form.id?.uuidString ?? "")
        let latest = revisions.first?.number ?? 1
        let main: HTML = """
            <p class="meta"><a href="\(routes.record.path(id))">‹ Quay lại trang biên tập</a></p>
            <h1>Phiên bản: \(form.heading)</h1>
            <form class="filters" method="get" action="\(routes.compare.path(id))" aria-label="So sánh hai phiên bản">
              <div><label for="from">Từ phiên bản</label>\
            <select id="from" name="from">\
            \(revisions.html { "<option\(($0.number == max(1, latest - 1)).attribute("selected"))>\($0.number)</option>" })</select></div>
              <div><label for="to">Đến phiên bản</label>\
            <select id="to" name="to">\
            \(revisions.html { "<option\(($0.number == latest).attribute("selected"))>\($0.number)</option>" })</select></div>
              <div><button class="button primary" type="submit">So sánh</button></div>
            </form>
            <div class="table-scroll"><table class="data-table">
            <caption class="visually-hidden">Các phiên bản</caption>
            <thead><tr><th scope="col">Phiên bản</th><th scope="col">Thời gian</th><th scope="col">Người lưu</th><th scope="col">Ghi chú\
            </th><th scope="col">Khôi phục</th></tr></thead>
            <tbody>\(revisions.html { revision in
                """
                <tr><td>\(revision.number)</td><td>\(VietnamTime.dateTime(revision.createdAt))</td><td>\(revision.authorEmail)</td>\
                <td>\(revision.note)</td>
                <td>\(revision.number == latest ? HTML("<span class=\"meta\">Hiện tại</span>") : HTML("""
                    <form method="post" action="\(routes.restore.path(id, String(revision.number)))">\
                    \(ConsoleLayout.csrfField(staff))<button class="button small" type="submit">Khôi phục</button></form>
                    """))</td></tr>
                """
            })</tbody></table></div>
            """
        return ConsoleLayout.page(
            staff, title: "Phiên bản", section: form.kind == .article ? .articles : .documents, permissions: permissions, main: main)
    }

    static let fieldNames: [(String, String)] = [
        ("number", "Số, ký hiệu"), ("title", "Tiêu đề"), ("type", "Loại"), ("issuer", "Cơ quan ban hành"), ("signer", "Người ký"),
        ("issued_on", "Ngày ban hành"), ("effective_on", "Ngày hiệu lực"), ("effect_status", "Hiệu lực"), ("summary", "Tóm tắt"),
        ("body", "Nội dung"), ("topics", "Lĩnh vực"), ("author", "Tác giả"), ("cover_image", "Ảnh đại diện"), ("cover_alt", "Mô tả ảnh"),
        ("featured", "Nổi bật"),
    ]

    static func compare(_ staff: StaffIdentity, form: EditorForm, from: Revision, to: Revision, permissions: PermissionPolicy) -> HTML {
        let (routes, id) = (form.kind.routes, form.id?.uuidString ?? "")
        let old = from.fields
        let new = to.fields
        let changed = fieldNames.filter { old[$0.0] != nil || new[$0.0] != nil }.filter { old[$0.0] != new[$0.0] }
        let main: HTML = """
            <p class="meta"><a href="\(routes.revisions.path(id))">‹ Các phiên bản</a></p>
            <h1>So sánh phiên bản \(from.number) và \(to.number)</h1>
            <p>\(from.number): \(VietnamTime.dateTime(from.createdAt)), \(from.authorEmail) · \(to.number): \
            \(VietnamTime.dateTime(to.createdAt)), \(to.authorEmail)</p>
            \(changed.isEmpty ? HTML("<p class=\"empty\">Hai phiên bản giống nhau.</p>") : changed.html { field, label in
                "<section class=\"panel\"><h2>\(label)</h2>\(diff(old[field] ?? "", new[field] ?? ""))</section>"
            })
            """
        return ConsoleLayout.page(
            staff, title: "So sánh phiên bản", section: form.kind == .article ? .articles : .documents, permissions: permissions, main: main
        )
    }

    /// Lines removed and added, with the changed words marked inside a changed line.
    static func diff(_ old: String, _ new: String) -> HTML {
        var lines: [HTML] = []
        for hunk in LineDiff.hunks(old, new) {
            lines.append("<div class=\"hunk\">@@ dòng \(hunk.oldStart) → \(hunk.newStart) @@</div>")
            var index = 0
            let changes = hunk.changes
            while index < changes.count {
                // A single removed line followed by a single added line: show the words that changed.
                if case .removed(let before) = changes[index], index + 1 < changes.count, case .added(let after) = changes[index + 1],
                    index + 2 >= changes.count || { if case .added = changes[index + 2] { return false } else { return true } }()
                {
                    let words = LineDiff.words(before, after)
                    let removed = words.html { change -> HTML in
                        switch change {
                        case .same(let text): "\(text)"
                        case .removed(let text): "<del>\(text)</del>"
                        case .added: .empty
                        }
                    }
                    let added = words.html { change -> HTML in
                        switch change {
                        case .same(let text): "\(text)"
                        case .added(let text): "<ins>\(text)</ins>"
                        case .removed: .empty
                        }
                    }
                    lines.append(
                        """
                        <div class=\"removed\"><span aria-hidden=\"true\">− </span><span class=\"visually-hidden\">Bỏ: </span>\
                        \(removed)</div>
                        """
                    )
                    lines.append(
                        """
                        <div class=\"added\"><span aria-hidden=\"true\">+ </span><span class=\"visually-hidden\">Thêm: </span>\
                        \(added)</div>
                        """
                    )
                    index += 2
                    continue
                }
                switch changes[index] {
                case .same(let text): lines.append("<div>  \(text)</div>")
                case .removed(let text):
                    lines.append(
                        """
                        <div class=\"removed\"><span aria-hidden=\"true\">− </span><span class=\"visually-hidden\">Bỏ: </span>\
                        \(text)</div>
                        """
                    )
                case .added(let text):
                    lines.append(
                        """
                        <div class=\"added\"><span aria-hidden=\"true\">+ </span><span class=\"visually-hidden\">Thêm: </span>\
                        \(text)</div>
                        """
                    )
                }
                index += 1
            }
        }
        return "<div class=\"diff\">\(lines)</div>"
    }
}

import Foundation
import LoaCore

enum ConsultationConsoleViews {
    private static let flashes: [String: String] = [
        "created": "Đã tạo dự thảo; các phần (chương, điều, khoản) được lấy từ tiêu đề Markdown.",
        "saved": "Đã lưu.", "published": "Đã đăng dự thảo; người quan tâm trên Zalo sẽ được thông báo.",
        "approved": "Đã duyệt góp ý; góp ý được công khai.", "hidden": "Đã ẩn góp ý.",
        "response": "Đã lưu nội dung tiếp thu, giải trình.", "synthesis": "Đã công bố bản tổng hợp ý kiến trên trang dự thảo.",
        "tep": "Đã đính kèm tệp.", "tep-xoa": "Đã gỡ tệp đính kèm.",
    ]

    static func statusBadge(_ consultation: Consultation, now: Date) -> HTML {
        consultation.isPublic
            ? ConsultationViews.phaseBadge(consultation.window.phase(at: now)) : "<span class=\"badge draft\">Bản nháp</span>"
    }

    static func index(
        _ staff: StaffIdentity, items: [Consultation], pending: [UUID: Int], flash: String?, permissions: PermissionPolicy, now: Date
    ) -> HTML {
        let main: HTML = """
            <h1>Lấy ý kiến dự thảo</h1>
            <p class="actions"><a class="button primary" href="\(SiteRoute.staffConsultationNew.path())">Tạo dự thảo</a></p>
            <div class="table-scroll"><table class="data-table">
            <thead><tr><th scope="col">Mã</th><th scope="col">Tên dự thảo</th><th scope="col">Trạng thái</th>\
            <th scope="col">Thời gian lấy ý kiến</th><th scope="col">Chờ duyệt</th></tr></thead>
            <tbody>\(items.html { item in
                """
                <tr><td class="nowrap">\(item.code)</td><td>\
                <a href="\(SiteRoute.staffConsultation.path(item.id?.uuidString ?? ""))">\(item.title)</a></td>
                <td>\(statusBadge(item, now: now))\(item.synthesisPublishedAt == nil ? .empty : HTML("""
                     <span class=\"badge published\">Đã công bố tổng hợp</span>
                    """))</td>
                <td class="nowrap">\(ConsoleLayout.date(item.opensAt)) – \(ConsoleLayout.date(item.closesAt))</td>\
                <td>\(item.id.flatMap { pending[$0] } ?? 0)</td></tr>
                """
            })</tbody></table></div>
            \(items.isEmpty ? HTML("<p class=\"empty\">Chưa có dự thảo nào.</p>") : .empty)
            """
        return ConsoleLayout.page(
            staff, title: "Lấy ý kiến dự thảo", section: .consultations, permissions: permissions,
            flash: flash.flatMap { flashes[$0] }.map { HTML("\($0)") }, main: main)
    }

    static func fields(
        _ draft: ConsultationDraft, unitID: UUID?, topics: [Topic], units: UnitTree, errors: [String: String], bodyFrozen: Bool
    ) -> HTML {
        """
        <div><label for="title">Tên dự thảo</label>\
        <input id="title" name="title" type="text" required maxlength="\(ConsultationDraft.titleMaximum)" value="\(draft.title)"\
        \(ConsoleLayout.invalid(errors, "title"))>\(ConsoleLayout.fieldError(errors, "title"))</div>
        <div><label for="summary">Tóm tắt</label>\
        <textarea id="summary" name="summary" rows="3" maxlength="\(ConsultationDraft.summaryMaximum)"\
        \(ConsoleLayout.invalid(errors, "summary"))>\(draft.summary)</textarea>\(ConsoleLayout.fieldError(errors, "summary"))</div>
        <div><label for="body">Nội dung dự thảo (Markdown)</label>
        <textarea id="body" name="body" rows="18" aria-describedby="body-hint"\
        \(bodyFrozen.attribute("readonly"))\(ConsoleLayout.invalid(errors, "body"))>\(draft.body)</textarea>
        <p class="hint" id="body-hint">\
        \(bodyFrozen ? "Dự thảo đã đăng: nội dung không sửa được vì góp ý gắn với từng phần." : """
            # Chương, ## Điều, ### Khoản: mỗi tiêu đề là một phần để góp ý. Văn bản trước tiêu đề đầu tiên là phần mở đầu.
            """)</p>\(ConsoleLayout.fieldError(errors, "body"))</div>
        <fieldset><legend>Lĩnh vực</legend>\(ConsoleLayout.fieldError(errors, "topics"))<div class="checks">\(topics.html { topic in
            """
                <label><input type=\"checkbox\" name=\"topics[]\" value=\"\(topic.slug)\"\
                \(draft.topics.contains(topic.slug).attribute("checked"))> \(topic.name)</label>
                """
        })</div></fieldset>
        <div><label for="opens_at">Bắt đầu lấy ý kiến</label>\
        <input id="opens_at" name="opens_at" \(ConsoleLayout.dateTimeField) required aria-describedby="opens-hint" value="\
        \(ConsoleLayout.localInput(draft.opensAt))"\(ConsoleLayout.invalid(errors, "opens_at"))>
        <p class="hint" id="opens-hint">\(DateFields.dateTimeHint)</p>\(ConsoleLayout.fieldError(errors, "opens_at"))</div>
        <div><label for="closes_at">Kết thúc lấy ý kiến</label>\
        <input id="closes_at" name="closes_at" \(ConsoleLayout.dateTimeField) required value="\
        \(ConsoleLayout.localInput(draft.closesAt))" aria-describedby="closes-hint"\(ConsoleLayout.invalid(errors, "closes_at"))>
        <p class="hint" id="closes-hint">\(DateFields.dateTimeHint). Góp ý gửi đúng thời điểm kết thúc trở đi không được nhận.\
        </p>\(ConsoleLayout.fieldError(errors, "closes_at"))</div>
        <div><label for="unit">Đơn vị chủ trì</label><select id="unit" name="unit"><option value="">—\
        </option>\(units.ordered().html { node in
            """
                <option value=\"\(node.unit.id?.uuidString ?? "")\"\((node.unit.id == unitID).attribute("selected"))>\
                \(String(repeating: "— ", count: node.depth))\(node.unit.name)</option>
                """
        })</select></div>
        """
    }

    static func form(
        _ staff: StaffIdentity, consultation: Consultation?, draft: ConsultationDraft, unitID: UUID?, topics: [Topic], units: UnitTree,
        errors: [String: String], permissions: PermissionPolicy
    ) -> HTML {
        let main: HTML = """
            <h1>Tạo dự thảo lấy ý kiến</h1>
            \(errors["form"].map { HTML("<div class=\"flash error\" role=\"alert\">\($0)</div>") })
            <form class="form" method="post" action="\(SiteRoute.staffConsultations.path())" data-autosave="\
            \(SiteRoute.staffConsultations.path())">\(ConsoleLayout.csrfField(staff))
            \(fields(draft, unitID: unitID, topics: topics, units: units, errors: errors, bodyFrozen: false))
            <div class="actions"><button class="button primary" type="submit">Tạo dự thảo</button> \
            <a href="\(SiteRoute.staffConsultations.path())">Hủy</a></div>
            </form>
            """
        return ConsoleLayout.page(staff, title: "Tạo dự thảo", section: .consultations, permissions: permissions, main: main)
    }

    static func detail(
        _ staff: StaffIdentity, consultation: Consultation, draft: ConsultationDraft, sections: [ConsultationSection],
        comments: [ConsultationComment], responses: [String: String], attachments: [Attachment], topics: [Topic], units: UnitTree,
        errors: [String: String],
        flash: String?, now: Date, offer: ConsultationConsoleOffer, permissions: PermissionPolicy
    ) -> HTML {
        let id = consultation.id?.uuidString ?? ""
        let mayViewPersonalData = offer.showsEmails
        let frozen = offer.isFrozen
        let headings = Dictionary(sections.map { ($0.key, $0.heading) }, uniquingKeysWith: { a, _ in a })
        let heading: (String) -> String = { key in key.isEmpty ? "Cả dự thảo" : headings[key] ?? key }
        let queue = comments.filter { $0.status == .pending }
        let decided = comments.filter { $0.status == .approved || $0.status == .hidden }
        let unconfirmed = comments.filter { $0.status == .unconfirmed }.count
        func commentRow(_ comment: ConsultationComment) -> HTML {
            let commentID = comment.id?.uuidString ?? ""
            return """
                <li class="list-item" id="gy-\(commentID)"><p class="meta">\
                <strong>\(comment.name)</strong>\
                \(comment.organisation.isEmpty ? .empty : HTML(" · \(comment.organisation)"))\(
                    mayViewPersonalData && !comment.email.isEmpty ? HTML(" · \(comment.email)") : .empty) · \(heading(comment.section)) · \
                \(VietnamTime.dateTime(comment.submittedAt)) · qua \(comment.channel.name) · <span class="badge">\
                \(comment.status.name)</span></p>
                <div class="prose">\(PetitionViews.plainText(comment.text))</div>
                \(comment.status == .hidden ? HTML("<p class=\"meta\">Lý do ẩn: \(comment.hiddenReason ?? "")</p>") : .empty)
                \(frozen ? .empty : HTML("""
                    <div class="actions">
                    \(comment.status != .approved ? HTML("""
                        \
                        <form class="inline-form" method="post" action="\(SiteRoute.staffConsultationComment.path(id, commentID))">\
                        \(ConsoleLayout.csrfField(staff))<input type="hidden" name="to" value="approved"><button class="button small" \
                        type="submit">Duyệt</button></form>
                        """) : .empty)
                    \(comment.status != .hidden ? HTML("""
                        \
                        <form class="inline-form" method="post" action="\(SiteRoute.staffConsultationComment.path(id, commentID))">\
                        \(ConsoleLayout.csrfField(staff))<input type="hidden" name="to" value="hidden">
                        <label for="ly-do-\(commentID)">Lý do ẩn</label> \
                        <input id="ly-do-\(commentID)" name="reason" type="text" required maxlength="\(CommentModeration.reasonMaximum)">
                        <button class="button small" type="submit">Ẩn</button></form>
                        """) : .empty)
                    </div>
                    """))
                </li>
                """
        }
        let approvedCounts = Dictionary(comments.filter { $0.status == .approved }.map { ($0.section, 1) }, uniquingKeysWith: +)
        let responseKeys = [DraftSections.wholeDraft] + sections.map(\.key)
        let main: HTML = """
            <p class="meta">\(consultation.code) · \
            \(statusBadge(consultation, now: now))\(consultation.isPublic ? HTML("""
                 · <a href=\"\(SiteURL.consultation(consultation.slug).path)\">Xem trên cổng</a>
                """) : .empty)</p>
            <h1>\(consultation.title)</h1>
            \(errors["form"].map { HTML("<div class=\"flash error\" role=\"alert\">\($0)</div>") })
            \(!offer.mayPublish ? .empty : HTML("""
                <form method="post" action="\(SiteRoute.staffConsultationPublish.path(id))" class="panel">\(ConsoleLayout.csrfField(staff))
                <p>Đăng dự thảo: dự thảo hiện trên cổng, nhận góp ý trong thời gian lấy ý kiến, và được gửi đến người quan tâm lĩnh vực \
                trên Zalo.</p>
                <button class="button primary" type="submit">Đăng dự thảo</button></form>
                """))
            <section aria-labelledby="hang-cho"><h2 id="hang-cho">Góp ý chờ duyệt (\(queue.count))</h2>
            \(unconfirmed > 0 ? HTML("""
                <p class=\"meta\">\(unconfirmed) góp ý đang chờ người gửi xác nhận qua e-mail (chưa vào hàng chờ).</p>
                """) : .empty)
            \(queue.isEmpty ? HTML("""
                <p class=\"empty\">Không có góp ý nào chờ duyệt.</p>
                """) : HTML("<ol class=\"list\">\(queue.html(commentRow))</ol>"))
            </section>
            <section aria-labelledby="da-xu-ly"><h2 id="da-xu-ly">Góp ý đã xử lý (\(decided.count))</h2>
            \(decided.isEmpty ? .empty : HTML("<ol class=\"list\">\(decided.html(commentRow))</ol>"))
            </section>
            <section aria-labelledby="giai-trinh"><h2 id="giai-trinh">Tiếp thu, giải trình theo từng phần</h2>
            \(responseKeys.html { key in
                let field = "tl-\(key.isEmpty ? "chung" : key)"
                return """
                    <form class="form panel" method="post" action="\(SiteRoute.staffConsultationResponses.path(id))">\
                    \(ConsoleLayout.csrfField(staff))
                    <input type="hidden" name="section" value="\(key)">
                    <label for="\(field)">\(heading(key)) — \(approvedCounts[key] ?? 0) góp ý đã duyệt</label>
                    <textarea id="\(field)" name="text" rows="3"\(frozen.attribute("readonly"))>\(responses[key] ?? "")</textarea>
                    \(frozen ? .empty : HTML("<div class=\"actions\"><button class=\"button small\" type=\"submit\">Lưu</button></div>"))
                    </form>
                    """
            })
            </section>
            <section aria-labelledby="tong-hop" class="panel"><h2 id="tong-hop">Tổng hợp ý kiến</h2>
            <p><a href="\(SiteRoute.staffConsultationSynthesis.path(id))">Xem trước bản tổng hợp</a></p>
            \(consultation.synthesisPublishedAt.map { published in
                HTML("""
                    <p>Đã công bố ngày \(VietnamTime.date(published)): <a href=\"\(SiteURL.synthesis(consultation.slug).path)\">bản công \
                    khai</a>.</p>
                    """)
            } ?? (offer.mayPublishSynthesis
                    ? HTML("""
                        <form method="post" action="\(SiteRoute.staffConsultationSynthesis.path(id))">\(ConsoleLayout.csrfField(staff))
                        <p>Công bố bản tổng hợp trên trang dự thảo. Sau khi công bố, góp ý và nội dung giải trình không thay đổi được.</p>
                        <button class="button primary" type="submit">Công bố bản tổng hợp</button></form>
                        """)
                    : HTML("""
                        <p class=\"meta\">Bản tổng hợp được công bố sau khi hết thời gian lấy ý kiến (\
                        \(ConsoleLayout.date(consultation.closesAt))), bởi người duyệt.</p>
                        """)))
            </section>
            <section aria-labelledby="tep-dinh-kem" class="panel"><h2 id="tep-dinh-kem">Tệp đính kèm (\(attachments.count))</h2>
            <ul class="list">\(attachments.html { file in
                """
                <li class="list-item"><a href="\(SiteURL.attachment(id: file.id!, fileName: file.fileName).path)">\(file.fileName)</a> \
                <span class="meta">\(ConsultationViews.size(file.byteCount))</span>
                <form method="post" action="\
                \(SiteRoute.staffConsultationAttachmentDelete.path(id, file.id?.uuidString.lowercased() ?? ""))" class="inline-form">\
                \(ConsoleLayout.csrfField(staff))<button class="button small" type="submit">Gỡ</button></form></li>
                """
            })</ul>
            <form method="post" action="\(SiteRoute.staffConsultationAttachments.path(id))" enctype="multipart/form-data">\
            \(ConsoleLayout.csrfField(staff))
            <label for="tep-moi">Thêm tệp PDF hoặc Word (DOCX), tối đa 20 MB</label>
            <input id="tep-moi" name="file" type="file" \
            accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" required>
            <div class="actions"><button class="button" type="submit">Tải lên</button></div>
            </form>
            </section>
            <section aria-labelledby="sua"><h2 id="sua">Sửa dự thảo</h2>
            <form class="form" method="post" action="\(SiteRoute.staffConsultation.path(id))" data-autosave="\
            \(SiteRoute.staffConsultation.path(id))">\(ConsoleLayout.csrfField(staff))
            \(fields(draft, unitID: consultation.unitID, topics: topics, units: units, errors: errors, bodyFrozen: consultation.isPublic))
            <div class="actions"><button class="button" type="submit">Lưu</button></div>
            </form>
            <p class="meta">\(sections.count) phần: \(sections.map { "\($0.key) \($0.heading)" }.joined(separator: "; "))</p>
            </section>
            """
        return ConsoleLayout.page(
            staff, title: consultation.title, section: .consultations, permissions: permissions,
            flash: flash.flatMap { flashes[$0] }.map { HTML("\($0)") }, main: main)
    }
}

/// What a member of staff may do on a draft's console page, decided from the draft, their role and
/// the time: publish the draft, publish the synthesis once comments are closed, see senders' e-mail
/// addresses (personal data), edit responses until the synthesis is published.
struct ConsultationConsoleOffer: Equatable {
    var mayPublish: Bool
    var mayPublishSynthesis: Bool
    var showsEmails: Bool
    var isFrozen: Bool

    init(_ consultation: Consultation, role: Role, policy: PermissionPolicy, now: Date) {
        let publishes = policy.role(role, may: .publishContent)
        isFrozen = consultation.synthesisPublishedAt != nil
        mayPublish = publishes && !consultation.isPublic
        mayPublishSynthesis =
            publishes && !isFrozen && consultation.isPublic && consultation.window.phase(at: now) == .closed
        showsEmails = policy.role(role, may: .viewPersonalData)
    }
}

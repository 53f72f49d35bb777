import Foundation
import LoaCore

/// The public pages of drafts for comment: the list, a draft with its sections, comments and
/// forms, the receipt, the confirmation, and the synthesis.
enum ConsultationViews {
    /// A comment form sent back with its errors: which section, what was typed, what was wrong.
    struct FormState {
        var section: String
        var values: CommentSubmission
        var errors: [String: String]
    }

    static func phaseBadge(_ phase: CommentWindow.Phase) -> HTML {
        "<span class=\"badge consultation-\(phase.rawValue)\">\(phase.name)</span>"
    }

    static func window(_ consultation: Consultation) -> HTML {
        """
        <time datetime="\(VietnamTime.iso8601(consultation.opensAt))">\(VietnamTime.dateTime(consultation.opensAt))</time> – \
        <time datetime="\(VietnamTime.iso8601(consultation.closesAt))">\(VietnamTime.dateTime(consultation.closesAt))</time>
        """
    }

    static func item(_ consultation: Consultation, now: Date, count: Int?) -> HTML {
        """
        <li class="list-item">\
        <p class="meta">\(consultation.code) · \(phaseBadge(consultation.window.phase(at: now))) · \
        \(window(consultation))\(count.map { HTML(" · \($0) góp ý") })</p>
        <h3><a href="\(SiteURL.consultation(consultation.slug).path)">\(consultation.title)</a></h3>
        \(consultation.summary.isEmpty ? .empty : HTML("<p>\(PetitionViews.excerpt(consultation.summary, length: 240))</p>"))</li>
        """
    }

    static func list(
        _ site: SiteContext, open: [Consultation], upcoming: [Consultation], closed: [Consultation], counts: [UUID: Int], now: Date
    ) -> HTML {
        func group(_ id: String, _ title: String, _ items: [Consultation], empty: String) -> HTML {
            """
            <section aria-labelledby="\(id)"><h2 id="\(id)" class="section-title">\(title)</h2>
            \(items.isEmpty ? HTML("<p class=\"empty\">\(empty)</p>") : HTML("""
                <ul class=\"list\">\(items.html { item($0, now: now, count: $0.id.flatMap { counts[$0] } ?? 0) })</ul>
                """))
            </section>
            """
        }
        let main: HTML = """
            <h1>Lấy ý kiến dự thảo</h1>
            <p class="lead">Dự thảo văn bản quy phạm pháp luật và chính sách được công bố để người dân, doanh nghiệp, cơ quan, tổ chức \
            góp ý. Góp ý được công khai (chỉ họ tên và cơ quan, tổ chức mà người góp ý ghi) sau khi được duyệt; kết thúc đợt lấy ý kiến, \
            cơ quan công bố bản tổng hợp, tiếp thu, giải trình. <a href="\(SiteURL.consultationsFeed.path)">Nhận tin qua Atom</a></p>
            \(group("dang-lay-y-kien", "Đang lấy ý kiến", open, empty: "Hiện không có dự thảo nào đang lấy ý kiến."))
            \(group("sap-lay-y-kien", "Sắp lấy ý kiến", upcoming, empty: "Chưa có dự thảo nào sắp lấy ý kiến."))
            \(group("da-ket-thuc", "Đã kết thúc", closed, empty: "Chưa có đợt lấy ý kiến nào kết thúc."))
            """
        return Layout.page(
            site,
            PageMeta(
                title: "Lấy ý kiến dự thảo", description: "Dự thảo văn bản, chính sách đang lấy ý kiến người dân và doanh nghiệp.",
                path: SiteURL.consultations.path, feed: ("Lấy ý kiến dự thảo – \(site.name)", SiteURL.consultationsFeed.path)),
            breadcrumbs: [("Lấy ý kiến dự thảo", nil)], main: main)
    }

    /// The id of a section's form fields: "s3", or "chung" for the whole draft.
    static func formID(_ section: String) -> String { section.isEmpty ? "chung" : section }

    static func comments(_ comments: [ConsultationComment]) -> HTML {
        guard !comments.isEmpty else { return .empty }
        return """
            <ol class="comments">\(comments.html { comment in
                """
                <li class="comment"><p class="meta">\
                <strong>\(comment.name)</strong>\(comment.organisation.isEmpty ? .empty : HTML(" · \(comment.organisation)")) · \
                <time datetime="\(VietnamTime.iso8601(comment.submittedAt))">\(VietnamTime.dateTime(comment.submittedAt))</time></p>
                <div class="prose">\(PetitionViews.plainText(comment.text))</div></li>
                """
            })</ol>
            """
    }

    static func form(_ consultation: Consultation, section: String, label: String, state: FormState?, emailRequired: Bool) -> HTML {
        let id = "c-\(formID(section))"
        let mine = state?.section == section ? state : nil
        let values = mine?.values ?? CommentSubmission(section: section)
        let errors = mine?.errors ?? [:]
        func error(_ field: String) -> HTML {
            errors[field].map { HTML("<p class=\"field-error\" id=\"\(id)-\(field)-error\">\($0)</p>") } ?? .empty
        }
        /// Ties a field to its hint and its error, so that screen readers read them with it.
        func invalid(_ field: String, hint: Bool = false) -> HTML {
            let described = (hint ? ["\(id)-\(field)-hint"] : []) + (errors[field] == nil ? [] : ["\(id)-\(field)-error"])
            let invalid = errors[field] == nil ? "" : " aria-invalid=\"true\""
            return HTML(trusted: invalid + (described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\""))
        }
        return """
            <details class="comment-form"\((mine != nil).attribute("open"))><summary>\(label)</summary>
            \(mine == nil ? .empty : HTML("""
                <div class=\"flash error\" role=\"alert\"><p><strong>Góp ý chưa được gửi.</strong> Hãy sửa các mục được đánh dấu.</p>\
                \(error("form"))\(error("section"))</div>
                """))
            <form class="form" method="post" action="\(SiteURL.comment(consultation.slug).path)#\(id)" id="\(id)" novalidate>
              <input type="hidden" name="section" value="\(section)">
              <div><label for="\(id)-text">Nội dung góp ý <span aria-hidden="true">*</span></label>
              <textarea id="\(id)-text" name="text" rows="5" required maxlength="\(CommentLimits.textMaximum)"\
            \(invalid("text", hint: true))>\(values.text)</textarea>
              <p class="hint" id="\(id)-text-hint">Từ \(CommentLimits.textMinimum) đến 5.000 ký tự.</p>\(error("text"))</div>
              <div><label for="\(id)-name">Họ và tên <span aria-hidden="true">*</span></label>
              <input id="\(id)-name" name="name" type="text" required autocomplete="name" maxlength="\(CommentLimits.nameMaximum)" value="\
            \(values.name)"\(invalid("name"))>\(error("name"))</div>
              <div><label for="\(id)-organisation">Cơ quan, tổ chức (không bắt buộc)</label>
              <input id="\(id)-organisation" name="organisation" type="text" autocomplete="organization" maxlength="\
            \(CommentLimits.organisationMaximum)" value="\(values.organisation)"\(invalid("organisation"))>\(error("organisation"))</div>
              <div><label for="\(id)-email">E-mail\
            \(emailRequired ? " " : " (không bắt buộc)")\(emailRequired ? HTML("<span aria-hidden=\"true\">*</span>") : .empty)</label>
              <input id="\(id)-email" name="email" type="email" autocomplete="email" inputmode="email" maxlength="\
            \(CommentLimits.emailMaximum)" value="\(values.email)"\(emailRequired.attribute("required"))\(invalid("email", hint: true))>
              <p class="hint" id="\(id)-email-hint">\(emailRequired ? "Cơ quan gửi liên kết xác nhận góp ý đến e-mail này. " : "")E-mail \
            không bao giờ được công khai; chỉ họ tên và cơ quan, tổ chức được hiển thị cùng góp ý.</p>\(error("email"))</div>
              <div class="visually-hidden" aria-hidden="true"><label for="\(id)-website">Để trống trường này</label>\
            <input id="\(id)-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
              <div class="actions"><button class="button primary" type="submit">Gửi góp ý</button></div>
            </form></details>
            """
    }

    /// "1,2 MB", "350 KB": a file's size as people read it.
    static func size(_ bytes: Int) -> String {
        bytes >= 1_000_000
            ? String(format: "%.1f MB", Double(bytes) / 1_000_000).replacingOccurrences(of: ".", with: ",") : "\(max(1, bytes / 1000)) KB"
    }

    static func page(
        _ site: SiteContext, consultation: Consultation, sections: [ConsultationSection], comments: [ConsultationComment],
        attachments: [Attachment] = [], topics: [Topic], unitName: String?, now: Date, state: FormState? = nil, emailRequired: Bool
    ) -> HTML {
        let phase = consultation.window.phase(at: now)
        let isOpen = phase == .open
        let bySection = Dictionary(grouping: comments, by: \.section)
        let topicNames = consultation.topicList.map { slug in topics.first { $0.slug == slug }?.name ?? slug }
        let whole = bySection[DraftSections.wholeDraft] ?? []
        let synthesis: HTML =
            consultation.synthesisPublishedAt == nil
            ? .empty
            : """
            <section class="panel" aria-labelledby="tong-hop"><h2 id="tong-hop">Tổng hợp ý kiến</h2>
            <p>Cơ quan đã công bố bản tổng hợp, tiếp thu, giải trình ý kiến góp ý ngày \
            \(VietnamTime.date(consultation.synthesisPublishedAt!)).</p>
            <p class="actions"><a class="button primary" href="\(SiteURL.synthesis(consultation.slug).path)">Xem bản tổng hợp</a> \
            <a href="\(SiteURL.synthesis(consultation.slug, format: "csv").path)">CSV</a> · \
            <a href="\(SiteURL.synthesis(consultation.slug, format: "json").path)">JSON</a></p>
            </section>
            """
        let status: HTML
        switch phase {
        case .open:
            status =
                """
                <p class=\"flash\" role=\"status\">Đang lấy ý kiến đến <strong>\
                \(VietnamTime.dateTime(consultation.closesAt))</strong>. Góp ý cho từng chương, điều, khoản bằng nút “Góp ý” dưới mỗi \
                phần, hoặc góp ý chung cho cả dự thảo.</p>
                """
        case .upcoming:
            status =
                """
                <p class=\"flash\" role=\"status\">Dự thảo sẽ mở lấy ý kiến từ <strong>\
                \(VietnamTime.dateTime(consultation.opensAt))</strong>.</p>
                """
        case .closed:
            status =
                """
                <p class=\"flash\" role=\"status\">Đã hết thời gian lấy ý kiến (\(VietnamTime.dateTime(consultation.closesAt))). Cảm \
                ơn những người đã góp ý.</p>
                """
        }
        let main: HTML = """
            <article class="consultation">
            <p class="meta">\(consultation.code) · \(phaseBadge(phase))</p>
            <h1>\(consultation.title)</h1>
            <dl class="facts">
              <dt>Thời gian lấy ý kiến</dt><dd>\(window(consultation))</dd>
              \(unitName.map { HTML("<dt>Đơn vị chủ trì</dt><dd>\($0)</dd>") })
              <dt>Lĩnh vực</dt><dd>\(topicNames.joined(separator: ", "))</dd>
              <dt>Số góp ý đã công khai</dt><dd>\(comments.count)</dd>
            </dl>
            \(consultation.summary.isEmpty ? .empty : HTML("<p class=\"lead\">\(consultation.summary)</p>"))
            \(status)
            \(synthesis)
            \(attachments.isEmpty ? .empty : HTML("""
                <section class="panel" aria-labelledby="tep-dt"><h2 id="tep-dt">Tệp đính kèm</h2><ul>\(attachments.html { file in
                    """
                        <li><a href=\"\(SiteURL.attachment(id: file.id!, fileName: file.fileName).path)\">\(file.fileName)</a> <span \
                        class=\"meta\">(\(file.contentType == FileKind.pdf.mimeType ? "PDF" : "Word"), \(size(file.byteCount)))</span></li>
                        """
                })</ul></section>
                """))
            <nav class="panel" aria-labelledby="muc-luc"><h2 id="muc-luc">Mục lục</h2><ol>\(sections.html { section in
                """
                    <li class=\"toc-\(section.level)\"><a href=\"#\(section.key)\">\(section.heading)</a> <span class=\"meta\">(\
                    \(bySection[section.key]?.count ?? 0) góp ý)</span></li>
                    """
            })</ol></nav>
            \(sections.html { section in
                let level = min(4, max(2, section.level + 1))
                let own = bySection[section.key] ?? []
                return """
                    <section class="draft-section level-\(section.level)" id="\(section.key)" aria-labelledby="\(section.key)-h">
                    <h\(level) id="\(section.key)-h">\(section.heading)</h\(level)>
                    \(section.text.isEmpty ? .empty : HTML("<div class=\"prose\">\(HTML(trusted: Markdown.html(section.text)))</div>"))
                    <p class="meta comment-count">\(own.count) góp ý</p>
                    \(Self.comments(own))
                    \(isOpen ? form(consultation, section: section.key, label: """
                        Góp ý cho phần “\(PetitionViews.excerpt(section.heading, length: 60))”
                        """, state: state, emailRequired: emailRequired) : .empty)
                    </section>
                    """
            })
            <section class="draft-section" id="chung" aria-labelledby="chung-h">
            <h2 id="chung-h">\(ConsultationSynthesis.wholeDraftHeading)</h2>
            <p class="meta comment-count">\(whole.count) góp ý</p>
            \(Self.comments(whole))
            \(isOpen
                ? form(
                    consultation, section: DraftSections.wholeDraft, label: "Góp ý chung cho cả dự thảo", state: state,
                    emailRequired: emailRequired) : .empty)
            </section>
            </article>
            """
        return Layout.page(
            site,
            PageMeta(
                title: consultation.title, description: consultation.summary, path: SiteURL.consultation(consultation.slug).path,
                openGraphType: "article", publishedAt: consultation.publishedAt,
                feed: ("Lấy ý kiến dự thảo – \(site.name)", SiteURL.consultationsFeed.path)),
            breadcrumbs: [("Lấy ý kiến dự thảo", SiteURL.consultations.path), (consultation.code, nil)], main: main)
    }

    static func receipt(_ site: SiteContext, consultation: Consultation, needsConfirmation: Bool) -> HTML {
        let main: HTML = """
            <div class="flash" role="status"><p><strong>Cơ quan đã nhận góp ý của bạn về dự thảo “\(consultation.title)”.</strong></p></div>
            <h1>Đã gửi góp ý</h1>
            \(needsConfirmation
                ? HTML("""
                    <p><strong>Hãy mở thư vừa được gửi đến e-mail của bạn và bấm vào liên kết xác nhận.</strong> Góp ý chỉ được xem xét \
                    sau khi xác nhận.</p>
                    """)
                : HTML("""
                    <p>Góp ý sẽ được công khai dưới phần bạn góp ý sau khi được duyệt (chỉ hiển thị họ tên và cơ quan, tổ chức; không \
                    hiển thị e-mail).</p>
                    """))
            <p class="actions"><a class="button primary" href="\(SiteURL.consultation(consultation.slug).path)">Quay lại dự thảo</a>
            <a class="button" href="\(SiteURL.consultations.path)">Các dự thảo khác</a></p>
            """
        return Layout.page(
            site, PageMeta(title: "Đã gửi góp ý", path: SiteURL.consultation(consultation.slug).path, noIndex: true),
            breadcrumbs: [
                ("Lấy ý kiến dự thảo", SiteURL.consultations.path), (consultation.code, SiteURL.consultation(consultation.slug).path),
                ("Đã gửi", nil),
            ],
            main: main)
    }

    static func confirmation(_ site: SiteContext, consultation: Consultation?) -> HTML {
        let main: HTML =
            consultation.map { consultation in
                """
                <div class="flash" role="status"><p><strong>Đã xác nhận góp ý của bạn.\
                </strong> Góp ý sẽ được công khai sau khi được duyệt.</p></div>
                <h1>Đã xác nhận góp ý</h1>
                <p><a class="button primary" href="\(SiteURL.consultation(consultation.slug).path)">Xem dự thảo “\(consultation.title)”\
                </a></p>
                """
            } ?? """
                <h1>Liên kết không hợp lệ</h1>
                <p>Liên kết xác nhận không đúng hoặc đã hết hiệu lực. Hãy mở lại liên kết trong thư, hoặc gửi lại góp ý.</p>
                <p><a class="button" href="\(SiteURL.consultations.path)">Các dự thảo đang lấy ý kiến</a></p>
                """
        return Layout.page(
            site, PageMeta(title: "Xác nhận góp ý", path: SiteURL.consultations.path, noIndex: true),
            breadcrumbs: [("Lấy ý kiến dự thảo", SiteURL.consultations.path), ("Xác nhận góp ý", nil)], main: main)
    }

    /// The synthesis as a document to read and print: totals, then every section that was
    /// commented on or answered, with its comments and the agency's response.
    static func synthesis(_ site: SiteContext, consultation: Consultation, synthesis: ConsultationSynthesis, preview: Bool = false) -> HTML
    {
        let main: HTML = """
            <article class="synthesis">
            <p class="meta">\(consultation.code)\(preview ? HTML(" · <strong>Bản xem trước, chưa công bố</strong>") : .empty)</p>
            <h1>Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý</h1>
            <p class="lead">Dự thảo: \(consultation.title)</p>
            <dl class="facts">
              <dt>Thời gian lấy ý kiến</dt><dd>\(window(consultation))</dd>
              <dt>Số góp ý nhận được</dt><dd>\(synthesis.received)</dd>
              <dt>Số góp ý được tổng hợp</dt><dd>\(synthesis.total)</dd>
              <dt>Số góp ý không công khai</dt><dd>\(synthesis.hidden) (nội dung không phù hợp, trùng lặp hoặc không liên quan)</dd>
              \(consultation.synthesisPublishedAt.map { HTML("<dt>Ngày công bố</dt><dd>\(VietnamTime.date($0))</dd>") })
            </dl>
            <p class="actions no-print"><a href="\(SiteURL.synthesis(consultation.slug, format: "csv").path)">Tải CSV</a> · \
            <a href="\(SiteURL.synthesis(consultation.slug, format: "json").path)">Tải JSON</a> · \
            <a href="\(SiteURL.consultation(consultation.slug).path)">Xem dự thảo</a></p>
            <div class="table-scroll"><table class="data-table">
            <thead><tr><th scope="col">Phần của dự thảo</th><th scope="col">Số góp ý</th></tr></thead>
            <tbody>\(synthesis.entries.html { entry in
                "<tr><td>\(entry.heading)</td><td>\(entry.count)</td></tr>"
            })</tbody>
            <tfoot><tr><th scope="row">Tổng cộng</th><td>\(synthesis.total)</td></tr></tfoot></table></div>
            \(synthesis.discussed.html { entry in
                """
                <section class="draft-section" aria-labelledby="th-\(formID(entry.section))">\
                <h2 id="th-\(formID(entry.section))">\(entry.heading)</h2>
                <p class="meta">\(entry.count) góp ý</p>
                \(entry.comments.isEmpty ? .empty : HTML("""
                    <ol class="comments">\(entry.comments.html { comment in
                        """
                        <li class="comment"><p class="meta">\
                        <strong>\(comment.name)</strong>\(comment.organisation.isEmpty ? .empty : HTML(" · \(comment.organisation)")) · \
                        \(VietnamTime.date(comment.submittedAt))</p>
                        <div class="prose">\(PetitionViews.plainText(comment.text))</div></li>
                        """
                    })</ol>
                    """))
                <div class="panel"><h3>Tiếp thu, giải trình của cơ quan chủ trì</h3>
                \(entry.response.isEmpty ? HTML("<p class=\"meta\">Không có ý kiến giải trình riêng.</p>") : HTML("""
                    <div class=\"prose\">\(HTML(trusted: Markdown.html(entry.response)))</div>
                    """))</div>
                </section>
                """
            })
            </article>
            """
        return Layout.page(
            site,
            PageMeta(
                title: "Tổng hợp ý kiến: \(consultation.title)", description: consultation.summary,
                path: SiteURL.synthesis(consultation.slug).path, noIndex: preview),
            breadcrumbs: [
                ("Lấy ý kiến dự thảo", SiteURL.consultations.path), (consultation.code, SiteURL.consultation(consultation.slug).path),
                ("Tổng hợp ý kiến", nil),
            ], main: main)
    }
}

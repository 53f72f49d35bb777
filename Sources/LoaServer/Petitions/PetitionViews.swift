import Foundation
import LoaCore

enum PetitionViews {
    /// What citizens wrote is shown as they wrote it: escaped text in paragraphs, never Markdown,
    /// so that nobody can put images, links or markup on the ministry's pages through a question.
    static func plainText(_ text: String) -> HTML {
        text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }.html { paragraph in
            let lines = paragraph.trimmingCharacters(in: .whitespacesAndNewlines).components(separatedBy: "\n")
            return "<p>\(HTML(trusted: lines.map { escapeHTML($0) }.joined(separator: "<br>\n")))</p>"
        }
    }

    /// The start of a text, cut between words, with an ellipsis only when something was cut.
    static func excerpt(_ text: String, length: Int) -> String {
        guard text.count > length else { return text }
        var cut = String(text.prefix(length))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) + "…"
    }

    /// One labelled input with its hint and its error, tied together for screen readers.
    private static func field(
        _ name: String, label: String, value: String, errors: [String: String], type: String = "text", hint: String? = nil,
        required: Bool = false, autocomplete: String? = nil, maxLength: Int? = nil
    ) -> HTML {
        let id = "p-\(name)"
        let error = errors[name]
        let described = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }.joined(separator: " ")
        return """
            <div><label for="\(id)">\(label)\(required ? HTML(" <span aria-hidden=\"true\">*</span>") : .empty)</label>
            <input id="\(id)" name="\(name)" type="\(type)" value="\(value)"\(required.attribute("required"))\
            \(autocomplete.map { HTML(" autocomplete=\"\($0)\"") })\(maxLength.map { HTML(" maxlength=\"\($0)\"") })\
            \((error != nil).attribute("aria-invalid=\"true\""))\(described.isEmpty ? .empty : HTML(" aria-describedby=\"\(described)\""))>
            \(hint.map { HTML("<p class=\"hint\" id=\"\(id)-hint\">\($0)</p>") })\
            \(error.map { HTML("<p class=\"field-error\" id=\"\(id)-error\">\($0)</p>") })</div>
            """
    }

    /// The fields in the order the form shows them, so that the error summary reads the same way.
    static let formOrder = ["form", "topic", "title", "content", "attachments", "name", "phone", "email", "address"]

    static func form(_ site: SiteContext, topics: [Topic], values: PetitionSubmission, errors: [String: String]) -> HTML {
        let error: (String) -> HTML = { name in
            errors[name].map { HTML("<p class=\"field-error\" id=\"p-\(name)-error\">\($0)</p>") } ?? .empty
        }
        let summary: HTML =
            errors.isEmpty
            ? .empty
            : """
            <div class="flash error" role="alert" tabindex="-1" id="loi"><p><strong>Phản ánh chưa được gửi.</strong> Hãy sửa các mục sau:\
            </p>
            <ul>\(formOrder.compactMap { name in errors[name].map { (name, $0) } }.html { name, message in
                name == "form" ? "<li>\(message)</li>" : "<li><a href=\"#p-\(name)\">\(message)</a></li>"
            })</ul></div>
            """
        let main: HTML = """
            <h1>Gửi phản ánh, kiến nghị</h1>
            <p class="lead">Phản ánh, kiến nghị về chính sách, pháp luật và thủ tục hành chính thuộc lĩnh vực của Bộ. Bạn sẽ nhận mã tra \
            cứu và mã truy cập để theo dõi tiến độ; câu trả lời được gửi qua e-mail (nếu có) và trên trang <a href="\
            \(SiteURL.tracking.path)">tra cứu</a>.</p>
            \(summary)
            <form class="form" method="post" action="\(SiteURL.petitionForm.path)" enctype="multipart/form-data" novalidate>
              \(error("form"))
              <div><label for="p-topic">Lĩnh vực <span aria-hidden="true">*</span></label>
              <select id="p-topic" name="topic" required\((errors["topic"] != nil).attribute("aria-invalid=\"true\""))>\
            <option value="">— Chọn lĩnh vực —</option>\(topics.html { topic in
                  "<option value=\"\(topic.slug)\"\((values.topic == topic.slug).attribute("selected"))>\(topic.name)</option>"
              })</select>\(error("topic"))</div>
              \(field(
                  "title", label: "Tiêu đề", value: values.title, errors: errors, hint: "Tóm tắt vấn đề trong một câu.", required: true,
                  autocomplete: "off", maxLength: PetitionLimits.titleMaximum))
              <section id="p-similar" class="panel" aria-live="polite" hidden>
                <h2>Có thể câu hỏi của bạn đã được trả lời</h2>
                <ul></ul>
              </section>
              <div><label for="p-content">Nội dung <span aria-hidden="true">*</span></label>
              <textarea id="p-content" name="content" rows="8" required maxlength="\(PetitionLimits.contentMaximum)" \
            aria-describedby="p-content-hint"\((errors["content"] != nil).attribute("aria-invalid=\"true\""))>\(values.content)</textarea>
              <p class="hint" id="p-content-hint">Trình bày sự việc, văn bản hoặc thủ tục liên quan và đề nghị của bạn (từ \
            \(PetitionLimits.contentMinimum) đến \(PetitionLimits.contentMaximum) ký tự).</p>\(error("content"))</div>
              <div><label for="p-attachments">Tệp đính kèm (không bắt buộc)</label>
              <input id="p-attachments" name="attachments[]" type="file" multiple \
            accept=".pdf,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" aria-describedby="p-attachments-hint">
              <p class="hint" id="p-attachments-hint">Tối đa \(Petitions.maxAttachments) tệp PDF, Word, JPEG hoặc PNG, mỗi tệp không quá \
            5 MB.</p>\(error("attachments"))</div>
              <fieldset><legend>Thông tin người gửi</legend>
              <p class="hint">Thông tin cá nhân chỉ dùng để trả lời bạn và không bao giờ được công khai.</p>
              \(field(
                  "name", label: "Họ và tên", value: values.name, errors: errors, required: true, autocomplete: "name",
                  maxLength: PetitionLimits.nameMaximum))
              \(field(
                  "phone", label: "Số điện thoại", value: values.phone, errors: errors, type: "tel",
                  hint: "Cần số điện thoại hoặc e-mail để nhận trả lời.", autocomplete: "tel"))
              \(field(
                  "email", label: "E-mail", value: values.email, errors: errors, type: "email", autocomplete: "email",
                  maxLength: PetitionLimits.emailMaximum))
              \(field("address", label: "Địa chỉ", value: values.address, errors: errors, hint: """
                  Xã/phường, tỉnh/thành phố nơi phát sinh sự việc (không bắt buộc).
                  """, autocomplete: "street-address", maxLength: PetitionLimits.addressMaximum))
              </fieldset>
              <div class="checks"><label>\
            <input type="checkbox" name="consent" value="1"\(values.consentPublish.attribute("checked"))> Tôi đồng ý công khai câu hỏi và \
            câu trả lời (đã ẩn mọi thông tin cá nhân) để người khác cùng tham khảo.</label></div>
              <input type="hidden" name="submission_id" id="p-submission" value="">
              <div class="visually-hidden" aria-hidden="true"><label for="p-website">Để trống trường này</label>\
            <input id="p-website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
              <div class="actions"><button class="button primary" type="submit">Gửi phản ánh, kiến nghị</button>
              <a href="\(SiteURL.answers.path)">Xem các câu hỏi đã được trả lời</a></div>
            </form>
            """
        return Layout.page(
            site,
            PageMeta(
                title: "Gửi phản ánh, kiến nghị", description: "Gửi phản ánh, kiến nghị về chính sách, pháp luật và thủ tục hành chính.",
                path: SiteURL.petitionForm.path),
            breadcrumbs: [("Phản ánh, kiến nghị", nil)], main: main)
    }

    static func receipt(_ site: SiteContext, receipt: Petitions.Receipt) -> HTML {
        let petition = receipt.petition
        let main: HTML = """
            <div class="flash" role="status"><p><strong>Cơ quan đã nhận phản ánh, kiến nghị của bạn.</strong></p></div>
            <h1>Đã gửi thành công</h1>
            <dl class="facts">
              <dt>Mã tra cứu</dt><dd><strong class="secret">\(petition.code)</strong></dd>
              <dt>Mã truy cập</dt><dd><strong class="secret">\(AccessKey.formatted(receipt.accessKey))</strong></dd>
              <dt>Trạng thái</dt><dd>\(petition.state.name)</dd>
              \(petition.dueAt.map { HTML("<dt>Hạn tiếp nhận, thụ lý</dt><dd>\(VietnamTime.date($0))</dd>") })
            </dl>
            <p><strong>Hãy ghi lại hoặc chụp màn hình hai mã trên.\
            </strong> Mã truy cập chỉ hiện một lần; cùng với mã tra cứu, nó cho phép bạn xem tiến độ và câu trả lời.</p>
            <p class="actions"><a class="button primary" href="\(SiteURL.tracking.path)?ma=\(petition.code)">Tra cứu tiến độ</a>
            <a class="button" href="/">Về trang chủ</a></p>
            """
        return Layout.page(
            site, PageMeta(title: "Đã gửi phản ánh, kiến nghị", path: SiteURL.petitionForm.path, noIndex: true),
            breadcrumbs: [("Phản ánh, kiến nghị", SiteURL.petitionForm.path), ("Đã gửi", nil)], main: main)
    }

    static func tracking(
        _ site: SiteContext, code: String, result: (Petition, [PetitionEvent], [PetitionAttachment])?, notFound: Bool
    ) -> HTML {
        var resultHTML: HTML = .empty
        if let (petition, history, attachments) = result {
            let answer: HTML
            if let text = petition.answer, [.answered, .published, .closed].contains(petition.state) {
                answer = """
                    <section class="panel"><h2>Câu trả lời của cơ quan</h2>
                    <div class="prose">\(HTML(trusted: Markdown.html(keepingLineBreaks: text)))</div>
                    \(petition.answeredAt.map { HTML("<p class=\"meta\">Trả lời ngày \(VietnamTime.date($0))</p>") })
                    \(petition.state == .published ? HTML("""
                        <p><a href=\"\(SiteURL.answer(petition.code).path)\">Xem bản công khai (đã ẩn thông tin cá nhân)</a></p>
                        """) : .empty)
                    </section>
                    """
            } else {
                answer = .empty
            }
            resultHTML = """
                <section aria-labelledby="ket-qua">
                <h2 id="ket-qua">\(petition.code): \(petition.title)</h2>
                <dl class="facts">
                  <dt>Trạng thái</dt><dd><strong>\(petition.state.name)</strong></dd>
                  <dt>Ngày gửi</dt><dd>\(VietnamTime.dateTime(petition.receivedAt))</dd>
                  \(petition.dueAt.map { HTML("<dt>Hạn bước hiện tại</dt><dd>\(VietnamTime.date($0))</dd>") })
                  \(attachments.isEmpty ? .empty : HTML("<dt>Tệp đính kèm</dt><dd>\(attachments.count) tệp</dd>"))
                </dl>
                \(answer)
                <h3>Quá trình xử lý</h3>
                <ol class="list">\(history.html { event in
                    """
                    <li class="list-item"><p class="meta">\
                    <time datetime="\(VietnamTime.iso8601(event.createdAt))">\(VietnamTime.dateTime(event.createdAt))</time></p>
                    <p>\
                    <strong>\(event.toState.name)</strong>\
                    \(event.toState == .rejected && !event.note.isEmpty ? HTML(" — Lý do: \(event.note)") : .empty)</p></li>
                    """
                })</ol>
                </section>
                """
        } else if notFound {
            resultHTML = """
                <div class="flash error" role="alert">\
                <p>Không tìm thấy phản ánh với mã tra cứu và mã truy cập này. Hãy kiểm tra lại hai mã (không phân biệt chữ hoa, chữ \
                thường).</p></div>
                """
        }
        let main: HTML = """
            <h1>Tra cứu phản ánh, kiến nghị</h1>
            \(resultHTML)
            <form class="form" method="post" action="\(SiteURL.tracking.path)">
              <div><label for="t-code">Mã tra cứu</label>\
            <input id="t-code" name="code" type="text" value="\(code)" placeholder="PA-2026-000123" required autocomplete="off"></div>
              <div><label for="t-key">Mã truy cập</label>\
            <input id="t-key" name="key" type="password" required autocomplete="off" aria-describedby="t-key-hint">
              <p class="hint" id="t-key-hint">Mã gồm 12 ký tự được cấp khi bạn gửi phản ánh.</p></div>
              <div class="actions"><button class="button primary" type="submit">Tra cứu</button></div>
            </form>
            """
        return Layout.page(
            site, PageMeta(title: "Tra cứu phản ánh, kiến nghị", path: SiteURL.tracking.path, noIndex: true),
            breadcrumbs: [("Phản ánh, kiến nghị", SiteURL.petitionForm.path), ("Tra cứu", nil)], main: main)
    }

    static func answers(
        _ site: SiteContext, items: [Petition], topics: [Topic], topic: Topic?, page: Int, pageCount: Int, total: Int
    ) -> HTML {
        let names = Dictionary(topics.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let link: (Int) -> String = { number in
            var query: [String] = []
            if let topic { query.append("linh-vuc=\(topic.slug)") }
            if number > 1 { query.append("page=\(number)") }
            return SiteURL.answers.path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        let main: HTML = """
            <h1>\(topic.map { "Hỏi đáp: \($0.name)" } ?? "Hỏi đáp")</h1>
            <p class="lead">Câu trả lời của Bộ cho phản ánh, kiến nghị của người dân và doanh nghiệp, đã được ẩn thông tin cá nhân. \
            \(total) câu hỏi. <a href="\(SiteURL.petitionForm.path)">Gửi câu hỏi mới</a> · <a href="\(SiteURL.answersFeed.path)">Nhận tin \
            qua Atom</a></p>
            <nav aria-label="Lọc theo lĩnh vực"><p class="checks">\
            <a href="\(SiteURL.answers.path)"\((topic == nil).attribute("aria-current=\"page\""))>Tất cả</a>\(topics.html { item in
                """
                     <a href=\"\(SiteURL.answers.path)?linh-vuc=\(item.slug)\"\
                    \((topic?.slug == item.slug).attribute("aria-current=\"page\""))>\(item.name)</a>
                    """
            })</p></nav>
            \(items.isEmpty ? HTML("<p class=\"empty\">Chưa có câu trả lời nào được công khai trong lĩnh vực này.</p>") : .empty)
            <ol class="list">\(items.html { petition in
                """
                <li class="list-item"><p class="meta">\(names[petition.topic] ?? petition.topic) · \(petition.code) · \
                <time datetime="\(VietnamTime.iso8601(petition.publishedAt ?? petition.receivedAt))">\
                \(VietnamTime.date(petition.publishedAt ?? petition.receivedAt))</time></p>
                <h2><a href="\(SiteURL.answer(petition.code).path)">\(petition.publicTitle ?? "")</a></h2>
                <p>\(excerpt(petition.publicQuestion ?? "", length: 220))</p></li>
                """
            })</ol>
            \(Layout.pagination(page: page, pageCount: pageCount, link: link))
            """
        return Layout.page(
            site,
            PageMeta(
                title: topic.map { "Hỏi đáp: \($0.name)" } ?? "Hỏi đáp", description: "Câu hỏi của người dân và câu trả lời của Bộ.",
                path: link(page), feed: ("Hỏi đáp – \(site.name)", SiteURL.answersFeed.path)),
            breadcrumbs: [("Hỏi đáp", topic == nil ? nil : SiteURL.answers.path)] + (topic.map { [($0.name, nil)] } ?? []), main: main)
    }

    /// "Vụ Tiền lương trả lời ngày 14/03/2026": who answered, as the agency signs its letters.
    static func answeredBy(unit: String?, on date: Date?) -> String {
        let who = unit.map { "\($0) trả lời" } ?? "Trả lời"
        return date.map { "\(who) ngày \(VietnamTime.date($0))" } ?? who
    }

    static func answer(_ site: SiteContext, petition: Petition, unit: String?, topics: [Topic], related: [SearchEntry]) -> HTML {
        let topicName = topics.first { $0.slug == petition.topic }?.name ?? petition.topic
        let title = petition.publicTitle ?? ""
        let main: HTML = """
            <article>
            <p class="meta"><a href="\(SiteURL.answers.path)?linh-vuc=\(petition.topic)">\(topicName)</a> · \(petition.code)</p>
            <h1>\(title)</h1>
            <section class="panel"><h2>Câu hỏi</h2>
            <p class="meta">Gửi ngày \(VietnamTime.date(petition.receivedAt))</p>
            <div class="prose">\(plainText(petition.publicQuestion ?? ""))</div></section>
            <section class="panel"><h2>Trả lời</h2>
            \(HTML("<p class=\"meta\">\(answeredBy(unit: unit, on: petition.answeredAt))</p>"))
            <div class="prose">\(HTML(trusted: Markdown.html(keepingLineBreaks: petition.publicAnswer ?? "")))</div></section>
            \(related.isEmpty ? .empty : HTML("""
                <section><h2>Câu hỏi liên quan</h2><ul>\(related.html { "<li><a href=\"\($0.path)\">\($0.title)</a></li>" })</ul></section>
                """))
            <p><a class="button" href="\(SiteURL.petitionForm.path)?linh-vuc=\(petition.topic)">Gửi câu hỏi khác</a></p>
            </article>
            """
        return Layout.page(
            site,
            PageMeta(
                title: title, description: String((petition.publicQuestion ?? "").prefix(200)), path: SiteURL.answer(petition.code).path,
                openGraphType: "article", publishedAt: petition.publishedAt),
            activeTopic: petition.topic, breadcrumbs: [("Hỏi đáp", SiteURL.answers.path), (petition.code, nil)], main: main)
    }
}

import Foundation
import LoaCore
import QRCode

/// The public pages. Each takes plain values and returns the whole document.
enum PortalViews {
    static func articleCard(_ article: Article, headingLevel: Int = 3, showSummary: Bool = true) -> HTML {
        let topic = article.$topics.value?.first
        return """
            <article class="card\(article.coverImage == nil ? "" : " with-cover")">
            \(article.coverImage.map { HTML("""
                <img class=\"card-cover\" src=\"\($0)\" alt=\"\(article.coverAlt ?? "")\" loading=\"lazy\">
                """) })
            <h\(headingLevel)><a href="\(SiteURL.article(article.slug).path)">\(article.title)</a></h\(headingLevel)>
            <p class="meta">\
            \(article.publishedAt.map { HTML("<time datetime=\"\(VietnamTime.iso8601($0))\">\(VietnamTime.date($0))</time>") })\
            \(topic.map { HTML(" · <a href=\"\(SiteURL.topic($0.slug).path)\">\($0.name)</a>") })</p>
            \(showSummary ? HTML("<p>\(article.summary)</p>") : .empty)
            </article>
            """
    }

    static func articleListItem(_ article: Article) -> HTML {
        """
        <li class="list-item">
        <h2><a href="\(SiteURL.article(article.slug).path)">\(article.title)</a></h2>
        <p class="meta">\
        \(article.publishedAt.map { HTML("<time datetime=\"\(VietnamTime.iso8601($0))\">\(VietnamTime.dateTime($0))</time>") })</p>
        <p>\(article.summary)</p>
        </li>
        """
    }

    static func documentRow(_ document: LegalDocument) -> HTML {
        """
        <tr>
        <td data-label="Số, ký hiệu"><a href="\(SiteURL.document(document.slug).path)">\(document.number)</a></td>
        <td data-label="Ngày ban hành">\(document.issuedDay?.vietnamese ?? document.issuedOn)</td>
        <td data-label="Trích yếu"><a href="\(SiteURL.document(document.slug).path)">\(document.title)</a><br>\
        <span class="meta">\(document.type.name) · \(document.issuer)</span></td>
        <td data-label="Hiệu lực"><span class="status \(document.effectStatus.rawValue)">\(document.effectStatus.name)</span></td>
        </tr>
        """
    }

    static func documentTable(_ documents: [LegalDocument], caption: String) -> HTML {
        """
        <div class="table-scroll"><table class="data-table stack">
        <caption class="visually-hidden">\(caption)</caption>
        <thead><tr><th scope="col">Số, ký hiệu</th><th scope="col">Ngày ban hành</th><th scope="col">Trích yếu</th>\
        <th scope="col">Hiệu lực</th></tr></thead>
        <tbody>
        \(documents.html(documentRow))
        </tbody></table></div>
        """
    }

    // MARK: Home

    static func home(
        _ site: SiteContext, featured: [Article], latest: [Article], byTopic: [(Topic, [Article])], documents: [LegalDocument],
        consultations: [Consultation] = []
    ) -> HTML {
        let now = site.now
        let main: HTML = """
            <h1 class="visually-hidden">\(site.name)</h1>
            \(tasks(site))
            \(consultations.isEmpty ? .empty : HTML("""
                <section aria-labelledby="du-thao" class="panel"><h2 id="du-thao" class="section-title">\
                <a href="\(SiteURL.consultations.path)">Dự thảo đang lấy ý kiến</a></h2>
                <ul class="list">\(consultations.html { ConsultationViews.item($0, now: now, count: nil) })</ul></section>
                """))
            \(featured.isEmpty ? .empty : HTML("""
                <section aria-labelledby="noi-bat"><h2 id="noi-bat" class="section-title">Tin nổi bật</h2>
                <div class="featured">\(featured.html { articleCard($0) })</div></section>
                """))
            <div class="columns">
            <section aria-labelledby="tin-moi"><h2 id="tin-moi" class="section-title">Tin mới</h2>
            <ul class="list">\(latest.html { articleListItem($0) })</ul>
            <p><a class="button" href="\(SiteURL.news().path)">Xem tin theo tháng</a></p>
            </section>
            <aside aria-labelledby="van-ban-moi"><h2 id="van-ban-moi" class="section-title">\
            <a href="\(SiteURL.documents.path)">Văn bản mới</a></h2>
            <ul class="list">\(documents.html { document in
                """
                <li class="list-item"><h3>\
                <a href="\(SiteURL.document(document.slug).path)">\(document.type.name) số \(document.number)</a></h3>
                <p class="meta">Ban hành \(document.issuedDay?.vietnamese ?? document.issuedOn) · \
                <span class="status \(document.effectStatus.rawValue)">\(document.effectStatus.name)</span></p>
                <p>\(document.title)</p></li>
                """
            })</ul>
            <p><a class="button" href="\(SiteURL.documents.path)">Tra cứu văn bản</a></p>
            </aside>
            </div>
            <h2 class="section-title">Theo lĩnh vực</h2>
            <div class="topic-grid">\(byTopic.html { topic, articles in
                """
                <section class="panel" aria-labelledby="lv-\(topic.slug)"><h3 id="lv-\(topic.slug)">\
                <a href="\(SiteURL.topic(topic.slug).path)">\(topic.name)</a></h3>
                <ul class="plain">\
                \(articles.prefix(3).html { "<li><a href=\"\(SiteURL.article($0.slug).path)\">\($0.title)</a></li>" })</ul></section>
                """
            })</div>
            """
        return Layout.page(
            site,
            PageMeta(
                title: site.name,
                description:
                    """
                    Tin tức, hướng dẫn chính sách và hệ thống văn bản pháp luật về công chức, viên chức, tổ chức bộ máy, chính quyền \
                    địa phương, tiền lương và các lĩnh vực khác.
                    """,
                path: "/"),
            main: main)
    }

    /// What people come to the portal to do, first on the page: read new policy, look up a legal
    /// document, send feedback, follow on Zalo (with the OA's QR code for a phone held up to a screen).
    static func tasks(_ site: SiteContext) -> HTML {
        let zalo: HTML =
            if let url = site.agency.zaloFollowURL {
                """
                <li class="task task-zalo"><a href="\(url)" rel="noopener"><strong>Quan tâm trên Zalo</strong>
                <span>Nhận chính sách mới, hỏi đáp và gửi phản ánh ngay trong Zalo</span></a>
                \(QRCode(url).map { HTML(trusted: $0.svg(title: "Mã QR để quan tâm \(site.name) trên Zalo", moduleSize: 3)) })</li>
                """
            } else {
                """
                <li class="task"><a href="\(SiteURL.follow.path)"><strong>Nhận tin</strong>
                <span>Theo dõi chính sách mới qua Zalo hoặc nguồn tin</span></a></li>
                """
            }
        return """
            <section class="tasks" aria-labelledby="ban-can-gi"><h2 id="ban-can-gi" class="visually-hidden">Ông/bà cần gì?</h2>
            <ul class="task-grid">
            <li class="task"><a href="#tin-moi"><strong>Đọc chính sách mới</strong><span>Tin, hướng dẫn mới nhất của Bộ</span></a></li>
            <li class="task"><form method="get" action="\(SiteRoute.search.path())" role="search" aria-label="Tra cứu văn bản">
            <label for="home-doc"><strong>Tra cứu văn bản</strong></label>
            <input type="hidden" name="loai" value="van-ban">
            <div class="search-line"><input id="home-doc" name="q" type="search" placeholder="Số hiệu, từ khóa">\
            <button class="button primary" type="submit">Tìm</button></div>
            </form></li>
            <li class="task"><a href="\(SiteURL.petitionForm.path)"><strong>Gửi phản ánh, kiến nghị</strong>\
            <span>Được trả lời trong thời hạn; tra cứu bằng mã</span></a></li>
            \(zalo)
            </ul></section>
            """
    }

    // MARK: News archive

    static func news(_ site: SiteContext, month: CalendarMonth, months: [CalendarMonth], articles: PortalQueries.Page<Article>) -> HTML {
        let main: HTML = """
            <h1>Tin tức \(month.name.lowercased())</h1>
            <div class="columns">
            <section aria-label="Bài viết trong tháng">
            <p class="meta" role="status">\(articles.total) bài viết.</p>
            \(articles.items.isEmpty ? HTML("<p class=\"empty\">Không có bài viết nào trong tháng này.</p>") : HTML("""
                <ul class=\"list\">\(articles.items.html { articleListItem($0) })</ul>
                """))
            \(Layout.pagination(page: articles.page, pageCount: articles.pageCount) { SiteURL.news(month: month, page: $0).path })
            </section>
            <nav aria-labelledby="cac-thang"><h2 id="cac-thang" class="section-title">Theo tháng</h2>
            <ul class="month-list">\(months.html { other in
                other == month
                    ? "<li><a aria-current=\"page\" href=\"\(SiteURL.news(month: other).path)\">\(other.name)</a></li>"
                    : "<li><a href=\"\(SiteURL.news(month: other).path)\">\(other.name)</a></li>"
            })</ul></nav>
            </div>
            """
        return Layout.page(
            site,
            PageMeta(
                title: articles.page > 1
                    ? "Tin tức \(month.name.lowercased()) – Trang \(articles.page)" : "Tin tức \(month.name.lowercased())",
                description: "Các bài viết đã đăng trong \(month.name.lowercased()).",
                path: SiteURL.news(month: month, page: articles.page).path),
            breadcrumbs: [("Tin tức", SiteURL.news().path), (month.name, nil)], main: main)
    }

    // MARK: Topic

    static func topic(_ site: SiteContext, topic: Topic, articles: PortalQueries.Page<Article>, documents: [LegalDocument]) -> HTML {
        let path = SiteURL.topic(topic.slug).path
        let main: HTML = """
            <h1>\(topic.name)</h1>
            \(topic.description.isEmpty ? .empty : HTML("<p class=\"lead\">\(topic.description)</p>"))
            <p class="meta"><a href="\(SiteURL.topicFeed(topic.slug).path)">Theo dõi lĩnh vực này qua Atom</a></p>
            <div class="columns">
            <section aria-label="Bài viết">
            \(articles.items.isEmpty ? HTML("<p class=\"empty\">Chưa có bài viết nào trong lĩnh vực này.</p>") : HTML("""
                <ul class=\"list\">\(articles.items.html { articleListItem($0) })</ul>
                """))
            \(Layout.pagination(page: articles.page, pageCount: articles.pageCount) { $0 == 1 ? path : "\(path)?page=\($0)" })
            </section>
            <aside aria-labelledby="van-ban-lv"><h2 id="van-ban-lv" class="section-title">Văn bản thuộc lĩnh vực</h2>
            \(documents.isEmpty ? HTML("<p class=\"empty\">Chưa có văn bản.</p>") : HTML("""
                <ul class="list">\(documents.html { document in
                    """
                        <li class=\"list-item\"><h3><a href=\"\(SiteURL.document(document.slug).path)\">\(document.number)</a></h3><p>\
                        \(document.title)</p></li>
                        """
                })</ul>
                """))
            <p><a href="\(SiteURL.documents.path)?linh-vuc=\(topic.slug)">Xem tất cả văn bản thuộc lĩnh vực</a></p>
            </aside>
            </div>
            """
        return Layout.page(
            site,
            PageMeta(
                title: articles.page > 1 ? "\(topic.name) – Trang \(articles.page)" : topic.name,
                description: topic.description.isEmpty ? "Tin tức, hướng dẫn và văn bản về \(topic.name.lowercased())." : topic.description,
                path: articles.page > 1 ? "\(path)?page=\(articles.page)" : path,
                feed: ("\(topic.name) – \(site.name)", SiteURL.topicFeed(topic.slug).path)),
            activeTopic: topic.slug, breadcrumbs: [(topic.name, nil)], main: main)
    }

    // MARK: Article

    static func article(_ site: SiteContext, article: Article, related: [Article]) -> HTML {
        let url = SiteURL.article(article.slug).absolute(site.publicURL)
        let encodedURL = url.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? url
        let mainTopic = article.topics.first
        let main: HTML = """
            <div class="columns">
            <article>
            <h1>\(article.title)</h1>
            <p class="meta">\
            \(article.publishedAt.map { HTML("<time datetime=\"\(VietnamTime.iso8601($0))\">\(VietnamTime.dateTime($0))</time>") })\
            \(article.author.map { HTML(" · \($0)") })</p>
            <p>\(article.topics.html { "<a class=\"tag\" href=\"\(SiteURL.topic($0.slug).path)\">\($0.name)</a>" })</p>
            \(article.coverImage.map { HTML("<p><img class=\"cover\" src=\"\($0)\" alt=\"\(article.coverAlt ?? "")\"></p>") })
            <p class="lead">\(article.summary)</p>
            <div class="prose">
            \(HTML(trusted: article.bodyHTML))
            </div>
            <div class="share" aria-label="Chia sẻ bài viết">
              <a class="zalo" href="\(url)" data-share="native" data-url="\(url)" data-title="\(article.title)">Chia sẻ qua Zalo</a>
              <a class="facebook" href="https://www.facebook.com/sharer/sharer.php?u=\(encodedURL)" target="_blank" rel="noopener">Chia \
            sẻ Facebook</a>
              <button type="button" data-share="copy" data-url="\(url)">Sao chép liên kết</button>
            </div>
            <p id="share-status" class="share-status" role="status" aria-live="polite"></p>
            </article>
            <aside aria-labelledby="lien-quan"><h2 id="lien-quan" class="section-title">Bài viết liên quan</h2>
            \(related.isEmpty ? HTML("<p class=\"empty\">Chưa có bài viết liên quan.</p>") : HTML("""
                <div class=\"grid\">\(related.html { articleCard($0, showSummary: false) })</div>
                """))
            </aside>
            </div>
            """
        var breadcrumbs: [(String, String?)] = []
        if let mainTopic { breadcrumbs.append((mainTopic.name, SiteURL.topic(mainTopic.slug).path)) }
        breadcrumbs.append((article.title, nil))
        return Layout.page(
            site,
            PageMeta(
                title: article.title, description: article.summary, path: SiteURL.article(article.slug).path,
                openGraphType: "article", image: article.coverImage, publishedAt: article.publishedAt,
                modifiedAt: article.updatedAt),
            activeTopic: mainTopic?.slug, breadcrumbs: breadcrumbs, main: main)
    }

    // MARK: Documents

    static func documents(
        _ site: SiteContext, page: PortalQueries.Page<LegalDocument>, filter: PortalQueries.DocumentFilter, keyword: String? = nil,
        topicSlug: String?, issuers: [String], years: [Int], link: (Int) -> String
    ) -> HTML {
        let main: HTML = """
            <h1>Hệ thống văn bản</h1>
            <form method="get" action="\(SiteURL.documents.path)" role="search" aria-label="Lọc văn bản">
            <label for="tu-khoa">Số hiệu hoặc từ khóa</label>
            <div class="search-line">\
            <input id="tu-khoa" name="tu-khoa" type="search" value="\(keyword ?? "")" placeholder="Ví dụ: 178/2024, tinh gian bien che">
            <button class="button primary" type="submit">Tìm văn bản</button></div>
            \(Layout.filterPanel(
                "Lọc theo loại, cơ quan ban hành, năm, hiệu lực",
                open: filter.type != nil || filter.issuer != nil || filter.year != nil || filter.effectStatus != nil, fields: """
              <div><label for="loai">Loại văn bản</label>
              <select id="loai" name="loai"><option value="">Tất cả</option>\(DocumentType.allCases.html { type in
                  "<option value=\"\(type.rawValue)\"\((filter.type == type).attribute("selected"))>\(type.name)</option>"
              })</select></div>
              <div><label for="co-quan">Cơ quan ban hành</label>
              <select id="co-quan" name="co-quan"><option value="">Tất cả</option>\(issuers.html { issuer in
                  "<option\((filter.issuer == issuer).attribute("selected"))>\(issuer)</option>"
              })</select></div>
              <div><label for="nam">Năm ban hành</label>
              <select id="nam" name="nam"><option value="">Tất cả</option>\(years.html { year in
                  "<option\((filter.year == year).attribute("selected"))>\(year)</option>"
              })</select></div>
              <div><label for="hieu-luc">Tình trạng hiệu lực</label>
              <select id="hieu-luc" name="hieu-luc"><option value="">Tất cả</option>\(EffectStatus.allCases.html { status in
                  "<option value=\"\(status.rawValue)\"\((filter.effectStatus == status).attribute("selected"))>\(status.name)</option>"
              })</select></div>
              \(topicSlug.map { HTML("<input type=\"hidden\" name=\"linh-vuc\" value=\"\($0)\">") })
              <div><button class="button primary" type="submit">Lọc văn bản\
              </button> \(filter.isEmpty ? .empty : HTML("<a href=\"\(SiteURL.documents.path)\">Bỏ lọc</a>"))</div>
              """))
            </form>
            <p class="meta" role="status">Tìm thấy \(page.total) văn bản\
            \(keyword == nil ? "" : " khớp từ khóa (tối đa \(PortalQueries.keywordMatches) văn bản khớp nhất)").</p>
            \(page.items.isEmpty ? HTML("""
                <p class=\"empty\">Không có văn bản nào phù hợp với điều kiện lọc. Hãy bỏ bớt điều kiện.</p>
                """) : documentTable(page.items, caption: "Danh sách văn bản"))
            \(Layout.pagination(page: page.page, pageCount: page.pageCount, link: link))
            """
        return Layout.page(
            site,
            PageMeta(
                title: page.page > 1 ? "Hệ thống văn bản – Trang \(page.page)" : "Hệ thống văn bản",
                description:
                    """
                    Tra cứu luật, nghị định, thông tư, quyết định và các văn bản khác theo loại, cơ quan ban hành, năm và tình trạng \
                    hiệu lực.
                    """,
                path: link(page.page), noIndex: !filter.isEmpty),
            breadcrumbs: [("Văn bản", nil)], main: main)
    }

    static func document(_ site: SiteContext, document: LegalDocument, related: [RelatedDocument] = []) -> HTML {
        let facts: [(String, HTML)] = [
            ("Số, ký hiệu", "\(document.number)"),
            ("Loại văn bản", "\(document.type.name)"),
            ("Cơ quan ban hành", "\(document.issuer)"),
            ("Người ký", "\(document.signer ?? "—")"),
            ("Ngày ban hành", "\(document.issuedDay?.vietnamese ?? document.issuedOn)"),
            ("Ngày có hiệu lực", "\(document.effectiveDay?.vietnamese ?? "—")"),
            ("Tình trạng hiệu lực", "<span class=\"status \(document.effectStatus.rawValue)\">\(document.effectStatus.name)</span>"),
            ("Lĩnh vực", document.topics.html { "<a class=\"tag\" href=\"\(SiteURL.topic($0.slug).path)\">\($0.name)</a>" }),
        ]
        let main: HTML = """
            <article>
            <p class="meta">\(document.type.name) số \(document.number)</p>
            <h1>\(document.title)</h1>
            <dl class="facts">\(facts.html { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>
            \(document.summary.isEmpty ? .empty : HTML("<p class=\"lead\">\(document.summary)</p>"))
            \(document.bodyHTML.isEmpty ? .empty : HTML("<div class=\"prose\">\(HTML(trusted: document.bodyHTML))</div>"))
            \(related.isEmpty ? .empty : HTML("""
                <h2>Văn bản liên quan</h2>
                <ul class="related-documents">\(related.html { link in
                    """
                        <li><span class=\"meta\">\(link.label):</span> <a href=\"\(SiteURL.document(link.document.slug).path)\">\
                        \(link.document.type.name) \(link.document.number)</a> – \(link.document.title)</li>
                        """
                })</ul>
                """))
            <h2>Tệp đính kèm</h2>
            \(document.attachments.isEmpty ? HTML("<p class=\"empty\">Văn bản chưa có tệp đính kèm.</p>") : HTML("""
                <ul>\(document.attachments.html { file in
                    """
                        <li><a href=\"\(SiteURL.attachment(id: file.id!, fileName: file.fileName).path)\" download>\(file.fileName)</a> \
                        <span class=\"meta\">(\(fileSize(file.byteCount)))</span></li>
                        """
                })</ul>
                """))
            </article>
            """
        return Layout.page(
            site,
            PageMeta(
                title: "\(document.type.name) \(document.number)",
                description: document.summary.isEmpty ? document.title : document.summary,
                path: SiteURL.document(document.slug).path, openGraphType: "article", publishedAt: document.publishedAt,
                modifiedAt: document.updatedAt),
            activeTopic: document.topics.first?.slug,
            breadcrumbs: [("Văn bản", SiteURL.documents.path), (document.number, nil)], main: main)
    }

    // MARK: Info pages and errors

    static func infoPage(_ site: SiteContext, page: InfoPage, others: [InfoPage]) -> HTML {
        let main: HTML = """
            <div class="columns">
            <article><h1>\(page.title)</h1><div class="prose">\(HTML(trusted: page.bodyHTML))</div></article>
            <aside aria-labelledby="thong-tin"><h2 id="thong-tin" class="section-title">Thông tin chung</h2>
            <ul class="list">\(others.html { other in
                """
                    <li class=\"list-item\"><a href=\"\(SiteURL.infoPage(other.slug).path)\"\
                    \((other.slug == page.slug).attribute("aria-current=\"page\""))>\(other.title)</a></li>
                    """
            })</ul></aside>
            </div>
            """
        return Layout.page(
            site,
            PageMeta(
                title: page.title, description: Markdown.plainText(page.body).prefix(200).description,
                path: SiteURL.infoPage(page.slug).path),
            breadcrumbs: [(page.title, nil)], main: main)
    }

    static func error(_ site: SiteContext, status: Int, path: String, detail: String? = nil) -> HTML {
        let (title, message): (String, String) =
            switch status {
            case 404:
                (
                    "Không tìm thấy trang",
                    "Trang bạn tìm không tồn tại hoặc đã được chuyển đi. Hãy kiểm tra lại địa chỉ, hoặc bắt đầu từ trang chủ."
                )
            case 400, 422: ("Yêu cầu không hợp lệ", "Địa chỉ hoặc dữ liệu gửi lên không đúng. Hãy kiểm tra lại và thử lần nữa.")
            case 401: ("Cần đăng nhập", "Hãy đăng nhập để tiếp tục.")
            case 403: ("Không có quyền truy cập", "Tài khoản của bạn không có quyền thực hiện thao tác này.")
            case 405: ("Phương thức không được hỗ trợ", "Trang này không nhận loại yêu cầu đó.")
            case 409: ("Không thực hiện được", "Thao tác không phù hợp với trạng thái hiện tại.")
            case 415: ("Loại dữ liệu không được chấp nhận", "Tệp hoặc dữ liệu gửi lên không thuộc loại được chấp nhận.")
            case 413: ("Dữ liệu quá lớn", "Nội dung gửi lên vượt quá giới hạn cho phép.")
            case 429: ("Quá nhiều yêu cầu", "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
            case 503: ("Hệ thống đang bận", "Hệ thống tạm thời không phục vụ được. Vui lòng thử lại sau ít phút.")
            default: ("Đã có lỗi xảy ra", "Hệ thống gặp sự cố khi xử lý yêu cầu. Lỗi đã được ghi lại; vui lòng thử lại sau.")
            }
        let main: HTML = """
            <div class="error-page">
            <p class="code">\(status)</p>
            <h1>\(title)</h1>
            <p>\(detail ?? message)</p>
            <p><a class="button primary" href="/">Về trang chủ</a> <a class="button" href="\(SiteURL.documents.path)">Tra cứu văn bản</a>\
            </p>
            </div>
            """
        return Layout.page(site, PageMeta(title: title, path: path, noIndex: true), main: main)
    }

    static func fileSize(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KB" }
        let tenths = bytes * 10 / (1024 * 1024)
        return "\(tenths / 10),\(tenths % 10) MB"
    }
}

extension CharacterSet {
    /// RFC 3986's unreserved characters: what may stand unescaped in a query value.
    static let urlQueryValueAllowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

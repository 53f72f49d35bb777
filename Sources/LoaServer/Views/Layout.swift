import Foundation
import LoaCore

/// What the layout needs from the site: its name, its address and the topics for the menu.
struct SiteContext: Sendable {
    let name: String
    let publicURL: String
    let topics: [TopicSummary]
    /// The time the page is rendered for (the application's clock).
    let now: Date
    var agency = AgencySettings()
}

struct TopicSummary: Sendable {
    let slug: String
    let name: String
}

/// The `<head>` facts of one page: title, description, canonical address and share previews.
struct PageMeta {
    var title: String
    var description: String = ""
    /// The canonical path (with `?page=` where it matters); absolute URLs are made from it.
    var path: String
    var openGraphType = "website"
    var image: String?
    var publishedAt: Date?
    var modifiedAt: Date?
    var feed: (title: String, path: String)?
    var noIndex = false
}

enum Layout {
    static func page(
        _ site: SiteContext, _ meta: PageMeta, activeTopic: String? = nil, breadcrumbs: [(String, String?)] = [], main: HTML
    ) -> HTML {
        let canonical = site.publicURL + meta.path
        let fullTitle = meta.path == "/" ? site.name : "\(meta.title) – \(site.name)"
        let description = meta.description.isEmpty ? site.name : String(meta.description.prefix(300))
        let image = meta.image.map { $0.hasPrefix("/") ? site.publicURL + $0 : $0 }
        let feed = meta.feed ?? ("Tin mới – \(site.name)", SiteURL.articlesFeed.path)
        return """
            <!doctype html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(fullTitle)</title>
            <meta name="description" content="\(description)">
            <link rel="canonical" href="\(canonical)">
            \(meta.noIndex ? HTML("<meta name=\"robots\" content=\"noindex\">\n") : .empty)\
            <meta property="og:site_name" content="\(site.name)">
            <meta property="og:locale" content="vi_VN">
            <meta property="og:type" content="\(meta.openGraphType)">
            <meta property="og:title" content="\(meta.title)">
            <meta property="og:description" content="\(description)">
            <meta property="og:url" content="\(canonical)">
            \(image.map { HTML("<meta property=\"og:image\" content=\"\($0)\">\n") })\
            \(meta.publishedAt.map { HTML("<meta property=\"article:published_time\" content=\"\(VietnamTime.iso8601($0))\">\n") })\
            \(meta.modifiedAt.map { HTML("<meta property=\"article:modified_time\" content=\"\(VietnamTime.iso8601($0))\">\n") })\
            <meta name="twitter:card" content="\(image == nil ? "summary" : "summary_large_image")">
            <meta name="twitter:title" content="\(meta.title)">
            <meta name="twitter:description" content="\(description)">
            \(image.map { HTML("<meta name=\"twitter:image\" content=\"\($0)\">\n") })\
            <link rel="alternate" type="application/atom+xml" title="\(feed.title)" href="\(feed.path)">
            <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
            \(site.agency.colour.map { HTML("<link rel=\"stylesheet\" href=\"\(StaticAssets.colourSheet($0))\">\n") })\
            <script src="\(SiteURL.script.path)" defer></script>
            </head>
            <body>
            <a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
            <header class="site-header">
              <div class="wrap header-row">
                <a class="brand" href="/">\(emblem(site.agency))<span>\(site.name)</span></a>
                <a class="menu-toggle" href="#danh-muc" aria-controls="danh-muc" aria-expanded="false">Danh mục</a>
                <div class="site-menu" id="danh-muc">
                <form class="search-box" method="get" action="\(SiteRoute.search.path())" role="search">
                  <label class="visually-hidden" for="site-q">Tìm kiếm trên cổng thông tin</label>
                  <input id="site-q" name="q" type="search" placeholder="Tìm bài viết, văn bản…">
                  <button type="submit">Tìm</button>
                </form>
                <nav class="service-links" aria-label="Liên kết nhanh">
                  <a href="\(SiteURL.documents.path)">Văn bản</a>
                  <a href="\(SiteURL.consultations.path)">Dự thảo</a>
                  <a href="\(SiteURL.answers.path)">Hỏi đáp</a>
                  <a href="\(SiteURL.petitionForm.path)">Gửi phản ánh</a>
                  <a href="\(SiteURL.infoPage("lien-he").path)">Liên hệ</a>
                </nav>
                </div>
              </div>
              <nav class="topic-nav" aria-label="Lĩnh vực">
                <ul class="wrap">
                \(site.topics.html { topic in
                    let current = topic.slug == activeTopic
                    return """
                        <li><a href=\"\(SiteURL.topic(topic.slug).path)\"\(current.attribute("aria-current=\"page\""))>\(topic.name)</a>\
                        </li>
                        """
                })
                </ul>
              </nav>
            </header>
            \(breadcrumbs.isEmpty ? .empty : Self.breadcrumbs(breadcrumbs))\
            <main id="noi-dung" class="wrap" tabindex="-1">
            \(main)
            <p class="print-only meta">Nguồn: \(site.name), \(canonical)</p>
            </main>
            <footer class="site-footer">
              <div class="wrap footer-grid">
                \(footerFacts(site))
                <ul>
                  <li><a href="\(SiteURL.infoPage("gioi-thieu").path)">Chức năng, nhiệm vụ</a></li>
                  <li><a href="\(SiteURL.infoPage("co-cau-to-chuc").path)">Cơ cấu tổ chức</a></li>
                  <li><a href="\(SiteURL.infoPage("lien-he").path)">Thông tin liên hệ</a></li>
                  <li><a href="\(SiteURL.infoPage("huong-dan-su-dung").path)">Hướng dẫn sử dụng</a></li>
                </ul>
                <ul>
                  <li><a href="\(SiteURL.documents.path)">Hệ thống văn bản</a></li>
                  <li><a href="\(SiteURL.consultations.path)">Lấy ý kiến dự thảo</a></li>
                  <li><a href="\(SiteURL.petitionForm.path)">Gửi phản ánh, kiến nghị</a></li>
                  <li><a href="\(SiteURL.tracking.path)">Tra cứu phản ánh</a></li>
                  <li><a href="\(SiteURL.follow.path)">Nhận tin</a></li>
                  <li><a href="\(SiteURL.openData.path)">Dữ liệu mở</a></li>
                  <li><a href="\(SiteURL.sitemap.path)">Sơ đồ trang</a></li>
                </ul>
              </div>
            </footer>
            </body>
            </html>
            """
    }

    /// The agency's emblem; the ★ placeholder only with the demo's sample facts, nothing otherwise.
    static func emblem(_ agency: AgencySettings) -> HTML {
        if let logo = agency.logo { return "<img class=\"emblem-image\" src=\"\(logo)\" alt=\"\" width=\"40\" height=\"40\">" }
        return agency.isSample ? "<span class=\"emblem\" aria-hidden=\"true\">★</span>" : .empty
    }

    /// A telephone number as a `tel:` address: its ASCII digits and a leading +.
    static func telephone(_ number: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: number.unicodeScalars.filter { ("0"..."9").contains($0) || $0 == "+" })
        return String(scalars)
    }

    /// What Decree 42/2022 asks every page of an agency's portal to say about who runs it.
    static func footerFacts(_ site: SiteContext) -> HTML {
        let agency = site.agency
        let facts: [(String, HTML)] = [
            agency.address.map { ("Địa chỉ", "\($0)") },
            agency.phone.map { ("Điện thoại", "<a href=\"tel:\(telephone($0))\">\($0)</a>") },
            agency.email.map { ("Thư điện tử", "<a href=\"mailto:\($0)\">\($0)</a>") },
            agency.responsible.map { ("Chịu trách nhiệm nội dung", "\($0)") },
            agency.licence.map { ("Giấy phép", "\($0)") },
        ].compactMap { $0 }
        return """
            <div>
              <p class="footer-name">\(site.name)</p>
              <p>Thông tin chính thức về chính sách, pháp luật thuộc lĩnh vực quản lý nhà nước của Bộ.</p>
              \(facts.isEmpty ? .empty : HTML("<dl class=\"footer-facts\">\(facts.html { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>"))
              <p class="meta-light">Ghi rõ nguồn “\(site.name)” khi phát hành lại thông tin từ cổng thông tin này.</p>
              \(agency.isSample ? HTML("""
                  <p class=\"meta-light\">Thông tin liên hệ trên đây là dữ liệu mẫu của bản trình diễn.</p>
                  """) : .empty)
            </div>
            """
    }

    /// Filters folded into a panel, open when one is in use (and on wide screens, by the script),
    /// so that on a phone the results come first.
    static func filterPanel(_ summary: String, open: Bool, fields: HTML) -> HTML {
        """
        <details class=\"filter-panel\"\(open.attribute("open"))><summary>\(summary)</summary><div class=\"filters\">\(fields)</div>\
        </details>
        """
    }

    static func breadcrumbs(_ items: [(String, String?)]) -> HTML {
        let all = [("Trang chủ", Optional("/"))] + items
        return """
            <nav class="wrap breadcrumbs" aria-label="Đường dẫn"><ol>\(all.html { item in
                if let path = item.1 { return "<li><a href=\"\(path)\">\(item.0)</a></li>" }
                return "<li aria-current=\"page\">\(item.0)</li>"
            })</ol></nav>

            """
    }

    /// Numbered pages with previous and next; `link` makes the address of a page.
    static func pagination(page: Int, pageCount: Int, link: (Int) -> String) -> HTML {
        guard pageCount > 1 else { return .empty }
        var numbers = Set([1, pageCount])
        for number in (page - 2)...(page + 2) where number >= 1 && number <= pageCount { numbers.insert(number) }
        var items: [HTML] = []
        if page > 1 { items.append("<li><a rel=\"prev\" href=\"\(link(page - 1))\">‹ Trước</a></li>") }
        var previous = 0
        for number in numbers.sorted() {
            if number > previous + 1 { items.append("<li class=\"gap\" aria-hidden=\"true\">…</li>") }
            if number == page {
                items.append("<li><a aria-current=\"page\" href=\"\(link(number))\">\(number)</a></li>")
            } else {
                items.append("<li><a href=\"\(link(number))\" aria-label=\"Trang \(number)\">\(number)</a></li>")
            }
            previous = number
        }
        if page < pageCount { items.append("<li><a rel=\"next\" href=\"\(link(page + 1))\">Sau ›</a></li>") }
        return "<nav class=\"pagination\" aria-label=\"Phân trang\"><ul>\(items)</ul></nav>"
    }
}

import Fluent
import LoaCore
import Vapor

enum SearchViews {
    static func page(
        _ site: SiteContext, text: String, filter: SearchFilter, page: Int, results: SearchService.Results, topics: [Topic],
        request: Request
    ) -> HTML {
        let link: (Int) -> String = { number in
            var components = URLComponents()
            components.path = SiteRoute.search.path()
            components.queryItems =
                [URLQueryItem(name: "q", value: text)]
                + ["loai", "linh-vuc", "tu", "den"].compactMap { name in
                    request.nonEmptyQuery(name).map { URLQueryItem(name: name, value: $0) }
                }
                + (number > 1 ? [URLQueryItem(name: "page", value: String(number))] : [])
            return components.string ?? SiteRoute.search.path()
        }
        let value: (String) -> String = { request.nonEmptyQuery($0) ?? "" }
        let kindName = Dictionary(uniqueKeysWithValues: SearchService.kinds)
        let resultsHTML: HTML
        if text.trimmingCharacters(in: .whitespaces).isEmpty {
            resultsHTML =
                """
                <p class=\"empty\">Nhập từ khóa, số hiệu văn bản (ví dụ 06/2025/TT-BNV) hoặc câu hỏi của bạn. Có thể gõ có dấu hoặc \
                không dấu.</p>
                """
        } else if results.items.isEmpty {
            resultsHTML = """
                <div class="empty" role="status">
                <p><strong>Không tìm thấy kết quả cho “\(text)”.</strong></p>
                <p>Hãy thử: bớt một vài từ, dùng từ đồng nghĩa, kiểm tra chính tả, hoặc bỏ bộ lọc. Có thể gõ không dấu, ví dụ “tien \
                luong”.</p>
                <p>Hoặc xem theo lĩnh vực: \
                \(topics.prefix(6).map { HTML("<a href=\"\(SiteURL.topic($0.slug).path)\">\($0.name)</a>") }.joinedHTML(", "))
                · <a href="\(SiteURL.documents.path)">Hệ thống văn bản</a></p>
                </div>
                """
        } else {
            resultsHTML = """
                <ol class="list" start="\((page - 1) * SearchController.perPage + 1)">\(results.items.html { item in
                    """
                    <li class="list-item"><p class="meta">\(kindName[item.kind] ?? item.kind) · \
                    <time datetime="\(VietnamTime.iso8601(item.publishedAt))">\(VietnamTime.date(item.publishedAt))</time></p>
                    <h2><a href="\(item.path)">\(HTML(trusted: item.titleHTML))</a></h2>
                    <p>\(HTML(trusted: item.snippetHTML))</p></li>
                    """
                })</ol>
                \(Layout.pagination(
                    page: page, pageCount: max(1, (results.total + SearchController.perPage - 1) / SearchController.perPage),
                    link: link))
                """
        }
        let main: HTML = """
            <h1>Tìm kiếm</h1>
            <form method="get" action="\(SiteRoute.search.path())" role="search" aria-label="Tìm kiếm">
              <label for="q">Từ khóa</label>
              <div class="search-line">\
            <input id="q" name="q" type="search" value="\(text)" autocomplete="off" placeholder="Ví dụ: tien luong co so, 178/2024/NĐ-CP">
              <button class="button primary" type="submit">Tìm kiếm</button></div>
              \(Layout.filterPanel(
                  "Lọc theo loại, lĩnh vực, thời gian",
                  open: filter.kind != nil || filter.topic != nil || !value("tu").isEmpty || !value("den").isEmpty, fields: """
              <div><label for="loai">Loại</label><select id="loai" name="loai"><option value="">Tất cả\
              </option>\(SearchService.kinds.html { kind, name in
                  "<option value=\"\(kind)\"\((filter.kind == kind).attribute("selected"))>\(name)</option>"
              })</select></div>
              <div><label for="linh-vuc">Lĩnh vực</label><select id="linh-vuc" name="linh-vuc"><option value="">Tất cả\
              </option>\(topics.html { topic in
                  "<option value=\"\(topic.slug)\"\((filter.topic == topic.slug).attribute("selected"))>\(topic.name)</option>"
              })</select></div>
              <div><label for="tu">Từ ngày</label><input id="tu" name="tu" \(ConsoleLayout.dayField) value="\(value("tu"))"></div>
              <div><label for="den">Đến ngày</label><input id="den" name="den" \(ConsoleLayout.dayField) value="\(value("den"))"></div>
              <div><button class="button" type="submit">Lọc kết quả</button></div>
              """))
            </form>
            \(text.isEmpty ? .empty : HTML("""
                <p class=\"meta\" role=\"status\">\(results.totalExact ? "" : "Hơn ")\(results.total) kết quả (\
                \(String(format: "%.0f", results.tookMilliseconds)) ms).</p>
                """))
            \(resultsHTML)
            """
        return Layout.page(
            site,
            PageMeta(
                title: text.isEmpty ? "Tìm kiếm" : "Tìm kiếm: \(text.prefix(80))",
                description: "Tìm bài viết và văn bản trên cổng thông tin.",
                path: link(page), noIndex: true),
            breadcrumbs: [("Tìm kiếm", nil)], main: main)
    }
}

import Fluent
import LoaCore
import Vapor

/// The public search page, the search API and suggestions.
struct SearchController: RouteCollection {
    static let perPage = 10

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.search, use: page)
        routes.get(.apiSearch, use: api)
        routes.get(.apiSuggest, use: suggest)
    }

    static let operations = [
        APIOperation(
            method: .GET, route: .apiSearch, id: "search",
            summary: "Tìm kiếm bài viết và văn bản, có dấu hoặc không dấu; số hiệu văn bản được khớp chính xác",
            parameters: [
                .query("q", .string(maxLength: 1000), "Only the first 500 characters are searched"),
                .values("type", SearchService.kinds.map(\.0)), .query("topic"),
                .query("from", APIParameter.day), .query("to", APIParameter.day), .page,
            ],
            answers: [APIAnswer(200, "Best first, 20 a page", APIType(ResultsDTO.self, "SearchResults"))], problems: [.badRequest]),
        APIOperation(
            method: .GET, route: .apiSuggest, id: "suggest", summary: "Gợi ý tiêu đề cho ô tìm kiếm (khớp tiền tố từ cuối)",
            parameters: [.query("q", .string(maxLength: 200)), .query("type")],
            answers: [APIAnswer(200, "Up to 6 titles", APIType(SuggestionsDTO.self, "Suggestions"))]),
    ]

    struct Parameters {
        var text: String
        var filter: SearchFilter
        var page: Int
    }

    /// Reads q, type, topic, from, to and page; page and dates must be valid, the rest is lenient.
    private func parameters(_ req: Request, names: (type: String, topic: String, from: String, to: String)) throws -> Parameters {
        let text = String((req.query[String.self, at: "q"] ?? "").prefix(10_000))
        var filter = SearchFilter()
        if let kind = req.nonEmptyQuery(names.type) {
            let aliases = ["bai-viet": Article.recordType, "van-ban": LegalDocument.recordType, "hoi-dap": Petition.recordType]
            let resolved = aliases[kind] ?? kind
            guard SearchService.kinds.contains(where: { $0.0 == resolved }) else {
                throw APIError.badRequest("type phải là article, document hoặc answer.", code: "invalid_type")
            }
            filter.kind = resolved
        }
        filter.topic = req.nonEmptyQuery(names.topic)
        if let from = req.nonEmptyQuery(names.from) {
            guard let day = DateFields.day(from) else {
                throw APIError.badRequest("Ngày bắt đầu không hợp lệ (ngày/tháng/năm, ví dụ 15/12/2026).", code: "invalid_from")
            }
            filter.from = parseTimestamp("\(day)T00:00:00+07:00")
        }
        if let to = req.nonEmptyQuery(names.to) {
            guard let day = DateFields.day(to) else {
                throw APIError.badRequest("Ngày kết thúc không hợp lệ (ngày/tháng/năm, ví dụ 15/12/2026).", code: "invalid_to")
            }
            filter.to = parseTimestamp("\(day)T23:59:59+07:00")
        }
        return Parameters(text: text, filter: filter, page: try req.pageNumber())
    }

    @Sendable func page(req: Request) async throws -> Response {
        let parameters = try parameters(req, names: ("loai", "linh-vuc", "tu", "den"))
        let results = try await SearchService.search(
            parameters.text, filter: parameters.filter, page: parameters.page, perPage: Self.perPage, on: req.db)
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(
            SearchViews.page(
                req.siteContext(topics: topics), text: parameters.text, filter: parameters.filter, page: parameters.page, results: results,
                topics: topics,
                request: req))
    }

    struct ResultDTO: Codable, APIDocumented {
        var type: String
        var id: UUID
        var title: String
        var url: String
        var snippet: String
        var score: Double
        var publishedAt: Date

        static let apiFields = [
            "type": APIField(allowed: SearchService.kinds.map(\.0)),
            "url": .url,
            "snippet": APIField("HTML: the original text, escaped, with matched words in <mark>"),
        ]
    }

    struct ResultsDTO: Codable, APIDocumented {
        var results: [ResultDTO]
        var total: Int
        var totalExact: Bool
        var tookMs: Double

        static let apiFields = ["total": APIField("Exact up to 200; beyond, 200 with total_exact false")]
    }

    @Sendable func api(req: Request) async throws -> Response {
        let parameters = try parameters(req, names: ("type", "topic", "from", "to"))
        let results = try await SearchService.search(
            parameters.text, filter: parameters.filter, page: parameters.page, perPage: 20, on: req.db)
        let base = req.application.loa.settings.publicURL
        return try .json(
            ResultsDTO(
                results: results.items.map {
                    ResultDTO(
                        type: $0.kind, id: $0.id, title: $0.title, url: base + $0.path, snippet: $0.snippetHTML, score: $0.score,
                        publishedAt: $0.publishedAt)
                }, total: results.total, totalExact: results.totalExact, tookMs: (results.tookMilliseconds * 100).rounded() / 100))
    }

    struct SuggestionDTO: Codable, APIDocumented {
        var type: String
        var title: String
        var url: String

        static let apiFields = ["url": APIField.url]
    }

    struct SuggestionsDTO: Codable {
        var suggestions: [SuggestionDTO]
    }

    @Sendable func suggest(req: Request) async throws -> Response {
        let text = String((req.query[String.self, at: "q"] ?? "").prefix(200))
        let kind = req.nonEmptyQuery("type")
        let base = req.application.loa.settings.publicURL
        let entries = try await SearchService.suggest(text, kind: kind, on: req.db)
        return try .json(SuggestionsDTO(suggestions: entries.map { SuggestionDTO(type: $0.kind, title: $0.title, url: base + $0.path) }))
    }
}

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
                "<p class=\"empty\">Nhập từ khóa, số hiệu văn bản (ví dụ 06/2025/TT-BNV) hoặc câu hỏi của bạn. Có thể gõ có dấu hoặc không dấu.</p>"
        } else if results.items.isEmpty {
            resultsHTML = """
                <div class="empty" role="status">
                <p><strong>Không tìm thấy kết quả cho “\(text)”.</strong></p>
                <p>Hãy thử: bớt một vài từ, dùng từ đồng nghĩa, kiểm tra chính tả, hoặc bỏ bộ lọc. Có thể gõ không dấu, ví dụ “tien luong”.</p>
                <p>Hoặc xem theo lĩnh vực: \(topics.prefix(6).map { HTML("<a href=\"\(SiteURL.topic($0.slug).path)\">\($0.name)</a>") }.joinedHTML(", "))
                · <a href="\(SiteURL.documents.path)">Hệ thống văn bản</a></p>
                </div>
                """
        } else {
            resultsHTML = """
                <ol class="list" start="\((page - 1) * SearchController.perPage + 1)">\(results.items.html { item in
                    """
                    <li class="list-item"><p class="meta">\(kindName[item.kind] ?? item.kind) · <time datetime="\(VietnamTime.iso8601(item.publishedAt))">\(VietnamTime.date(item.publishedAt))</time></p>
                    <h2><a href="\(item.path)">\(HTML(trusted: item.titleHTML))</a></h2>
                    <p>\(HTML(trusted: item.snippetHTML))</p></li>
                    """
                })</ol>
                \(Layout.pagination(page: page, pageCount: max(1, (results.total + SearchController.perPage - 1) / SearchController.perPage), link: link))
                """
        }
        let main: HTML = """
            <h1>Tìm kiếm</h1>
            <form method="get" action="\(SiteRoute.search.path())" role="search" aria-label="Tìm kiếm">
              <label for="q">Từ khóa</label>
              <div class="search-line"><input id="q" name="q" type="search" value="\(text)" autocomplete="off" placeholder="Ví dụ: tien luong co so, 178/2024/NĐ-CP">
              <button class="button primary" type="submit">Tìm kiếm</button></div>
              \(Layout.filterPanel("Lọc theo loại, lĩnh vực, thời gian", open: filter.kind != nil || filter.topic != nil || !value("tu").isEmpty || !value("den").isEmpty, fields: """
              <div><label for="loai">Loại</label><select id="loai" name="loai"><option value="">Tất cả</option>\(SearchService.kinds.html { kind, name in
                  "<option value=\"\(kind)\"\((filter.kind == kind).attribute("selected"))>\(name)</option>"
              })</select></div>
              <div><label for="linh-vuc">Lĩnh vực</label><select id="linh-vuc" name="linh-vuc"><option value="">Tất cả</option>\(topics.html { topic in
                  "<option value=\"\(topic.slug)\"\((filter.topic == topic.slug).attribute("selected"))>\(topic.name)</option>"
              })</select></div>
              <div><label for="tu">Từ ngày</label><input id="tu" name="tu" \(ConsoleLayout.dayField) value="\(value("tu"))"></div>
              <div><label for="den">Đến ngày</label><input id="den" name="den" \(ConsoleLayout.dayField) value="\(value("den"))"></div>
              <div><button class="button" type="submit">Lọc kết quả</button></div>
              """))
            </form>
            \(text.isEmpty ? .empty : HTML("<p class=\"meta\" role=\"status\">\(results.totalExact ? "" : "Hơn ")\(results.total) kết quả (\(String(format: "%.0f", results.tookMilliseconds)) ms).</p>"))
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

extension Array where Element == HTML {
    func joinedHTML(_ separator: String) -> HTML {
        HTML(trusted: map(\.rendered).joined(separator: escapeHTML(separator)))
    }
}

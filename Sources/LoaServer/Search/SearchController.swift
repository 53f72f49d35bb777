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

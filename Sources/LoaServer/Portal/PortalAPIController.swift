import Fluent
import LoaCore
import Vapor

/// The public read API under `/api/v1`; `/openapi.json` describes it.
struct PortalAPIController: RouteCollection {
    static let defaultPerPage = 20
    static let maxPerPage = 100

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.apiTopics, use: topics)
        routes.get(.apiArticles, use: articles)
        routes.get(.apiArticle, use: article)
        routes.get(.apiDocuments, use: documents)
        routes.get(.apiDocument, use: document)
    }

    static let operations = [
        APIOperation(
            method: .GET, route: .apiTopics, id: "listTopics", summary: "Các lĩnh vực (policy areas)",
            answers: [APIAnswer(200, "Every topic", APIType(ListDTO<TopicDTO>.self, "TopicList"))]),
        APIOperation(
            method: .GET, route: .apiArticles, id: "listArticles", summary: "Bài viết đã đăng, mới nhất trước",
            parameters: [.query("topic", .string, "Topic slug"), .page, .perPage],
            answers: [APIAnswer(200, "A page of articles", APIType(ListDTO<ArticleDTO>.self, "ArticleList"))], problems: [.badRequest]),
        APIOperation(
            method: .GET, route: .apiArticle, id: "getArticle", summary: "Một bài viết đã đăng",
            parameters: [.path("article", .string, "Slug or id (GET); id (PATCH)")],
            answers: [APIAnswer(200, "The article with its body", .article)], problems: [.notFound]),
        APIOperation(
            method: .GET, route: .apiDocuments, id: "listDocuments", summary: "Hệ thống văn bản, mới ban hành trước",
            parameters: [
                .values("type", DocumentType.self), .query("issuer", .string, "Issuing body, exactly as listed"),
                .query("year", .integer(maximum: (2200, exclusive: false), minimum: (1900, exclusive: false))),
                .values("status", EffectStatus.self), .query("topic"), .page, .perPage,
            ],
            answers: [APIAnswer(200, "A page of documents", APIType(ListDTO<DocumentDTO>.self, "DocumentList"))], problems: [.badRequest]),
        APIOperation(
            method: .GET, route: .apiDocument, id: "getDocument", summary: "Một văn bản đã đăng", parameters: [.path("id")],
            answers: [APIAnswer(200, "The document", .document)], problems: [.notFound]),
    ]

    @Sendable func topics(req: Request) async throws -> Response {
        let publicURL = req.application.loa.settings.publicURL
        let topics = try await PortalQueries.topics(on: req.db).map { TopicDTO($0, publicURL: publicURL) }
        return try .json(ListDTO(items: topics, total: topics.count, page: 1, perPage: max(topics.count, 1)))
    }

    @Sendable func articles(req: Request) async throws -> Response {
        let (page, perPage) = try req.paging()
        var topic: Topic?
        if let slug = req.nonEmptyQuery("topic") {
            guard let found = try await PortalQueries.topic(slug: slug, on: req.db) else {
                throw APIError.badRequest(
                    "Lĩnh vực không tồn tại: \(slug.prefix(60)). Xem danh sách tại /api/v1/topics.", code: "unknown_topic")
            }
            topic = found
        }
        let result = try await PortalQueries.articles(topic: topic, page: page, perPage: perPage, on: req.db)
        let publicURL = req.application.loa.settings.publicURL
        return try .json(
            ListDTO(
                items: result.items.map { ArticleDTO($0, publicURL: publicURL, detail: false) }, total: result.total, page: page,
                perPage: perPage))
    }

    @Sendable func article(req: Request) async throws -> Response {
        // By slug, or by id for integrations that keep the id from the write API.
        let key = req.parameters.get("article") ?? ""
        let found: Article?
        if let id = UUID(uuidString: key) {
            found = try await PortalQueries.publishedArticles(on: req.db).filter(\.$id == id).first()
            if let found { try await PortalQueries.loadTopics(of: [found], on: req.db) }
        } else {
            found = try await PortalQueries.article(slug: key, on: req.db)
        }
        guard let article = found else {
            throw APIError.notFound("Không có bài viết đã đăng với slug hoặc mã \(key.prefix(100)).")
        }
        return try .json(ArticleDTO(article, publicURL: req.application.loa.settings.publicURL, detail: true))
    }

    @Sendable func documents(req: Request) async throws -> Response {
        let (page, perPage) = try req.paging()
        var filter = PortalQueries.DocumentFilter()
        if let type = req.nonEmptyQuery("type") {
            guard let parsed = DocumentType(lenient: type) else {
                let known = DocumentType.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("Loại văn bản không hợp lệ: \(type.prefix(40)). Dùng một trong: \(known).", code: "invalid_type")
            }
            filter.type = parsed
        }
        filter.issuer = req.nonEmptyQuery("issuer")
        if let year = req.nonEmptyQuery("year") {
            guard let parsed = Int(year), (1900...2200).contains(parsed) else {
                throw APIError.badRequest("Năm không hợp lệ: year phải là số từ 1900 đến 2200.", code: "invalid_year")
            }
            filter.year = parsed
        }
        if let status = req.nonEmptyQuery("status") {
            guard let parsed = EffectStatus(lenient: status) else {
                let known = EffectStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("Tình trạng hiệu lực không hợp lệ. Dùng một trong: \(known).", code: "invalid_status")
            }
            filter.effectStatus = parsed
        }
        if let slug = req.nonEmptyQuery("topic") {
            guard let topic = try await PortalQueries.topic(slug: slug, on: req.db) else {
                throw APIError.badRequest("Lĩnh vực không tồn tại: \(slug.prefix(60)).", code: "unknown_topic")
            }
            filter.topic = topic.id
        }
        let result = try await PortalQueries.documents(filter, page: page, perPage: perPage, on: req.db)
        let publicURL = req.application.loa.settings.publicURL
        return try .json(
            ListDTO(
                items: result.items.map { DocumentDTO($0, publicURL: publicURL, detail: false) }, total: result.total, page: page,
                perPage: perPage))
    }

    @Sendable func document(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self), let document = try await PortalQueries.document(id: id, on: req.db) else {
            throw APIError.notFound("Không có văn bản với mã này.")
        }
        var dto = DocumentDTO(document, publicURL: req.application.loa.settings.publicURL, detail: true)
        dto.related = try await DocumentRelations.related(to: document, on: req.db).map {
            RelatedDocumentDTO($0, publicURL: req.application.loa.settings.publicURL)
        }
        return try .json(dto)
    }
}

extension Request {
    /// `page` from 1 and `per_page` from 1 to 100; anything else is refused with the reason.
    func paging() throws -> (page: Int, perPage: Int) {
        var page = 1
        var perPage = PortalAPIController.defaultPerPage
        if let raw = nonEmptyQuery("page") {
            guard let value = Int(raw), (1...10_000).contains(value) else {
                throw APIError.badRequest("page phải là số nguyên từ 1 đến 10000.", code: "invalid_page")
            }
            page = value
        }
        if let raw = nonEmptyQuery("per_page") {
            guard let value = Int(raw), (1...PortalAPIController.maxPerPage).contains(value) else {
                throw APIError.badRequest(
                    "per_page phải là số nguyên từ 1 đến \(PortalAPIController.maxPerPage).", code: "invalid_per_page")
            }
            perPage = value
        }
        return (page, perPage)
    }
}

extension Response {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponseStatus = .ok) throws -> Response {
        let response = Response(status: status, body: .init(data: try encoder.encode(value)))
        response.headers.contentType = .json
        return response
    }
}

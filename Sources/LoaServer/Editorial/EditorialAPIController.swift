import Fluent
import LoaCore
import Vapor

/// The write API for integrations: `Authorization: Bearer <token>`, acting with the token's user's role.
struct EditorialAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v1 = routes.grouped(StaffAuthenticator(), RequireBearer())
        v1.post(.apiArticles, use: createArticle)
        v1.patch(.apiArticle, use: updateArticle)
        v1.post(.apiArticleAction, use: articleAction)
        v1.delete(.apiArticle, use: deleteArticle)
        v1.post(.apiDocuments, use: createDocument)
        v1.patch(.apiDocument, use: updateDocument)
        v1.post(.apiDocumentAction, use: documentAction)
        v1.delete(.apiDocument, use: deleteDocument)
        v1.get(.apiAudit, use: audit)
    }

    static let operations: [APIOperation] = {
        let workflowBody = APIType(ActionBody.self, "WorkflowInput")
        let editing: [APIProblem] = [.unauthorized, .forbidden, .invalid]
        return [
            APIOperation(
                method: .POST, route: .apiArticles, id: "createArticle", summary: "Tạo bài viết nháp (editor, approver, administrator)",
                signedIn: true, body: .articleInput, answers: [APIAnswer(201, "The draft", .article)], problems: editing),
            APIOperation(
                method: .PATCH, route: .apiArticle, id: "updateArticle", summary: "Sửa bài viết (chỉ các trường gửi lên)", signedIn: true,
                parameters: [.path("article", .string, "Slug or id (GET); id (PATCH)")], body: .articleInput,
                answers: [APIAnswer(200, "The article", .article)], problems: editing + [.notFound]),
            APIOperation(
                method: .POST, route: .apiArticleAction, id: "articleWorkflow", summary: "Gửi duyệt, đăng, hẹn giờ, trả lại, gỡ bài",
                signedIn: true, parameters: [.path("article", .string(format: .uuid)), .action], body: workflowBody, bodyRequired: false,
                answers: [APIAnswer(200, "The article in its new state", .article)], problems: editing + [.notFound, .conflict]),
            APIOperation(
                method: .DELETE, route: .apiArticle, id: "deleteArticle", summary: "Xóa bản nháp hoặc nội dung đã gỡ", signedIn: true,
                parameters: [.path("article", .string, "Slug or id (GET); id (PATCH)")], answers: [APIAnswer(204, "Deleted")],
                problems: [.unauthorized, .forbidden, .notFound, .conflict]),
            APIOperation(
                method: .POST, route: .apiDocuments, id: "createDocument", summary: "Tạo văn bản nháp", signedIn: true,
                body: .documentInput, answers: [APIAnswer(201, "The draft", .document)], problems: editing),
            APIOperation(
                method: .PATCH, route: .apiDocument, id: "updateDocument", summary: "Sửa văn bản (chỉ các trường gửi lên)", signedIn: true,
                parameters: [.path("id")], body: .documentInput, answers: [APIAnswer(200, "The document", .document)],
                problems: editing + [.notFound]),
            APIOperation(
                method: .POST, route: .apiDocumentAction, id: "documentWorkflow", summary: "Gửi duyệt, đăng, hẹn giờ, trả lại, gỡ văn bản",
                signedIn: true, parameters: [.path("id", .string(format: .uuid)), .action], body: workflowBody, bodyRequired: false,
                answers: [APIAnswer(200, "The document in its new state", .document)], problems: editing + [.notFound, .conflict]),
            APIOperation(
                method: .DELETE, route: .apiDocument, id: "deleteDocument", summary: "Xóa bản nháp hoặc nội dung đã gỡ", signedIn: true,
                parameters: [.path("id")], answers: [APIAnswer(204, "Deleted")],
                problems: [.unauthorized, .forbidden, .notFound, .conflict]),
            APIOperation(
                method: .GET, route: .apiAudit, id: "listAudit", summary: "Nhật ký thao tác (administrator)", signedIn: true,
                parameters: [
                    .query("actor"), .query("action"), .query("record_type"), .query("record_id"), .query("from", APIParameter.day),
                    .query("to", APIParameter.day), .page, .perPage,
                ],
                answers: [APIAnswer(200, "Newest first", APIType(ListDTO<AuditDTO>.self, "AuditList"))],
                problems: [.badRequest, .unauthorized, .forbidden]),
        ]
    }()

    /// What the workflow endpoints accept in their body; all optional.
    struct ActionBody: Content, APIDocumented {
        var comment: String?
        var publishAt: Date?
        /// The revision the approver read; publishing refuses if it is no longer the newest.
        var revision: Int?

        enum CodingKeys: String, CodingKey {
            case comment, revision
            case publishAt = "publish_at"
        }

        static let apiFields = [
            "comment": APIField("Required for send_back"),
            "publish_at": APIField("Required for schedule; in the future, within 5 years"),
            "revision": APIField(
                "For publish and schedule: the revision the approver read; 409 stale_revision if another was saved since", minimum: 0),
        ]
    }

    @Sendable func createArticle(req: Request) async throws -> Response {
        let article = try await ArticleEditing.create(try req.decodeJSON(ArticleInput.self), context: OperationContext(req))
        return try .json(ArticleDTO(article, publicURL: req.application.loa.settings.publicURL, detail: true), status: .created)
    }

    @Sendable func updateArticle(req: Request) async throws -> Response {
        let article = try await findArticle(req)
        try await ArticleEditing.update(article, with: try req.decodeJSON(ArticleInput.self), context: OperationContext(req))
        return try .json(ArticleDTO(article, publicURL: req.application.loa.settings.publicURL, detail: true))
    }

    @Sendable func articleAction(req: Request) async throws -> Response {
        let article = try await findArticle(req)
        let (action, body) = try req.workflowAction()
        try await Editorial.transition(
            article, action, comment: body.comment, publishAt: body.publishAt, seenRevision: body.revision, context: OperationContext(req))
        try await PortalQueries.loadTopics(of: [article], on: req.db)
        return try .json(ArticleDTO(article, publicURL: req.application.loa.settings.publicURL, detail: true))
    }

    @Sendable func deleteArticle(req: Request) async throws -> Response {
        try await Editorial.delete(try await findArticle(req), context: OperationContext(req))
        return Response(status: .noContent)
    }

    @Sendable func deleteDocument(req: Request) async throws -> Response {
        try await Editorial.delete(try await findDocument(req), context: OperationContext(req))
        return Response(status: .noContent)
    }

    @Sendable func createDocument(req: Request) async throws -> Response {
        let document = try await DocumentEditing.create(try req.decodeJSON(DocumentInput.self), context: OperationContext(req))
        return try .json(DocumentDTO(document, publicURL: req.application.loa.settings.publicURL, detail: true), status: .created)
    }

    @Sendable func updateDocument(req: Request) async throws -> Response {
        let document = try await findDocument(req)
        try await DocumentEditing.update(document, with: try req.decodeJSON(DocumentInput.self), context: OperationContext(req))
        return try .json(DocumentDTO(document, publicURL: req.application.loa.settings.publicURL, detail: true))
    }

    @Sendable func documentAction(req: Request) async throws -> Response {
        let document = try await findDocument(req)
        let (action, body) = try req.workflowAction()
        try await Editorial.transition(
            document, action, comment: body.comment, publishAt: body.publishAt, seenRevision: body.revision, context: OperationContext(req))
        try await PortalQueries.loadTopics(of: [document], on: req.db)
        return try .json(DocumentDTO(document, publicURL: req.application.loa.settings.publicURL, detail: true))
    }

    @Sendable func audit(req: Request) async throws -> Response {
        try req.requireStaff(.viewAudit)
        let (page, perPage) = try req.paging()
        let query = AuditQueries.filtered(req)
        let total = try await query.count()
        let entries = try await query.sort(\.$createdAt, .descending).range(((page - 1) * perPage)..<(page * perPage)).all()
        return try .json(ListDTO(items: entries.map(AuditDTO.init), total: total, page: page, perPage: perPage))
    }

    private func findArticle(_ req: Request) async throws -> Article {
        guard let id = req.parameters.get("article", as: UUID.self), let article = try await Article.find(id, on: req.db) else {
            throw APIError.notFound("Không có bài viết với mã này.")
        }
        try await PortalQueries.loadTopics(of: [article], on: req.db)
        return article
    }

    private func findDocument(_ req: Request) async throws -> LegalDocument {
        guard let id = req.parameters.get("id", as: UUID.self),
            let document = try await LegalDocument.query(on: req.db).filter(\.$id == id).with(\.$attachments).first()
        else { throw APIError.notFound("Không có văn bản với mã này.") }
        try await PortalQueries.loadTopics(of: [document], on: req.db)
        return document
    }
}

/// The write API answers 401 with an error body when no valid token came with the request.
struct RequireBearer: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.staff != nil, request.headers.bearerAuthorization != nil else {
            throw APIError(
                status: .unauthorized, code: "unauthorized",
                message: "Cần API token: Authorization: Bearer <token> (tạo bằng loa token create).")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// Decodes a JSON body, turning decoding errors into a 400 that names the problem.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard headers.contentType == .json || headers.contentType?.subType == "json" else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_media_type",
                message: "Gửi dữ liệu dạng JSON (Content-Type: application/json).")
        }
        guard let body = body.data, body.readableBytes > 0 else { throw APIError.badRequest("Thiếu nội dung JSON.", code: "invalid_json") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: body)
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.badRequest("Trường \(field) sai kiểu dữ liệu.", code: "invalid_json")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.badRequest("Trường \(field) không hợp lệ (ngày giờ theo ISO 8601).", code: "invalid_json")
        } catch {
            throw APIError.badRequest("Dữ liệu JSON không đúng định dạng.", code: "invalid_json")
        }
    }

    func workflowAction() throws -> (EditorialAction, EditorialAPIController.ActionBody) {
        guard let raw = parameters.get("action"), let action = EditorialAction(rawValue: raw) else {
            throw APIError.notFound("Thao tác không tồn tại; dùng submit, publish, schedule, send_back hoặc unpublish.")
        }
        let body = (body.data?.readableBytes ?? 0) > 0 ? try decodeJSON(EditorialAPIController.ActionBody.self) : .init()
        return (action, body)
    }
}

struct AuditDTO: Codable {
    var id: UUID
    var actor: String
    var action: String
    var recordType: String
    @Nullable var recordId: String?
    var summary: String
    @Nullable var address: String?
    var createdAt: Date

    init(_ entry: AuditEntry) {
        id = entry.id!
        actor = entry.actorEmail
        action = entry.action
        recordType = entry.recordType
        recordId = entry.recordID
        summary = entry.summary
        address = entry.address
        createdAt = entry.createdAt
    }
}

/// The audit log's filters, shared by the console page and the API.
enum AuditQueries {
    static func filtered(_ req: Request) -> QueryBuilder<AuditEntry> {
        let query = AuditEntry.query(on: req.db)
        if let actor = req.nonEmptyQuery("actor") { query.filter(\.$actorEmail == actor.lowercased()) }
        if let action = req.nonEmptyQuery("action") { query.filter(\.$action == action) }
        if let type = req.nonEmptyQuery("record_type") { query.filter(\.$recordType == type) }
        if let id = req.nonEmptyQuery("record_id") { query.filter(\.$recordID == id) }
        if let from = req.nonEmptyQuery("from").flatMap(DateFields.day), let date = parseTimestamp("\(from)T00:00:00+07:00") {
            query.filter(\.$createdAt >= date)
        }
        if let to = req.nonEmptyQuery("to").flatMap(DateFields.day), let date = parseTimestamp("\(to)T23:59:59+07:00") {
            query.filter(\.$createdAt <= date)
        }
        return query
    }
}

import Foundation
import OpenAPIKit
import Vapor

/// A named shape in `/openapi.json` (`#/components/schemas/Article`), read from its Swift type.
struct APIType: Sendable {
    var name: String
    var schema: @Sendable (SchemaReflector) throws -> JSONSchema

    init<T: Decodable>(_ type: T.Type, _ name: String) {
        self.name = name
        schema = { try $0.schema(for: type) }
    }
}

/// A refusal every operation shares, described once under `#/components/responses`.
enum APIProblem: String, CaseIterable, Sendable {
    case badRequest = "BadRequest"
    case unauthorized = "Unauthorized"
    case forbidden = "Forbidden"
    case notFound = "NotFound"
    case conflict = "Conflict"
    case tooLarge = "TooLarge"
    case invalid = "Invalid"

    var status: Int {
        switch self {
        case .badRequest: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 404
        case .conflict: 409
        case .tooLarge: 413
        case .invalid: 422
        }
    }

    var meaning: String {
        switch self {
        case .badRequest: "Invalid parameters"
        case .unauthorized: "No valid API token"
        case .forbidden: "The token's role may not do this"
        case .notFound: "No such resource"
        case .conflict: "Not possible in the current state"
        case .tooLarge: "The body is over the limit of this operation"
        case .invalid: "A field is invalid; the code names it (invalid_title, …)"
        }
    }
}

/// One answer an operation may give: a status, what it means and the shape of its body (one of
/// several shapes when the answer depends on who asks; none for 204).
struct APIAnswer: Sendable {
    var status: Int
    var meaning: String
    var shapes: [APIType]

    init(_ status: Int, _ meaning: String, _ shapes: APIType...) {
        self.status = status
        self.meaning = meaning
        self.shapes = shapes
    }
}

struct APIParameter: Sendable {
    enum Place: Sendable { case query, path, header }
    var name: String
    var place: Place
    var schema: JSONSchema
    var description: String?
    var deprecated = false

    static func query(_ name: String, _ schema: JSONSchema = .string, _ description: String? = nil) -> APIParameter {
        APIParameter(name: name, place: .query, schema: schema, description: description)
    }
    static func path(_ name: String, _ schema: JSONSchema = .string, _ description: String? = nil) -> APIParameter {
        APIParameter(name: name, place: .path, schema: schema, description: description)
    }
    static func header(_ name: String, _ schema: JSONSchema = .string, _ description: String? = nil) -> APIParameter {
        APIParameter(name: name, place: .header, schema: schema, description: description)
    }
    static func values<Values: CaseIterable & RawRepresentable>(_ name: String, _: Values.Type, extra: [String] = []) -> APIParameter
    where Values.RawValue == String {
        values(name, extra + Values.allCases.map(\.rawValue))
    }
    static func values(_ name: String, _ values: [String], _ description: String? = nil) -> APIParameter {
        .query(name, .string(allowedValues: values.map(AnyCodable.init)), description)
    }

    static let page = APIParameter.query("page", .integer(minimum: (1, exclusive: false), defaultValue: 1))
    static let perPage = APIParameter.query(
        "per_page",
        .integer(
            maximum: (PortalAPIController.maxPerPage, exclusive: false), minimum: (1, exclusive: false),
            defaultValue: AnyCodable(PortalAPIController.defaultPerPage)))
    static let day = JSONSchema.string(format: .date)
}

/// One operation of the JSON API, declared beside the controller that serves it. The route comes
/// from the route table, so the path in the document is the path that is registered.
struct APIOperation: Sendable {
    var method: HTTPMethod
    var route: SiteRoute
    var id: String
    var summary: String
    /// Needs a staff token (`Authorization: Bearer …`).
    var signedIn = false
    var parameters: [APIParameter] = []
    var body: APIType?
    var bodyRequired = true
    var answers: [APIAnswer]
    var problems: [APIProblem] = []

    /// `/api/v1/articles/:article` as OpenAPI writes it: `/api/v1/articles/{article}`.
    var path: String {
        route.rawValue.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}

/// `/openapi.json`: every operation the controllers declare, with the shapes read from the DTOs.
enum APIContract {
    static var operations: [APIOperation] {
        PortalAPIController.operations + EditorialAPIController.operations + SearchController.operations + PetitionAPIController.operations
            + ConsultationAPIController.operations + OpenDataController.operations
    }

    static func document(serverURL: String) throws -> OpenAPI.Document {
        let reflector = SchemaReflector()
        var schemas: OrderedDictionary<OpenAPI.ComponentKey, JSONSchema> = [
            "Error": try reflector.schema(for: ErrorBody.self)
        ]
        func reference(_ type: APIType) throws -> JSONSchema {
            let key = try component(type.name)
            if schemas[key] == nil { schemas[key] = try type.schema(reflector) }
            return .reference(.component(named: type.name))
        }
        func json(_ shapes: [APIType]) throws -> OpenAPI.Content.Map {
            switch shapes.count {
            case 0: [:]
            case 1: [.json: .content(OpenAPI.Content(schema: try reference(shapes[0])))]
            default: [.json: .content(OpenAPI.Content(schema: .one(of: try shapes.map(reference))))]
            }
        }

        var paths: OrderedDictionary<OpenAPI.Path, OpenAPI.PathItem> = [:]
        for operation in operations {
            var answers: [Int: Either<OpenAPI.Reference<OpenAPI.Response>, OpenAPI.Response>] = [:]
            // Every operation that takes a body may be refused for its size or its media type.
            var problems = operation.problems
            if operation.body != nil { problems += [.badRequest, .tooLarge] }
            for problem in problems {
                answers[problem.status] = .reference(.component(named: problem.rawValue))
            }
            if operation.body != nil { answers[415] = .reference(.component(named: APIProblem.badRequest.rawValue)) }
            for answer in operation.answers {
                answers[answer.status] = .response(OpenAPI.Response(description: answer.meaning, content: try json(answer.shapes)))
            }
            var sorted: OpenAPI.Response.Map = [:]
            for (status, answer) in answers.sorted(by: { $0.key < $1.key }) { sorted[.status(code: status)] = answer }

            let described = OpenAPI.Operation(
                summary: operation.summary, operationId: operation.id, parameters: operation.parameters.map { .parameter($0.openAPI) },
                requestBody: try operation.body.map { OpenAPI.Request(content: try json([$0]), required: operation.bodyRequired) },
                responses: sorted, security: operation.signedIn ? [[.component(named: "bearer"): []]] : nil)
            let path = OpenAPI.Path(rawValue: operation.path)
            var item = paths[path] ?? OpenAPI.PathItem()
            switch operation.method {
            case .GET: item.get = described
            case .POST: item.post = described
            case .PATCH: item.patch = described
            case .DELETE: item.delete = described
            case .PUT: item.put = described
            default: throw SchemaReflectionError.unsupported("the method \(operation.method)")
            }
            paths[path] = item
        }

        var responses: OrderedDictionary<OpenAPI.ComponentKey, Either<OpenAPI.Reference<OpenAPI.Response>, OpenAPI.Response>> = [:]
        for problem in APIProblem.allCases {
            responses[try component(problem.rawValue)] = .response(
                OpenAPI.Response(
                    description: problem.meaning,
                    content: [.json: .content(OpenAPI.Content(schema: .reference(.component(named: "Error"))))]))
        }
        guard let server = URL(string: serverURL) else { throw SchemaReflectionError.unsupported("the server address \(serverURL)") }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_0,
            info: .init(
                title: "Loa API",
                description: """
                    Chính sách, văn bản pháp luật và lĩnh vực của cổng thông tin. Lists share the shape {items, total, page, per_page}; \
                    errors are {"error":{"code","message"}}.
                    """,
                version: "1.0.0"),
            servers: [OpenAPI.Server(url: server)],
            paths: paths.mapValues { .pathItem($0) },
            components: OpenAPI.Components(
                schemas: schemas, responses: responses,
                securitySchemes: [
                    "bearer": .securityScheme(.http(scheme: "bearer", description: "An API token from `loa token create` or the console"))
                ]))
    }

    static func json(serverURL: String) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(try document(serverURL: serverURL)), as: UTF8.self)
    }

    private static func component(_ name: String) throws -> OpenAPI.ComponentKey {
        guard let key = OpenAPI.ComponentKey(rawValue: name) else { throw SchemaReflectionError.unsupported("the name \(name)") }
        return key
    }
}

extension APIParameter {
    var openAPI: OpenAPI.Parameter {
        let context: OpenAPI.Parameter.Context =
            switch place {
            case .query: .query(schema: schema)
            case .path: .path(schema: schema)
            case .header: .header(schema: schema)
            }
        return OpenAPI.Parameter(name: name, context: context, description: description, deprecated: deprecated)
    }
}

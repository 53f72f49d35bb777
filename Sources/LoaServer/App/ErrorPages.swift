import AsyncKit
import PostgresNIO
import SQLiteNIO
import Vapor

/// An API error with a stable machine-readable code and a message for people.
struct APIError: AbortError {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    /// Every invalid field of a submission, so that a client can show each beside its input.
    var fields: [ErrorBody.Field]? = nil

    var reason: String { message }

    static func badRequest(_ message: String, code: String = "invalid_request") -> APIError {
        APIError(status: .badRequest, code: code, message: message)
    }

    static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }
}

/// Turns every error into the answer its audience expects: JSON `{"error":{"code","message"}}`
/// under `/api`, a Vietnamese error page everywhere else. Internal details are logged, never shown.
struct ErrorResponder: Middleware {
    /// Future-based for speed (see `MetricsMiddleware`); only the error path becomes a task.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { await response(for: error, request: request) }
        }
    }

    private func response(for error: any Error, request: Request) async -> Response {
        let status: HTTPResponseStatus
        var code: String
        var message: String
        var fields: [ErrorBody.Field]?
        var headers = HTTPHeaders()
        switch error {
        case let error as APIError:
            (status, code, message, fields) = (error.status, error.code, error.message, error.fields)
        case let failure as ValidationFailure:
            let error = failure.apiError
            (status, code, message) = (error.status, error.code, error.message)
        case let error as PSQLError where ["22021", "22P05"].contains(error.serverInfo?[.sqlState] ?? ""):
            // A NUL or a byte PostgreSQL cannot store, in text the client sent: nothing was written.
            status = .badRequest
            code = "invalid_characters"
            message = "Dữ liệu gửi lên có ký tự không hợp lệ (ký tự điều khiển). Hãy gõ lại hoặc dán lại dưới dạng văn bản thường."
        case is DecodingError:
            // Before AbortError: Vapor makes DecodingError an AbortError with an English reason.
            // Console forms decode through the same path as JSON; say what fits both.
            status = .badRequest
            code = "invalid_json"
            message = "Dữ liệu gửi lên không đúng định dạng. Hãy tải lại trang và thử lần nữa."
        case let error as any AbortError:
            status = error.status
            code = Self.code(for: status)
            message = status == .notFound ? "Không tìm thấy tài nguyên." : error.reason
            headers = error.headers
        default:
            if let unavailable = Unavailability(error) {
                // Busy or full, not broken: the client is told to come back, and nothing was half written.
                request.application.loa.metrics.recordRefusal(unavailable.reason)
                status = .serviceUnavailable
                code = unavailable.reason
                message = unavailable.message
                headers.replaceOrAdd(name: .retryAfter, value: "\(unavailable.retryAfterSeconds)")
            } else {
                status = .internalServerError
                code = "internal_error"
                message = "Đã có lỗi trong hệ thống; lỗi đã được ghi lại."
            }
        }
        if let error = error as? Open311Error { return error.response }
        if status.code >= 500 {
            request.logger.error("\(request.method) \(request.url.path): \(String(reflecting: error))")
        }
        if request.url.path.hasPrefix("/open311/") {
            // Open311 clients parse errors in the standard's shape, in the format they asked for.
            let format: Open311Controller.Format = request.url.path.hasSuffix(".xml") ? .xml : .json
            return Open311Error(status: status, description: message, format: format).response
        }
        if status.code < 500 {
            request.logger.debug("\(request.method) \(request.url.path): \(status.code) \(message)")
        }

        let wantsJSON = request.url.path.hasPrefix("/api/") || request.url.path == "/api"
        let response: Response
        if wantsJSON {
            let body = ErrorBody(error: .init(code: code, message: message, fields: fields))
            response = Response(status: status)
            try? response.content.encode(body, as: .json)
        } else {
            // Without the topics when the database is what failed.
            let site = (try? await request.siteContext()) ?? request.siteContext(topics: [])
            // A 4xx with a reason written for people (not Vapor's English default) is shown as it is.
            let written = ((400..<500).contains(status.code) && status != .notFound) || status == .serviceUnavailable
            let detail = written && message != status.reasonPhrase ? message : nil
            response = .html(PortalViews.error(site, status: Int(status.code), path: request.url.path, detail: detail), status: status)
        }
        for (name, value) in headers where name.lowercased() != "content-type" && name.lowercased() != "content-length" {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "invalid_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "invalid_content"
        case 429: "rate_limited"
        case 500...599: "internal_error"
        default: "error"
        }
    }
}

/// An error that means "not now" rather than "broken": the database is held by another writer or
/// out of connections, or the disk is full. Answered 503 with `Retry-After`, and the health check
/// reports a busy database for a while after.
struct Unavailability {
    var reason: String
    var message: String
    var retryAfterSeconds: Int

    static let busy = Unavailability(
        reason: "database_busy", message: "Hệ thống đang bận, chưa xử lý được yêu cầu; chưa có gì bị thay đổi. Hãy thử lại sau ít giây.",
        retryAfterSeconds: 5)
    static let full = Unavailability(
        reason: "storage_full",
        message: "Máy chủ tạm thời không lưu được dữ liệu (bộ nhớ đầy); chưa có gì bị thay đổi. Hãy thử lại sau ít phút.",
        retryAfterSeconds: 300)

    init(reason: String, message: String, retryAfterSeconds: Int) {
        self.reason = reason
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    init?(_ error: any Error) {
        switch error {
        case let error as SQLiteError:
            switch error.reason {
            case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache, .lockedVirtualTable: self = .busy
            case .full: self = .full
            default: return nil
            }
        case is ConnectionPoolTimeoutError: self = .busy
        case is StorageUnavailable: self = .full
        case let error as PSQLError:
            // disk_full, out_of_memory, too_many_connections, lock_not_available, query_canceled
            switch error.serverInfo?[.sqlState] {
            case "53100": self = .full
            case "53200", "53300", "55P03", "57014": self = .busy
            default: return nil
            }
        default: return nil
        }
    }
}

struct ErrorBody: Content {
    struct Detail: Content, APIDocumented {
        var code: String
        var message: String
        var fields: [Field]?

        static let apiFields = ["fields": APIField("Every invalid field of a submission")]
    }

    struct Field: Content, Equatable {
        var field: String
        var message: String
    }

    var error: Detail
}

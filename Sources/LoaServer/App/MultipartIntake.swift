import LoaCore
import Vapor

/// Reads an upload form with bounded work: the body is streamed through `MultipartScanner`,
/// which refuses it at the first part too many or the first over-long header, and only a body of
/// sane shape is decoded, on the thread pool rather than on the task that serves requests.
enum MultipartIntake {
    struct Refusal: AbortError {
        var status: HTTPResponseStatus
        var reason: String
    }

    /// Decodes `T` from a `multipart/form-data` body of at most `maxBytes`; other form bodies
    /// (URL-encoded, from a browser without the file field) are decoded as usual, kept small.
    static func decode<T: Decodable & Sendable>(
        _ type: T.Type, from req: Request, maxBytes: Int, limits: MultipartScanner.Limits
    ) async throws -> T {
        guard let contentType = req.headers.contentType, contentType.type == "multipart", contentType.subType == "form-data" else {
            if req.body.data == nil, req.hasBody {
                _ = try await req.body.collect(max: StaffLimits.maxFormBytes).get()
            }
            return try req.content.decode(T.self)
        }
        guard let boundary = contentType.parameters["boundary"], var scanner = MultipartScanner(boundary: boundary, limits: limits)
        else { throw Refusal(status: .badRequest, reason: MultipartScanner.Problem.malformed.message) }
        var body: ByteBuffer
        if let collected = req.body.data {
            guard collected.readableBytes <= maxBytes else { throw tooLarge(maxBytes) }
            if let problem = scanner.feed(collected.readableBytesView) { throw refusal(problem) }
            body = collected
        } else {
            guard req.hasBody else { throw Refusal(status: .badRequest, reason: MultipartScanner.Problem.malformed.message) }
            body = ByteBuffer()
            for try await chunk in req.body {
                guard body.readableBytes + chunk.readableBytes <= maxBytes else { throw tooLarge(maxBytes) }
                if let problem = scanner.feed(chunk.readableBytesView) { throw refusal(problem) }
                var chunk = chunk
                body.writeBuffer(&chunk)
            }
        }
        if let problem = scanner.finish() { throw refusal(problem) }
        let complete = body
        return try await req.application.threadPool.runIfActive {
            try FormDataDecoder().decode(T.self, from: complete, boundary: boundary)
        }
    }

    private static func refusal(_ problem: MultipartScanner.Problem) -> Refusal {
        switch problem {
        case .tooManyParts: Refusal(status: .payloadTooLarge, reason: problem.message)
        case .headerTooLong, .nameTooLong, .malformed: Refusal(status: .badRequest, reason: problem.message)
        }
    }

    private static func tooLarge(_ maxBytes: Int) -> Refusal {
        Refusal(status: .payloadTooLarge, reason: "Biểu mẫu lớn hơn \(maxBytes / (1024 * 1024)) MB; hãy gửi ít tệp hơn hoặc tệp nhỏ hơn.")
    }
}

extension Request {
    /// Whether the client said a body follows (a length above zero, or chunked encoding).
    var hasBody: Bool {
        if let length = headers.first(name: .contentLength).flatMap(Int.init) { return length > 0 }
        return headers.contains(name: .transferEncoding)
    }
}

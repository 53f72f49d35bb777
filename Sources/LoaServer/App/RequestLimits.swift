import Synchronization
import Vapor

/// Before anything reads a request: drops NULs from its URL, and turns away more requests at
/// once from one address than a browser makes.
///
/// Bounds how many requests one address may have in progress at once. It runs when a request's
/// head has arrived and before its body is read, so a client that opens thousands of slow uploads
/// is turned away after the first few dozen instead of holding memory and connections; silent
/// connections are closed by the server's idle timeout (`LOA_IDLE_TIMEOUT`).
struct RequestLimitsMiddleware: Middleware {
    let limit: Int
    let metrics: Metrics
    private let inFlight = InFlight()

    final class InFlight: Sendable {
        let counts = Mutex<[String: Int]>([:])

        func enter(_ address: String, limit: Int) -> Bool {
            counts.withLock { counts in
                let current = counts[address, default: 0]
                guard current < limit else { return false }
                counts[address] = current + 1
                return true
            }
        }

        func leave(_ address: String) {
            counts.withLock { counts in
                let remaining = counts[address, default: 1] - 1
                counts[address] = remaining > 0 ? remaining : nil
            }
        }
    }

    init(limit: Int, metrics: Metrics) {
        self.limit = limit
        self.metrics = metrics
    }

    /// Future-based for speed; see `MetricsMiddleware`.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        // No address or search holds a NUL; left in a parameter it would reach the database, where
        // PostgreSQL refuses it in text, from every page that reads one. It is dropped here, once,
        // so that such a search simply finds what the rest of it finds.
        if request.url.string.contains("%00") {
            request.url = URI(string: request.url.string.replacingOccurrences(of: "%00", with: ""))
        }
        guard let address = request.clientAddress else { return next.respond(to: request) }
        guard inFlight.enter(address, limit: limit) else {
            metrics.recordRefusal("requests_per_address")
            return request.eventLoop.makeFailedFuture(
                Abort(
                    .tooManyRequests, headers: ["Retry-After": "5"],
                    reason: "Có quá nhiều yêu cầu cùng lúc từ địa chỉ của bạn. Hãy thử lại sau ít giây."))
        }
        return next.respond(to: request).always { _ in inFlight.leave(address) }
    }
}

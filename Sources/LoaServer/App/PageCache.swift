import Synchronization
import Vapor

/// Rendered public pages, feeds and API answers kept in memory, so that serving a page costs
/// about as much as serving a static file. Anything that changes public content calls
/// `invalidateAll()`; entries also expire after `lifetime`, which bounds how long another
/// `loa serve` process behind the same load balancer shows the old version.
final class PageCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        /// Complete headers, security headers and ETag included: a hit needs no header work.
        let headers: HTTPHeaders
        let etag: String
        /// The route that rendered the page, so that a hit is counted under it in `/metrics`.
        let route: Route?
        let storedAt: ContinuousClock.Instant
    }

    static let maxEntries = 5_000

    let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    func entry(for key: String) -> Entry? {
        guard lifetime > .zero, let entry = entries.withLock({ $0[key] }) else { return nil }
        return entry.storedAt.duration(to: .now) < lifetime ? entry : nil
    }

    func store(_ entry: Entry, for key: String) {
        guard lifetime > .zero else { return }
        entries.withLock { entries in
            // Query strings make the key space unbounded; starting over keeps memory bounded.
            if entries.count >= Self.maxEntries { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    func invalidateAll() {
        entries.withLock { $0.removeAll() }
    }

    /// The answer to a GET: 304 when `If-None-Match` names the current ETag, else the page.
    static func answer(_ request: Request, body: ByteBuffer, headers: HTTPHeaders, etag: String) -> Response {
        if let match = request.headers.first(name: .ifNoneMatch), matches(match, etag) {
            var notModifiedHeaders = HTTPHeaders()
            notModifiedHeaders.replaceOrAdd(name: .eTag, value: etag)
            if let cacheControl = headers.first(name: .cacheControl) {
                notModifiedHeaders.replaceOrAdd(name: .cacheControl, value: cacheControl)
            }
            return Response(status: .notModified, headers: notModifiedHeaders)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: body))
    }

    /// `If-None-Match` may list several tags, weak or strong; weak comparison is right for GET.
    static func matches(_ header: String, _ etag: String) -> Bool {
        let strip: (Substring) -> Substring = { tag in
            let trimmed = tag.drop(while: { $0 == " " })
            return trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
        }
        let wanted = strip(Substring(etag))
        return header.split(separator: ",").contains { candidate in
            let tag = strip(candidate).prefix(while: { $0 != " " })
            return tag == "*" || tag == wanted
        }
    }

    static func etag(of body: ByteBuffer) -> String {
        let digest = SHA256.hash(data: body.readableBytesView)
        return "\"" + digest.prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
    }
}

/// On the public routes: gives every successful GET an ETag, answers 304 when the client already
/// has it, and stores the page in the cache.
///
/// Future-based (see `MetricsMiddleware`): one `map`, no task hop.
struct PublicCacheMiddleware: Middleware {
    /// Nil for answers that must be computed each time but may still be answered with 304.
    let cache: PageCache?
    let securityHeaders: SecurityHeadersMiddleware

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.method == .GET || request.method == .HEAD else { return next.respond(to: request) }
        return next.respond(to: request).map { response in
            guard response.status == .ok, let body = response.body.buffer else { return response }
            let etag = response.headers.first(name: .eTag) ?? PageCache.etag(of: body)
            var headers = response.headers
            headers.replaceOrAdd(name: .eTag, value: etag)
            if !headers.contains(name: .cacheControl) {
                headers.replaceOrAdd(name: .cacheControl, value: "public, no-cache")
            }
            securityHeaders.apply(to: &headers)
            let entry = PageCache.Entry(body: body, headers: headers, etag: etag, route: request.route, storedAt: .now)
            cache?.store(entry, for: request.url.string)
            return PageCache.answer(request, body: body, headers: headers, etag: etag)
        }
    }
}

/// Answers cache hits before routing, the way a caching proxy in front of Loa would: a cached
/// page costs neither the router nor the middleware chain. Everything else goes to Vapor's
/// responder unchanged.
struct PageCacheResponder: Responder {
    let inner: any Responder
    let cache: PageCache
    let metrics: Metrics
    /// Counts the readings of public pages, whether or not they came from the cache.
    let readings: ReadingCounter

    func respond(to request: Request) -> EventLoopFuture<Response> {
        guard request.method == .GET || request.method == .HEAD, let entry = cache.entry(for: request.url.string) else {
            metrics.recordPageCache(hit: false)
            return inner.respond(to: request).map { [readings] response in
                if response.status == .ok || response.status == .notModified { readings.record(request) }
                return response
            }
        }
        let started = ContinuousClock.now
        metrics.recordPageCache(hit: true)
        let response = PageCache.answer(request, body: entry.body, headers: entry.headers, etag: entry.etag)
        readings.record(request)
        metrics.recordRequest(
            route: entry.route, method: request.method, status: Int(response.status.code), duration: started.duration(to: .now))
        return request.eventLoop.makeSucceededFuture(response)
    }
}

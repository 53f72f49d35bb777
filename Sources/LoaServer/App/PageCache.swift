import Synchronization
import Vapor

/// Rendered public pages, feeds and API answers kept in memory, so that serving a page costs
/// about as much as serving a static file. Anything that changes public content calls
/// `invalidateAll()`; entries also expire after `lifetime`, which bounds how long another
/// `loa serve` process behind the same load balancer shows the old version.
final class PageCache: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        let headers: HTTPHeaders
        let etag: String
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
}

/// Gives every public GET an ETag, answers 304 when the client already has it, and serves
/// successful answers from the page cache.
struct PublicCacheMiddleware: AsyncMiddleware {
    let cache: PageCache
    let metrics: Metrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD else { return try await next.respond(to: request) }
        let key = request.url.string
        if let entry = cache.entry(for: key) {
            metrics.recordPageCache(hit: true)
            return answer(request, body: entry.body, headers: entry.headers, etag: entry.etag)
        }
        metrics.recordPageCache(hit: false)
        let response = try await next.respond(to: request)
        guard response.status == .ok, let body = response.body.buffer else { return response }
        let etag = response.headers.first(name: .eTag) ?? Self.etag(of: body)
        var headers = response.headers
        headers.replaceOrAdd(name: .eTag, value: etag)
        if !headers.contains(name: .cacheControl) {
            headers.replaceOrAdd(name: .cacheControl, value: "public, no-cache")
        }
        cache.store(PageCache.Entry(body: body, headers: headers, etag: etag, storedAt: .now), for: key)
        return answer(request, body: body, headers: headers, etag: etag)
    }

    private func answer(_ request: Request, body: ByteBuffer, headers: HTTPHeaders, etag: String) -> Response {
        if let match = request.headers.first(name: .ifNoneMatch), Self.matches(match, etag) {
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

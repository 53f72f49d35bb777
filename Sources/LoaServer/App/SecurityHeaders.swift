import Vapor

/// Headers that make every answer safer to show: no MIME sniffing, no framing by other sites,
/// scripts and styles only from Loa itself, and HTTPS remembered when Loa is served over TLS.
struct SecurityHeadersMiddleware: Middleware {
    let headers: [(String, String)]

    init(settings: Settings) {
        var headers = [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("X-Frame-Options", "SAMEORIGIN"),
            (
                "Content-Security-Policy",
                """
                default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri \
                'self'; form-action 'self'; frame-ancestors 'self'
                """
            ),
        ]
        if settings.isSecure {
            headers.append(("Strict-Transport-Security", "max-age=31536000"))
        }
        self.headers = headers
    }

    /// Future-based for speed; see `MetricsMiddleware`.
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            // Cached public pages carry these headers already (see `PublicCacheMiddleware`).
            if !response.headers.contains(name: "X-Content-Type-Options") {
                apply(to: &response.headers)
            }
            return response
        }
    }

    func apply(to headers: inout HTTPHeaders) {
        for (name, value) in self.headers where !headers.contains(name: name) {
            headers.add(name: name, value: value)
        }
    }
}

import Vapor

/// Headers that make every answer safer to show: no MIME sniffing, no framing by other sites,
/// scripts and styles only from Loa itself, and HTTPS remembered when Loa is served over TLS.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let headers: [(String, String)]

    init(settings: Settings) {
        var headers = [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("X-Frame-Options", "SAMEORIGIN"),
            (
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
            ),
        ]
        if settings.isSecure {
            headers.append(("Strict-Transport-Security", "max-age=31536000"))
        }
        self.headers = headers
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.add(name: name, value: value)
        }
        return response
    }
}

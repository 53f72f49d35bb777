import Fluent
import LoaCore
import Vapor

/// Who is acting: a signed-in staff member (console) or an integration's API token.
struct StaffIdentity: Sendable {
    let userID: UUID
    let email: String
    let name: String
    let role: Role
    /// The handler's unit: they see that unit's petitions and those of the units under it.
    var unitID: UUID? = nil
    /// Whether the account signs in with a code from an authenticator app as well.
    var twoFactorEnabled = false
    /// Whether it still has the temporary password an administrator gave it.
    var mustChangePassword = false
    /// Work waiting for them that they have not looked at (console sessions only).
    var unreadNotices = 0
    /// The console session, absent for API tokens.
    let sessionID: UUID?
    let csrfToken: String?
}

enum Secrets {
    /// 32 random bytes, URL-safe base64: session cookies, CSRF tokens, API tokens, passwords.
    static func token(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What is stored instead of a token.
    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares without leaking, through timing, how much of the two matched.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    /// A password people can type: 16 characters without look-alikes.
    static func password() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

extension Request {
    private struct StaffKey: StorageKey {
        typealias Value = StaffIdentity
    }

    var staff: StaffIdentity? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// The acting staff member, who must hold `permission`; 403 with the reason otherwise.
    @discardableResult
    func requireStaff(_ permission: Permission? = nil) throws -> StaffIdentity {
        guard let staff else { throw Abort(.unauthorized, reason: "Cần đăng nhập.") }
        if let permission, !application.loa.permissions.role(staff.role, may: permission) {
            throw APIError(
                status: .forbidden, code: "forbidden",
                message: "Vai trò \(staff.role.name) không có quyền thực hiện thao tác này.")
        }
        return staff
    }

    /// The client's address, for the audit log and rate limits. Forwarding headers are believed
    /// only from the proxies the operator named (`LOA_TRUSTED_PROXIES`, none by default), and in
    /// in-process tests, which have no socket; the client is the last address a trusted proxy did
    /// not add.
    var clientAddress: String? {
        let remote = remoteAddress?.ipAddress
        let trusted = application.loa.settings.trustedProxies
        if let remote, !trusted.contains(remote) { return remote }
        let chain = (headers.first(name: .xForwardedFor) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if let client = chain.last(where: { !trusted.contains($0) }) ?? chain.first { return String(client.prefix(64)) }
        return headers.forwarded.first?.for.map { String($0.prefix(64)) } ?? remote
    }
}

extension Request {
    /// The socket is loopback and no proxy forwarded the request (in-process tests have no socket).
    var isFromThisMachine: Bool {
        guard !headers.contains(name: .xForwardedFor), !headers.contains(name: .forwarded) else { return false }
        guard let socket = remoteAddress?.ipAddress else { return true }
        return socket == "127.0.0.1" || socket == "::1" || socket == "::ffff:127.0.0.1"
    }
}

/// Console sessions, stored in the database.
enum StaffSessions {
    static let cookieName = "loa_session"
    static let lifetime: TimeInterval = 12 * 3600

    /// Starts a new session (a new id at every sign-in) and returns the cookie to set.
    static func start(for user: StaffUser, request: Request) async throws -> HTTPCookies.Value {
        let token = Secrets.token()
        let session = StaffSession()
        session.tokenHash = Secrets.hash(token)
        session.$user.id = try user.requireID()
        session.csrfToken = Secrets.token()
        session.expiresAt = Date().addingTimeInterval(lifetime)
        session.lastSeenAt = Date()
        session.address = request.clientAddress
        try await session.create(on: request.db)
        return cookie(token, request: request, maxAge: Int(lifetime))
    }

    static func cookie(_ value: String, request: Request, maxAge: Int) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
            isSecure: request.application.loa.settings.isSecure, isHTTPOnly: true, sameSite: .lax)
    }

    static func find(token: String, on db: any Database) async throws -> (StaffSession, StaffUser)? {
        guard
            let session = try await StaffSession.query(on: db).filter(\.$tokenHash == Secrets.hash(token))
                .filter(\.$expiresAt > Date()).with(\.$user).first(), !session.user.disabled
        else { return nil }
        return (session, session.user)
    }
}

/// Reads the session cookie on console routes and the bearer token on API routes.
struct StaffAuthenticator: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let header = request.headers.bearerAuthorization?.token {
            guard let identity = try await Self.identity(forToken: header, on: request.db) else {
                throw APIError(
                    status: .unauthorized, code: "unauthorized",
                    message: "API token không hợp lệ, đã hết hạn, đã bị thu hồi, hoặc tài khoản đã bị khóa.")
            }
            request.staff = identity
        } else if let cookie = request.cookies[StaffSessions.cookieName]?.string,
            let (session, user) = try await StaffSessions.find(token: cookie, on: request.db)
        {
            request.staff = StaffIdentity(
                userID: try user.requireID(), email: user.email, name: user.name, role: user.role, unitID: user.unitID,
                twoFactorEnabled: user.totpEnabledAt != nil, mustChangePassword: user.mustChangePassword,
                unreadNotices: try await StaffNotices.unread(for: try user.requireID(), on: request.db), sessionID: session.id,
                csrfToken: session.csrfToken)
            // Sliding expiry, written at most every few minutes rather than on every request.
            if session.lastSeenAt.addingTimeInterval(300) < Date() {
                session.lastSeenAt = Date()
                session.expiresAt = Date().addingTimeInterval(StaffSessions.lifetime)
                try await session.save(on: request.db)
            }
        }
        return try await next.respond(to: request)
    }

    static func identity(forToken token: String, on db: any Database) async throws -> StaffIdentity? {
        guard
            let record = try await APIToken.query(on: db).filter(\.$tokenHash == Secrets.hash(token)).filter(\.$revokedAt == nil)
                .filter(\.$expiresAt > Date()).with(\.$user).first(), !record.user.disabled
        else { return nil }
        if (record.lastUsedAt ?? .distantPast).addingTimeInterval(60) < Date() {
            record.lastUsedAt = Date()
            try await record.save(on: db)
        }
        let user = record.user
        return StaffIdentity(
            userID: try user.requireID(), email: user.email, name: user.name, role: user.role, unitID: user.unitID, sessionID: nil,
            csrfToken: nil)
    }
}

/// Refuses a state-changing console request whose form does not carry the session's CSRF token
/// (field `_csrf`, or header `X-CSRF-Token`), before anything is read or written.
struct CSRFProtection: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else { return try await next.respond(to: request) }
        guard let expected = request.staff?.csrfToken else {
            // No session: the login form, or a request that the route will refuse anyway.
            return try await next.respond(to: request)
        }
        if request.body.data == nil {
            // Uploads are the only multipart forms; every other console form is small.
            let multipart = request.headers.contentType?.subType == "form-data"
            _ = try await request.body.collect(max: multipart ? StaffLimits.maxUploadBytes + 64 * 1024 : StaffLimits.maxFormBytes).get()
        }
        // An upload form has a token, a file and little else: a body of thousands of parts is
        // refused before the form is decoded to read the token.
        if let contentType = request.headers.contentType, contentType.subType == "form-data", let body = request.body.data {
            guard let boundary = contentType.parameters["boundary"],
                var scanner = MultipartScanner(boundary: boundary, limits: StaffLimits.uploadParts)
            else { throw Abort(.badRequest, reason: MultipartScanner.Problem.malformed.message) }
            if let problem = scanner.feed(body.readableBytesView) ?? scanner.finish() {
                throw Abort(problem == .malformed ? .badRequest : .payloadTooLarge, reason: problem.message)
            }
        }
        let sent = request.headers.first(name: "X-CSRF-Token") ?? (try? request.content.get(String.self, at: "_csrf"))
        guard let sent, Secrets.constantTimeEquals(sent, expected) else {
            request.logger.warning("CSRF token missing or wrong on \(request.method) \(request.url.path)")
            throw Abort(.forbidden, reason: "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. Hãy tải lại trang và thử lần nữa.")
        }
        return try await next.respond(to: request)
    }
}

enum StaffLimits {
    static let maxUploadBytes = 20 * 1024 * 1024
    /// A Markdown body of 200,000 characters in Vietnamese, URL-encoded, fits.
    static let maxFormBytes = 2 * 1024 * 1024
    /// The CSRF token, the file and a few fields.
    static let uploadParts = MultipartScanner.Limits(parts: 8)
}

/// Every staff action, appended in the same transaction as the change it records.
enum Audit {
    /// An action of an operation; written with the context's database (the change's transaction).
    static func record(
        _ context: OperationContext, _ action: String, recordType: String, recordID: String? = nil, summary: String = ""
    )
        async throws
    {
        try await record(
            actor: context.actorName, actorID: context.userID, address: context.address, action, recordType: recordType,
            recordID: recordID, summary: summary, at: context.now, on: context.db)
    }

    /// An action at a request: by whoever is signed in, or "(chưa đăng nhập)" (a failed sign-in).
    static func record(
        _ request: Request, _ action: String, recordType: String, recordID: String? = nil, summary: String = "", on db: any Database
    ) async throws {
        try await record(
            actor: request.staff?.email ?? "(chưa đăng nhập)", actorID: request.staff?.userID, address: request.clientAddress, action,
            recordType: recordType, recordID: recordID, summary: summary, on: db)
    }

    /// For actions outside a request: the command line, demo content, jobs.
    static func record(
        actor: String, actorID: UUID? = nil, address: String? = "cli", _ action: String, recordType: String, recordID: String?,
        summary: String, at now: Date = Date(), on db: any Database
    )
        async throws
    {
        let entry = AuditEntry()
        entry.actorID = actorID
        entry.actorEmail = actor
        entry.action = action
        entry.recordType = recordType
        entry.recordID = recordID
        entry.summary = String(summary.prefix(1000))
        entry.address = address
        entry.createdAt = now
        try await entry.create(on: db)
    }
}

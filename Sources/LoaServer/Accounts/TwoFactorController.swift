import Fluent
import Foundation
import LoaCore
import QRCode
import SQLKit
import Vapor

/// Two-factor sign-in for staff: a TOTP code from any authenticator app (RFC 6238), enrolled by
/// scanning a QR code, with single-use recovery codes for a lost phone. `LOA_REQUIRE_2FA` makes it
/// compulsory per role; every enrolment, use, failure and removal is in the audit log.
struct TwoFactorController: RouteCollection {
    static let setupPath = SiteRoute.staffTwoFactor.path()
    static let challengePath = SiteRoute.staffLoginCode.path()
    static let challengeCookie = "loa_2fa"
    static let challengeLifetime: TimeInterval = 5 * 60
    static let challengeAttempts = 5

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffLoginCode, use: challengePage)
        staff.post(.staffLoginCode, use: verifyChallenge)
        staff.get(.staffTwoFactor, use: setupPage)
        staff.post(.staffTwoFactorEnable, use: enable)
        staff.post(.staffTwoFactorRecoveryCodes, use: renewRecoveryCodes)
        staff.post(.staffTwoFactorDisable, use: disable)
    }

    // MARK: The step after the password

    /// The password was right and the account has a second factor: the browser gets a short-lived
    /// challenge and is asked for a code; no session exists until the code is right.
    static func challenge(_ user: StaffUser, next: String?, request req: Request) async throws -> Response {
        let token = Secrets.token()
        let challenge = SignInChallenge()
        challenge.tokenHash = Secrets.hash(token)
        challenge.$user.id = try user.requireID()
        challenge.next = next
        challenge.attempts = 0
        challenge.expiresAt = Date().addingTimeInterval(challengeLifetime)
        try await challenge.create(on: req.db)
        let response = req.redirect(to: challengePath)
        response.cookies[challengeCookie] = StaffSessions.cookie(token, request: req, maxAge: Int(challengeLifetime))
        return response
    }

    private func pendingChallenge(_ req: Request) async throws -> SignInChallenge? {
        guard let token = req.cookies[Self.challengeCookie]?.string else { return nil }
        return try await SignInChallenge.query(on: req.db).filter(\.$tokenHash == Secrets.hash(token)).filter(\.$expiresAt > Date())
            .with(\.$user).first()
    }

    @Sendable func challengePage(req: Request) async throws -> Response {
        guard try await pendingChallenge(req) != nil else { return req.redirect(to: SiteRoute.staffLogin.path()) }
        return AccountController.preSessionPage(req) { csrf in
            SignInViews.challenge(error: nil, csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    struct CodeForm: Content {
        var code: String?
        var _csrf: String?
    }

    @Sendable func verifyChallenge(req: Request) async throws -> Response {
        let form = try req.content.decode(CodeForm.self)
        try AccountController.checkPreSessionCSRF(req, sent: form._csrf)
        guard let challenge = try await pendingChallenge(req), let challengeID = challenge.id else {
            return req.redirect(to: SiteRoute.staffLogin.path())
        }
        let user = challenge.user
        // Counted in one statement before the code is weighed, like passwords: parallel tries
        // cannot get more than `challengeAttempts` looks.
        struct Count: Decodable { var attempts: Int }
        let counted = try await (req.db as! any SQLDatabase).raw(
            """
            UPDATE staff_sign_in_challenges SET attempts = attempts + 1
            WHERE id = \(bind: challengeID) AND attempts < \(bind: Self.challengeAttempts) RETURNING attempts
            """
        ).first(decoding: Count.self)
        guard counted != nil, !user.disabled else {
            try await challenge.delete(on: req.db)
            return AccountController.preSessionPage(req, status: .tooManyRequests) { csrf in
                SignInViews.challengeEnded(permissions: req.application.loa.permissions)
            }
        }
        let code = String((form.code ?? "").unicodeScalars.prefix(64))
        if let how = try await Self.acceptSecondFactor(code, of: user, request: req) {
            try await challenge.delete(on: req.db)
            let response = try await AccountController.startSession(for: user, next: challenge.next, request: req, how: how)
            response.cookies[Self.challengeCookie] = StaffSessions.cookie("", request: req, maxAge: 0)
            return response
        }
        try await Audit.record(req, "two_factor.failed", recordType: "user", recordID: user.id?.uuidString, summary: user.email, on: req.db)
        return AccountController.preSessionPage(req, status: .unauthorized) { csrf in
            SignInViews.challenge(
                error: "Mã không đúng hoặc đã dùng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực, hoặc một mã khôi phục.",
                csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    /// A current TOTP code (each time step once) or an unused recovery code; says which, for the
    /// audit log, or nil. Each is claimed by a conditional update, so two parallel requests with
    /// the same code cannot both sign in.
    static func acceptSecondFactor(_ code: String, of user: StaffUser, request req: Request) async throws -> String? {
        let userID = try user.requireID()
        let sql = req.db as! any SQLDatabase
        if let secret = user.totpSecret.flatMap(Base32.decode),
            let step = TOTP(secret: secret).verify(code, at: Date(), lastUsedCounter: user.totpLastStep)
        {
            struct Row: Decodable { var id: UUID }
            let claimed = try await sql.raw(
                """
                UPDATE staff_users SET totp_last_step = \(bind: step)
                WHERE id = \(bind: userID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
                """
            ).first(decoding: Row.self)
            guard claimed != nil else { return nil }
            user.totpLastStep = step
            try await Audit.record(req, "two_factor.use", recordType: "user", recordID: userID.uuidString, summary: user.email, on: req.db)
            return "mật khẩu và mã xác thực"
        }
        let hash = RecoveryCodes.hash(code)
        guard
            let recovery = try await RecoveryCode.query(on: req.db).filter(\.$user.$id == userID).filter(\.$codeHash == hash)
                .filter(\.$usedAt == nil).first(), let recoveryID = recovery.id
        else { return nil }
        struct Row: Decodable { var id: UUID }
        let claimed = try await sql.raw(
            "UPDATE staff_recovery_codes SET used_at = \(bind: Date()) WHERE id = \(bind: recoveryID) AND used_at IS NULL RETURNING id"
        ).first(decoding: Row.self)
        guard claimed != nil else { return nil }
        let left = try await RecoveryCode.query(on: req.db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).count()
        try await Audit.record(
            req, "two_factor.recovery_used", recordType: "user", recordID: userID.uuidString,
            summary: "\(user.email): còn \(left) mã khôi phục", on: req.db)
        return "mật khẩu và mã khôi phục"
    }

    // MARK: Setting it up

    private func signedInUser(_ req: Request) async throws -> (StaffIdentity, StaffUser) {
        let staff = try req.consoleStaff()
        guard let user = try await StaffUser.find(staff.userID, on: req.db) else { throw Abort(.unauthorized) }
        return (staff, user)
    }

    @Sendable func setupPage(req: Request) async throws -> Response {
        let (staff, user) = try await signedInUser(req)
        return try await page(req, staff: staff, user: user, flash: nil, error: nil)
    }

    private func page(
        _ req: Request, staff: StaffIdentity, user: StaffUser, flash: HTML?, error: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let settings = req.application.loa.settings
        let required = settings.requireTwoFactor.contains(user.role)
        if user.totpEnabledAt != nil {
            let left = try await RecoveryCode.query(on: req.db).filter(\.$user.$id == staff.userID).filter(\.$usedAt == nil).count()
            let model = SignInViews.TwoFactorStatus(
                enabledAt: user.totpEnabledAt, recoveryCodesLeft: left, required: required, flash: flash, error: error)
            let response = Response.html(
                SignInViews.twoFactorEnabled(staff, model, permissions: req.application.loa.permissions), status: status)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        // A secret is made once and kept until the first code proves the app has it.
        if user.totpSecret == nil {
            var generator = SystemRandomNumberGenerator()
            user.totpSecret = Base32.encode(TOTP.newSecret(using: &generator))
            try await user.save(on: req.db)
        }
        let secret = user.totpSecret ?? ""
        let uri = TOTP.provisioningURI(secret: Base32.decode(secret) ?? [], account: user.email, issuer: settings.siteName)
        let qr = QRCode(uri).map { HTML(trusted: $0.svg(title: "Mã QR để thêm tài khoản \(user.email) vào ứng dụng xác thực")) }
        let model = SignInViews.TwoFactorEnrolment(secret: secret, qrCode: qr, required: required, error: error)
        let response = Response.html(SignInViews.twoFactorSetup(staff, model, permissions: req.application.loa.permissions), status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable func enable(req: Request) async throws -> Response {
        let (staff, user) = try await signedInUser(req)
        guard user.totpEnabledAt == nil else { return req.redirect(to: Self.setupPath) }
        let form = try req.content.decode(CodeForm.self)
        guard let secret = user.totpSecret.flatMap(Base32.decode),
            let step = TOTP(secret: secret).verify(form.code ?? "", at: Date(), lastUsedCounter: nil)
        else {
            return try await page(
                req, staff: staff, user: user, flash: nil,
                error: "Mã chưa đúng. Hãy quét lại mã QR và nhập mã 6 chữ số đang hiện trong ứng dụng.", status: .unprocessableEntity)
        }
        user.totpEnabledAt = Date()
        user.totpLastStep = step
        let codes = try await Self.replaceRecoveryCodes(of: user, request: req, action: "two_factor.enrol")
        return try await page(req, staff: staff, user: user, flash: SignInViews.recoveryCodes(codes, first: true), error: nil)
    }

    @Sendable func renewRecoveryCodes(req: Request) async throws -> Response {
        let (staff, user) = try await signedInUser(req)
        guard user.totpEnabledAt != nil else { return req.redirect(to: Self.setupPath) }
        let form = try req.content.decode(CodeForm.self)
        guard try await Self.acceptSecondFactor(form.code ?? "", of: user, request: req) != nil else {
            return try await page(
                req, staff: staff, user: user, flash: nil, error: "Mã xác thực không đúng; mã khôi phục cũ vẫn giữ nguyên.",
                status: .unprocessableEntity)
        }
        let codes = try await Self.replaceRecoveryCodes(of: user, request: req, action: "two_factor.recovery_renew")
        return try await page(req, staff: staff, user: user, flash: SignInViews.recoveryCodes(codes, first: false), error: nil)
    }

    struct DisableForm: Content {
        var password: String?
        var code: String?
    }

    @Sendable func disable(req: Request) async throws -> Response {
        let (staff, user) = try await signedInUser(req)
        guard user.totpEnabledAt != nil else { return req.redirect(to: Self.setupPath) }
        if req.application.loa.settings.requireTwoFactor.contains(user.role) {
            return try await page(
                req, staff: staff, user: user, flash: nil, error: "Vai trò \(user.role.name) bắt buộc xác thực hai bước nên không thể tắt.",
                status: .conflict)
        }
        let form = try req.content.decode(DisableForm.self)
        guard try await req.password.async.verify(form.password ?? "", created: user.passwordHash),
            try await Self.acceptSecondFactor(form.code ?? "", of: user, request: req) != nil
        else {
            return try await page(
                req, staff: staff, user: user, flash: nil, error: "Mật khẩu hoặc mã xác thực không đúng; xác thực hai bước vẫn bật.",
                status: .unprocessableEntity)
        }
        user.totpEnabledAt = nil
        user.totpSecret = nil
        user.totpLastStep = nil
        try await req.db.transaction { db in
            try await user.save(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == staff.userID).delete()
            try await Audit.record(
                req, "two_factor.disable", recordType: "user", recordID: staff.userID.uuidString, summary: user.email, on: db)
        }
        return try await page(req, staff: staff, user: user, flash: "Đã tắt xác thực hai bước.", error: nil)
    }

    /// Ten new recovery codes replace the old ones; only their hashes are kept, and they are shown once.
    static func replaceRecoveryCodes(of user: StaffUser, request req: Request, action: String) async throws -> [String] {
        var generator = SystemRandomNumberGenerator()
        let codes = RecoveryCodes.generate(count: 10, using: &generator)
        let userID = try user.requireID()
        try await req.db.transaction { db in
            try await user.save(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == userID).delete()
            for code in codes {
                let record = RecoveryCode()
                record.$user.id = userID
                record.codeHash = RecoveryCodes.hash(code)
                try await record.create(on: db)
            }
            try await Audit.record(req, action, recordType: "user", recordID: userID.uuidString, summary: user.email, on: db)
        }
        return codes
    }
}

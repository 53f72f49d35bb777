import Fluent
import Foundation
import LoaCore
import Vapor

/// "Quên mật khẩu": a single-use link, valid for an hour, mailed through `LOA_SENDMAIL`. The page
/// answers the same whether or not the address has an account, so it tells nobody who works here.
struct PasswordResetController: RouteCollection {
    static let linkLifetime: TimeInterval = 3600
    static let invitationLifetime: TimeInterval = 7 * 86_400
    static let requestsPerAddressAnHour = 5
    static let mailsPerAccountAnHour = 3

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffForgotPassword, use: requestPage)
        staff.post(.staffForgotPassword, use: request)
        staff.get(.staffResetPassword, use: resetPage)
        staff.post(.staffResetPassword, use: reset)
    }

    @Sendable func requestPage(req: Request) async throws -> Response {
        let canMail = req.application.loa.settings.sendmailCommand != nil
        return AccountController.preSessionPage(req) { csrf in
            SignInViews.forgotPassword(sent: false, canMail: canMail, csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    struct RequestForm: Content {
        var email: String?
        var _csrf: String?
    }

    @Sendable func request(req: Request) async throws -> Response {
        let form = try req.content.decode(RequestForm.self)
        try AccountController.checkPreSessionCSRF(req, sent: form._csrf)
        let settings = req.application.loa.settings
        guard
            try await RateLimit.hit(
                RateLimit.key("password-reset", address: req.clientAddress), limit: Self.requestsPerAddressAnHour, window: 3600, on: req.db)
        else {
            throw Abort(.tooManyRequests, reason: "Đã có nhiều yêu cầu đặt lại mật khẩu từ địa chỉ này. Hãy thử lại sau một giờ.")
        }
        let email = String((form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased().unicodeScalars.prefix(200))
        if settings.sendmailCommand != nil, let user = try await StaffUser.query(on: req.db).filter(\.$email == email).first(),
            !user.disabled, let userID = user.id,
            try await RateLimit.hit("password-reset-mail:\(userID)", limit: Self.mailsPerAccountAnHour, window: 3600, on: req.db)
        {
            try await req.db.transaction { db in
                try await JobQueue.enqueue(SendPasswordReset.self, .init(userID: userID), on: db)
                try await Audit.record(
                    req, "user.password_reset_requested", recordType: "user", recordID: userID.uuidString, summary: email, on: db)
            }
        }
        return AccountController.preSessionPage(req) { csrf in
            SignInViews.forgotPassword(
                sent: true, canMail: settings.sendmailCommand != nil, csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    /// The link's reset, if it can still be used.
    private func validReset(_ req: Request) async throws -> PasswordReset? {
        guard let token = req.parameters.get("token"), token.utf8.count <= 100 else { return nil }
        guard
            let reset = try await PasswordReset.query(on: req.db).filter(\.$tokenHash == Secrets.hash(token)).filter(\.$usedAt == nil)
                .filter(\.$expiresAt > Date()).with(\.$user).first(), !reset.user.disabled
        else { return nil }
        return reset
    }

    @Sendable func resetPage(req: Request) async throws -> Response {
        let valid = try await validReset(req) != nil
        return AccountController.preSessionPage(req, status: valid ? .ok : .notFound) { csrf in
            SignInViews.resetPassword(valid: valid, error: nil, csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    struct ResetForm: Content {
        var new: String?
        var confirm: String?
        var _csrf: String?
    }

    @Sendable func reset(req: Request) async throws -> Response {
        let form = try req.content.decode(ResetForm.self)
        try AccountController.checkPreSessionCSRF(req, sent: form._csrf)
        let permissions = req.application.loa.permissions
        guard let reset = try await validReset(req), let resetID = reset.id else {
            return AccountController.preSessionPage(req, status: .notFound) { csrf in
                SignInViews.resetPassword(valid: false, error: nil, csrf: csrf, permissions: permissions)
            }
        }
        let new = form.new ?? ""
        if let problem = StaffAccounts.passwordProblem(new) ?? (new == form.confirm ? nil : "Hai lần nhập mật khẩu mới không khớp.") {
            return AccountController.preSessionPage(req, status: .unprocessableEntity) { csrf in
                SignInViews.resetPassword(valid: true, error: problem, csrf: csrf, permissions: permissions)
            }
        }
        let user = reset.user
        let userID = try user.requireID()
        user.passwordHash = try await req.password.async.hash(new)
        user.mustChangePassword = false
        let used = try await req.db.transaction { db -> Bool in
            // Claimed by a conditional update: two submissions of one link change the password once.
            let claimed = try await PasswordReset.query(on: db).filter(\.$id == resetID).filter(\.$usedAt == nil).count()
            guard claimed == 1 else { return false }
            try await PasswordReset.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).set(\.$usedAt, to: Date()).update()
            try await user.save(on: db)
            try await StaffAccounts.revokeCredentials(of: userID, on: db)
            try await Audit.record(req, "user.password_reset", recordType: "user", recordID: userID.uuidString, summary: user.email, on: db)
            return true
        }
        guard used else {
            return AccountController.preSessionPage(req, status: .notFound) { csrf in
                SignInViews.resetPassword(valid: false, error: nil, csrf: csrf, permissions: permissions)
            }
        }
        try await SignInThrottle.succeeded(account: user.email, address: req.clientAddress, on: req.db)
        return req.redirect(to: "\(SiteRoute.staffLogin.path())?da-dat-lai=1")
    }
}

/// Mails the reset link. The token is made here, when the mail is written, so that the job
/// queue never holds a usable link; the database keeps only its hash.
struct SendPasswordReset: JobHandler {
    struct Payload: Codable, Sendable {
        var userID: UUID
        /// A new account's first password rather than a forgotten one: a longer-lived link and a welcome.
        var invitation: Bool? = nil
    }

    static let kind = "staff.mail"
    static var retryPolicy: RetryPolicy { RetryPolicy(maxAttempts: 3) }

    func run(_ payload: Payload, context: JobContext) async throws {
        let settings = context.application.loa.settings
        guard let command = settings.sendmailCommand else { throw MailError(message: "LOA_SENDMAIL không được cấu hình") }
        guard let user = try await StaffUser.find(payload.userID, on: context.database), !user.disabled else { return }
        let token = Secrets.token()
        let reset = PasswordReset()
        reset.tokenHash = Secrets.hash(token)
        reset.$user.id = payload.userID
        reset.createdAt = Date()
        let invitation = payload.invitation ?? false
        reset.expiresAt = Date().addingTimeInterval(
            invitation ? PasswordResetController.invitationLifetime : PasswordResetController.linkLifetime)
        try await reset.create(on: context.database)
        let mail =
            invitation ? Self.invitation(to: user, token: token, settings: settings) : Self.mail(to: user, token: token, settings: settings)
        try await Mailer.send(mail, command: command)
    }

    static func invitation(to user: StaffUser, token: String, settings: Settings) -> Mail {
        let link = settings.publicURL + SiteRoute.staffResetPassword.path(token)
        let body = [
            "Kính gửi \(user.name),", "",
            "Bạn được mời làm việc trên trang quản trị \(settings.siteName) với vai trò \(user.role.name).",
            "Mở liên kết sau để đặt mật khẩu của bạn. Liên kết dùng được một lần, trong 7 ngày:", "", link, "",
            "Sau đó, đăng nhập tại \(settings.publicURL + SiteRoute.staffLogin.path()) bằng địa chỉ \(user.email).", "", settings.siteName,
        ].joined(separator: "\n")
        return Mail(from: settings.mailFrom, to: user.email, subject: "Lời mời sử dụng trang quản trị", body: body)
    }

    static func mail(to user: StaffUser, token: String, settings: Settings) -> Mail {
        let link = settings.publicURL + SiteRoute.staffResetPassword.path(token)
        let body = [
            "Kính gửi \(user.name),", "",
            "Có yêu cầu đặt lại mật khẩu cho tài khoản \(user.email) tại trang quản trị \(settings.siteName).",
            "Mở liên kết sau để đặt mật khẩu mới. Liên kết dùng được một lần, trong 60 phút:", "", link, "",
            "Sau khi đặt lại, mọi phiên đăng nhập và khóa tích hợp của tài khoản sẽ hết hiệu lực.",
            "Nếu bạn không yêu cầu, hãy bỏ qua thư này; mật khẩu hiện tại vẫn giữ nguyên.", "", settings.siteName,
        ].joined(separator: "\n")
        return Mail(from: settings.mailFrom, to: user.email, subject: "Đặt lại mật khẩu trang quản trị", body: body)
    }
}

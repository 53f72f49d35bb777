import Fluent
import LoaCore
import Vapor

/// Signing in and out, the password, users, API tokens and the audit log.
struct AccountController: RouteCollection {
    static let loginCSRFCookie = "loa_login_csrf"

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffLogin, use: loginPage)
        staff.post(.staffLogin, use: login)
        staff.post(.staffLogout, use: logout)
        staff.get(.staffPassword, use: passwordPage)
        staff.post(.staffPassword, use: changePassword)
        staff.get(.staffUsers, use: users)
        staff.post(.staffUsers, use: inviteUser)
        staff.post(.staffUser, use: updateUser)
        staff.get(.staffTokens, use: tokens)
        staff.post(.staffTokens, use: createToken)
        staff.post(.staffTokenRevoke, use: revokeToken)
        staff.get(.staffAudit, use: audit)
    }

    // MARK: Sign in

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
        var _csrf: String?
    }

    @Sendable func loginPage(req: Request) async throws -> Response {
        if req.staff != nil { return req.redirect(to: SiteRoute.staffHome.path()) }
        let reset = req.query[String.self, at: "da-dat-lai"] != nil
        return Self.preSessionPage(req) { csrf in
            ConsoleViews.login(
                email: "", error: nil, notice: reset ? "Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu đó." : nil,
                next: ConsolePath.safe(req.query[String.self, at: "next"]), csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    /// The login form has no session yet, so its CSRF token is a cookie it must echo
    /// (double submit), which keeps other sites from signing people in to an account of theirs.
    private func loginResponse(_ req: Request, email: String, error: String?, next: String?, status: HTTPResponseStatus = .ok) -> Response {
        Self.preSessionPage(req, status: status) { csrf in
            ConsoleViews.login(
                email: email, error: error, next: ConsolePath.safe(next), csrf: csrf, permissions: req.application.loa.permissions)
        }
    }

    /// A page shown before a session exists (sign-in, the two-factor step, password reset): its
    /// form's CSRF token is a fresh cookie that the form must echo.
    static func preSessionPage(_ req: Request, status: HTTPResponseStatus = .ok, _ page: (String) -> HTML) -> Response {
        let token = Secrets.token(bytes: 16)
        let response = Response.html(page(token), status: status)
        response.cookies[loginCSRFCookie] = StaffSessions.cookie(token, request: req, maxAge: 3600)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Refuses a pre-session form whose token does not match its cookie.
    static func checkPreSessionCSRF(_ req: Request, sent: String?) throws {
        guard let cookie = req.cookies[loginCSRFCookie]?.string, let sent, Secrets.constantTimeEquals(cookie, sent) else {
            throw Abort(.forbidden, reason: "Biểu mẫu đã hết hạn. Hãy tải lại trang.")
        }
    }

    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        try Self.checkPreSessionCSRF(req, sent: form._csrf)
        let email = String((form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased().unicodeScalars.prefix(200))
        let password = form.password ?? ""
        // Counted before the password is weighed, for known and unknown accounts alike: the
        // answers are the same whether or not the account exists.
        let admission = try await SignInThrottle.admit(account: email, address: req.clientAddress, on: req.db)
        if let pausedUntil = admission.pausedUntil {
            if admission.startedPause {
                try await Audit.record(req, "login.lockout", recordType: "user", summary: email, on: req.db)
            }
            req.application.loa.metrics.recordRefusal("login_paused")
            return loginResponse(
                req, email: email,
                error: "Đăng nhập tạm khóa vì có nhiều lần nhập sai. Hãy thử lại sau \(VietnamTime.dateTime(pausedUntil)).",
                next: form.next, status: .tooManyRequests)
        }
        let refusal = "E-mail hoặc mật khẩu không đúng."
        guard let user = try await StaffUser.query(on: req.db).filter(\.$email == email).first(), !user.disabled else {
            // Spend the same time as a real check, so that timing does not tell which addresses exist.
            _ = try? await req.password.async.verify(password, created: ConsoleViews.dummyHash)
            try await Audit.record(
                req, "login.failed", recordType: "user", summary: "\(email): không có tài khoản hoặc đã khóa", on: req.db)
            return loginResponse(req, email: email, error: refusal, next: form.next, status: .unauthorized)
        }
        guard try await req.password.async.verify(password, created: user.passwordHash) else {
            try await Audit.record(req, "login.failed", recordType: "user", recordID: user.id?.uuidString, summary: email, on: req.db)
            return loginResponse(req, email: email, error: refusal, next: form.next, status: .unauthorized)
        }
        try await SignInThrottle.succeeded(account: email, address: req.clientAddress, on: req.db)
        if user.totpEnabledAt != nil {
            return try await TwoFactorController.challenge(user, next: ConsolePath.safe(form.next), request: req)
        }
        return try await Self.startSession(for: user, next: ConsolePath.safe(form.next), request: req, how: "mật khẩu")
    }

    /// The last step of every sign-in: a new session (the old one, if any, ends) and the way back
    /// to where the member of staff was going.
    static func startSession(for user: StaffUser, next: String?, request req: Request, how: String) async throws -> Response {
        user.lastLoginAt = Date()
        try await user.save(on: req.db)
        if let old = req.cookies[StaffSessions.cookieName]?.string {
            try await StaffSession.query(on: req.db).filter(\.$tokenHash == Secrets.hash(old)).delete()
        }
        let sessionCookie = try await StaffSessions.start(for: user, request: req)
        req.staff = StaffIdentity(
            userID: try user.requireID(), email: user.email, name: user.name, role: user.role, sessionID: nil, csrfToken: nil)
        try await Audit.record(
            req, "login", recordType: "user", recordID: user.id?.uuidString, summary: "\(user.email) (\(how))", on: req.db)
        let response = req.redirect(to: next ?? SiteRoute.staffHome.path())
        response.cookies[StaffSessions.cookieName] = sessionCookie
        response.cookies[Self.loginCSRFCookie] = StaffSessions.cookie("", request: req, maxAge: 0)
        return response
    }

    @Sendable func logout(req: Request) async throws -> Response {
        if let staff = req.staff, let sessionID = staff.sessionID {
            try await StaffSession.query(on: req.db).filter(\.$id == sessionID).delete()
            try await Audit.record(req, "logout", recordType: "user", recordID: staff.userID.uuidString, summary: staff.email, on: req.db)
        }
        let response = req.redirect(to: SiteRoute.staffLogin.path())
        response.cookies[StaffSessions.cookieName] = StaffSessions.cookie("", request: req, maxAge: 0)
        return response
    }

    // MARK: Password

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var confirm: String?
    }

    @Sendable func passwordPage(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        return .html(ConsoleViews.password(staff, message: nil, error: nil, permissions: req.application.loa.permissions))
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        let form = try req.content.decode(PasswordForm.self)
        guard let user = try await StaffUser.find(staff.userID, on: req.db) else { throw Abort(.unauthorized) }
        var error: String?
        if try await !req.password.async.verify(form.current ?? "", created: user.passwordHash) {
            error = "Mật khẩu hiện tại không đúng."
        } else if let problem = StaffAccounts.passwordProblem(form.new ?? "") {
            error = problem
        } else if form.new != form.confirm {
            error = "Hai lần nhập mật khẩu mới không khớp."
        }
        if let error {
            return .html(
                ConsoleViews.password(staff, message: nil, error: error, permissions: req.application.loa.permissions),
                status: .unprocessableEntity)
        }
        user.passwordHash = try await req.password.async.hash(form.new ?? "")
        user.mustChangePassword = false
        try await req.db.transaction { db in
            try await user.save(on: db)
            // Whoever knew the old password is signed out, and the account's API tokens end with it.
            try await StaffAccounts.revokeCredentials(of: staff.userID, keepingSession: staff.sessionID, on: db)
            try await Audit.record(
                req, "user.password", recordType: "user", recordID: staff.userID.uuidString, summary: staff.email, on: db)
        }
        return .html(
            ConsoleViews.password(
                staff, message: "Đã đổi mật khẩu. Các phiên đăng nhập khác và mọi khóa tích hợp của tài khoản đã hết hiệu lực.", error: nil,
                permissions: req.application.loa.permissions))
    }

    // MARK: Users

    struct InviteForm: Content {
        var email: String?
        var name: String?
        var role: String?
    }

    @Sendable func users(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.manageUsers)
        let users = try await StaffUser.query(on: req.db).sort(\.$email).all()
        return .html(ConsoleViews.users(staff, users: users, flash: nil, permissions: req.application.loa.permissions))
    }

    @Sendable func inviteUser(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.manageUsers)
        let form = try req.content.decode(InviteForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let permissions = req.application.loa.permissions
        guard StaffAccounts.isEmail(email), let role = form.role.flatMap(Role.init(rawValue:)) else {
            let users = try await StaffUser.query(on: req.db).sort(\.$email).all()
            return .html(
                ConsoleViews.users(
                    staff, users: users, flash: ConsoleViews.problem("Hãy nhập e-mail hợp lệ và chọn vai trò."),
                    permissions: permissions),
                status: .unprocessableEntity)
        }
        let password = Secrets.password()
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let user = try await StaffAccounts.create(
            email: email, name: name.isEmpty ? email : String(name.prefix(200)), role: role, password: password, mustChangePassword: true,
            actor: staff.email, app: req.application)
        let users = try await StaffUser.query(on: req.db).sort(\.$email).all()
        let flash: HTML
        if req.application.loa.settings.sendmailCommand != nil {
            // The invitation sets the first password through a link; nobody else ever sees one.
            try await JobQueue.enqueue(SendPasswordReset.self, .init(userID: try user.requireID(), invitation: true), on: req.db)
            flash = "Đã tạo tài khoản \(email) (\(role.name)) và gửi thư mời đến địa chỉ đó; liên kết đặt mật khẩu dùng được trong 7 ngày."
        } else {
            flash = ConsoleViews.secret(
                "Đã tạo tài khoản \(email) (\(role.name)). Máy chủ chưa gửi được thư, nên đây là mật khẩu tạm thời, chỉ hiện một lần — "
                    + "hãy chuyển cho người dùng; lần đăng nhập đầu sẽ yêu cầu đổi:", password)
        }
        return .html(ConsoleViews.users(staff, users: users, flash: flash, permissions: permissions))
    }

    struct UserUpdateForm: Content {
        var role: String?
        var disabled: String?
    }

    @Sendable func updateUser(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.manageUsers)
        guard let id = req.parameters.get("id", as: UUID.self), let user = try await StaffUser.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let form = try req.content.decode(UserUpdateForm.self)
        var changes: [String] = []
        if let role = form.role.flatMap(Role.init(rawValue:)), role != user.role {
            changes.append("vai trò \(user.role.name) → \(role.name)")
            user.role = role
        }
        if let disabled = form.disabled {
            let disable = disabled == "true"
            if disable, id == staff.userID { throw Abort(.conflict, reason: "Không thể tự khóa tài khoản của mình.") }
            if disable != user.disabled {
                changes.append(disable ? "khóa" : "mở khóa")
                user.disabled = disable
            }
        }
        if !changes.isEmpty {
            let summary = "\(user.email): \(changes.joined(separator: ", "))"
            try await req.db.transaction { db in
                try await user.save(on: db)
                if user.disabled { try await StaffAccounts.revokeCredentials(of: id, on: db) }
                try await Audit.record(req, "user.update", recordType: "user", recordID: id.uuidString, summary: summary, on: db)
            }
        }
        return req.redirect(to: SiteRoute.staffUsers.path())
    }

    // MARK: Tokens

    @Sendable func tokens(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        return .html(try await tokensPage(req, staff: staff, flash: nil))
    }

    private func tokensPage(_ req: Request, staff: StaffIdentity, flash: HTML?) async throws -> HTML {
        let permissions = req.application.loa.permissions
        let query = APIToken.query(on: req.db).with(\.$user).sort(\.$createdAt, .descending)
        // Administrators see every token, so that they can revoke a leaked one.
        if !permissions.role(staff.role, may: .manageUsers) { query.filter(\.$user.$id == staff.userID) }
        return ConsoleViews.tokens(staff, tokens: try await query.all(), flash: flash, permissions: permissions, now: req.now)
    }

    struct TokenForm: Content {
        var name: String?
        var days: String?
    }

    @Sendable func createToken(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        let form = try req.content.decode(TokenForm.self)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let days = form.days.map { Int($0) ?? 0 } ?? StaffAccounts.defaultTokenDays
        guard StaffAccounts.tokenDays.contains(days) else {
            throw Abort(.unprocessableEntity, reason: "Thời hạn của token phải từ 1 đến 365 ngày.")
        }
        guard let user = try await StaffUser.find(staff.userID, on: req.db) else { throw Abort(.unauthorized) }
        let token = try await StaffAccounts.createToken(
            for: user, name: name.isEmpty ? "Tích hợp" : name, days: days, actor: staff.email, on: req.db)
        let flash = ConsoleViews.secret("Khóa tích hợp mới (chỉ hiện một lần; Loa chỉ lưu mã băm của nó):", token)
        return .html(try await tokensPage(req, staff: staff, flash: flash))
    }

    @Sendable func revokeToken(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        guard let id = req.parameters.get("id", as: UUID.self),
            let token = try await APIToken.query(on: req.db).filter(\.$id == id).with(\.$user).first()
        else { throw Abort(.notFound) }
        guard token.$user.id == staff.userID || req.application.loa.permissions.role(staff.role, may: .manageUsers) else {
            throw Abort(.forbidden, reason: "Chỉ người tạo token hoặc quản trị viên được thu hồi.")
        }
        if token.revokedAt == nil {
            token.revokedAt = Date()
            try await req.db.transaction { db in
                try await token.save(on: db)
                try await Audit.record(
                    req, "token.revoke", recordType: "token", recordID: id.uuidString, summary: "\(token.user.email): \(token.name)", on: db
                )
            }
        }
        return req.redirect(to: SiteRoute.staffTokens.path())
    }

    // MARK: Audit

    @Sendable func audit(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.viewAudit)
        let page = try req.pageNumber()
        let query = AuditQueries.filtered(req)
        let total = try await query.count()
        let entries = try await query.sort(\.$createdAt, .descending).range(((page - 1) * 50)..<(page * 50)).all()
        return .html(
            ConsoleViews.audit(
                staff, entries: entries, total: total, page: page, request: req, permissions: req.application.loa.permissions))
    }
}

extension Request {
    /// The signed-in staff member for a console page; without a session, a redirect to the login
    /// page that comes back here; without the permission, 403.
    func consoleStaff(_ permission: Permission? = nil) throws -> StaffIdentity {
        guard let staff, staff.sessionID != nil else {
            let next = url.path.addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? SiteRoute.staffHome.path()
            throw Abort.redirect(to: "\(SiteRoute.staffLogin.path())?next=\(next)")
        }
        // A temporary password is changed before anything else is done with it.
        if staff.mustChangePassword, url.path != SiteRoute.staffPassword.path() {
            throw Abort.redirect(to: SiteRoute.staffPassword.path())
        }
        // A role that must use two-factor sign-in (`LOA_REQUIRE_2FA`) does nothing else until it is set up.
        if application.loa.settings.requireTwoFactor.contains(staff.role), !staff.twoFactorEnabled,
            !url.path.hasPrefix(TwoFactorController.setupPath)
        {
            throw Abort.redirect(to: TwoFactorController.setupPath)
        }
        return try requireStaff(permission)
    }
}

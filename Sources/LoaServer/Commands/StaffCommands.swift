import Fluent
import LoaCore
import Vapor

/// `loa user create --email E --role R [--password P] [--name N]`
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "Địa chỉ e-mail đăng nhập")
        var email: String?
        @Option(name: "role", help: "administrator, editor, approver, handler hoặc communications")
        var role: String?
        @Option(name: "password", help: "Mật khẩu (bỏ trống để tạo ngẫu nhiên)")
        var password: String?
        @Option(name: "name", help: "Họ tên hiển thị")
        var name: String?
    }

    var help: String { "Tạo tài khoản cán bộ (create a staff account)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create" else {
            throw Abort(.badRequest, reason: "Dùng: loa user create --email E --role R [--password P]")
        }
        guard let email = signature.email?.trimmingCharacters(in: .whitespaces).lowercased(), StaffAccounts.isEmail(email) else {
            throw Abort(.badRequest, reason: "--email phải là một địa chỉ e-mail hợp lệ")
        }
        guard let role = signature.role.flatMap(Role.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "--role phải là một trong: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let app = context.application
        try await prepareDatabase(app)
        let generated = signature.password == nil
        let password = signature.password ?? Secrets.password()
        if let problem = StaffAccounts.passwordProblem(password) { throw Abort(.badRequest, reason: problem) }
        let user = try await StaffAccounts.create(
            email: email, name: signature.name ?? email, role: role, password: password, actor: "cli", app: app)
        context.console.print("Đã tạo tài khoản \(user.email) (\(role.name)).")
        if generated { context.console.print("Mật khẩu: \(password)") }
    }
}

/// `loa token create --email E [--name N] [--days D]`: prints a new API token once; only its hash is kept.
struct TokenCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "create")
        var action: String
        @Option(name: "email", help: "Tài khoản mà token hành động thay")
        var email: String?
        @Option(name: "name", help: "Tên gợi nhớ của token")
        var name: String?
        @Option(name: "days", help: "Số ngày token còn hiệu lực (1–365, mặc định 90)")
        var days: Int?
    }

    var help: String { "Tạo API token cho tích hợp (create an API token)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "create", let email = signature.email?.lowercased() else {
            throw Abort(.badRequest, reason: "Dùng: loa token create --email E [--name N] [--days D]")
        }
        let days = signature.days ?? StaffAccounts.defaultTokenDays
        guard StaffAccounts.tokenDays.contains(days) else {
            throw Abort(.badRequest, reason: "--days phải là số ngày từ 1 đến 365")
        }
        let app = context.application
        try await prepareDatabase(app)
        guard let user = try await StaffUser.query(on: app.db).filter(\.$email == email).first() else {
            throw Abort(.notFound, reason: "Không có tài khoản \(email)")
        }
        guard !user.disabled else { throw Abort(.forbidden, reason: "Tài khoản \(email) đã bị khóa") }
        let token = try await StaffAccounts.createToken(
            for: user, name: signature.name ?? "Tích hợp", days: days, actor: "cli", on: app.db)
        context.console.print(token)
    }
}

/// Accounts and tokens, shared by the commands and the console.
enum StaffAccounts {
    static func isEmail(_ text: String) -> Bool {
        text.count <= 200 && text.wholeMatch(of: /[^@\s]+@[^@\s]+\.[^@\s]+/) != nil
    }

    static func passwordProblem(_ password: String) -> String? {
        if password.count < 10 { return "Mật khẩu cần ít nhất 10 ký tự." }
        if password.count > 200 { return "Mật khẩu dài quá 200 ký tự." }
        return nil
    }

    /// `mustChangePassword`: the password is a temporary one someone else saw; the console asks
    /// for a new one at the first sign-in.
    static func create(
        email: String, name: String, role: Role, password: String, mustChangePassword: Bool = false, actor: String, app: Application
    ) async throws -> StaffUser {
        if try await StaffUser.query(on: app.db).filter(\.$email == email.lowercased()).first() != nil {
            throw Abort(.conflict, reason: "Đã có tài khoản \(email)")
        }
        let hash = try await app.password.async.hash(password)
        let user = StaffUser(email: email, name: name, role: role, passwordHash: hash)
        user.mustChangePassword = mustChangePassword
        try await app.db.transaction { db in
            try await user.create(on: db)
            try await Audit.record(
                actor: actor, "user.create", recordType: "user", recordID: user.id?.uuidString, summary: "\(email) (\(role.rawValue))",
                on: db)
        }
        return user
    }

    static let tokenDays = 1...365
    static let defaultTokenDays = 90

    /// Makes a token that ends after `days` and returns it; only its SHA-256 is stored.
    static func createToken(
        for user: StaffUser, name: String, days: Int = defaultTokenDays, actor: String, on db: any Database
    ) async throws -> String {
        let token = "loa_" + Secrets.token()
        let record = APIToken()
        record.expiresAt = Date().addingTimeInterval(Double(days) * 86_400)
        record.$user.id = try user.requireID()
        record.name = String(name.prefix(100))
        record.tokenHash = Secrets.hash(token)
        record.prefix = String(token.prefix(10))
        try await db.transaction { db in
            try await record.create(on: db)
            try await Audit.record(
                actor: actor, "token.create", recordType: "token", recordID: record.id?.uuidString,
                summary: "\(user.email): \(record.name), \(days) ngày", on: db)
        }
        return token
    }

    /// Ends every way in that the old credentials gave: the account's other sessions and all its
    /// API tokens. After a password change or reset, and when an account is disabled (so that
    /// enabling it again does not bring old tokens back).
    static func revokeCredentials(of userID: UUID, keepingSession sessionID: UUID? = nil, on db: any Database) async throws {
        let sessions = StaffSession.query(on: db).filter(\.$user.$id == userID)
        if let sessionID { sessions.filter(\.$id != sessionID) }
        try await sessions.delete()
        try await APIToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
    }
}

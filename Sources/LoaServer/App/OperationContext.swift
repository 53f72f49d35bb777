import Fluent
import Foundation
import LoaCore
import Vapor

/// Who does a write, from where, on which database, with which services, and at what time.
/// Operations (`Editorial`, `ArticleEditing`, `DocumentEditing`, `Audit`, …) take this instead of a
/// `Request`, so that the console, the API, `loa import`, jobs and tests go through the same code
/// and leave the same audit trail; a test gives it a fixed `now`.
struct OperationContext: Sendable {
    /// The member of staff acting, when a person signed in does (their unit decides what they see).
    var staff: StaffIdentity?
    /// The name the audit log, revisions and histories show.
    var actorName: String
    var userID: UUID?
    /// What the actor may do; Loa itself acts as an administrator unless told otherwise (the demo
    /// content acts as a handler and an approver would).
    var role: Role
    /// Where the request came from, or what started the work ("cli").
    var address: String?
    var db: any Database
    var app: Application
    var now: Date

    /// The signed-in member of staff of a request (console or API token); 401 without one.
    init(_ request: Request, now: Date? = nil) throws {
        let staff = try request.requireStaff()
        self.init(
            staff: staff, actorName: staff.email, userID: staff.userID, role: staff.role, address: request.clientAddress, db: request.db,
            app: request.application, now: now ?? request.now)
    }

    init(
        staff: StaffIdentity? = nil, actorName: String, userID: UUID? = nil, role: Role, address: String?, db: any Database,
        app: Application, now: Date
    ) {
        self.staff = staff
        self.actorName = actorName
        self.userID = userID
        self.role = role
        self.address = address
        self.db = db
        self.app = app
        self.now = now
    }

    /// Loa itself, for work no person started at a screen: `name` says which ("loa import").
    static func system(
        _ name: String, role: Role = .administrator, address: String = "cli", app: Application, now: Date? = nil
    ) -> OperationContext {
        OperationContext(actorName: name, role: role, address: address, db: app.db, app: app, now: now ?? app.now)
    }

    /// The same actor and clock on another database handle: the transaction's.
    func on(_ db: any Database) -> OperationContext {
        var copy = self
        copy.db = db
        return copy
    }

    /// The same actor on another clock (demo content dated in the past, tests).
    func at(_ now: Date) -> OperationContext {
        var copy = self
        copy.now = now
        return copy
    }

    /// 403 with the reason when the actor may not do this.
    @discardableResult
    func require(_ permission: Permission) throws -> Role {
        guard app.loa.permissions.role(role, may: permission) else {
            throw APIError(
                status: .forbidden, code: "forbidden", message: "Vai trò \(role.name) không có quyền thực hiện thao tác này.")
        }
        return role
    }
}

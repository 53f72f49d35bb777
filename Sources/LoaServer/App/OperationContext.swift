import Fluent
import Foundation
import LoaCore
import Vapor

/// Who does a write, from where, on which database, with which services, and at what time.
/// Operations (`Editorial`, `ArticleEditing`, `DocumentEditing`, `Audit`, …) take this instead of a
/// `Request`, so that the console, the API, `loa import`, jobs and tests go through the same code
/// and leave the same audit trail; a test gives it a fixed `now`.
struct OperationContext: Sendable {
    /// The member of staff acting; nil when Loa acts itself (an import, demo content, a job).
    var staff: StaffIdentity?
    /// The name the audit log and revisions show.
    var actorName: String
    /// Where the request came from, or what started the work ("cli").
    var address: String?
    var db: any Database
    var app: Application
    var now: Date

    /// The signed-in member of staff of a request (console or API token); 401 without one.
    init(_ request: Request, now: Date = Date()) throws {
        let staff = try request.requireStaff()
        self.init(staff: staff, actorName: staff.email, address: request.clientAddress, db: request.db, app: request.application, now: now)
    }

    init(staff: StaffIdentity?, actorName: String, address: String?, db: any Database, app: Application, now: Date) {
        self.staff = staff
        self.actorName = actorName
        self.address = address
        self.db = db
        self.app = app
        self.now = now
    }

    /// Loa itself, for work no person started at a screen: `name` says which ("loa import").
    static func system(_ name: String, app: Application, now: Date = Date()) -> OperationContext {
        OperationContext(staff: nil, actorName: name, address: "cli", db: app.db, app: app, now: now)
    }

    /// The same actor and clock on another database handle: the transaction's.
    func on(_ db: any Database) -> OperationContext {
        var copy = self
        copy.db = db
        return copy
    }

    /// The acting role; Loa itself acts as an administrator would.
    var role: Role { staff?.role ?? .administrator }

    /// 403 with the reason when the actor may not do this; Loa itself may.
    @discardableResult
    func require(_ permission: Permission) throws -> Role {
        guard app.loa.permissions.role(role, may: permission) else {
            throw APIError(
                status: .forbidden, code: "forbidden", message: "Vai trò \(role.name) không có quyền thực hiện thao tác này.")
        }
        return role
    }
}

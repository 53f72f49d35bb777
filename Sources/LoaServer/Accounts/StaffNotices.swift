import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// One piece of work waiting for one member of staff: shown in the console until read, and
/// mailed once when `LOA_SENDMAIL` is set.
final class StaffNotice: Model, @unchecked Sendable {
    static let schema = "staff_notices"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: StaffNoticeKind
    @Field(key: "title") var title: String
    /// A path inside the console, from the route table.
    @Field(key: "link") var link: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "read_at") var readAt: Date?
    /// Set just before the mail is handed over, so a crash never mails it twice.
    @OptionalField(key: "mailed_at") var mailedAt: Date?

    init() {}
}

enum StaffNotices {
    /// Tells `recipients` (never the actor) of `kind`; call in the transaction of the step.
    static func tell(_ recipients: [UUID], _ kind: StaffNoticeKind, title: String, link: String, context: OperationContext) async throws {
        for userID in Set(recipients) where userID != context.userID {
            let notice = StaffNotice()
            notice.userID = userID
            notice.kind = kind
            notice.title = String(title.prefix(300))
            notice.link = link
            notice.createdAt = context.now
            try await notice.create(on: context.db)
            if context.app.loa.settings.sendmailCommand != nil {
                try await JobQueue.enqueue(MailStaffNotice.self, .init(noticeID: try notice.requireID()), on: context.db)
            }
        }
    }

    /// Active accounts whose role may do `permission`.
    static func users(who may: Permission, context: OperationContext) async throws -> [UUID] {
        let roles = Role.allCases.filter { context.app.loa.permissions.role($0, may: may) }
        return try await StaffUser.query(on: context.db).filter(\.$role ~~ roles).filter(\.$disabled == false).all().compactMap(\.id)
    }

    /// The handlers of a unit (the reception desk, without a unit, sees every petition already).
    static func handlers(of unitID: UUID, context: OperationContext) async throws -> [UUID] {
        try await StaffUser.query(on: context.db).filter(\.$unitID == unitID).filter(\.$disabled == false).all()
            .filter { context.app.loa.permissions.role($0.role, may: .handlePetitions) }.compactMap(\.id)
    }

    static func unread(for userID: UUID, on db: any Database) async throws -> Int {
        try await StaffNotice.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil).count()
    }
}

/// Mails one notice, at most once.
struct MailStaffNotice: JobHandler {
    struct Payload: Codable, Sendable {
        var noticeID: UUID
    }

    static let kind = "staff.notice"
    static var retryPolicy: RetryPolicy { RetryPolicy(maxAttempts: 3) }

    func run(_ payload: Payload, context: JobContext) async throws {
        let settings = context.application.loa.settings
        guard let command = settings.sendmailCommand,
            let notice = try await StaffNotice.find(payload.noticeID, on: context.database), notice.mailedAt == nil, notice.readAt == nil,
            let user = try await StaffUser.find(notice.userID, on: context.database), !user.disabled
        else { return }
        notice.mailedAt = Date()
        try await notice.save(on: context.database)
        let body = [
            "Kính gửi \(user.name),", "", "\(notice.kind.name): \(notice.title)", "", settings.publicURL + notice.link, "",
            "Mọi việc đang chờ bạn: \(settings.publicURL + SiteRoute.staffNotices.path())", "", settings.siteName,
        ].joined(separator: "\n")
        try await Mailer.send(
            Mail(from: settings.mailFrom, to: user.email, subject: "\(notice.kind.name): \(notice.title)", body: body), command: command)
    }
}

/// `/staff/thong-bao`: the work waiting for the signed-in member of staff.
struct StaffNoticeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffNotices, use: list)
        staff.post(.staffNoticesRead, use: markRead)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        let notices = try await StaffNotice.query(on: req.db).filter(\.$userID == staff.userID).sort(\.$createdAt, .descending)
            .limit(100).all()
        return .html(StaffNoticeViews.list(staff, notices: notices, permissions: req.application.loa.permissions))
    }

    @Sendable func markRead(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        try await StaffNotice.query(on: req.db).filter(\.$userID == staff.userID).filter(\.$readAt == nil).set(\.$readAt, to: Date())
            .update()
        return req.redirect(to: SiteRoute.staffNotices.path())
    }
}

enum StaffNoticeViews {
    static func list(_ staff: StaffIdentity, notices: [StaffNotice], permissions: PermissionPolicy) -> HTML {
        let unread = notices.filter { $0.readAt == nil }.count
        let main: HTML = """
            <h1>Việc chờ bạn</h1>
            \(notices.isEmpty ? HTML("<p>Chưa có việc nào được giao cho bạn.</p>") : HTML("""
                <ul class="notices">\(notices.html { notice in
                    """
                    <li\((notice.readAt == nil).attribute("class=\"unread\""))>\
                    <span class="meta">\(VietnamTime.dateTime(notice.createdAt))</span>
                    \(notice.kind.name): \
                    <a href="\(notice.link)">\(notice.title)</a>\
                    \(notice.readAt == nil ? HTML(" <span class=\"badge\">Mới</span>") : .empty)</li>
                    """
                })</ul>
                """))
            \(unread > 0 ? HTML("""
                <form method="post" action="\(SiteRoute.staffNoticesRead.path())">\(ConsoleLayout.csrfField(staff))
                <button class="button" type="submit">Đánh dấu tất cả đã xem</button></form>
                """) : .empty)
            """
        return ConsoleLayout.page(staff, title: "Việc chờ bạn", section: .notices, permissions: permissions, main: main)
    }
}

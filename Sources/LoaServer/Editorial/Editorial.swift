import Fluent
import Foundation
import LoaCore
import Vapor

/// What the workflow, revisions and the audit log need from an article or a document.
protocol EditorialRecord: Model, Sendable where IDValue == UUID {
    static var recordType: String { get }
    var status: PublicationStatus { get set }
    var publishedAt: Date? { get set }
    var reviewNote: String? { get set }
    /// Who wrote it first; told when it is sent back or published.
    var createdBy: UUID? { get }
    var title: String { get }
    /// The editable fields, as revisions store them.
    func snapshot(on db: any Database) async throws -> [String: String]
    /// Puts a revision's fields back (topics included) and re-renders derived fields.
    func restore(_ fields: [String: String], on db: any Database) async throws
    /// Brings the search index in line with the record; call in the change's transaction.
    func refreshSearch(on db: any Database) async throws
}

/// Field errors keyed by field name, with messages in Vietnamese; the forms show them beside
/// the fields and the API returns the first.
struct ValidationFailure: Error {
    var fields: [String: String]

    var apiError: APIError {
        let (field, message) = fields.sorted(by: { $0.key < $1.key }).first ?? ("", "Dữ liệu không hợp lệ.")
        return APIError(status: .unprocessableEntity, code: "invalid_\(field)", message: message)
    }
}

/// Saving, revisions and workflow transitions for any editorial record, each in one transaction
/// with its revision, its audit entry and any job it causes.
enum Editorial {
    /// Writes the revision for the record's current state; call inside the save's transaction.
    static func recordRevision<R: EditorialRecord>(_ record: R, note: String, by context: OperationContext) async throws {
        let db = context.db
        let id = try record.requireID()
        let last = try await Revision.query(on: db).filter(\.$recordType == R.recordType).filter(\.$recordID == id)
            .sort(\.$number, .descending).first()
        let revision = Revision()
        revision.recordType = R.recordType
        revision.recordID = id
        revision.number = (last?.number ?? 0) + 1
        let fields = try await record.snapshot(on: db)
        revision.snapshot = String(decoding: try JSONEncoder().encode(fields), as: UTF8.self)
        revision.authorID = context.userID
        revision.authorEmail = context.actorName
        revision.note = note
        revision.createdAt = context.now
        try await revision.create(on: db)
    }

    /// Saves a change made by `apply` together with its revision and its audit entry, in one
    /// transaction; a public record's pages are rendered afresh.
    static func save<R: EditorialRecord>(
        _ record: R, action: String, note: String, context: OperationContext,
        apply: @escaping @Sendable (any Database) async throws -> Void
    ) async throws {
        try await context.db.transaction { db in
            try await apply(db)
            try await recordRevision(record, note: note, by: context.on(db))
            try await Audit.record(
                context.on(db), "\(R.recordType).\(action)", recordType: R.recordType, recordID: record.id?.uuidString,
                summary: record.title)
        }
        if record.status == .published { context.app.contentChanged() }
    }

    /// The number of the newest revision, 0 when there is none.
    static func latestRevision<R: EditorialRecord>(of record: R, on db: any Database) async throws -> Int {
        try await Revision.query(on: db).filter(\.$recordType == R.recordType).filter(\.$recordID == record.requireID())
            .max(\.$number) ?? 0
    }

    static func revisions<R: EditorialRecord>(of record: R, on db: any Database) async throws -> [Revision] {
        try await Revision.query(on: db).filter(\.$recordType == R.recordType).filter(\.$recordID == record.requireID())
            .sort(\.$number, .descending).all()
    }

    /// Moves the record through the workflow; scheduling writes the job that will publish it.
    ///
    /// `seenRevision` is the revision the approver read before publishing or scheduling: if an
    /// editor saved another since, the approver is asked to look again rather than publish text
    /// nobody approved. The console always sends it; API clients may.
    static func transition<R: EditorialRecord>(
        _ record: R, _ action: EditorialAction, comment: String?, publishAt: Date?, seenRevision: Int? = nil, context: OperationContext
    ) async throws {
        let workflow = context.app.loa.workflow
        let target: PublicationStatus
        do {
            target = try workflow.apply(
                action, to: record.status, by: context.role, comment: comment, publishAt: publishAt, now: context.now)
        } catch {
            switch error.kind {
            case .forbidden: throw APIError(status: .forbidden, code: "forbidden", message: error.message)
            case .invalidTransition: throw APIError(status: .conflict, code: "invalid_transition", message: error.message)
            case .missingComment, .scheduleInPast:
                throw APIError(status: .unprocessableEntity, code: "invalid_request", message: error.message)
            }
        }
        try await context.db.transaction { db in
            if let seenRevision, action == .publish || action == .schedule {
                let latest = try await latestRevision(of: record, on: db)
                guard latest == seenRevision else {
                    throw APIError(
                        status: .conflict, code: "stale_revision",
                        message:
                            """
                            Nội dung đã được sửa sau khi bạn mở (phiên bản \(latest), bạn đã xem phiên bản \(seenRevision)). Hãy xem \
                            lại trước khi đăng.
                            """
                    )
                }
            }
            let previous = record.status
            record.status = target
            switch action {
            case .publish:
                // Keep the original date when republishing, so feeds do not show it as new.
                if record.publishedAt == nil || previous == .scheduled { record.publishedAt = context.now }
                record.reviewNote = nil
            case .schedule:
                // The workflow refuses a schedule without a time; this only keeps the compiler sure.
                guard let publishAt else { throw APIError.badRequest("Cần thời điểm đăng.") }
                record.publishedAt = publishAt
                let id = try record.requireID()
                try await JobQueue.enqueue(
                    PublishScheduled.self, .init(recordType: R.recordType, id: id, at: publishAt),
                    idempotencyKey: "publish:\(R.recordType):\(id):\(Int(publishAt.timeIntervalSince1970))", runAt: publishAt, on: db)
            case .sendBack:
                record.reviewNote = comment
            case .submit, .unpublish:
                break
            }
            try await record.save(on: db)
            try await record.refreshSearch(on: db)
            if target == .published, let article = record as? Article { try await ZaloBroadcasts.enqueue(article: article, on: db) }
            var summary = "\(previous.name) → \(target.name): \(record.title)"
            if let comment, !comment.isEmpty { summary += " — \(comment)" }
            if let publishAt, action == .schedule { summary += " — \(VietnamTime.dateTime(publishAt))" }
            try await Audit.record(
                context.on(db), "\(R.recordType).\(action.rawValue)", recordType: R.recordType, recordID: record.id?.uuidString,
                summary: summary)
            try await tell(about: record, after: action, context: context.on(db))
        }
        context.app.contentChanged()
    }

    /// Whoever the step leaves work for: approvers when something is submitted, the author when
    /// it is sent back or published by someone else.
    private static func tell<R: EditorialRecord>(about record: R, after action: EditorialAction, context: OperationContext) async throws {
        guard let kind = StaffNoticeKind.after(action), let id = record.id else { return }
        let recipients: [UUID]
        switch kind {
        case .reviewRequested: recipients = try await StaffNotices.users(who: .publishContent, context: context)
        default: recipients = record.createdBy.map { [$0] } ?? []
        }
        let routes = R.recordType == LegalDocument.recordType ? EditorKind.document.routes : EditorKind.article.routes
        try await StaffNotices.tell(recipients, kind, title: record.title, link: routes.record.path(id.uuidString), context: context)
    }

    /// Deletes a record that is not public (draft or unpublished) with its revisions and its
    /// search entry; something public must be unpublished first, so no link breaks unannounced.
    static func delete<R: EditorialRecord>(_ record: R, context: OperationContext) async throws {
        try context.require(.editContent)
        guard record.status == .draft || record.status == .unpublished else {
            throw APIError(
                status: .conflict, code: "invalid_transition", message: "Chỉ xóa được bản nháp hoặc nội dung đã gỡ; hãy gỡ trước.")
        }
        let id = try record.requireID()
        try await context.db.transaction { db in
            try await SearchIndex.remove(kind: R.recordType, recordID: id, on: db)
            try await Revision.query(on: db).filter(\.$recordType == R.recordType).filter(\.$recordID == id).delete()
            try await record.delete(on: db)
            try await Audit.record(
                context.on(db), "\(R.recordType).delete", recordType: R.recordType, recordID: id.uuidString, summary: record.title)
        }
        context.app.contentChanged()
    }

    /// Restores an earlier revision as a new revision, so that the restore itself can be undone.
    static func restore<R: EditorialRecord>(_ record: R, revision: Revision, context: OperationContext) async throws {
        let role = try context.require(.editContent)
        guard context.app.loa.workflow.mayEdit(record.status, role: role) else {
            throw APIError(status: .forbidden, code: "forbidden", message: "Nội dung đang công khai; chỉ người duyệt được sửa.")
        }
        try await context.db.transaction { db in
            // `restore` saves through the editors' `apply`.
            try await record.restore(revision.fields, on: db)
            try await recordRevision(record, note: "Khôi phục phiên bản \(revision.number)", by: context.on(db))
            try await Audit.record(
                context.on(db), "\(R.recordType).restore", recordType: R.recordType, recordID: record.id?.uuidString,
                summary: "Khôi phục phiên bản \(revision.number): \(record.title)")
        }
        context.app.contentChanged()
    }
}

/// Publishes a scheduled article or document at its time. Runs from the job queue, so it fires
/// after a restart too; it publishes only if the record is still scheduled for that very time,
/// so a rescheduled or unpublished item is left alone and the publication happens once.
struct PublishScheduled: JobHandler {
    struct Payload: Codable, Sendable {
        var recordType: String
        var id: UUID
        var at: Date
    }

    static let kind = "editorial.publish_scheduled"

    func run(_ payload: Payload, context: JobContext) async throws {
        let db = context.database
        let published: String?
        switch payload.recordType {
        case Article.recordType: published = try await publish(Article.self, payload, on: db)
        case LegalDocument.recordType: published = try await publish(LegalDocument.self, payload, on: db)
        default: published = nil
        }
        if published != nil { context.application.contentChanged() }
    }

    private func publish<R: EditorialRecord>(_ type: R.Type, _ payload: Payload, on db: any Database) async throws -> String? {
        try await db.transaction { db in
            guard let record = try await R.find(payload.id, on: db), record.status == .scheduled,
                let at = record.publishedAt, abs(at.timeIntervalSince(payload.at)) < 1
            else { return nil }
            record.status = .published
            try await record.save(on: db)
            try await record.refreshSearch(on: db)
            if let article = record as? Article { try await ZaloBroadcasts.enqueue(article: article, on: db) }
            try await Audit.record(
                actor: "hệ thống (hẹn giờ)", "\(R.recordType).publish", recordType: R.recordType, recordID: payload.id.uuidString,
                summary: "scheduled → published: \(record.title)", on: db)
            return record.title
        }
    }
}

import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// Drafts for public comment: writing and publishing them, taking comments from the web, the API
/// and Zalo through one path, moderating, responding and publishing the synthesis.
enum Consultations {
    static func invalid(_ errors: CommentFieldErrors) -> APIError {
        APIError(
            status: .unprocessableEntity, code: "invalid_fields", message: errors.fields.first?.message ?? "Dữ liệu không hợp lệ.",
            fields: errors.fields.map { ErrorBody.Field(field: $0.field, message: $0.message) })
    }

    // MARK: Drafts

    static func validate(_ draft: ConsultationDraft, on db: any Database) async throws -> ConsultationDraft {
        let topics = Set(try await PortalQueries.topics(on: db).map(\.slug))
        do {
            return try draft.validated(topics: topics)
        } catch {
            throw invalid(error)
        }
    }

    /// Stores a new draft with its sections; its code is the next of the year.
    static func create(
        _ input: ConsultationDraft, unitID: UUID? = nil, context actor: OperationContext
    ) async throws
        -> Consultation
    {
        let now = actor.now
        let draft = try await validate(input, on: actor.db)
        let consultation = Consultation()
        try await actor.db.transaction { db in
            let year = VietnamTime.day(of: now).year
            let number = try await nextNumber(year: year, on: db)
            consultation.code = ConsultationCode(year: year, number: number).description
            consultation.year = year
            consultation.number = number
            consultation.slug = try await uniqueSlug(for: draft.title, code: consultation.code, on: db)
            consultation.status = .draft
            consultation.createdBy = actor.actorName
            consultation.createdAt = now
            consultation.unitID = unitID
            apply(draft, to: consultation)
            try await consultation.create(on: db)
            try await replaceSections(of: consultation, on: db)
            try await Audit.record(
                actor.on(db), "consultation.create", recordType: Consultation.recordType, recordID: consultation.id?.uuidString,
                summary: consultation.title)
        }
        return consultation
    }

    /// Changes a draft. Once published its text is frozen, since comments point at its sections;
    /// the title, summary, topics and window may still be corrected.
    static func update(
        _ consultation: Consultation, with input: ConsultationDraft, unitID: UUID?, context actor: OperationContext
    )
        async throws
    {
        let app = actor.app
        let draft = try await validate(input, on: actor.db)
        if consultation.isPublic, draft.body != consultation.body {
            throw APIError(
                status: .conflict, code: "body_frozen",
                message: "Dự thảo đã đăng; nội dung các điều, khoản không thể sửa vì góp ý gắn với chúng. Hãy đăng dự thảo mới nếu cần.")
        }
        try await actor.db.transaction { db in
            apply(draft, to: consultation)
            consultation.unitID = unitID
            try await consultation.save(on: db)
            if !consultation.isPublic { try await replaceSections(of: consultation, on: db) }
            try await Audit.record(
                actor.on(db), "consultation.update", recordType: Consultation.recordType, recordID: consultation.id?.uuidString,
                summary: consultation.title)
        }
        if consultation.isPublic { app.contentChanged() }
    }

    private static func apply(_ draft: ConsultationDraft, to consultation: Consultation) {
        consultation.title = draft.title
        consultation.summary = draft.summary
        consultation.body = draft.body
        consultation.topics = "," + draft.topics.joined(separator: ",") + ","
        consultation.opensAt = draft.opensAt ?? Date()
        consultation.closesAt = draft.closesAt ?? Date()
    }

    private static func replaceSections(of consultation: Consultation, on db: any Database) async throws {
        let id = try consultation.requireID()
        try await ConsultationSection.query(on: db).filter(\.$consultationID == id).delete()
        for parsed in DraftSections.parse(consultation.body) {
            let section = ConsultationSection()
            section.consultationID = id
            section.key = parsed.key
            section.level = parsed.level.rawValue
            section.heading = String(parsed.heading.prefix(500))
            section.text = parsed.text
            section.position = parsed.order
            try await section.create(on: db)
        }
    }

    private static func nextNumber(year: Int, on db: any Database) async throws -> Int {
        let row = try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO consultation_counters (year, last_number) VALUES (\(bind: year), 1)
            ON CONFLICT (year) DO UPDATE SET last_number = consultation_counters.last_number + 1
            RETURNING last_number
            """
        ).first()
        guard let row else { throw Abort(.internalServerError, reason: "consultation counter returned nothing") }
        return try row.decode(column: "last_number", as: Int.self)
    }

    private static func uniqueSlug(for title: String, code: String, on db: any Database) async throws -> String {
        let base = VietnameseText.slug(title, maxLength: 80)
        let slug = base.isEmpty ? code.lowercased() : base
        if try await Consultation.query(on: db).filter(\.$slug == slug).count() == 0 { return slug }
        return slug + "-" + code.lowercased()
    }

    /// Publishes a draft: on its page from now, taking comments within its window, and broadcast
    /// to the Zalo followers of its topics (once, whatever happens to it later).
    static func publish(_ consultation: Consultation, context actor: OperationContext) async throws {
        let (app, now) = (actor.app, actor.now)
        guard !consultation.isPublic else {
            throw APIError(status: .conflict, code: "already_published", message: "Dự thảo này đã được đăng.")
        }
        guard consultation.closesAt > now else {
            throw APIError(
                status: .conflict, code: "window_passed",
                message: "Thời điểm kết thúc lấy ý kiến đã qua; hãy sửa thời gian lấy ý kiến trước khi đăng.")
        }
        try await actor.db.transaction { db in
            consultation.status = .published
            consultation.publishedAt = now
            try await consultation.save(on: db)
            try await ZaloBroadcasts.enqueue(consultation: consultation, on: db)
            try await Audit.record(
                actor.on(db), "consultation.publish", recordType: Consultation.recordType, recordID: consultation.id?.uuidString,
                summary: consultation.title)
        }
        app.contentChanged()
    }

    // MARK: Reading

    /// By id, slug or code; drafts only when `includeDrafts` (staff).
    static func find(_ reference: String, includeDrafts: Bool = false, on db: any Database) async throws -> Consultation? {
        let query = Consultation.query(on: db)
        if let id = UUID(uuidString: reference) {
            query.filter(\.$id == id)
        } else if let code = ConsultationCode(reference) {
            query.filter(\.$code == code.description)
        } else {
            query.filter(\.$slug == String(reference.prefix(200)).lowercased())
        }
        if !includeDrafts { query.filter(\.$status == .published) }
        return try await query.first()
    }

    static func sections(of consultation: Consultation, on db: any Database) async throws -> [ConsultationSection] {
        try await ConsultationSection.query(on: db).filter(\.$consultationID == consultation.requireID()).sort(\.$position).all()
    }

    static func approvedComments(of consultation: Consultation, on db: any Database) async throws -> [ConsultationComment] {
        try await ConsultationComment.query(on: db).filter(\.$consultationID == consultation.requireID()).filter(\.$status == .approved)
            .sort(\.$submittedAt).all()
    }

    /// Published drafts in a phase, soonest to close first while open, newest first otherwise.
    static func list(
        _ phase: CommentWindow.Phase, at now: Date = Date(), limit: Int = 100, on db: any Database
    ) async throws
        -> [Consultation]
    {
        let query = Consultation.query(on: db).filter(\.$status == .published)
        switch phase {
        case .upcoming: query.filter(\.$opensAt > now).sort(\.$opensAt)
        case .open: query.filter(\.$opensAt <= now).filter(\.$closesAt > now).sort(\.$closesAt)
        case .closed: query.filter(\.$closesAt <= now).sort(\.$closesAt, .descending)
        }
        return try await query.limit(limit).all()
    }

    static func synthesis(of consultation: Consultation, on db: any Database) async throws -> ConsultationSynthesis {
        let id = try consultation.requireID()
        let sections = try await sections(of: consultation, on: db).map(\.draftSection)
        let comments = try await ConsultationComment.query(on: db).filter(\.$consultationID == id).all().map(\.synthesisComment)
        let responses = try await ConsultationResponse.query(on: db).filter(\.$consultationID == id).all()
        return ConsultationSynthesis(
            sections: sections, comments: comments,
            responses: Dictionary(responses.map { ($0.section, $0.text) }, uniquingKeysWith: { a, _ in a }))
    }

    // MARK: Comments

    /// What the person is told: the comment as stored, and whether an e-mail link must confirm it.
    struct Receipt: Sendable {
        var comment: ConsultationComment
        var needsConfirmation: Bool
    }

    /// Whether a draft takes comments at `now`; 404 for drafts the public cannot see, 409 with the
    /// reason outside the window. Checked on every request: commenting stops by itself at closing.
    static func requireOpen(_ consultation: Consultation, at now: Date) throws {
        guard consultation.isPublic else { throw APIError.notFound("Không có dự thảo này.") }
        if let refusal = consultation.window.refusal(at: now) {
            throw APIError(status: .conflict, code: "consultation_\(consultation.window.phase(at: now).rawValue)", message: refusal)
        }
    }

    static func validate(
        _ submission: CommentSubmission, for consultation: Consultation, emailRequired: Bool, on db: any Database
    )
        async throws -> CommentSubmission
    {
        let keys = Set(try await sections(of: consultation, on: db).map(\.key))
        do {
            return try submission.validated(sections: keys, emailRequired: emailRequired)
        } catch {
            throw invalid(error)
        }
    }

    /// Stores a validated comment. With confirmation by e-mail, it waits for the link (sent by a
    /// job written in the same transaction); otherwise it goes to the moderation queue.
    static func store(
        _ submission: CommentSubmission, on consultation: Consultation, channel: ConsultationComment.Channel, zaloUserID: String? = nil,
        app: Application, at now: Date = Date()
    ) async throws -> Receipt {
        try requireOpen(consultation, at: now)
        let confirm = app.loa.settings.consultationConfirmEmail && channel != .zalo && !submission.email.isEmpty
        let token = confirm ? Secrets.token() : nil
        let comment = ConsultationComment()
        comment.consultationID = try consultation.requireID()
        comment.section = submission.section
        comment.name = submission.name
        comment.organisation = submission.organisation
        comment.email = submission.email
        comment.text = submission.text
        comment.status = confirm ? .unconfirmed : .pending
        comment.channel = channel
        comment.zaloUserID = zaloUserID
        comment.confirmTokenHash = token.map(Secrets.hash)
        comment.submittedAt = now
        try await app.db.transaction { db in
            try await comment.create(on: db)
            if let token {
                let id = try comment.requireID()
                try await JobQueue.enqueue(
                    SendCommentConfirmation.self, .init(commentID: id, token: token), idempotencyKey: "comment-confirm:\(id)", on: db)
            }
        }
        app.logger.info(
            "consultation comment received", metadata: ["consultation": "\(consultation.code)", "channel": "\(channel.rawValue)"])
        return Receipt(comment: comment, needsConfirmation: confirm)
    }

    /// Follows a confirmation link: the comment joins the moderation queue, once. Comments whose
    /// draft closed in the meantime are confirmed too: they were sent in time.
    static func confirm(token: String, on db: any Database, at now: Date = Date()) async throws -> (ConsultationComment, Consultation)? {
        guard !token.isEmpty, token.count <= 100,
            let comment = try await ConsultationComment.query(on: db).filter(\.$confirmTokenHash == Secrets.hash(token)).first(),
            let consultation = try await Consultation.find(comment.consultationID, on: db)
        else { return nil }
        if comment.status == .unconfirmed {
            comment.status = .pending
            comment.confirmedAt = now
            try await comment.save(on: db)
        }
        return (comment, consultation)
    }

    // MARK: Moderation, responses, synthesis

    static func moderate(
        _ comment: ConsultationComment, to target: CommentStatus, reason: String?, context actor: OperationContext
    ) async throws {
        let (app, now) = (actor.app, actor.now)
        guard let consultation = try await Consultation.find(comment.consultationID, on: actor.db) else {
            throw APIError.notFound("Không có dự thảo này.")
        }
        let stored: String?
        do {
            stored = try CommentModeration.check(
                from: comment.status, to: target, reason: reason, synthesisPublished: consultation.synthesisPublishedAt != nil)
        } catch {
            throw APIError(
                status: target == .hidden && (reason ?? "").isEmpty ? .unprocessableEntity : .conflict, code: "invalid_moderation",
                message: error.message)
        }
        let previous = comment.status
        try await actor.db.transaction { db in
            comment.status = target
            comment.hiddenReason = target == .hidden ? stored : comment.hiddenReason
            comment.moderatedAt = now
            comment.moderatedBy = actor.actorName
            try await comment.save(on: db)
            try await Audit.record(
                actor.on(db), "consultation.comment.\(target.rawValue)", recordType: "consultation_comment",
                recordID: comment.id?.uuidString,
                summary: "\(consultation.code): \(previous.name) → \(target.name)")
        }
        if previous == .approved || target == .approved { app.contentChanged() }
    }

    static let responseMaximum = 20_000

    /// The agency's response on a section ("" for the whole draft); an empty text removes it.
    static func respond(
        to consultation: Consultation, section: String, text: String, context actor: OperationContext
    ) async throws {
        let now = actor.now
        let id = try consultation.requireID()
        let keys = Set(try await sections(of: consultation, on: actor.db).map(\.key))
        guard section == DraftSections.wholeDraft || keys.contains(section) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_section", message: "Phần được trả lời không có trong dự thảo.")
        }
        let text = text.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count <= responseMaximum else {
            throw APIError(status: .unprocessableEntity, code: "invalid_text", message: "Nội dung tiếp thu, giải trình quá dài.")
        }
        if consultation.synthesisPublishedAt != nil {
            throw APIError(status: .conflict, code: "synthesis_published", message: "Bản tổng hợp ý kiến đã được công bố; không thể sửa.")
        }
        try await actor.db.transaction { db in
            let existing = try await ConsultationResponse.query(on: db).filter(\.$consultationID == id).filter(\.$section == section)
                .first()
            if text.isEmpty {
                try await existing?.delete(on: db)
            } else {
                let response = existing ?? ConsultationResponse()
                response.consultationID = id
                response.section = section
                response.text = text
                response.updatedBy = actor.actorName
                response.updatedAt = now
                try await response.save(on: db)
            }
            try await Audit.record(
                actor.on(db), "consultation.respond", recordType: Consultation.recordType, recordID: id.uuidString,
                summary: "\(consultation.code) \(section.isEmpty ? "chung" : section)")
        }
    }

    /// Publishes the synthesis on the draft's page. Only after closing, and with no comment left
    /// waiting: the published counts must be final.
    static func publishSynthesis(_ consultation: Consultation, context actor: OperationContext) async throws {
        let (app, now) = (actor.app, actor.now)
        guard consultation.isPublic, consultation.window.phase(at: now) == .closed else {
            throw APIError(
                status: .conflict, code: "consultation_not_closed",
                message: "Chỉ công bố bản tổng hợp sau khi hết thời gian lấy ý kiến (\(VietnamTime.dateTime(consultation.closesAt))).")
        }
        guard consultation.synthesisPublishedAt == nil else {
            throw APIError(status: .conflict, code: "synthesis_published", message: "Bản tổng hợp ý kiến đã được công bố.")
        }
        let waiting = try await ConsultationComment.query(on: actor.db).filter(\.$consultationID == consultation.requireID())
            .filter(\.$status == .pending).count()
        guard waiting == 0 else {
            throw APIError(
                status: .conflict, code: "comments_pending", message: "Còn \(waiting) góp ý chờ duyệt; hãy duyệt hoặc ẩn trước khi công bố."
            )
        }
        try await actor.db.transaction { db in
            consultation.synthesisPublishedAt = now
            try await consultation.save(on: db)
            try await Audit.record(
                actor.on(db), "consultation.synthesis", recordType: Consultation.recordType, recordID: consultation.id?.uuidString,
                summary: consultation.title)
        }
        app.contentChanged()
    }
}

/// The checks every public channel shares before a comment is stored: the draft is open, the
/// address has allowance left, the fields are valid. Nothing is stored when any fails, and
/// invalid comments do not use up the allowance.
enum CommentIntake {
    static func submit(
        _ submission: CommentSubmission, on consultation: Consultation, channel: ConsultationComment.Channel, request: Request
    ) async throws -> Consultations.Receipt {
        let app = request.application
        let settings = app.loa.settings
        let now = Date()
        try Consultations.requireOpen(consultation, at: now)
        let key = RateLimit.key("consultation-comment", address: request.clientAddress)
        if try await RateLimit.isExhausted(key, limit: settings.commentsPerHour, window: 3600, on: request.db) {
            throw rateLimited(settings)
        }
        let valid = try await Consultations.validate(
            submission, for: consultation, emailRequired: settings.consultationConfirmEmail, on: request.db)
        guard try await RateLimit.hit(key, limit: settings.commentsPerHour, window: 3600, on: request.db) else {
            throw rateLimited(settings)
        }
        return try await Consultations.store(valid, on: consultation, channel: channel, app: app, at: now)
    }

    static func rateLimited(_ settings: Settings) -> APIError {
        APIError(
            status: .tooManyRequests, code: "rate_limited",
            message: "Địa chỉ mạng này đã gửi \(settings.commentsPerHour) góp ý trong một giờ qua. Xin vui lòng thử lại sau.")
    }
}

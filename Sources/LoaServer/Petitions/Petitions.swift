import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// A file that came with a submission, checked but not yet stored.
struct IncomingFile: Sendable {
    var fileName: String
    var data: Data
    var kind: FileKind
}

/// Receiving, moving and answering petitions: one service for the web form, the API, Open311 and
/// Zalo, so that every channel gets the same checks, the same codes and the same history.
enum Petitions {
    /// What the submitter is told once: the code, the private key and when the next step is due.
    struct Receipt: Sendable {
        var petition: Petition
        var accessKey: String
    }

    static let submitterActor = "người gửi"
    static let maxAttachments = 3
    static let maxAttachmentBytes = 5 * 1024 * 1024
    static let allowedAttachmentKinds: Set<FileKind> = [.pdf, .docx, .jpeg, .png]

    /// An integration's retry of a submission: the client's `Idempotency-Key` and a hash of what
    /// it sent. The access key is kept sealed with both, so a replay of the same request gets the
    /// same receipt back, while nobody without the original request can open it.
    struct Idempotency: Sendable {
        var key: String
        var requestHash: String

        init(key: String, submission: PetitionSubmission, channel: PetitionChannel) {
            self.key = key
            let fields = [
                channel.rawValue, submission.topic, submission.title, submission.content, submission.name, submission.phone,
                submission.email, submission.address, submission.consentPublish ? "1" : "0",
            ]
            requestHash = Secrets.hash(fields.joined(separator: "\u{1F}"))
        }

        private var sealingKey: SymmetricKey {
            SymmetricKey(data: SHA256.hash(data: Data((key + "\n" + requestHash).utf8)))
        }

        func seal(_ accessKey: String) throws -> String {
            guard let combined = try AES.GCM.seal(Data(accessKey.utf8), using: sealingKey).combined else {
                throw Abort(.internalServerError, reason: "sealing failed")
            }
            return combined.base64EncodedString()
        }

        func open(_ sealed: String) -> String? {
            guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
                let opened = try? AES.GCM.open(box, using: sealingKey)
            else { return nil }
            return String(decoding: opened, as: UTF8.self)
        }
    }

    /// Stores a validated submission with its first history entry, its attachments and the
    /// acknowledgement to the submitter, all in one transaction. A replayed idempotent request
    /// gets the stored petition's receipt; the same key with a different request is refused.
    static func submit(
        _ submission: PetitionSubmission, channel: PetitionChannel, attachments: [IncomingFile] = [], zaloUserID: String? = nil,
        idempotencyKey: String? = nil, app: Application, on db: any Database, at now: Date = Date(), notify: Bool = true
    ) async throws -> Receipt {
        let settings = app.loa.settings
        let idempotency = idempotencyKey.map { Idempotency(key: $0, submission: submission, channel: channel) }
        if let idempotency, let replay = try await replay(idempotency, on: db) { return replay }
        let accessKey = AccessKey.generate()
        // Files are named by their hash, so storing them before the transaction can at worst
        // leave an unreferenced file, never a petition that points at nothing.
        var hashes: [(IncomingFile, String)] = []
        for file in attachments { hashes.append((file, try await app.loa.files.store(file.data))) }
        let stored = hashes

        let petition = Petition()
        do {
            try await app.serialisingWrites {
                try await db.transaction { db in
                    let year = VietnamTime.day(of: now).year
                    let number = try await nextNumber(year: year, on: db)
                    let code = TrackingCode(year: year, number: number)
                    petition.code = code.description
                    petition.year = year
                    petition.number = number
                    petition.accessKeyHash = Secrets.hash(accessKey)
                    petition.channel = channel
                    petition.topic = submission.topic
                    petition.title = submission.title
                    petition.content = submission.content
                    petition.name = submission.name
                    petition.phone = submission.phone
                    petition.email = submission.email
                    petition.address = submission.address
                    petition.consentPublish = submission.consentPublish
                    petition.state = .received
                    petition.answerPending = false
                    petition.dueAt = settings.petitionDeadlines.due(entering: .received, at: now, calendar: settings.workingCalendar)
                    petition.zaloUserID = zaloUserID
                    petition.idempotencyKey = idempotency?.key
                    petition.requestHash = idempotency?.requestHash
                    petition.sealedAccessKey = try idempotency?.seal(accessKey)
                    petition.receivedAt = now
                    try await petition.create(on: db)
                    let id = try petition.requireID()
                    for (file, hash) in stored {
                        let attachment = PetitionAttachment()
                        attachment.petitionID = id
                        attachment.fileName = file.fileName
                        attachment.contentType = file.kind.mimeType
                        attachment.size = file.data.count
                        attachment.sha256 = hash
                        try await attachment.create(on: db)
                    }
                    try await record(
                        petition, from: nil, note: "Tiếp nhận qua \(channel.name)", actor: submitterActor, actorID: nil, at: now, on: db)
                    if notify { try await PetitionNotices.enqueue(for: petition, settings: settings, on: db) }
                }
            }
        } catch {
            // Two retries at once: the second meets the first's unique key, and replays it.
            if let idempotency, let replay = try await replay(idempotency, on: db) { return replay }
            throw error
        }
        app.logger.info("petition received", metadata: ["code": "\(petition.code)", "channel": "\(channel.rawValue)"])
        return Receipt(petition: petition, accessKey: accessKey)
    }

    private static func replay(_ idempotency: Idempotency, on db: any Database) async throws -> Receipt? {
        guard let existing = try await Petition.query(on: db).filter(\.$idempotencyKey == idempotency.key).first() else { return nil }
        guard existing.requestHash == idempotency.requestHash, let sealed = existing.sealedAccessKey,
            let accessKey = idempotency.open(sealed)
        else {
            throw APIError(
                status: .unprocessableEntity, code: "idempotency_key_reused",
                message: "Idempotency-Key này đã được dùng cho một phản ánh khác; hãy dùng khóa mới cho mỗi phản ánh.")
        }
        return Receipt(petition: existing, accessKey: accessKey)
    }

    /// The next number of the year, taken under the counter row's lock so that two submissions
    /// never share a code.
    private static func nextNumber(year: Int, on db: any Database) async throws -> Int {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw(
            """
            INSERT INTO petition_counters (year, last_number) VALUES (\(bind: year), 1)
            ON CONFLICT (year) DO UPDATE SET last_number = petition_counters.last_number + 1
            RETURNING last_number
            """
        ).first()
        guard let row else { throw Abort(.internalServerError, reason: "petition counter returned nothing") }
        return try row.decode(column: "last_number", as: Int.self)
    }

    /// Finds a petition by its code, and checks the key in constant time. A wrong key and an
    /// unknown code look the same, so codes cannot be probed.
    static func find(code text: String, key: String?, on db: any Database) async throws -> Petition? {
        guard let code = TrackingCode(text), let key, !key.isEmpty,
            let petition = try await Petition.query(on: db).filter(\.$code == code.description).first(),
            Secrets.constantTimeEquals(petition.accessKeyHash, Secrets.hash(AccessKey.normalise(key)))
        else { return nil }
        return petition
    }

    // MARK: - Staff

    /// The units a staff member works on: nil means every petition (administrators, and handlers
    /// and approvers not tied to a unit, such as the reception desk).
    static func scope(of staff: StaffIdentity, on db: any Database) async throws -> Set<UUID>? {
        guard staff.role != .administrator, let unit = staff.unitID else { return nil }
        let units = try await OrganisationUnit.query(on: db).all()
        return UnitTree(units).subtree(of: unit)
    }

    /// A petition by code for a staff member who may work on it; 404 when it is outside their units.
    static func findForStaff(code text: String, request: Request) async throws -> Petition {
        let staff = try requireViewer(request)
        guard let code = TrackingCode(text),
            let petition = try await Petition.query(on: request.db).filter(\.$code == code.description).first()
        else { throw APIError.notFound("Không có phản ánh, kiến nghị với mã này.") }
        if let scope = try await scope(of: staff, on: request.db), !(petition.unitID.map(scope.contains) ?? false) {
            throw APIError.notFound("Không có phản ánh, kiến nghị với mã này trong đơn vị của bạn.")
        }
        return petition
    }

    /// The acting staff member, who must handle petitions or approve their answers; 403 otherwise.
    @discardableResult
    static func requireViewer(_ request: Request) throws -> StaffIdentity {
        let staff = try request.requireStaff()
        guard canSeePetitions(staff.role, policy: request.application.loa.permissions) else {
            throw APIError(status: .forbidden, code: "forbidden", message: "Vai trò \(staff.role.name) không xử lý phản ánh, kiến nghị.")
        }
        return staff
    }

    static func canSeePetitions(_ role: Role, policy: PermissionPolicy) -> Bool {
        policy.role(role, may: .handlePetitions) || policy.role(role, may: .approvePetitionAnswers)
    }

    /// What the public will read once a petition is published, as the staff member confirmed it
    /// on the publish form; personal data is removed again from whatever they wrote.
    struct PublicText: Sendable, Equatable {
        var title: String
        var question: String
        var answer: String
    }

    /// Moves a petition, recording who, when and why, and tells the submitter.
    static func transition(
        _ petition: Petition, to target: PetitionState, note: String?, unitID: UUID?, publicText: PublicText? = nil,
        context: OperationContext, notify: Bool = true
    ) async throws {
        if let unitID, try await OrganisationUnit.find(unitID, on: context.db) == nil {
            throw APIError(status: .unprocessableEntity, code: "invalid_unit", message: "Đơn vị được chọn không tồn tại.")
        }
        let previous = petition.state
        try await context.db.transaction { db in
            try await lock(petition, on: db)
            try await apply(
                petition, to: target, note: note, unitID: unitID, publicText: publicText, context: context.on(db), notify: notify)
        }
        if target == .published || previous == .published { context.app.contentChanged() }
    }

    /// Takes the petition's row for this transaction and reloads what others may have changed,
    /// so that two people acting at once cannot both move it from the same state.
    private static func lock(_ petition: Petition, on db: any Database) async throws {
        let id = try petition.requireID()
        let sql = db as! any SQLDatabase
        let seen = petition.state
        if sql.dialect.name == "postgresql" {
            _ = try await sql.raw("SELECT id FROM petitions WHERE id = \(bind: id) FOR UPDATE").first()
        } else {
            // A write first takes SQLite's lock for the whole transaction.
            try await sql.raw("UPDATE petitions SET state = state WHERE id = \(bind: id)").run()
        }
        guard let current = try await Petition.find(id, on: db) else { throw APIError.notFound("Phản ánh không còn tồn tại.") }
        guard current.state == seen else {
            throw APIError(
                status: .conflict, code: "invalid_transition",
                message: "Phản ánh vừa được người khác chuyển sang “\(current.state.name)”. Hãy tải lại trang.")
        }
        petition.answer = current.answer
        petition.answerPending = current.answerPending
        petition.unitID = current.unitID
        petition.dueAt = current.dueAt
    }

    private static func apply(
        _ petition: Petition, to target: PetitionState, note: String?, unitID: UUID?, publicText: PublicText?,
        context actor: OperationContext,
        notify: Bool
    ) async throws {
        let (services, now, db) = (actor.app.loa, actor.now, actor.db)
        let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        let approval = services.settings.petitionApprovalRequired
        let hasAnswer = !(petition.answer ?? "").isEmpty && (!approval || petition.answerPending)
        let context = PetitionTransitionContext(
            note: note, unitGiven: unitID != nil, hasAnswer: hasAnswer, consentPublish: petition.consentPublish,
            sameUnit: unitID != nil && unitID == petition.unitID && petition.state == .assigned)
        do {
            try services.petitionWorkflow.check(from: petition.state, to: target, by: actor.role, context: context)
        } catch {
            switch error.kind {
            case .forbidden: throw APIError(status: .forbidden, code: "forbidden", message: error.message)
            case .invalidTransition: throw APIError(status: .conflict, code: "invalid_transition", message: error.message)
            default: throw APIError(status: .unprocessableEntity, code: "invalid_transition", message: error.message)
            }
        }
        let previous = petition.state
        petition.state = target
        if target == .assigned, let unitID { petition.unitID = unitID }
        // Moving to another unit keeps the deadline the petition already has; every other step
        // starts the deadline of the new state.
        if !(previous == .assigned && target == .assigned) {
            petition.dueAt = services.settings.petitionDeadlines.due(entering: target, at: now, calendar: services.settings.workingCalendar)
        }
        if target == .answered {
            petition.answeredAt = now
            petition.answerPending = false
        }
        if previous == .answered && target == .assigned { petition.answerPending = false }
        if target == .published { try await makePublic(petition, text: publicText, at: now, on: db) }
        try await petition.save(on: db)
        if previous == .published { try await SearchIndex.refresh(petition, on: db) }
        try await record(petition, from: previous, note: note ?? "", actor: actor.actorName, actorID: actor.userID, at: now, on: db)
        try await Audit.record(
            actor, "petition.\(target.rawValue)", recordType: "petition", recordID: petition.code,
            summary: "\(previous.name) → \(target.name)\(note.map { $0.isEmpty ? "" : " — \($0)" } ?? "")")
        if target == .assigned, let unit = petition.unitID {
            try await StaffNotices.tell(
                try await StaffNotices.handlers(of: unit, context: actor), .petitionAssigned, title: "\(petition.code): \(petition.title)",
                link: SiteRoute.staffPetition.path(petition.code), context: actor)
        }
        // Moving between units, returning an answer for rework and withdrawing a publication are
        // internal; every other step is news for the submitter.
        let isInternal = previous == target || (previous == .answered && target == .assigned) || previous == .published
        if notify && !isInternal {
            try await PetitionNotices.enqueue(for: petition, note: target == .rejected ? note : nil, settings: services.settings, on: db)
        }
    }

    /// Stores the handler's answer. Without the approval setting the petition is answered in the
    /// same transaction; with it, the answer waits for an approver to move it to `answered`.
    static func answer(_ petition: Petition, text: String, context actor: OperationContext, notify: Bool = true) async throws {
        try actor.require(.handlePetitions)
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 10, text.count <= PetitionLimits.contentMaximum * 2 else {
            throw APIError(
                status: .unprocessableEntity, code: "invalid_text",
                message: "Nội dung trả lời phải từ 10 đến \(PetitionLimits.contentMaximum * 2) ký tự.")
        }
        let approval = actor.app.loa.settings.petitionApprovalRequired
        try await actor.db.transaction { db in
            try await lock(petition, on: db)
            guard petition.state == .assigned else {
                throw APIError(
                    status: .conflict, code: "invalid_transition",
                    message: "Chỉ trả lời được phản ánh đang xử lý (hiện: \(petition.state.name)).")
            }
            petition.answer = text
            petition.answeredBy = actor.actorName
            petition.answerPending = approval
            try await petition.save(on: db)
            try await Audit.record(
                actor.on(db), "petition.answer_drafted", recordType: "petition", recordID: petition.code, summary: String(text.prefix(200)))
            if approval {
                try await StaffNotices.tell(
                    try await StaffNotices.users(who: .approvePetitionAnswers, context: actor.on(db)), .answerToApprove,
                    title: petition.code, link: SiteRoute.staffPetition.path(petition.code), context: actor.on(db))
                try await record(
                    petition, from: .assigned, note: "Đã soạn câu trả lời, chờ người duyệt", actor: actor.actorName, actorID: actor.userID,
                    at: actor.now, on: db)
            } else {
                try await apply(
                    petition, to: .answered, note: "Trả lời", unitID: nil, publicText: nil, context: actor.on(db), notify: notify)
            }
        }
    }

    /// The public text proposed for the publish form: the question and the answer with the
    /// submitter's own details and any phone numbers, e-mail addresses and ID numbers removed.
    /// The title, text and answer as a member of staff may read them: whole for those who may
    /// see personal data (handlers), with names, phones, e-mails, addresses and identity numbers
    /// replaced otherwise (approvers signing off an answer, administrators' reports).
    static func shownText(_ petition: Petition, to role: Role, policy: PermissionPolicy) -> PublicText {
        guard !policy.role(role, may: .viewPersonalData) else {
            return PublicText(title: petition.title, question: petition.content, answer: petition.answer ?? "")
        }
        return proposedPublicText(petition)
    }

    /// A note in the history (a reason, a comment) as `role` may read it.
    static func shownNote(_ note: String, of petition: Petition, to role: Role, policy: PermissionPolicy) -> String {
        guard !policy.role(role, may: .viewPersonalData), !note.isEmpty else { return note }
        return PersonalData.redact(note, known: [petition.name, petition.phone, petition.email, petition.address].filter { !$0.isEmpty })
    }

    static func proposedPublicText(_ petition: Petition) -> PublicText {
        let known = [petition.name, petition.phone, petition.email, petition.address].filter { !$0.isEmpty }
        return PublicText(
            title: PersonalData.redact(petition.title, known: known), question: PersonalData.redact(petition.content, known: known),
            answer: PersonalData.redact(petition.answer ?? "", known: known))
    }

    /// Publishing shows what staff confirmed, redacted once more, or the proposal as it is.
    private static func makePublic(_ petition: Petition, text: PublicText?, at now: Date, on db: any Database) async throws {
        let known = [petition.name, petition.phone, petition.email, petition.address].filter { !$0.isEmpty }
        let text = text ?? proposedPublicText(petition)
        petition.publicTitle = PersonalData.redact(text.title.trimmingCharacters(in: .whitespacesAndNewlines), known: known)
        petition.publicQuestion = PersonalData.redact(text.question.trimmingCharacters(in: .whitespacesAndNewlines), known: known)
        petition.publicAnswer = PersonalData.redact(text.answer.trimmingCharacters(in: .whitespacesAndNewlines), known: known)
        guard !(petition.publicTitle ?? "").isEmpty, !(petition.publicAnswer ?? "").isEmpty else {
            throw APIError(
                status: .unprocessableEntity, code: "invalid_public_text", message: "Tiêu đề và câu trả lời công khai không được để trống.")
        }
        petition.publishedAt = now
        try await petition.save(on: db)
        try await SearchIndex.refresh(petition, on: db)
    }

    private static func record(
        _ petition: Petition, from previous: PetitionState?, note: String, actor: String, actorID: UUID?, at now: Date = Date(),
        on db: any Database
    ) async throws {
        let event = PetitionEvent()
        event.petitionID = try petition.requireID()
        event.fromState = previous
        event.toState = petition.state
        event.note = String(note.prefix(2000))
        event.unitID = petition.unitID
        event.actor = actor
        event.actorID = actorID
        event.createdAt = now
        try await event.create(on: db)
    }

    static func history(of petition: Petition, on db: any Database) async throws -> [PetitionEvent] {
        try await PetitionEvent.query(on: db).filter(\.$petitionID == petition.requireID()).sort(\.$createdAt).all()
    }
}

/// Units as a tree, built from the flat table.
struct UnitTree: Sendable {
    struct Node: Sendable {
        var unit: OrganisationUnit
        var depth: Int
    }

    let units: [OrganisationUnit]

    init(_ units: [OrganisationUnit]) { self.units = units }

    /// The unit and every unit under it.
    func subtree(of root: UUID) -> Set<UUID> {
        var result: Set<UUID> = [root]
        var frontier = [root]
        while let next = frontier.popLast() {
            for unit in units where unit.parentID == next {
                if let id = unit.id, result.insert(id).inserted { frontier.append(id) }
            }
        }
        return result
    }

    /// Depth-first, children in their position order: for indented lists and select boxes.
    func ordered() -> [Node] {
        var result: [Node] = []
        func visit(_ parent: UUID?, depth: Int) {
            for unit in units.filter({ $0.parentID == parent }).sorted(by: { ($0.position, $0.name) < ($1.position, $1.name) }) {
                result.append(Node(unit: unit, depth: depth))
                if depth < 20, let id = unit.id { visit(id, depth: depth + 1) }
            }
        }
        visit(nil, depth: 0)
        return result
    }

    func name(of id: UUID?) -> String? {
        guard let id else { return nil }
        return units.first { $0.id == id }?.name
    }
}

/// Fixed-window counters in the database, so that every process behind a load balancer shares them.
enum RateLimit {
    /// Whether `key` has reached `limit` in the current window.
    static func isExhausted(_ key: String, limit: Int, window: TimeInterval, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let cutoff = Date().addingTimeInterval(-window)
        let row = try await sql.raw("SELECT count FROM rate_limits WHERE key = \(bind: key) AND window_start >= \(bind: cutoff)").first()
        return (try row?.decode(column: "count", as: Int.self) ?? 0) >= limit
    }

    /// Counts one use of `key` and says whether it is still within `limit`, in one statement, so
    /// that requests arriving together cannot all slip through. A new window starts when the last
    /// one has passed.
    static func hit(_ key: String, limit: Int, window: TimeInterval, on db: any Database) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let now = Date()
        let cutoff = now.addingTimeInterval(-window)
        let row = try await sql.raw(
            """
            INSERT INTO rate_limits (key, window_start, count) VALUES (\(bind: key), \(bind: now), 1)
            ON CONFLICT (key) DO UPDATE SET
              count = CASE WHEN rate_limits.window_start < \(bind: cutoff) THEN 1 ELSE rate_limits.count + 1 END,
              window_start = CASE WHEN rate_limits.window_start \
            < \(bind: cutoff) THEN excluded.window_start ELSE rate_limits.window_start END
            RETURNING count
            """
        ).first()
        return (try row?.decode(column: "count", as: Int.self) ?? 1) <= limit
    }

    /// The key for a client address; hashed, so the table holds no addresses.
    static func key(_ purpose: String, address: String?) -> String {
        "\(purpose):\(Secrets.hash(address ?? "unknown").prefix(32))"
    }
}

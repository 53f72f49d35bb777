import Fluent
import Foundation
import LoaCore

/// A unit of the agency (vụ, cục, phòng) that petitions are assigned to. Units form a tree; a
/// handler who belongs to a unit sees the work of that unit and of the units under it.
final class OrganisationUnit: Model, @unchecked Sendable {
    static let schema = "units"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @OptionalField(key: "parent_id") var parentID: UUID?
    @Field(key: "position") var position: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(name: String, parentID: UUID? = nil, position: Int = 0) {
        self.name = name
        self.parentID = parentID
        self.position = position
    }
}

/// Feedback or a petition (phản ánh, kiến nghị) from a person, tracked from receipt to answer.
/// The submitter's contact fields are personal data: shown to staff by role, never in public.
final class Petition: Model, @unchecked Sendable {
    static let schema = "petitions"
    /// The search index and the API call a published answer "answer".
    static let recordType = "answer"

    @ID(key: .id) var id: UUID?
    /// "PA-2026-000123": what the submitter quotes on the phone, in Zalo and on the tracking page.
    @Field(key: "code") var code: String
    @Field(key: "year") var year: Int
    @Field(key: "number") var number: Int
    /// SHA-256 of the private access key; the key itself is shown to the submitter once.
    @Field(key: "access_key_hash") var accessKeyHash: String
    @Field(key: "channel") var channel: PetitionChannel
    @Field(key: "topic") var topic: String
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    @Field(key: "name") var name: String
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "address") var address: String
    @Field(key: "consent_publish") var consentPublish: Bool
    @Field(key: "state") var state: PetitionState
    @OptionalField(key: "unit_id") var unitID: UUID?
    /// When the current state must be left; nil in final states.
    @OptionalField(key: "due_at") var dueAt: Date?
    /// The handler's answer; sent to the submitter once `answered`.
    @OptionalField(key: "answer") var answer: String?
    @OptionalField(key: "answered_by") var answeredBy: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    /// What the public sees once published: title, question and answer with personal data removed.
    @OptionalField(key: "public_title") var publicTitle: String?
    @OptionalField(key: "public_question") var publicQuestion: String?
    @OptionalField(key: "public_answer") var publicAnswer: String?
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// The follower who sent it through Zalo; answers go back there.
    @OptionalField(key: "zalo_user_id") var zaloUserID: String?
    /// An integration's `Idempotency-Key`, the hash of its request and the access key sealed with
    /// both, so that a retry gets the same receipt (see `Petitions.Idempotency`).
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @OptionalField(key: "request_hash") var requestHash: String?
    @OptionalField(key: "sealed_access_key") var sealedAccessKey: String?
    /// With approval required: a handler's answer waits for an approver's sign-off.
    @Field(key: "answer_pending") var answerPending: Bool
    @Field(key: "received_at") var receivedAt: Date
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var trackingCode: TrackingCode? { TrackingCode(code) }

    func isOverdue(at now: Date = Date()) -> Bool {
        guard let dueAt, PetitionInbox.openStates.contains(state) else { return false }
        return dueAt < now
    }
}

/// One step in a petition's history: who moved it, from where to where, when and why.
final class PetitionEvent: Model, @unchecked Sendable {
    static let schema = "petition_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "petition_id") var petitionID: UUID
    @OptionalField(key: "from_state") var fromState: PetitionState?
    @Field(key: "to_state") var toState: PetitionState
    @Field(key: "note") var note: String
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "actor_id") var actorID: UUID?
    /// A staff e-mail, or "người gửi" for the submission itself.
    @Field(key: "actor") var actor: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A file sent with a petition (a photo of a decision, a scanned letter), stored by content hash.
final class PetitionAttachment: Model, @unchecked Sendable {
    static let schema = "petition_attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "petition_id") var petitionID: UUID
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String

    init() {}
}

/// A message to the submitter about a change: written with the change, sent by a job, and kept
/// with its outcome, so that staff can see who was told what and when.
final class PetitionNotification: Model, @unchecked Sendable {
    static let schema = "petition_notifications"

    enum Channel: String, Codable, Sendable {
        case email, zalo
        /// No way to reach the person: the tracking page shows the change.
        case trackingPage = "tracking_page"
    }

    enum Outcome: String, Codable, Sendable {
        case pending, sent, failed
        /// Nothing to send through: recorded for the tracking page only.
        case recorded
        /// Handed to sendmail or Zalo; the result not yet written.
        case sending
        /// The server stopped between handing it over and recording the result: it may have
        /// gone out, so it is not sent again (the tracking page has the change).
        case interrupted
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "petition_id") var petitionID: UUID
    @Field(key: "channel") var channel: Channel
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String
    @Field(key: "outcome") var outcome: Outcome
    @OptionalField(key: "error") var error: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    init() {}
}

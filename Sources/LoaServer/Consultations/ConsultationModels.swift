import Fluent
import Foundation
import LoaCore
import SQLKit

/// A draft legal document or policy published for public comment (lấy ý kiến dự thảo).
final class Consultation: Model, @unchecked Sendable {
    static let schema = "consultations"
    static let recordType = "consultation"

    /// Drafts are written, then published; comments are taken within the window once published.
    enum Status: String, Codable, Sendable, CaseIterable {
        case draft, published

        var name: String {
            switch self {
            case .draft: "Bản nháp"
            case .published: "Đã đăng"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    /// "DT-2026-007", for Zalo and print.
    @Field(key: "code") var code: String
    @Field(key: "year") var year: Int
    @Field(key: "number") var number: Int
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// The draft's Markdown; its sections are imported from it on every save while a draft.
    @Field(key: "body") var body: String
    /// ",slug,slug,": followers of these topics hear of it on Zalo.
    @Field(key: "topics") var topics: String
    @Field(key: "opens_at") var opensAt: Date
    @Field(key: "closes_at") var closesAt: Date
    @Field(key: "status") var status: Status
    /// The unit in charge of the draft (vụ, cục), shown on its page.
    @OptionalField(key: "unit_id") var unitID: UUID?
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// When staff published the synthesis; from then on it is on the draft's page.
    @OptionalField(key: "synthesis_published_at") var synthesisPublishedAt: Date?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var window: CommentWindow { CommentWindow(opensAt: opensAt, closesAt: closesAt) }
    var topicList: [String] { topics.split(separator: ",").map(String.init) }
    var isPublic: Bool { status == .published }
}

/// One section of a draft, imported from its Markdown headings.
final class ConsultationSection: Model, @unchecked Sendable {
    static let schema = "consultation_sections"

    @ID(key: .id) var id: UUID?
    @Field(key: "consultation_id") var consultationID: UUID
    @Field(key: "key") var key: String
    @Field(key: "level") var level: Int
    @Field(key: "heading") var heading: String
    @Field(key: "text") var text: String
    @Field(key: "position") var position: Int

    init() {}

    var draftSection: DraftSection {
        DraftSection(key: key, level: DraftSection.Level(rawValue: level) ?? .article, heading: heading, text: text, order: position)
    }
}

/// A person's comment on a section or on the whole draft. The e-mail is personal data: staff
/// with the right role see it, the public never does.
final class ConsultationComment: Model, @unchecked Sendable {
    static let schema = "consultation_comments"

    enum Channel: String, Codable, Sendable {
        case web, api, zalo

        var name: String {
            switch self {
            case .web: "cổng thông tin"
            case .api: "API"
            case .zalo: "Zalo"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "consultation_id") var consultationID: UUID
    /// A section key, or "" for the draft as a whole.
    @Field(key: "section") var section: String
    @Field(key: "name") var name: String
    @Field(key: "organisation") var organisation: String
    @Field(key: "email") var email: String
    @Field(key: "text") var text: String
    @Field(key: "status") var status: CommentStatus
    @OptionalField(key: "hidden_reason") var hiddenReason: String?
    @Field(key: "channel") var channel: Channel
    @OptionalField(key: "zalo_user_id") var zaloUserID: String?
    /// SHA-256 of the confirmation link's token, while confirmation is awaited.
    @OptionalField(key: "confirm_token_hash") var confirmTokenHash: String?
    @Field(key: "submitted_at") var submittedAt: Date
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "moderated_at") var moderatedAt: Date?
    @OptionalField(key: "moderated_by") var moderatedBy: String?

    init() {}

    var synthesisComment: ConsultationSynthesis.Comment {
        .init(section: section, name: name, organisation: organisation, text: text, submittedAt: submittedAt, status: status)
    }
}

/// The agency's response to the comments on one section ("" for the whole draft).
final class ConsultationResponse: Model, @unchecked Sendable {
    static let schema = "consultation_responses"

    @ID(key: .id) var id: UUID?
    @Field(key: "consultation_id") var consultationID: UUID
    @Field(key: "section") var section: String
    @Field(key: "text") var text: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

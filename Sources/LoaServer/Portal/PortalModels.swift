import Fluent
import Foundation
import LoaCore

/// A policy area (lĩnh vực) that articles, documents and followers' subscriptions belong to.
final class Topic: Model, @unchecked Sendable {
    static let schema = "topics"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "position") var position: Int

    init() {}

    init(slug: String, name: String, description: String = "", position: Int) {
        self.slug = slug
        self.name = name
        self.description = description
        self.position = position
    }
}

/// News or guidance on a policy area.
final class Article: Model, @unchecked Sendable {
    static let schema = "articles"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// The Markdown the editor wrote.
    @Field(key: "body") var body: String
    /// The sanitised HTML rendered from `body` when it is saved, so that pages never render Markdown.
    @Field(key: "body_html") var bodyHTML: String
    @OptionalField(key: "cover_image") var coverImage: String?
    /// What the cover image shows, for people who cannot see it; required with a cover.
    @OptionalField(key: "cover_alt") var coverAlt: String?
    @OptionalField(key: "author") var author: String?
    @Field(key: "status") var status: PublicationStatus
    @Field(key: "featured") var featured: Bool
    /// When it went public, or, while `scheduled`, when it will.
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// The approver's comment when sending it back.
    @OptionalField(key: "review_note") var reviewNote: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Siblings(through: ArticleTopic.self, from: \.$article, to: \.$topic) var topics: [Topic]

    init() {}
}

final class ArticleTopic: Model, @unchecked Sendable {
    static let schema = "article_topics"

    @ID(key: .id) var id: UUID?
    @Parent(key: "article_id") var article: Article
    @Parent(key: "topic_id") var topic: Topic
    /// 0 for the main topic: the one that decides breadcrumbs, related items and the home page section.
    @Field(key: "position") var position: Int

    init() {}

    init(articleID: UUID, topicID: UUID, position: Int) {
        self.$article.id = articleID
        self.$topic.id = topicID
        self.position = position
    }
}

/// An entry in the register of legal documents (văn bản quy phạm pháp luật and administrative documents).
final class LegalDocument: Model, @unchecked Sendable {
    static let schema = "legal_documents"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "slug") var slug: String
    /// Number and symbol as printed on the document, such as "06/2025/TT-BNV".
    @Field(key: "number") var number: String
    @Field(key: "title") var title: String
    @Field(key: "type") var type: DocumentType
    @Field(key: "issuer") var issuer: String
    @OptionalField(key: "signer") var signer: String?
    /// "YYYY-MM-DD": a calendar day, without a time zone.
    @Field(key: "issued_on") var issuedOn: String
    @OptionalField(key: "effective_on") var effectiveOn: String?
    @Field(key: "effect_status") var effectStatus: EffectStatus
    @Field(key: "summary") var summary: String
    @Field(key: "body") var body: String
    @Field(key: "body_html") var bodyHTML: String
    @Field(key: "status") var status: PublicationStatus
    @OptionalField(key: "published_at") var publishedAt: Date?
    @OptionalField(key: "review_note") var reviewNote: String?
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Siblings(through: DocumentTopic.self, from: \.$document, to: \.$topic) var topics: [Topic]
    @Children(for: \.$document) var attachments: [Attachment]

    init() {}

    var issuedDay: CalendarDay? { CalendarDay(issuedOn) }
    var effectiveDay: CalendarDay? { effectiveOn.flatMap(CalendarDay.init) }
}

final class DocumentTopic: Model, @unchecked Sendable {
    static let schema = "document_topics"

    @ID(key: .id) var id: UUID?
    @Parent(key: "document_id") var document: LegalDocument
    @Parent(key: "topic_id") var topic: Topic
    /// 0 for the main topic: the one that decides breadcrumbs, related items and the home page section.
    @Field(key: "position") var position: Int

    init() {}

    init(documentID: UUID, topicID: UUID, position: Int) {
        self.$document.id = documentID
        self.$topic.id = topicID
        self.position = position
    }
}

/// A file attached to a legal document, stored under the data folder by the SHA-256 of its content.
final class Attachment: Model, @unchecked Sendable {
    static let schema = "attachments"

    @ID(key: .id) var id: UUID?
    @OptionalParent(key: "document_id") var document: LegalDocument?
    /// Set for an article's cover image.
    @OptionalParent(key: "article_id") var article: Article?
    /// Set for a file attached to a draft for public comment.
    @OptionalField(key: "consultation_id") var consultationID: UUID?
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "byte_count") var byteCount: Int
    @Field(key: "sha256") var sha256: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// The standing information Decree 42/2022/NĐ-CP asks a portal to show: functions, organisation, contacts.
final class InfoPage: Model, @unchecked Sendable {
    static let schema = "info_pages"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "body_html") var bodyHTML: String
    @Field(key: "position") var position: Int
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

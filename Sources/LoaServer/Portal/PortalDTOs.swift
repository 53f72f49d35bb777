import Foundation
import LoaCore
import OpenAPIKit

extension PublicationStatus: APIEnum {}
extension DocumentType: APIEnum {}
extension EffectStatus: APIEnum {}
extension PetitionState: APIEnum {}
extension PetitionChannel: APIEnum {}
extension CommentStatus: APIEnum {}
extension CommentWindow.Phase: APIEnum {}
extension EditorialAction: APIEnum {}
extension Consultation.Status: APIEnum {}
extension DocumentRelationKind: APIEnum {}

/// The list shape every collection in the API shares.
struct ListDTO<Item: Codable>: Codable {
    var items: [Item]
    var total: Int
    var page: Int
    var perPage: Int
}

struct TopicDTO: Codable, APIDocumented {
    var slug: String
    var name: String
    var description: String
    var url: String
    var feedUrl: String

    init(_ topic: Topic, publicURL: String) {
        slug = topic.slug
        name = topic.name
        description = topic.description
        url = SiteURL.topic(topic.slug).absolute(publicURL)
        feedUrl = SiteURL.topicFeed(topic.slug).absolute(publicURL)
    }

    static let apiFields = ["url": APIField.url, "feed_url": .url]
}

struct ArticleDTO: Codable, APIDocumented {
    var id: UUID
    var slug: String
    var title: String
    var summary: String
    var topics: [String]
    @Nullable var author: String?
    @Nullable var coverImage: String?
    @Nullable var coverAlt: String?
    var featured: Bool
    var status: PublicationStatus
    @Nullable var publishedAt: Date?
    @Nullable var updatedAt: Date?
    var url: String
    /// Only in the detail: the Markdown source and the sanitised HTML rendered from it; list
    /// items leave them out.
    var body: String?
    var bodyHtml: String?

    init(_ article: Article, publicURL: String, detail: Bool) {
        id = article.id!
        slug = article.slug
        title = article.title
        summary = article.summary
        topics = article.$topics.value?.map(\.slug) ?? []
        author = article.author
        coverImage = article.coverImage
        coverAlt = article.coverAlt
        featured = article.featured
        status = article.status
        publishedAt = article.publishedAt
        updatedAt = article.updatedAt
        url = SiteURL.article(article.slug).absolute(publicURL)
        if detail {
            body = article.body
            bodyHtml = article.bodyHTML
        }
    }

    static let apiFields = [
        "url": APIField.url,
        "body": APIField("Markdown; only in the single-article answer"),
        "body_html": APIField("Sanitised HTML; only in the single-article answer"),
    ]
}

struct AttachmentDTO: Codable, APIDocumented {
    var fileName: String
    var contentType: String
    var size: Int
    var sha256: String
    var url: String

    static let apiFields = ["url": APIField.url]
}

struct DocumentDTO: Codable, APIDocumented {
    var id: UUID
    var slug: String
    var number: String
    var title: String
    var type: DocumentType
    var typeName: String
    var issuer: String
    @Nullable var signer: String?
    var issuedOn: String
    @Nullable var effectiveOn: String?
    var effectStatus: EffectStatus
    var effectStatusName: String
    var status: PublicationStatus
    var summary: String
    var topics: [String]
    var attachments: [AttachmentDTO]
    var url: String
    /// Only in the single-document answer.
    var bodyHtml: String?
    /// Only in the single-document answer: what it amends, replaces or guides, and what does so to it.
    var related: [RelatedDocumentDTO]?

    init(_ document: LegalDocument, publicURL: String, detail: Bool) {
        id = document.id!
        slug = document.slug
        number = document.number
        title = document.title
        type = document.type
        typeName = document.type.name
        issuer = document.issuer
        signer = document.signer
        issuedOn = document.issuedOn
        effectiveOn = document.effectiveOn
        effectStatus = document.effectStatus
        effectStatusName = document.effectStatus.name
        status = document.status
        summary = document.summary
        topics = document.$topics.value?.map(\.slug) ?? []
        attachments = (document.$attachments.value ?? []).map { file in
            AttachmentDTO(
                fileName: file.fileName, contentType: file.contentType, size: file.byteCount, sha256: file.sha256,
                url: SiteURL.attachment(id: file.id!, fileName: file.fileName).absolute(publicURL))
        }
        url = SiteURL.document(document.slug).absolute(publicURL)
        if detail { bodyHtml = document.bodyHTML }
    }

    static let apiFields = [
        "number": APIField("Number and symbol, e.g. 06/2025/TT-BNV"),
        "issued_on": APIField(format: .date),
        "effective_on": APIField(format: .date),
        "url": .url,
        "body_html": APIField("Only in the single-document answer"),
        "related": APIField("Only in the single-document answer"),
    ]
}

struct RelatedDocumentDTO: Codable, APIDocumented {
    var relation: DocumentRelationKind
    /// This document amends, replaces or guides the other (true), or the other does so to it.
    var outgoing: Bool
    var label: String
    var number: String
    var title: String
    var url: String

    init(_ link: RelatedDocument, publicURL: String) {
        relation = link.kind
        outgoing = link.outgoing
        label = link.label
        number = link.document.number
        title = link.document.title
        url = SiteURL.document(link.document.slug).absolute(publicURL)
    }

    static let apiFields = [
        "outgoing": APIField("True: this document amends, replaces or guides the other; false: the other does so to this one"),
        "label": APIField("The relation in words, from this document's side (Được sửa đổi, bổ sung bởi)"),
        "url": .url,
    ]
}

extension APIType {
    static let article = APIType(ArticleDTO.self, "Article")
    static let document = APIType(DocumentDTO.self, "Document")
    static let articleInput = APIType(ArticleInput.self, "ArticleInput")
    static let documentInput = APIType(DocumentInput.self, "DocumentInput")
    static let error = APIType(ErrorBody.self, "Error")
}

extension APIParameter {
    static let action = APIParameter.path("action", .string(allowedValues: EditorialAction.allCases.map { AnyCodable($0.rawValue) }))
}

import Foundation
import LoaCore

/// The list shape every collection in the API shares.
struct ListDTO<Item: Encodable>: Encodable {
    var items: [Item]
    var total: Int
    var page: Int
    var perPage: Int
}

struct TopicDTO: Encodable {
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
}

struct ArticleDTO: Encodable {
    var id: UUID
    var slug: String
    var title: String
    var summary: String
    var topics: [String]
    var author: String?
    var coverImage: String?
    var featured: Bool
    var status: String
    var publishedAt: Date?
    var updatedAt: Date?
    var url: String
    /// Only in the detail: the Markdown source and the sanitised HTML rendered from it.
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
        featured = article.featured
        status = article.status.rawValue
        publishedAt = article.publishedAt
        updatedAt = article.updatedAt
        url = SiteURL.article(article.slug).absolute(publicURL)
        if detail {
            body = article.body
            bodyHtml = article.bodyHTML
        }
    }

    // Optional detail fields are left out of list items instead of being written as null.
    enum CodingKeys: String, CodingKey {
        case id, slug, title, summary, topics, author, coverImage, featured, status, publishedAt, updatedAt, url, body, bodyHtml
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(slug, forKey: .slug)
        try container.encode(title, forKey: .title)
        try container.encode(summary, forKey: .summary)
        try container.encode(topics, forKey: .topics)
        try container.encode(author, forKey: .author)
        try container.encode(coverImage, forKey: .coverImage)
        try container.encode(featured, forKey: .featured)
        try container.encode(status, forKey: .status)
        try container.encode(publishedAt, forKey: .publishedAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(url, forKey: .url)
        try container.encodeIfPresent(body, forKey: .body)
        try container.encodeIfPresent(bodyHtml, forKey: .bodyHtml)
    }
}

struct AttachmentDTO: Encodable {
    var fileName: String
    var contentType: String
    var size: Int
    var sha256: String
    var url: String
}

struct DocumentDTO: Encodable {
    var id: UUID
    var slug: String
    var number: String
    var title: String
    var type: String
    var typeName: String
    var issuer: String
    var signer: String?
    var issuedOn: String
    var effectiveOn: String?
    var effectStatus: String
    var effectStatusName: String
    var status: String
    var summary: String
    var topics: [String]
    var attachments: [AttachmentDTO]
    var url: String
    var bodyHtml: String?

    init(_ document: LegalDocument, publicURL: String, detail: Bool) {
        id = document.id!
        slug = document.slug
        number = document.number
        title = document.title
        type = document.type.rawValue
        typeName = document.type.name
        issuer = document.issuer
        signer = document.signer
        issuedOn = document.issuedOn
        effectiveOn = document.effectiveOn
        effectStatus = document.effectStatus.rawValue
        effectStatusName = document.effectStatus.name
        status = document.status.rawValue
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

    enum CodingKeys: String, CodingKey {
        case id, slug, number, title, type, typeName, issuer, signer, issuedOn, effectiveOn, effectStatus, effectStatusName, status
        case summary, topics, attachments, url, bodyHtml
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(slug, forKey: .slug)
        try container.encode(number, forKey: .number)
        try container.encode(title, forKey: .title)
        try container.encode(type, forKey: .type)
        try container.encode(typeName, forKey: .typeName)
        try container.encode(issuer, forKey: .issuer)
        try container.encode(signer, forKey: .signer)
        try container.encode(issuedOn, forKey: .issuedOn)
        try container.encode(effectiveOn, forKey: .effectiveOn)
        try container.encode(effectStatus, forKey: .effectStatus)
        try container.encode(effectStatusName, forKey: .effectStatusName)
        try container.encode(status, forKey: .status)
        try container.encode(summary, forKey: .summary)
        try container.encode(topics, forKey: .topics)
        try container.encode(attachments, forKey: .attachments)
        try container.encode(url, forKey: .url)
        try container.encodeIfPresent(bodyHtml, forKey: .bodyHtml)
    }
}

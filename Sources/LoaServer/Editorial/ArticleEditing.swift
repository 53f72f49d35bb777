import Fluent
import Foundation
import LoaCore
import Vapor

/// An article as the console form and the write API send it; every field optional so that
/// PATCH can send only what changes.
struct ArticleInput: Content, APIDocumented {
    var title: String?
    var summary: String?
    var body: String?
    var topics: [String]?
    /// The topic that decides breadcrumbs, related items and the home page section; one of `topics`.
    var mainTopic: String?
    var author: String?
    var coverImage: String?
    var coverAlt: String?
    var featured: Bool?

    enum CodingKeys: String, CodingKey {
        case title, summary, body, topics, author
        case mainTopic = "main_topic"
        case coverImage = "cover_image"
        case coverAlt = "cover_alt"
        case featured
    }

    static let apiFields = [
        "title": APIField(maxLength: ContentLimits.title),
        "summary": APIField(maxLength: ContentLimits.summary),
        "body": APIField("Markdown", maxLength: ContentLimits.body),
        "topics": APIField(minItems: 1, maxItems: ContentLimits.topics),
        "main_topic": APIField("The main topic, one of topics (added to them if missing); default: the first of topics"),
        "cover_alt": APIField(
            "What the cover image shows, for people who cannot see it; required with a cover image",
            maxLength: ContentLimits.shortText),
    ]
}

/// The checked values of an article.
struct ArticleFields: Equatable {
    var title = ""
    var summary = ""
    var body = ""
    var topics: [String] = []
    var author: String?
    var coverImage: String?
    var coverAlt: String?
    var featured = false

    init() {}

    init(_ article: Article) {
        title = article.title
        summary = article.summary
        body = article.body
        topics = (article.$topics.value ?? []).map(\.slug)
        author = article.author
        coverImage = article.coverImage
        coverAlt = article.coverAlt
        featured = article.featured
    }

    /// `base` plus what `input` changes, checked; every problem is reported at once.
    static func merging(
        _ input: ArticleInput, into base: ArticleFields, knownTopics: Set<String>
    ) throws(ValidationFailure) -> ArticleFields {
        var fields = base
        var problems: [String: String] = [:]
        if let title = input.title { fields.title = clean(title) }
        if let summary = input.summary { fields.summary = clean(summary) }
        if let body = input.body { fields.body = body.precomposedStringWithCanonicalMapping }
        if let topics = input.topics { fields.topics = topics.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        fields.topics = MainTopic.ordered(fields.topics, main: input.mainTopic)
        if let author = input.author { fields.author = clean(author).isEmpty ? nil : clean(author) }
        if let cover = input.coverImage { fields.coverImage = clean(cover).isEmpty ? nil : clean(cover) }
        if let alt = input.coverAlt { fields.coverAlt = clean(alt).isEmpty ? nil : clean(alt) }
        if let featured = input.featured { fields.featured = featured }

        if fields.title.isEmpty { problems["title"] = "Hãy nhập tiêu đề." }
        if fields.title.count > ContentLimits.title { problems["title"] = "Tiêu đề dài quá \(ContentLimits.title) ký tự." }
        if fields.summary.count > ContentLimits.summary { problems["summary"] = "Tóm tắt dài quá \(ContentLimits.summary) ký tự." }
        if fields.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems["body"] = "Hãy nhập nội dung." }
        if fields.body.count > ContentLimits.body { problems["body"] = "Nội dung dài quá \(ContentLimits.body) ký tự." }
        if fields.topics.isEmpty { problems["topics"] = "Hãy chọn ít nhất một lĩnh vực." }
        if fields.topics.count > ContentLimits.topics { problems["topics"] = "Chọn nhiều nhất \(ContentLimits.topics) lĩnh vực." }
        if let unknown = fields.topics.first(where: { !knownTopics.contains($0) }) {
            problems["topics"] = "Lĩnh vực không tồn tại: \(unknown.prefix(60))."
        }
        if (fields.author?.count ?? 0) > ContentLimits.shortText {
            problems["author"] = "Tên tác giả dài quá \(ContentLimits.shortText) ký tự."
        }
        if let cover = fields.coverImage, !CoverImage.isAcceptable(cover) {
            problems["cover_image"] = CoverImage.problem
        } else if fields.coverImage != nil, fields.coverAlt == nil {
            problems["cover_alt"] = "Hãy mô tả ảnh đại diện cho người không xem được ảnh (ví dụ: Bộ trưởng phát biểu tại hội nghị)."
        }
        if (fields.coverAlt?.count ?? 0) > ContentLimits.shortText {
            problems["cover_alt"] = "Mô tả ảnh dài quá \(ContentLimits.shortText) ký tự."
        }
        guard problems.isEmpty else { throw ValidationFailure(fields: problems) }
        return fields
    }

    private static func clean(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension Article: EditorialRecord {
    static let recordType = "article"

    func snapshot(on db: any Database) async throws -> [String: String] {
        try await PortalQueries.loadTopics(of: [self], on: db)
        return [
            "title": title, "summary": summary, "body": body, "topics": topics.map(\.slug).joined(separator: ", "),
            "author": author ?? "", "cover_image": coverImage ?? "", "cover_alt": coverAlt ?? "", "featured": featured ? "có" : "không",
        ]
    }

    func restore(_ fields: [String: String], on db: any Database) async throws {
        var values = ArticleFields(self)
        values.title = fields["title"] ?? title
        values.summary = fields["summary"] ?? summary
        values.body = fields["body"] ?? body
        values.topics = (fields["topics"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        values.author = fields["author"].flatMap { $0.isEmpty ? nil : $0 }
        values.coverImage = fields["cover_image"].flatMap { $0.isEmpty ? nil : $0 }
        values.coverAlt = fields["cover_alt"].flatMap { $0.isEmpty ? nil : $0 }
        values.featured = fields["featured"] == "có"
        try await ArticleEditing.apply(values, to: self, on: db)
    }

    func refreshSearch(on db: any Database) async throws {
        try await SearchIndex.refresh(self, on: db)
    }
}

enum ArticleEditing {
    static func knownTopics(on db: any Database) async throws -> Set<String> {
        Set(try await Topic.query(on: db).all().map(\.slug))
    }

    /// Writes the fields onto the article (saving it) and replaces its topics.
    static func apply(_ fields: ArticleFields, to article: Article, on db: any Database) async throws {
        article.title = fields.title
        article.summary = fields.summary
        article.body = fields.body
        article.bodyHTML = Markdown.html(fields.body)
        article.author = fields.author
        article.coverImage = fields.coverImage
        article.coverAlt = fields.coverAlt
        article.featured = fields.featured
        if article.id == nil {
            article.slug = try await uniqueSlug(for: fields.title, in: Article.self, on: db)
        }
        try await article.save(on: db)
        let id = try article.requireID()
        try await ArticleTopic.query(on: db).filter(\.$article.$id == id).delete()
        let topics = try await Topic.query(on: db).filter(\.$slug ~~ fields.topics).all()
        for (position, slug) in fields.topics.enumerated() {
            guard let topic = topics.first(where: { $0.slug == slug }) else { continue }
            try await ArticleTopic(articleID: id, topicID: try topic.requireID(), position: position).create(on: db)
        }
        article.$topics.value = fields.topics.compactMap { slug in topics.first { $0.slug == slug } }
        try await SearchIndex.refresh(article, on: db)
    }

    static func create(_ input: ArticleInput, context: OperationContext) async throws -> Article {
        try context.require(.editContent)
        let fields = try ArticleFields.merging(input, into: ArticleFields(), knownTopics: try await knownTopics(on: context.db))
        let article = Article()
        article.status = .draft
        article.createdBy = context.userID
        try await Editorial.save(article, action: "create", note: "Tạo mới", context: context) { db in
            try await apply(fields, to: article, on: db)
        }
        return article
    }

    static func update(_ article: Article, with input: ArticleInput, context: OperationContext) async throws {
        let role = try context.require(.editContent)
        guard context.app.loa.workflow.mayEdit(article.status, role: role) else {
            throw APIError(
                status: .forbidden, code: "forbidden", message: "Bài viết đang công khai hoặc hẹn giờ; chỉ người duyệt được sửa.")
        }
        try await PortalQueries.loadTopics(of: [article], on: context.db)
        let fields = try ArticleFields.merging(input, into: ArticleFields(article), knownTopics: try await knownTopics(on: context.db))
        guard fields != ArticleFields(article) else { return }
        try await Editorial.save(article, action: "update", note: "Chỉnh sửa", context: context) { db in
            try await apply(fields, to: article, on: db)
        }
    }
}

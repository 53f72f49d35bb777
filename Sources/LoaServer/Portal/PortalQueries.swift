import Fluent
import Foundation
import LoaCore

/// The read side of the portal: what is public, in the order people expect it.
enum PortalQueries {
    struct Page<Item> {
        var items: [Item]
        var total: Int
        var page: Int
        var perPage: Int
        var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
    }

    static func topics(on db: any Database) async throws -> [Topic] {
        try await Topic.query(on: db).sort(\.$position).sort(\.$name).all()
    }

    static func topic(slug: String, on db: any Database) async throws -> Topic? {
        try await Topic.query(on: db).filter(\.$slug == slug).first()
    }

    /// Articles people may read: published, and not dated in the future.
    static func publishedArticles(on db: any Database, now: Date = Date()) -> QueryBuilder<Article> {
        Article.query(on: db).filter(\.$status == .published).filter(\.$publishedAt <= now)
    }

    /// The published articles of one month, newest first.
    static func articles(in month: CalendarMonth, page: Int, perPage: Int, now: Date, on db: any Database) async throws -> Page<Article> {
        let query = publishedArticles(on: db, now: now).filter(\.$publishedAt >= month.start).filter(\.$publishedAt < month.end)
        let total = try await query.count()
        let items = try await query.sort(\.$publishedAt, .descending).sort(\.$title)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        try await loadTopics(of: items, on: db)
        return Page(items: items, total: total, page: page, perPage: perPage)
    }

    /// The months from the newest published article back to the oldest; two queries, whatever the number of articles.
    static func newsMonths(now: Date, on db: any Database) async throws -> [CalendarMonth] {
        guard
            let newest = try await publishedArticles(on: db, now: now).sort(\.$publishedAt, .descending).field(\.$publishedAt).first()?
                .publishedAt,
            let oldest = try await publishedArticles(on: db, now: now).sort(\.$publishedAt, .ascending).field(\.$publishedAt).first()?
                .publishedAt
        else { return [] }
        return CalendarMonth.descending(from: CalendarMonth(of: newest), to: CalendarMonth(of: oldest))
    }

    static func articles(
        topic: Topic? = nil, featured: Bool? = nil, page: Int, perPage: Int, on db: any Database
    ) async throws
        -> Page<Article>
    {
        let query = publishedArticles(on: db)
        if let topicID = topic?.id {
            query.join(ArticleTopic.self, on: \Article.$id == \ArticleTopic.$article.$id)
                .filter(ArticleTopic.self, \.$topic.$id == topicID)
        }
        if let featured { query.filter(\.$featured == featured) }
        let total = try await query.count()
        let items = try await query.sort(\.$publishedAt, .descending).sort(\.$title)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        try await loadTopics(of: items, on: db)
        return Page(items: items, total: total, page: page, perPage: perPage)
    }

    static func article(slug: String, on db: any Database) async throws -> Article? {
        guard let article = try await publishedArticles(on: db).filter(\.$slug == slug).first() else { return nil }
        try await loadTopics(of: [article], on: db)
        return article
    }

    /// Loads the topics of many articles in one query, main topic first. (Fluent's eager loading
    /// of siblings cannot order by a pivot column.)
    static func loadTopics(of articles: [Article], on db: any Database) async throws {
        let ids = articles.compactMap(\.id)
        guard !ids.isEmpty else { return }
        let links = try await ArticleTopic.query(on: db).filter(\.$article.$id ~~ ids).with(\.$topic).sort(\.$position).all()
        let grouped = Dictionary(grouping: links, by: { $0.$article.id })
        for article in articles {
            article.$topics.value = (grouped[article.id!] ?? []).map(\.topic)
        }
    }

    static func loadTopics(of documents: [LegalDocument], on db: any Database) async throws {
        let ids = documents.compactMap(\.id)
        guard !ids.isEmpty else { return }
        let links = try await DocumentTopic.query(on: db).filter(\.$document.$id ~~ ids).with(\.$topic).sort(\.$position).all()
        let grouped = Dictionary(grouping: links, by: { $0.$document.id })
        for document in documents {
            document.$topics.value = (grouped[document.id!] ?? []).map(\.topic)
        }
    }

    /// The latest articles sharing the article's main topic.
    static func related(to article: Article, limit: Int, on db: any Database) async throws -> [Article] {
        guard let topic = article.topics.first, let id = article.id else { return [] }
        return try await publishedArticles(on: db)
            .join(ArticleTopic.self, on: \Article.$id == \ArticleTopic.$article.$id)
            .filter(ArticleTopic.self, \.$topic.$id == topic.requireID())
            .filter(\.$id != id)
            .sort(\.$publishedAt, .descending).limit(limit).all()
    }

    // MARK: Documents

    struct DocumentFilter: Sendable, Equatable {
        var type: DocumentType?
        var issuer: String?
        var year: Int?
        var effectStatus: EffectStatus?
        var topic: Topic.IDValue?
        /// The documents a keyword matched (number or words, with or without marks), best first.
        var matching: [UUID]?

        var isEmpty: Bool { self == DocumentFilter() }
    }

    /// How many keyword matches the register narrows to: the best ones, as search ranks them.
    static let keywordMatches = 200

    /// The documents a keyword finds, through the search index (exact numbers first, then words).
    static func documentsMatching(_ keyword: String, now: Date, on db: any Database) async throws -> [UUID] {
        var filter = SearchFilter(kind: LegalDocument.recordType)
        filter.now = now
        return try await SearchService.matchingRecords(keyword, filter: filter, limit: keywordMatches, on: db)
    }

    static func publishedDocuments(on db: any Database) -> QueryBuilder<LegalDocument> {
        LegalDocument.query(on: db).filter(\.$status == .published)
    }

    static func documents(_ filter: DocumentFilter, page: Int, perPage: Int, on db: any Database) async throws -> Page<LegalDocument> {
        let query = publishedDocuments(on: db)
        if let type = filter.type { query.filter(\.$type == type) }
        if let issuer = filter.issuer { query.filter(\.$issuer == issuer) }
        if let year = filter.year {
            query.filter(\.$issuedOn >= "\(year)-01-01").filter(\.$issuedOn <= "\(year)-12-31")
        }
        if let status = filter.effectStatus { query.filter(\.$effectStatus == status) }
        if let matching = filter.matching { query.filter(\.$id ~~ matching) }
        if let topicID = filter.topic {
            query.join(DocumentTopic.self, on: \LegalDocument.$id == \DocumentTopic.$document.$id)
                .filter(DocumentTopic.self, \.$topic.$id == topicID)
        }
        let total = try await query.count()
        let items = try await query.with(\.$attachments)
            .sort(\.$issuedOn, .descending).sort(\.$number)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        try await loadTopics(of: items, on: db)
        return Page(items: items, total: total, page: page, perPage: perPage)
    }

    static func document(slug: String, on db: any Database) async throws -> LegalDocument? {
        try await document(publishedDocuments(on: db).filter(\.$slug == slug), on: db)
    }

    static func document(id: UUID, on db: any Database) async throws -> LegalDocument? {
        try await document(publishedDocuments(on: db).filter(\.$id == id), on: db)
    }

    private static func document(_ query: QueryBuilder<LegalDocument>, on db: any Database) async throws -> LegalDocument? {
        guard let document = try await query.with(\.$attachments).first() else { return nil }
        try await loadTopics(of: [document], on: db)
        return document
    }

    /// The choices for the register's filters, from what is actually in it.
    static func documentFacets(on db: any Database) async throws -> (issuers: [String], years: [Int]) {
        let rows = try await publishedDocuments(on: db).field(\.$issuer).field(\.$issuedOn).all()
        let issuers = Set(rows.map(\.issuer)).sorted { $0.compare($1, locale: Locale(identifier: "vi")) == .orderedAscending }
        let years = Set(rows.compactMap { Int($0.issuedOn.prefix(4)) }).sorted(by: >)
        return (issuers, years)
    }

    static func infoPage(slug: String, on db: any Database) async throws -> InfoPage? {
        try await InfoPage.query(on: db).filter(\.$slug == slug).first()
    }

    static func infoPages(on db: any Database) async throws -> [InfoPage] {
        try await InfoPage.query(on: db).sort(\.$position).all()
    }
}

import Fluent
import Foundation
import LoaCore
import SQLKit

/// One searchable text (an article, a document, later a published answer): what filters and
/// results need, in the original accented form. The folded tokens live in the backend's index.
final class SearchEntry: Model, @unchecked Sendable {
    static let schema = "search_entries"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    /// Plain text of the body, for snippets.
    @Field(key: "body") var body: String
    /// ",slug,slug," so that a topic filter is one LIKE.
    @Field(key: "topics") var topics: String
    @Field(key: "path") var path: String
    @OptionalField(key: "number_key") var numberKey: String?
    @Field(key: "published_at") var publishedAt: Date
    /// SQLite only: the entry's rowid in the FTS5 table, so that updates find it through an index.
    @OptionalField(key: "fts_key") var ftsKey: Int?

    init() {}
}

/// A query that found nothing, folded and stripped of anything that could identify a person.
final class SearchMiss: Model, @unchecked Sendable {
    static let schema = "search_misses"

    @ID(key: .id) var id: UUID?
    @Field(key: "query") var query: String
    @Field(key: "count") var count: Int
    @Field(key: "first_at") var firstAt: Date
    @Field(key: "last_at") var lastAt: Date

    init() {}
}

/// What a search may be narrowed by.
struct SearchFilter: Sendable, Equatable {
    var kind: String?
    var topic: String?
    var from: Date?
    var to: Date?
    var now = Date()
}

/// The full-text part that differs between the databases: SQLite's FTS5 and PostgreSQL's
/// tsvector. Both index the same tokens from `SearchText`, weight title above summary above body,
/// and break ties by recency.
protocol SearchBackend: Sendable {
    func createStructures(on sql: any SQLDatabase) async throws
    func dropStructures(on sql: any SQLDatabase) async throws
    func write(_ entry: SearchEntry, title: String, summary: String, body: String, on db: any Database) async throws
    func delete(_ entry: SearchEntry, on db: any Database) async throws
    /// Removes index rows no entry points at (after entries were deleted by hand).
    func prune(on sql: any SQLDatabase) async throws
    /// Compacts the index after many writes (an import, a reindex).
    func optimize(on sql: any SQLDatabase) async throws
    /// Entry ids with a score (higher is better), best first, and how many matched in all.
    func search(
        _ query: SearchText.Query, filter: SearchFilter, limit: Int, offset: Int, on sql: any SQLDatabase
    ) async throws
        -> (hits: [(UUID, Double)], total: Int)
}

enum SearchBackends {
    static func backend(for sql: any SQLDatabase) -> any SearchBackend {
        sql.dialect.name == "postgresql" ? PostgresSearch() : SQLiteSearch()
    }

    /// The WHERE clauses on `search_entries e` shared by both backends.
    static func filterClauses(_ filter: SearchFilter) -> SQLQueryString {
        var clause: SQLQueryString = " AND e.published_at <= \(bind: filter.now)"
        if let kind = filter.kind { clause = clause + " AND e.kind = \(bind: kind)" }
        if let topic = filter.topic { clause = clause + " AND e.topics LIKE \(bind: "%,\(topic),%")" }
        if let from = filter.from { clause = clause + " AND e.published_at >= \(bind: from)" }
        if let to = filter.to { clause = clause + " AND e.published_at <= \(bind: to)" }
        return clause
    }
}

struct SQLiteSearch: SearchBackend {
    func createStructures(on sql: any SQLDatabase) async throws {
        // Tokens are folded in Swift; FTS5 only splits on spaces. Rows are keyed by
        // `search_entries.fts_key`, so an update deletes by rowid instead of scanning.
        try await sql.raw("CREATE VIRTUAL TABLE search_fts USING fts5(title, summary, body, tokenize = 'unicode61 remove_diacritics 0')")
            .run()
        try await Self.configureRanking(on: sql)
        try await Self.createHead(on: sql)
    }

    /// Titles and summaries alone, with the same rowids: ranking phrases there is cheap, since its
    /// lists are a fraction of the body's, and that is where a good match usually is.
    static func createHead(on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "CREATE VIRTUAL TABLE IF NOT EXISTS search_head USING fts5(title, summary, tokenize = 'unicode61 remove_diacritics 0')"
        )
        .run()
        try await sql.raw("DELETE FROM search_head").run()
        try await sql.raw("INSERT INTO search_head (rowid, title, summary) SELECT rowid, title, summary FROM search_fts").run()
    }

    /// `ORDER BY rank` weighs a match in the title ten times one in the body, and in the summary
    /// four times: FTS5 keeps the setting in the table, so it is written once.
    static func configureRanking(on sql: any SQLDatabase) async throws {
        try await sql.raw("INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)')").run()
    }

    func dropStructures(on sql: any SQLDatabase) async throws {
        try await sql.raw("DROP TABLE IF EXISTS search_fts").run()
        try await sql.raw("DROP TABLE IF EXISTS search_head").run()
    }

    func write(_ entry: SearchEntry, title: String, summary: String, body: String, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if entry.ftsKey == nil {
            // SQLite has a single writer, and this runs in the change's transaction: max + 1 is unique.
            let next = try await sql.raw("SELECT COALESCE(MAX(fts_key), 0) + 1 AS next FROM search_entries").first()?.decode(
                column: "next", as: Int.self)
            entry.ftsKey = next ?? 1
            try await entry.save(on: db)
        }
        let key = entry.ftsKey!
        try await sql.raw("DELETE FROM search_fts WHERE rowid = \(bind: key)").run()
        try await sql.raw("DELETE FROM search_head WHERE rowid = \(bind: key)").run()
        try await sql.raw(
            "INSERT INTO search_fts (rowid, title, summary, body) VALUES (\(bind: key), \(bind: title), \(bind: summary), \(bind: body))"
        ).run()
        try await sql.raw("INSERT INTO search_head (rowid, title, summary) VALUES (\(bind: key), \(bind: title), \(bind: summary))").run()
    }

    /// FTS5 adds a segment for every batch of writes and each query looks a term up in every
    /// segment; after a bulk load, merging them into one makes searches about a third faster.
    func optimize(on sql: any SQLDatabase) async throws {
        try await sql.raw("INSERT INTO search_fts (search_fts) VALUES ('optimize')").run()
        try await sql.raw("INSERT INTO search_head (search_head) VALUES ('optimize')").run()
    }

    func prune(on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM search_fts WHERE rowid NOT IN (SELECT fts_key FROM search_entries WHERE fts_key IS NOT NULL)").run()
        try await sql.raw("DELETE FROM search_head WHERE rowid NOT IN (SELECT fts_key FROM search_entries WHERE fts_key IS NOT NULL)").run()
    }

    func delete(_ entry: SearchEntry, on db: any Database) async throws {
        guard let key = entry.ftsKey else { return }
        try await (db as! any SQLDatabase).raw("DELETE FROM search_fts WHERE rowid = \(bind: key)").run()
        try await (db as! any SQLDatabase).raw("DELETE FROM search_head WHERE rowid = \(bind: key)").run()
    }

    /// `"a" AND "b" AND ("ab" OR "a")`: every syllable must appear; the pairs, optional, add to
    /// the BM25 score, so adjacent words as in the query rank first. Tokens are letters and digits
    /// only, and quoted, so nothing a person types is FTS syntax.
    static func matchExpression(_ query: SearchText.Query) -> String? {
        guard var expression = wordsExpression(query) else { return nil }
        if !query.pairs.isEmpty {
            expression += " AND (" + (query.pairs.map { "\"\($0)\"" } + [terms(query)[0]]).joined(separator: " OR ") + ")"
        }
        return expression
    }

    private static func terms(_ query: SearchText.Query) -> [String] {
        var terms = query.syllables.map { syllable in
            let variants = SearchText.variants(syllable).map { "\"\($0)\"" }
            return variants.count == 1 ? variants[0] : "(" + variants.joined(separator: " OR ") + ")"
        }
        if let prefix = query.prefix, !terms.isEmpty { terms[terms.count - 1] = "\"\(prefix)\"*" }
        return terms
    }

    /// Every syllable, anywhere.
    static func wordsExpression(_ query: SearchText.Query) -> String? {
        let terms = terms(query)
        return terms.isEmpty ? nil : terms.joined(separator: " AND ")
    }

    /// Every adjacent pair: the words as a phrase, without reading positions; a numeral pairs in
    /// both spellings ("2 cấp" is also "hai cấp").
    static func phraseExpression(_ query: SearchText.Query) -> String? {
        let syllables = query.syllables
        guard syllables.count > 1, query.prefix == nil else { return nil }
        return (0..<(syllables.count - 1)).map { index in
            let pairs = SearchText.variants(syllables[index]).flatMap { first in
                SearchText.variants(syllables[index + 1]).map { "\"\(first)\($0)\"" }
            }
            return pairs.count == 1 ? pairs[0] : "(" + pairs.joined(separator: " OR ") + ")"
        }.joined(separator: " AND ")
    }

    /// How many matches are counted exactly; beyond, the total says "more than".
    /// Ten pages of twenty: beyond, counting exactly would cost more than the rest of the search.
    static let countLimit = 200
    /// The newest phrase matches that BM25 ranks, in the titles and summaries, then everywhere.
    static let phraseWindow = 200

    func search(
        _ query: SearchText.Query, filter: SearchFilter, limit: Int, offset: Int, on sql: any SQLDatabase
    ) async throws
        -> (hits: [(UUID, Double)], total: Int)
    {
        guard let match = Self.matchExpression(query), let words = Self.wordsExpression(query) else { return ([], 0) }
        let decode: ([any SQLRow]) throws -> [(UUID, Double)] = { rows in
            try rows.map { (try $0.decode(column: "id", as: UUID.self), -(try $0.decode(column: "rank", as: Double.self))) }
        }
        // Without filters, results come in tiers, each cheap because it ranks few rows: the
        // phrase in a title or summary (BM25 over the small head table), the phrase in the
        // newest texts (BM25 over a window), the words in a title or summary, then the words
        // anywhere, newest first. Ranking every match of common words, as a single BM25 query
        // would, costs hundreds of milliseconds at 100,000 texts.
        if filter.kind == nil, filter.topic == nil, filter.from == nil, filter.to == nil {
            let need = offset + limit
            var ordered: [Int] = []
            var seen = Set<Int>()
            func take(_ rows: [any SQLRow]) throws {
                for row in rows {
                    let key = try row.decode(column: "rowid", as: Int.self)
                    if seen.insert(key).inserted { ordered.append(key) }
                }
            }
            if let phrase = Self.phraseExpression(query) {
                // BM25 over the newest matches only, in one pass each: scoring every match of a
                // common phrase is what made a search slow, and the newest are the ones people want.
                func bestOfNewest(_ table: String, weights: String, window: Int) async throws -> [any SQLRow] {
                    let rows = try await sql.raw(
                        """
                        SELECT rowid, bm25(\(unsafeRaw: table), \(unsafeRaw: weights)) AS score FROM \(unsafeRaw: table)
                        WHERE \(unsafeRaw: table) MATCH \(bind: phrase) ORDER BY rowid DESC LIMIT \(bind: window)
                        """
                    ).all()
                    let scored = try rows.map { row in
                        (
                            row: row, score: try row.decode(column: "score", as: Double.self),
                            key: try row.decode(column: "rowid", as: Int.self)
                        )
                    }
                    // FTS5's bm25 is negative, better is lower; among equals, the newer.
                    return scored.sorted { ($0.score, -$0.key) < ($1.score, -$1.key) }.prefix(need).map(\.row)
                }
                try take(try await bestOfNewest("search_head", weights: "10.0, 4.0", window: Self.phraseWindow))
                if ordered.count < need {
                    try take(try await bestOfNewest("search_fts", weights: "10.0, 4.0, 1.0", window: Self.phraseWindow))
                }
            }
            // The last two tiers are newest first: their candidates are put in date order.
            func newestFirst(_ rows: [any SQLRow]) async throws -> [any SQLRow] {
                let keys = try rows.map { try $0.decode(column: "rowid", as: Int.self) }
                guard !keys.isEmpty else { return [] }
                return try await sql.raw(
                    """
                    SELECT fts_key AS rowid FROM search_entries WHERE fts_key IN (\(binds: keys)) ORDER BY published_at DESC
                    """
                ).all()
            }
            if ordered.count < need {
                try take(
                    try await newestFirst(
                        try await sql.raw(
                            "SELECT rowid FROM search_head WHERE search_head MATCH \(bind: words) ORDER BY rowid DESC LIMIT \(bind: need)"
                        ).all()))
            }
            // The newest matches of all the words: they fill the page and give the count.
            let newest = try await sql.raw(
                """
                SELECT rowid FROM search_fts WHERE search_fts MATCH \(bind: words) ORDER BY rowid DESC LIMIT \(bind: Self.countLimit + 1)
                """
            ).all()
            if ordered.count < need { try take(try await newestFirst(Array(newest.prefix(need + seen.count)))) }
            let total = newest.count
            let page = Array(ordered.dropFirst(offset).prefix(limit))
            guard !page.isEmpty else { return ([], total) }
            let rows = try await sql.raw(
                """
                SELECT e.id AS id, e.fts_key AS rowid FROM search_entries e
                WHERE e.fts_key IN (\(binds: page)) AND e.published_at <= \(bind: filter.now)
                """
            ).all()
            var ids: [Int: UUID] = [:]
            for row in rows { ids[try row.decode(column: "rowid", as: Int.self)] = try row.decode(column: "id", as: UUID.self) }
            let hits = page.enumerated().compactMap { position, key in
                ids[key].map { ($0, Double(need - offset - position)) }
            }
            return (hits, total)
        }
        let conditions = SQLQueryString("search_fts MATCH \(bind: match)") + SearchBackends.filterClauses(filter)
        let rows = try await sql.raw(
            "SELECT e.id AS id, search_fts.rank AS rank FROM search_fts JOIN search_entries e ON e.fts_key = search_fts.rowid WHERE "
                + conditions + " ORDER BY search_fts.rank, e.published_at DESC LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        let total =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM search_fts JOIN search_entries e ON e.fts_key = search_fts.rowid WHERE " + conditions
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        return (try decode(rows), total)
    }
}

struct PostgresSearch: SearchBackend {
    func createStructures(on sql: any SQLDatabase) async throws {
        try await sql.raw("ALTER TABLE search_entries ADD COLUMN document tsvector").run()
        try await sql.raw("CREATE INDEX search_entries_document ON search_entries USING GIN (document)").run()
    }

    func dropStructures(on sql: any SQLDatabase) async throws {}

    /// The GIN index keeps itself in shape; fresh statistics help the planner after a bulk load.
    func optimize(on sql: any SQLDatabase) async throws {
        try await sql.raw("ANALYZE search_entries").run()
    }

    func write(_ entry: SearchEntry, title: String, summary: String, body: String, on db: any Database) async throws {
        let entryID = try entry.requireID()
        try await (db as! any SQLDatabase).raw(
            """
            UPDATE search_entries SET document =
              setweight(to_tsvector('simple', \(bind: title)), 'A') ||
              setweight(to_tsvector('simple', \(bind: summary)), 'B') ||
              setweight(to_tsvector('simple', \(bind: body)), 'C')
            WHERE id = \(bind: entryID)
            """
        ).run()
    }

    /// The vector lives in the entry's row and goes with it.
    func delete(_ entry: SearchEntry, on db: any Database) async throws {}

    func prune(on sql: any SQLDatabase) async throws {}

    /// `a & b & (ab | a)`, the same logic as the FTS5 expression, for `to_tsquery('simple', …)`.
    static func tsquery(_ query: SearchText.Query) -> String? {
        var terms = query.syllables.map { syllable in
            let variants = SearchText.variants(syllable)
            return variants.count == 1 ? variants[0] : "(" + variants.joined(separator: " | ") + ")"
        }
        if let prefix = query.prefix, !terms.isEmpty { terms[terms.count - 1] = "\(prefix):*" }
        guard !terms.isEmpty else { return nil }
        var expression = terms.joined(separator: " & ")
        if !query.pairs.isEmpty, let first = terms.first {
            expression += " & (" + (query.pairs + [first]).joined(separator: " | ") + ")"
        }
        return expression
    }

    func search(
        _ query: SearchText.Query, filter: SearchFilter, limit: Int, offset: Int, on sql: any SQLDatabase
    ) async throws
        -> (hits: [(UUID, Double)], total: Int)
    {
        guard let tsquery = Self.tsquery(query) else { return ([], 0) }
        let conditions = SQLQueryString("e.document @@ to_tsquery('simple', \(bind: tsquery))") + SearchBackends.filterClauses(filter)
        // Pairs found as in the query count twice: the explicit form of FTS5's pair terms.
        var rank = SQLQueryString("ts_rank(e.document, to_tsquery('simple', \(bind: tsquery)))")
        if !query.pairs.isEmpty {
            rank = rank + " + 2.0 * ts_rank(e.document, to_tsquery('simple', \(bind: query.pairs.joined(separator: " | "))))"
        }
        let rows = try await sql.raw(
            "SELECT e.id AS id, CAST(" + rank + " AS double precision) AS rank FROM search_entries e WHERE " + conditions
                + " ORDER BY rank DESC, e.published_at DESC LIMIT \(bind: limit) OFFSET \(bind: offset)"
        ).all()
        let total =
            try await sql.raw("SELECT COUNT(*) AS n FROM search_entries e WHERE " + conditions).first()?.decode(column: "n", as: Int.self)
            ?? 0
        return (try rows.map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "rank", as: Double.self)) }, total)
    }
}

/// Keeps the index in step with content: called in the same transaction as every change.
enum SearchIndex {
    /// Compacts the index after a bulk load (see `SearchBackend.optimize`).
    static func optimize(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await SearchBackends.backend(for: sql).optimize(on: sql)
    }

    static func refresh(_ article: Article, on db: any Database) async throws {
        let id = try article.requireID()
        guard article.status == .published, let publishedAt = article.publishedAt else {
            return try await remove(kind: Article.recordType, recordID: id, on: db)
        }
        if article.$topics.value == nil { try await PortalQueries.loadTopics(of: [article], on: db) }
        let body = Markdown.plainText(fromHTML: article.bodyHTML)
        try await write(
            kind: Article.recordType, recordID: id, title: article.title, titleTokens: article.title, summary: article.summary, body: body,
            topics: article.topics.map(\.slug), path: SiteURL.article(article.slug).path, numberKey: nil, publishedAt: publishedAt, on: db)
    }

    static func refresh(_ document: LegalDocument, on db: any Database) async throws {
        let id = try document.requireID()
        guard document.status == .published else { return try await remove(kind: LegalDocument.recordType, recordID: id, on: db) }
        if document.$topics.value == nil { try await PortalQueries.loadTopics(of: [document], on: db) }
        // Documents are dated by their issue day; that is what "recent" means for them.
        let issued = document.issuedDay.flatMap { parseTimestamp("\($0)T08:00:00+07:00") } ?? document.publishedAt ?? Date()
        try await write(
            kind: LegalDocument.recordType, recordID: id, title: "\(document.number) – \(document.title)",
            titleTokens: "\(document.type.name) \(document.number) \(document.title)",
            summary: document.summary, body: Markdown.plainText(fromHTML: document.bodyHTML), topics: document.topics.map(\.slug),
            path: SiteURL.document(document.slug).path, numberKey: SearchText.documentNumberKey(document.number),
            publishedAt: min(issued, document.publishedAt ?? issued), on: db)
    }

    /// A published answer is found by its question and its answer, both without personal data.
    static func refresh(_ petition: Petition, on db: any Database) async throws {
        let id = try petition.requireID()
        guard petition.state == .published, let publishedAt = petition.publishedAt, let title = petition.publicTitle else {
            return try await remove(kind: Petition.recordType, recordID: id, on: db)
        }
        try await write(
            kind: Petition.recordType, recordID: id, title: title, titleTokens: title, summary: petition.publicQuestion ?? "",
            body: Markdown.plainText(petition.publicAnswer ?? ""), topics: [petition.topic], path: SiteURL.answer(petition.code).path,
            numberKey: nil,
            publishedAt: publishedAt, on: db)
    }

    static func remove(kind: String, recordID: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        guard let entry = try await SearchEntry.query(on: db).filter(\.$kind == kind).filter(\.$recordID == recordID).first() else {
            return
        }
        try await SearchBackends.backend(for: sql).delete(entry, on: db)
        try await entry.delete(on: db)
    }

    /// `title` is shown; `titleTokens` is what the title field is searched by (for documents, with
    /// the type's name, so that "nghị định 178" finds 178/2024/NĐ-CP).
    private static func write(
        kind: String, recordID: UUID, title: String, titleTokens: String, summary: String, body: String, topics: [String], path: String,
        numberKey: String?,
        publishedAt: Date, on db: any Database
    ) async throws {
        let sql = db as! any SQLDatabase
        let entry = try await SearchEntry.query(on: db).filter(\.$kind == kind).filter(\.$recordID == recordID).first() ?? SearchEntry()
        entry.kind = kind
        entry.recordID = recordID
        entry.title = title
        entry.summary = summary
        entry.body = body
        entry.topics = "," + topics.joined(separator: ",") + ","
        entry.path = path
        entry.numberKey = numberKey
        entry.publishedAt = publishedAt
        try await entry.save(on: db)
        try await SearchBackends.backend(for: sql).write(
            entry, title: SearchText.indexTokens(titleTokens), summary: SearchText.indexTokens(summary), body: SearchText.indexTokens(body),
            on: db)
    }
}

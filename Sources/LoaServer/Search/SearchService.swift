import Fluent
import Foundation
import LoaCore
import SQLKit
import Synchronization

/// One search over articles, documents and (later) published answers.
enum SearchService {
    struct Result: Sendable {
        var kind: String
        var id: UUID
        var title: String
        var titleHTML: String
        var path: String
        var snippetHTML: String
        var score: Double
        var publishedAt: Date
    }

    struct Results: Sendable {
        var items: [Result]
        /// Exact up to `countLimit`; beyond, `countLimit` with `totalExact` false.
        var total: Int
        var totalExact = true
        var tookMilliseconds: Double
        var query: SearchText.Query
    }

    static let kinds = [(Article.recordType, "Bài viết"), (LegalDocument.recordType, "Văn bản"), (Petition.recordType, "Hỏi đáp")]

    static func search(
        _ text: String, filter: SearchFilter, page: Int, perPage: Int, on db: any Database, countMiss: Bool = true
    ) async throws -> Results {
        let started = ContinuousClock.now
        var query = SearchText.query(text)
        query.prefix = nil
        guard !query.isEmpty else { return Results(items: [], total: 0, tookMilliseconds: 0, query: query) }
        let countLimit = SQLiteSearch.countLimit
        let (ordered, total) = try await ranked(query, filter: filter, page: page, perPage: perPage, on: db)

        let entries = try await SearchEntry.query(on: db).filter(\.$id ~~ ordered.map(\.0)).all()
        let byID = Dictionary(uniqueKeysWithValues: entries.map { ($0.id!, $0) })
        let items = ordered.prefix(perPage).compactMap { id, score -> Result? in
            guard let entry = byID[id] else { return nil }
            let source = entry.body.isEmpty ? entry.summary : entry.body
            return Result(
                kind: entry.kind, id: entry.recordID, title: entry.title, titleHTML: Snippet.highlight(entry.title, matching: query),
                path: entry.path,
                snippetHTML: Snippet.html(source, matching: query), score: (score * 1000).rounded() / 1000, publishedAt: entry.publishedAt)
        }
        if total == 0, page == 1, countMiss { try await recordMiss(text, on: db) }
        return Results(
            items: items, total: min(total, countLimit), totalExact: total <= countLimit,
            tookMilliseconds: started.duration(to: .now).seconds * 1000, query: query)
    }

    /// The records a text finds, best first, without titles or snippets: the document register
    /// narrows its list by them. Misses are not counted; the register is not a search.
    static func matchingRecords(_ text: String, filter: SearchFilter, limit: Int, on db: any Database) async throws -> [UUID] {
        var query = SearchText.query(text)
        query.prefix = nil
        guard !query.isEmpty else { return [] }
        let (ordered, _) = try await ranked(query, filter: filter, page: 1, perPage: limit, on: db)
        let entries = try await SearchEntry.query(on: db).filter(\.$id ~~ ordered.map(\.0)).field(\.$id).field(\.$recordID).all()
        let records = Dictionary(entries.compactMap { entry in entry.id.map { ($0, entry.recordID) } }, uniquingKeysWith: { a, _ in a })
        return ordered.prefix(limit).compactMap { records[$0.0] }
    }

    /// Index entries best first (exact document numbers ahead of everything), and how many matched.
    private static func ranked(
        _ query: SearchText.Query, filter: SearchFilter, page: Int, perPage: Int, on db: any Database
    ) async throws -> (ordered: [(UUID, Double)], total: Int) {
        let sql = db as! any SQLDatabase
        // A document number is matched exactly (as a prefix), ahead of everything else.
        var numbered: [UUID] = []
        if let key = query.documentNumber, filter.kind == nil || filter.kind == LegalDocument.recordType {
            // A prefix as a range, so that the index on number_key serves it (LIKE would not,
            // being case-insensitive in SQLite). Keys are ASCII below 0x7F.
            let entries = try await SearchEntry.query(on: db).filter(\.$numberKey >= key).filter(\.$numberKey < key + "\u{7F}")
                .filter(\.$publishedAt <= filter.now).sort(\.$publishedAt, .descending).limit(20).all()
            numbered = entries.compactMap(\.id)
        }
        let (hits, matched) = try await SearchBackends.backend(for: sql).search(
            query, filter: filter, limit: perPage, offset: (page - 1) * perPage, on: sql)
        var ordered: [(UUID, Double)] = page == 1 ? numbered.map { ($0, 1000) } : []
        for hit in hits where !numbered.contains(hit.0) { ordered.append(hit) }
        let total = matched + numbered.filter { id in !hits.contains { $0.0 == id } }.count
        return (ordered, total)
    }

    /// Titles for the search box and the petition form's "already answered" hints.
    static func suggest(_ text: String, kind: String? = nil, limit: Int = 6, on db: any Database) async throws -> [SearchEntry] {
        let query = SearchText.query(text)
        guard !query.syllables.isEmpty else { return [] }
        let sql = db as! any SQLDatabase
        let (hits, _) = try await SearchBackends.backend(for: sql).search(
            query, filter: SearchFilter(kind: kind), limit: limit, offset: 0, on: sql)
        let entries = try await SearchEntry.query(on: db).filter(\.$id ~~ hits.map(\.0)).all()
        return hits.compactMap { hit in entries.first { $0.id == hit.0 } }
    }

    /// Missed searches recorded per minute by this process, at most.
    static let missBudget = MinuteBudget(limit: 600)

    /// Counts a query that found nothing: folded, with e-mail addresses and long numbers (phone
    /// numbers, identity numbers) removed, so that no person can be recognised in it.
    static func recordMiss(_ text: String, on db: any Database) async throws {
        let words = VietnameseText.fold(String(text.prefix(200))).split(whereSeparator: \.isWhitespace).map { word -> String in
            if word.contains("@") { return "#" }
            if word.filter(\.isNumber).count >= 6 { return "#" }
            return String(word)
        }
        let cleaned = words.joined(separator: " ")
        guard !cleaned.isEmpty, cleaned != "#" else { return }
        let now = Date()
        // A flood of made-up searches must not grow the table faster than the nightly trim keeps it.
        guard missBudget.take(now: now) else { return }
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO search_misses (id, query, count, first_at, last_at) VALUES (\(bind: UUID()), \(bind: cleaned), 1, \(bind: now), \
            \(bind: now))
            ON CONFLICT (query) DO UPDATE SET count = search_misses.count + 1, last_at = excluded.last_at
            """
        ).run()
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO search_miss_days (day, query, count) VALUES (\(bind: VietnamTime.day(of: now).description), \(bind: cleaned), 1)
            ON CONFLICT (day, query) DO UPDATE SET count = search_miss_days.count + 1
            """
        ).run()
    }
}

/// At most `limit` events a minute; what comes beyond is dropped.
final class MinuteBudget: Sendable {
    let limit: Int
    private let state = Mutex<(minute: Int, used: Int)>((0, 0))

    init(limit: Int) { self.limit = limit }

    func take(now: Date) -> Bool {
        let minute = Int((now.timeIntervalSince1970 / 60).rounded(.down))
        return state.withLock { state in
            if state.minute != minute { state = (minute, 0) }
            guard state.used < limit else { return false }
            state.used += 1
            return true
        }
    }
}

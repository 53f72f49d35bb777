import Fluent
import Foundation
import LoaCore

/// Writes articles, documents and info pages from JSON Lines. Each line is its own transaction and
/// is matched by `external_id` (pages by `slug`), so running the same file twice updates rather than
/// duplicates, and a bad line is reported and skipped while the good ones are kept.
struct ContentImporter {
    enum Kind: String, CaseIterable, Sendable {
        case articles, documents, pages
    }

    struct Report: Sendable, Equatable {
        var created = 0
        var updated = 0
        var rejected: [Rejection] = []
        var total: Int { created + updated + rejected.count }
    }

    struct Rejection: Sendable, Equatable {
        var line: Int
        var reason: String
    }

    /// Who imports (`loa import`, the demo content): each record is saved, revised and audited
    /// through the same operations as the console's.
    let context: OperationContext
    var database: any Database { context.db }

    /// Imports every non-blank line of `data`; `progress` is called with (lines done, lines in all).
    func importLines(_ kind: Kind, from data: Data, progress: (Int, Int) -> Void = { _, _ in }) async throws -> Report {
        let topics = try await Topic.query(on: database).all()
        let topicsBySlug = Dictionary(uniqueKeysWithValues: topics.map { ($0.slug, $0) })
        let knownTopics = Set(topicsBySlug.keys)
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var report = Report()
        for (offset, bytes) in lines.enumerated() {
            let number = offset + 1
            defer { progress(number, lines.count) }
            var content = Array(bytes)
            if content.last == UInt8(ascii: "\r") { content.removeLast() }
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let text = String(validating: content, as: UTF8.self) else {
                report.rejected.append(Rejection(line: number, reason: "không phải văn bản UTF-8 hợp lệ"))
                continue
            }
            guard content.count <= 1_000_000 else {
                report.rejected.append(Rejection(line: number, reason: "dòng dài quá 1 MB"))
                continue
            }
            do {
                let created: Bool
                switch kind {
                case .articles:
                    let record = try ArticleRecord.parse(jsonLine: text, knownTopics: knownTopics, now: context.now)
                    created = try await save(record, topics: record.topics.compactMap { topicsBySlug[$0] })
                case .documents:
                    let record = try DocumentRecord.parse(jsonLine: text, knownTopics: knownTopics)
                    created = try await save(record, topics: record.topics.compactMap { topicsBySlug[$0] })
                case .pages:
                    created = try await savePage(text)
                }
                if created { report.created += 1 } else { report.updated += 1 }
            } catch let rejection as ImportRejection {
                report.rejected.append(Rejection(line: number, reason: rejection.reason))
            }
        }
        return report
    }

    /// Returns true when the article is new. Saving goes through `Editorial.save` and the same
    /// `apply` as the console, so an imported article gets the same slug, topics, search entry,
    /// revision and audit entry.
    func save(_ record: ArticleRecord, topics: [Topic]) async throws -> Bool {
        let existing = try await Article.query(on: database).filter(\.$externalID == record.externalID).first()
        let article = existing ?? Article()
        if existing == nil {
            article.externalID = record.externalID
            article.status = .published
        }
        var fields = ArticleFields()
        fields.title = record.title
        fields.summary = record.summary
        fields.body = record.body
        fields.topics = topics.map(\.slug)
        fields.author = record.author
        fields.coverImage = record.coverImage
        fields.coverAlt = record.coverAlt
        fields.featured = record.featured
        article.publishedAt = record.publishedAt
        let settled = fields
        try await Editorial.save(article, action: existing == nil ? "create" : "update", note: "Nhập từ tệp", context: context) { db in
            try await ArticleEditing.apply(settled, to: article, on: db)
        }
        return existing == nil
    }

    func save(_ record: DocumentRecord, topics: [Topic]) async throws -> Bool {
        let existing = try await LegalDocument.query(on: database).filter(\.$externalID == record.externalID).first()
        let document = existing ?? LegalDocument()
        if existing == nil {
            document.externalID = record.externalID
            document.status = .published
            document.publishedAt = context.now
        }
        var fields = DocumentFields()
        fields.number = record.number
        fields.title = record.title
        fields.type = record.type
        fields.issuer = record.issuer
        fields.signer = record.signer
        fields.issuedOn = record.issuedOn
        fields.effectiveOn = record.effectiveOn
        fields.effectStatus = record.effectStatus
        fields.summary = record.summary
        fields.body = record.body
        fields.topics = topics.map(\.slug)
        let settled = fields
        try await Editorial.save(document, action: existing == nil ? "create" : "update", note: "Nhập từ tệp", context: context) { db in
            try await DocumentEditing.apply(settled, to: document, on: db)
        }
        return existing == nil
    }

    private struct PageLine: Decodable {
        var slug: String?
        var title: String?
        var body: String?
        var position: Int?
    }

    func savePage(_ text: String) async throws -> Bool {
        guard let line = try? JSONDecoder().decode(PageLine.self, from: Data(text.utf8)) else {
            throw ImportRejection("không phải một đối tượng JSON hợp lệ")
        }
        guard let slug = line.slug, !slug.isEmpty, slug == VietnameseText.slug(slug) else {
            throw ImportRejection("slug thiếu hoặc không hợp lệ (chỉ chữ thường không dấu, số và dấu gạch ngang)")
        }
        guard let title = line.title?.trimmingCharacters(in: .whitespaces), !title.isEmpty, title.count <= ContentLimits.title else {
            throw ImportRejection("thiếu title hoặc dài quá \(ContentLimits.title) ký tự")
        }
        guard let body = line.body, body.count <= ContentLimits.body else {
            throw ImportRejection("thiếu body hoặc dài quá \(ContentLimits.body) ký tự")
        }
        return try await database.transaction { db in
            let existing = try await InfoPage.query(on: db).filter(\.$slug == slug).first()
            let page = existing ?? InfoPage()
            page.slug = slug
            page.title = title
            page.body = body
            page.bodyHTML = Markdown.html(body)
            page.position = line.position ?? 100
            try await page.save(on: db)
            return existing == nil
        }
    }
}

/// A slug from the title that no other row of the table has: "tien-luong", then "tien-luong-2", …
func uniqueSlug<M: Model>(for title: String, in model: M.Type, on db: any Database) async throws -> String {
    let base = VietnameseText.slug(title).isEmpty ? "muc" : VietnameseText.slug(title)
    var candidate = base
    var suffix = 2
    while try await M.query(on: db).filter(.path(["slug"], schema: M.schema), .equal, .bind(candidate)).count() > 0 {
        candidate = "\(base)-\(suffix)"
        suffix += 1
    }
    return candidate
}

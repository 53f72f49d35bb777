import Fluent
import SQLKit
import Vapor

/// `loa search reindex`: rebuilds the search index from the published content.
struct SearchCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "reindex")
        var action: String
    }

    var help: String { "Xây lại chỉ mục tìm kiếm (rebuild the search index)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "reindex" else { throw Abort(.badRequest, reason: "Dùng: loa search reindex") }
        let app = context.application
        try await prepareDatabase(app)
        let count = try await SearchReindex.run(app)
        context.console.print("Đã lập chỉ mục \(count) mục.")
    }
}

enum SearchReindex {
    /// Rebuilds in batches of 200, each in its own transaction, so that a large index does not
    /// hold one long write lock; `progress` gets (done, total).
    static func run(_ app: Application, progress: (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        let articles = try await Article.query(on: app.db).filter(\.$status == .published).field(\.$id).all().compactMap(\.id)
        let documents = try await LegalDocument.query(on: app.db).filter(\.$status == .published).field(\.$id).all().compactMap(\.id)
        let answers = try await PetitionController.publishedAnswers(on: app.db).field(\.$id).all().compactMap(\.id)
        let total = articles.count + documents.count + answers.count
        let line = ProgressLine(console: app.console, label: "Lập chỉ mục", unit: "mục")
        var done = 0
        for batch in stride(from: 0, to: articles.count, by: 200) {
            let ids = Array(articles[batch..<min(batch + 200, articles.count)])
            try await app.db.transaction { db in
                let items = try await Article.query(on: db).filter(\.$id ~~ ids).all()
                try await PortalQueries.loadTopics(of: items, on: db)
                for item in items { try await SearchIndex.refresh(item, on: db) }
            }
            done += ids.count
            progress(done, total)
            line.update(done: done, total: total)
        }
        for batch in stride(from: 0, to: documents.count, by: 200) {
            let ids = Array(documents[batch..<min(batch + 200, documents.count)])
            try await app.db.transaction { db in
                let items = try await LegalDocument.query(on: db).filter(\.$id ~~ ids).all()
                try await PortalQueries.loadTopics(of: items, on: db)
                for item in items { try await SearchIndex.refresh(item, on: db) }
            }
            done += ids.count
            progress(done, total)
            line.update(done: done, total: total)
        }
        for batch in stride(from: 0, to: answers.count, by: 200) {
            let ids = Array(answers[batch..<min(batch + 200, answers.count)])
            try await app.db.transaction { db in
                for item in try await Petition.query(on: db).filter(\.$id ~~ ids).all() { try await SearchIndex.refresh(item, on: db) }
            }
            done += ids.count
            progress(done, total)
            line.update(done: done, total: total)
        }
        line.finish()
        let sql = app.db as! any SQLDatabase
        try await SearchBackends.backend(for: sql).prune(on: sql)
        // Entries whose record is no longer published.
        let live: [String: Set<UUID>] = [
            Article.recordType: Set(articles), LegalDocument.recordType: Set(documents), Petition.recordType: Set(answers),
        ]
        for entry in try await SearchEntry.query(on: app.db).all() {
            let live = live[entry.kind]?.contains(entry.recordID) ?? false
            if !live { try await SearchIndex.remove(kind: entry.kind, recordID: entry.recordID, on: app.db) }
        }
        app.console.print("Đang tối ưu chỉ mục…")
        try await SearchIndex.optimize(on: app.db)
        return total
    }
}

import Fluent
import Foundation
import LoaCore
import SQLKit

struct CreateSearchIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SearchEntry.schema)
            .id()
            .field("kind", .string, .required)
            .field("record_id", .uuid, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("topics", .string, .required)
            .field("path", .string, .required)
            .field("number_key", .string)
            .field("published_at", .datetime, .required)
            .field("fts_key", .int)
            .unique(on: "kind", "record_id")
            .create()
        try await database.schema(SearchMiss.schema)
            .id()
            .field("query", .string, .required)
            .field("count", .int, .required)
            .field("first_at", .datetime, .required)
            .field("last_at", .datetime, .required)
            .unique(on: "query")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "search_entries_number_key").on(SearchEntry.schema).column("number_key").run()
        try await sql.create(index: "search_entries_fts_key").on(SearchEntry.schema).column("fts_key").run()
        try await SearchBackends.backend(for: sql).createStructures(on: sql)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await SearchBackends.backend(for: sql).dropStructures(on: sql)
        try await database.schema(SearchMiss.schema).delete()
        try await database.schema(SearchEntry.schema).delete()
    }
}

/// Indexes made before the ranking was configured get it now.
struct ConfigureSearchRanking: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name != "postgresql" else { return }
        try await SQLiteSearch.configureRanking(on: sql)
        try await SQLiteSearch.createHead(on: sql)
    }

    func revert(on database: any Database) async throws {}
}

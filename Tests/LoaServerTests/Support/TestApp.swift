import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// Runs `body` against a freshly migrated Loa: an in-memory SQLite database of its own, or, when
/// `DATABASE_URL` points at PostgreSQL, a schema of its own in that database. Either way tests run
/// in parallel without seeing each other's rows.
func withLoa(
    demo: Bool = false, clock: LoaClock = .system, configure: (inout Settings) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    // Swift Testing starts every test at once; on PostgreSQL each one holds a pool of connections,
    // and a few hundred at once exhaust the server's slots (SQLSTATE 53300). A gate keeps the
    // number of live PostgreSQL apps well under max_connections; SQLite runs ungated.
    guard isPostgresRun else { return try await runLoa(demo: demo, clock: clock, configure: configure, body) }
    await postgresGate.enter()
    do {
        try await runLoa(demo: demo, clock: clock, configure: configure, body)
    } catch {
        await postgresGate.leave()
        throw error
    }
    await postgresGate.leave()
}

private func runLoa(
    demo: Bool, clock: LoaClock, configure: (inout Settings) -> Void, _ body: (Application) async throws -> Void
) async throws {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("loa-test-\(UUID().uuidString)").path
    var settings = Settings(database: .sqliteMemory, dataDirectory: dataDirectory, publicURL: "https://loa.example.gov.vn")
    var schema: String?
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
        schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        settings.database = .postgres(url: url)
        settings.postgresSearchPath = [schema!]
        settings.databasePoolSize = 2
    }
    settings.passwordCost = 4
    configure(&settings)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await LoaServer.configure(app, settings: settings, clock: clock)
        if let schema {
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").run()
        }
        try await prepareDatabase(app)
        if demo { _ = try await DemoContent.load(into: app) }
        try await body(app)
    } catch {
        await cleanUp(app, schema: schema, dataDirectory: dataDirectory)
        throw error
    }
    await cleanUp(app, schema: schema, dataDirectory: dataDirectory)
}

private func cleanUp(_ app: Application, schema: String?, dataDirectory: String) async {
    if let schema {
        try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
    try? FileManager.default.removeItem(atPath: dataDirectory)
}

/// At most this many tests hold PostgreSQL connections at once (each app: 2 per event loop).
private let postgresGate = AsyncGate(width: 24)

var isPostgresRun: Bool { !(ProcessInfo.processInfo.environment["DATABASE_URL"] ?? "").isEmpty }

extension Application {
    /// A GET through the whole stack, as a browser or client would send it.
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(.GET, path, headers: headers)
    }

    func importLines(_ kind: ContentImporter.Kind, _ lines: [String]) async throws -> ContentImporter.Report {
        let report = try await ContentImporter(context: .system("loa import", app: self)).importLines(
            kind, from: Data(lines.joined(separator: "\n").utf8))
        contentChanged()
        return report
    }
}

extension TestingHTTPResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    func json() throws -> JSONValue { try JSONValue.parse(text) }
}

/// Small, readable lines for tests.
enum Fixture {
    static func article(
        _ id: String, title: String, topics: [String] = ["tien-luong"], body: String = "Nội dung bài viết.",
        summary: String = "Tóm tắt.", publishedAt: String = "2025-03-01T08:00:00+07:00", featured: Bool = false
    ) -> String {
        let object: [String: Any] = [
            "external_id": id, "title": title, "summary": summary, "body": body, "topics": topics,
            "published_at": publishedAt, "featured": featured,
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func document(
        _ id: String, number: String, type: String = "thong-tu", issuer: String = "Bộ Nội vụ", issuedOn: String = "2025-03-14",
        status: String = "con-hieu-luc", topics: [String] = ["cong-chuc-vien-chuc"], title: String? = nil
    ) -> String {
        let object: [String: Any] = [
            "external_id": id, "number": number, "title": title ?? "Văn bản \(number)", "type": type, "issuer": issuer,
            "signer": "Thứ trưởng", "issued_on": issuedOn, "effective_on": "2025-05-01", "effect_status": status,
            "summary": "Tóm tắt văn bản \(number).", "body": "## Nội dung chính\n\n- Điểm một", "topics": topics,
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}

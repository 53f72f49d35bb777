import Fluent
import Foundation
import Testing
import VaporTesting

@testable import LoaServer

@Suite struct BackupTests {
    /// Runs `body` on a Loa whose SQLite database is a file in `folder`, as `loa serve` has it.
    private func withFileLoa(_ folder: String, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        var settings = Settings(database: .sqliteFile(path: folder + "/loa.sqlite"), dataDirectory: folder)
        settings.passwordCost = 4
        do {
            try await configure(app, settings: settings)
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// A backup taken while the application is open, then changes, then a restore: the content is
    /// what it was at the backup, and the replaced database is kept beside it.
    @Test func backupWhileServingThenRestore() async throws {
        if isPostgresRun { return }  // The files are SQLite's; PostgreSQL runs only check the advice below.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loa-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/sao-luu.sqlite"
        var count = 0
        try await withFileLoa(folder) { app in
            try await prepareDatabase(app)
            _ = try await DemoContent.load(into: app)
            count = try await Article.query(on: app.db).count()
            #expect(count > 0)
            let bytes = try await Backups.backup(app, to: file)
            #expect(bytes > 0)
            // Never overwrites.
            await #expect(throws: Backups.Invalid.self) { try await Backups.backup(app, to: file) }
            // Serving goes on: the portal answers and writes still work.
            #expect(try await app.get("/").status == .ok)
            try await Article.query(on: app.db).delete()
            #expect(try await Article.query(on: app.db).count() == 0)
        }
        try await withFileLoa(folder) { app in
            let kept = try await Backups.restore(from: file, app: app)
            #expect(FileManager.default.fileExists(atPath: kept))
            try await prepareDatabase(app)
            #expect(try await Article.query(on: app.db).count() == count)
            #expect(try await app.get("/").status == .ok)
        }
    }

    @Test func aFileThatIsNotABackupChangesNothing() async throws {
        if isPostgresRun { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loa-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let junk = folder + "/not-a-backup.sqlite"
        try Data("không phải cơ sở dữ liệu".utf8).write(to: URL(fileURLWithPath: junk))
        try await withFileLoa(folder) { app in
            try await prepareDatabase(app)
            try await Article.query(on: app.db).delete()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/loa.sqlite"))
        try await withFileLoa(folder) { app in
            await #expect(throws: Backups.Invalid.self) { try await Backups.restore(from: junk, app: app) }
            await #expect(throws: Backups.Invalid.self) { try await Backups.restore(from: folder + "/khong-co.sqlite", app: app) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/loa.sqlite")) == before)
    }

    @Test func onPostgreSQLTheCommandsExplainPgDump() async throws {
        try await withLoa { app in
            if !isPostgresRun {
                await #expect(throws: Backups.Unsupported.self) { try await Backups.backup(app, to: "/tmp/x.sqlite") }
                return
            }
            do {
                _ = try await Backups.backup(app, to: "/tmp/x.sqlite")
                Issue.record("a PostgreSQL backup must point to pg_dump")
            } catch let error as Backups.Unsupported {
                #expect(error.description.contains("pg_dump"))
                #expect(!error.description.contains(":loa@"), "no password")
            }
        }
        let advice = Backups.postgresAdvice("postgres://loa:bi-mat@db.internal:5432/loa", restore: true)
        #expect(advice.contains("pg_restore") && advice.contains("db.internal") && !advice.contains("bi-mat"))
    }
}

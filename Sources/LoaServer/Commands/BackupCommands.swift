import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// Backups of the embedded database. SQLite writes a consistent copy with `VACUUM INTO` while
/// `loa serve` keeps serving (it is one read transaction); PostgreSQL has its own tools, which
/// the commands explain rather than imitate.
enum Backups {
    struct Unsupported: Error, CustomStringConvertible {
        let description: String
    }

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    static func postgresAdvice(_ url: String, restore: Bool) -> String {
        var components = URLComponents(string: url)
        if components?.password != nil { components?.password = "***" }
        let shown = components?.string ?? "postgres://…"
        return restore
            ? """
            Cơ sở dữ liệu là PostgreSQL: hãy khôi phục bằng pg_restore, ví dụ\n  pg_restore --clean --if-exists --no-owner --dbname '\
            \(shown)' TỆP.dump
            """
            : """
            Cơ sở dữ liệu là PostgreSQL: hãy sao lưu bằng pg_dump (nhất quán, không dừng máy chủ), ví dụ\n  pg_dump --format=custom \
            --file TỆP.dump '\(shown)'
            """
    }

    /// Writes a consistent copy of the SQLite database to `file`; `progress` gets the bytes
    /// written so far and the size of the live database (the copy is compacted, so a little smaller).
    static func backup(
        _ app: Application, to file: String, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws
        -> Int
    {
        let source: String
        switch app.loa.settings.database {
        case .sqliteFile(let path): source = path
        case .sqliteMemory: throw Unsupported(description: "Cơ sở dữ liệu trong bộ nhớ không sao lưu được.")
        case .postgres(let url): throw Unsupported(description: postgresAdvice(url, restore: false))
        }
        let target = URL(fileURLWithPath: file).standardizedFileURL.path
        guard !FileManager.default.fileExists(atPath: target) else {
            throw Invalid(description: "Tệp \(target) đã có; hãy chọn tên khác (bản sao lưu không ghi đè).")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? 0
        let watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(300))
                let written = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
                progress(min(written, size), size)
            }
        }
        defer { watcher.cancel() }
        try await (app.db as! any SQLDatabase).raw("VACUUM INTO \(bind: target)").run()
        watcher.cancel()
        let written = (try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        progress(size, size)
        return written
    }

    /// Checks that `file` is a sound Loa database: SQLite's integrity check and Loa's migrations table.
    static func verify(_ file: String, app: Application) async throws -> Int {
        guard FileManager.default.isReadableFile(atPath: file) else { throw Invalid(description: "Không đọc được tệp \(file).") }
        let id = DatabaseID(string: "backup-\(UUID().uuidString)")
        app.databases.use(.sqlite(.file(file)), as: id, isDefault: false)
        defer { app.databases.reinitialize(id) }
        guard let sql = app.db(id) as? any SQLDatabase else { throw Invalid(description: "Không mở được \(file).") }
        do {
            let check = try await sql.raw("PRAGMA quick_check").first()?.decode(column: "quick_check", as: String.self)
            guard check == "ok" else { throw Invalid(description: "Tệp \(file) bị hỏng: \(check ?? "?")") }
            return try await sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first()?.decode(column: "n", as: Int.self) ?? 0
        } catch let error as Invalid {
            throw error
        } catch {
            throw Invalid(description: "Tệp \(file) không phải bản sao lưu của Loa (\(error)).")
        }
    }

    /// Puts `file` in place of the SQLite database, keeping the current one beside it. Loa must
    /// not be running on this data folder: a write-ahead log left behind means it is (or it
    /// stopped without closing), and then nothing is changed.
    static func restore(from file: String, app: Application, now: Date = Date()) async throws -> String {
        let target: String
        switch app.loa.settings.database {
        case .sqliteFile(let path): target = path
        case .sqliteMemory: throw Unsupported(description: "Cơ sở dữ liệu trong bộ nhớ không khôi phục được.")
        case .postgres(let url): throw Unsupported(description: postgresAdvice(url, restore: true))
        }
        _ = try await verify(file, app: app)
        let manager = FileManager.default
        if let size = try? manager.attributesOfItem(atPath: target + "-wal")[.size] as? Int, size > 0 {
            throw Invalid(
                description: "Loa có vẻ đang chạy trên \(target) (có tệp -wal). Hãy dừng loa serve và loa jobs run rồi khôi phục lại.")
        }
        var kept = ""
        if manager.fileExists(atPath: target) {
            let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
            kept = target + ".truoc-khoi-phuc-" + stamp
            try manager.moveItem(atPath: target, toPath: kept)
        }
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: target + suffix) }
        try manager.copyItem(atPath: file, toPath: target)
        return kept
    }
}

/// `loa backup FILE`
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Tệp sao lưu sẽ tạo, ví dụ loa-2026-11-29.sqlite")
        var file: String
    }

    var help: String { "Sao lưu cơ sở dữ liệu SQLite khi đang chạy (back up the database while serving)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let line = ProgressLine(console: context.console, label: "Đang sao lưu", unit: "MB")
        let bytes = try await Backups.backup(app, to: signature.file) { written, total in
            line.update(done: written / 1_000_000, total: max(total / 1_000_000, 1))
        }
        line.finish()
        context.console.print(
            """
            Đã sao lưu vào \(signature.file) (\(String(format: "%.1f", Double(bytes) / 1_000_000)) MB). Khôi phục: loa restore \
            \(signature.file)
            """
        )
    }
}

/// `loa restore FILE`
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Tệp do loa backup tạo")
        var file: String
    }

    var help: String { "Khôi phục cơ sở dữ liệu SQLite từ bản sao lưu (stop loa serve first)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let kept = try await Backups.restore(from: signature.file, app: app)
        // A backup from an older version gets this version's new tables.
        try await prepareDatabase(app)
        if !kept.isEmpty { context.console.print("Cơ sở dữ liệu cũ được giữ lại tại \(kept).") }
        context.console.print("Đã khôi phục từ \(signature.file).")
    }
}

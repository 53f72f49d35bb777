import Fluent
import Foundation
import LoaCore
import SQLKit
import Synchronization
import Vapor

/// How often each public page is read, a counter per page and day: no cookie, no address, no
/// person. Reads are counted in memory (a lock and an addition, so a page served from the cache
/// stays as cheap as before) and written to the database once a minute and at shutdown, several
/// processes adding to the same rows.
final class ReadingCounter: LifecycleHandler, Sendable {
    struct Key: Hashable, Sendable {
        var day: String
        var path: String
    }

    private let pending = Mutex<[Key: Int]>([:])
    private let flusher = Mutex<Task<Void, Never>?>(nil)
    let interval: Duration

    init(interval: Duration = .seconds(60)) {
        self.interval = interval
    }

    /// The pages whose reading is worth counting: an article, a legal document, an answer, an
    /// information page. Lists, feeds and the API are not readings.
    static func countedPath(_ path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 2, ["bai-viet", "van-ban", "hoi-dap", "trang"].contains(parts[0]) else { return nil }
        return "/" + parts.joined(separator: "/")
    }

    /// Software that announces itself as a crawler is not a reader.
    static func isCrawler(_ userAgent: String?) -> Bool {
        guard let agent = userAgent?.lowercased() else { return false }
        return ["bot", "spider", "crawl", "slurp", "curl/", "wget/", "python-requests"].contains { agent.contains($0) }
    }

    /// Called for every public GET that was answered 200 or 304.
    func record(_ request: Request, at now: Date = Date()) {
        guard request.method == .GET, let path = Self.countedPath(request.url.path),
            !Self.isCrawler(request.headers.first(name: .userAgent))
        else { return }
        let key = Key(day: VietnamTime.day(of: now).description, path: path)
        pending.withLock { $0[key, default: 0] += 1 }
    }

    /// Adds what was counted since the last flush to the database. On failure the counts are
    /// put back, so that a database restart loses no reading.
    func flush(on db: any Database) async throws {
        let counts = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard !counts.isEmpty else { return }
        do {
            try await db.transaction { db in
                let sql = db as! any SQLDatabase
                for (key, count) in counts {
                    try await sql.raw(
                        """
                        INSERT INTO page_reads (day, path, count) VALUES (\(bind: key.day), \(bind: key.path), \(bind: count))
                        ON CONFLICT (day, path) DO UPDATE SET count = page_reads.count + excluded.count
                        """
                    ).run()
                }
            }
        } catch {
            pending.withLock { pending in pending.merge(counts, uniquingKeysWith: +) }
            throw error
        }
    }

    func start(app: Application) {
        let task = Task { [interval] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do { try await self.flush(on: app.db) } catch { app.logger.warning("reading counts not written yet: \(error)") }
            }
        }
        flusher.withLock { $0 = task }
    }

    func shutdownAsync(_ application: Application) async {
        if let task = flusher.withLock({ $0 }) {
            task.cancel()
            await task.value
        }
        try? await flush(on: application.db)
    }
}

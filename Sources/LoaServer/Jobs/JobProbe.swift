import Fluent
import Foundation
import SQLKit
import Vapor

/// `queue.probe`: a job that does nothing but write down that it ran and which worker ran it. An
/// operator enqueues thousands (`loa jobs probe N`) against a queue served by several processes
/// and counts: each probe must have run exactly once, whoever claimed it.
struct QueueProbe: JobHandler {
    struct Payload: Codable, Sendable {
        /// One `loa jobs probe` invocation, so that earlier runs do not blur the count.
        var run: String
    }

    static let kind = "queue.probe"

    func run(_ payload: Payload, context: JobContext) async throws {
        // The worker's name is the lease holder in the job's own row: no second source of truth,
        // and it says which process and which of its workers claimed the job.
        let sql = context.database as! any SQLDatabase
        try await sql.raw(
            """
            INSERT INTO job_probes (id, probe_run, job_id, worker, ran_at)
            SELECT \(bind: UUID()), \(bind: payload.run), id, COALESCE(locked_by, '?'), \(bind: Date())
            FROM jobs WHERE id = \(bind: context.jobID)
            """
        ).run()
    }
}

/// Enqueues probes and counts their runs.
enum JobProbe {
    static let schema = "job_probes"
    /// Jobs written per transaction: big enough to be quick, small enough that workers start at once.
    static let batchSize = 500

    struct Report: Sendable, Equatable {
        var expected: Int
        /// Rows in `job_probes`: every time a probe ran.
        var runs: Int
        var distinctJobs: Int
        /// Probes that ran more than once.
        var duplicates: Int
        /// Probes that died instead of running.
        var dead: Int
        /// Runs per worker (`host:pid:n`), most first.
        var perWorker: [(worker: String, runs: Int)]

        var missing: Int { expected - distinctJobs }
        var isExactlyOnce: Bool { runs == expected && distinctJobs == expected && duplicates == 0 && dead == 0 }

        static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.expected == rhs.expected && lhs.runs == rhs.runs && lhs.distinctJobs == rhs.distinctJobs
                && lhs.duplicates == rhs.duplicates && lhs.dead == rhs.dead
                && lhs.perWorker.map(\.worker) == rhs.perWorker.map(\.worker) && lhs.perWorker.map(\.runs) == rhs.perWorker.map(\.runs)
        }
    }

    static func newRun() -> String {
        "probe-" + UUID().uuidString.prefix(8).lowercased()
    }

    /// Writes `count` probes through the queue's own `enqueue`, `batchSize` to a transaction; each
    /// has an idempotency key naming its run, which is also how the waiting finds them.
    static func enqueue(
        _ count: Int, run: String, on database: any Database, progress: @Sendable (Int) -> Void = { _ in }
    ) async throws {
        var written = 0
        while written < count {
            let batch = min(batchSize, count - written)
            let first = written
            try await database.transaction { db in
                for number in first..<(first + batch) {
                    try await JobQueue.enqueue(QueueProbe.self, .init(run: run), idempotencyKey: "\(run):\(number)", on: db)
                }
            }
            written += batch
            progress(written)
        }
    }

    /// Probes of the run not yet finished (queued, running, or waiting out a lease).
    static func pending(run: String, on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        return try await sql.raw(
            "SELECT COUNT(*) AS n FROM jobs WHERE idempotency_key LIKE \(bind: run + ":%") AND state IN ('queued', 'running')"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Probes of the run that ran at least once.
    static func ran(run: String, on database: any Database) async throws -> Int {
        let sql = database as! any SQLDatabase
        return try await sql.raw("SELECT COUNT(DISTINCT job_id) AS n FROM job_probes WHERE probe_run = \(bind: run)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Waits until no probe of the run is left in the queue, or `timeout` passes; returns whether
    /// the queue finished them.
    static func wait(
        run: String, timeout: Duration, poll: Duration = .milliseconds(500), on database: any Database,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while true {
            progress(try await ran(run: run, on: database))
            if try await pending(run: run, on: database) == 0 { return true }
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: poll)
        }
    }

    static func report(run: String, expected: Int, on database: any Database) async throws -> Report {
        let sql = database as! any SQLDatabase
        let totals = try await sql.raw(
            "SELECT COUNT(*) AS runs, COUNT(DISTINCT job_id) AS jobs FROM job_probes WHERE probe_run = \(bind: run)"
        ).first()
        let duplicates =
            try await sql.raw(
                """
                SELECT COUNT(*) AS n FROM (
                    SELECT job_id FROM job_probes WHERE probe_run = \(bind: run) GROUP BY job_id HAVING COUNT(*) > 1
                ) AS twice
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let dead =
            try await sql.raw(
                "SELECT COUNT(*) AS n FROM jobs WHERE idempotency_key LIKE \(bind: run + ":%") AND state = 'dead'"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let workers = try await sql.raw(
            "SELECT worker, COUNT(*) AS n FROM job_probes WHERE probe_run = \(bind: run) GROUP BY worker ORDER BY n DESC, worker"
        ).all()
        return Report(
            expected: expected, runs: try totals?.decode(column: "runs", as: Int.self) ?? 0,
            distinctJobs: try totals?.decode(column: "jobs", as: Int.self) ?? 0, duplicates: duplicates, dead: dead,
            perWorker: try workers.map { (try $0.decode(column: "worker", as: String.self), try $0.decode(column: "n", as: Int.self)) })
    }
}

/// `loa jobs probe N [--timeout S]`: enqueues N probes, waits for the workers of every process
/// sharing the database to run them, and reports whether each ran exactly once. It runs no
/// workers itself, so what it measures is the other processes. Exits non-zero otherwise.
struct JobProbeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "count", help: "Số việc thử cần xếp vào hàng đợi")
        var count: Int
        @Option(name: "timeout", help: "Chờ tối đa bao nhiêu giây (mặc định 600)")
        var timeout: Int?
    }

    var help: String { "Thử hàng đợi: xếp N việc thử, chờ các tiến trình xử lý chạy hết, đếm lần chạy (exactly once?)" }

    struct NotExactlyOnce: Error, CustomStringConvertible {
        var description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard (1...1_000_000).contains(signature.count) else {
            throw Abort(.badRequest, reason: "Số việc thử phải từ 1 đến 1000000 (được \(signature.count)).")
        }
        let app = context.application
        try await prepareDatabase(app)
        let count = signature.count
        let run = JobProbe.newRun()
        context.console.print("Lượt thử \(run): \(count) việc \(QueueProbe.kind).")
        let started = ContinuousClock.now
        let queued = ProgressLine(console: context.console, label: "Đang xếp vào hàng đợi", unit: "việc")
        try await JobProbe.enqueue(count, run: run, on: app.db) { queued.update(done: $0, total: count) }
        queued.finish()
        let enqueued = started.duration(to: .now).seconds
        let waiting = ProgressLine(console: context.console, label: "Đang chờ chạy xong", unit: "việc")
        let finished = try await JobProbe.wait(run: run, timeout: .seconds(signature.timeout ?? 600), on: app.db) {
            waiting.update(done: $0, total: count)
        }
        waiting.finish()
        let seconds = started.duration(to: .now).seconds
        let report = try await JobProbe.report(run: run, expected: count, on: app.db)
        let console = context.console
        console.print(String(format: "Xếp hàng: %.1f s (%.0f việc/giây).", enqueued, Double(count) / max(enqueued, 0.001)))
        console.print(
            String(
                format: "Chạy xong sau: %.1f s kể từ lúc bắt đầu xếp (%.0f việc/giây).", seconds,
                Double(report.distinctJobs) / max(seconds, 0.001)))
        console.print("Số lần chạy (runs): \(report.runs)")
        console.print("Số việc đã chạy (distinct jobs): \(report.distinctJobs)")
        console.print("Việc chạy hơn một lần (duplicates): \(report.duplicates)")
        console.print("Việc chưa chạy (missing): \(report.missing)")
        console.print("Việc hỏng (dead): \(report.dead)")
        console.print("Theo tiến trình xử lý (per worker):")
        for (worker, runs) in report.perWorker { console.print("  \(worker): \(runs)") }
        guard finished, report.isExactlyOnce else {
            throw NotExactlyOnce(
                description: finished
                    ? "Không đạt: có việc chạy trùng, hỏng hoặc chưa chạy (not exactly once)."
                    : """
                    Hết thời gian chờ: \(report.missing) việc chưa chạy. Có tiến trình loa jobs run hoặc loa serve nào dùng cùng cơ \
                    sở dữ liệu không?
                    """
            )
        }
        console.print("Đạt: mỗi việc chạy đúng một lần (exactly once).")
    }
}

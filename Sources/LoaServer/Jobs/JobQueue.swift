import Fluent
import Foundation
import LoaCore
import SQLKit
import Synchronization
import Vapor

/// What one kind of job does. The payload is stored as JSON in the job's row.
protocol JobHandler: Sendable {
    associatedtype Payload: Codable & Sendable
    static var kind: String { get }
    /// The handler's own, also written into every job it is enqueued with (`max_attempts`).
    static var retryPolicy: RetryPolicy { get }
    func run(_ payload: Payload, context: JobContext) async throws
}

extension JobHandler {
    static var retryPolicy: RetryPolicy { RetryPolicy() }
}

struct JobContext: Sendable {
    let application: Application
    let jobID: UUID
    /// 1 on the first try.
    let attempt: Int
    let logger: Logger
    var database: any Database { application.db }
}

/// The handlers by kind, registered at configuration time.
final class JobRegistry: Sendable {
    struct Entry: Sendable {
        let policy: RetryPolicy
        let run: @Sendable (String, JobContext) async throws -> Void
    }

    private let entries = Mutex<[String: Entry]>([:])

    func register<Handler: JobHandler>(_ handler: Handler) {
        let entry = Entry(policy: Handler.retryPolicy) { payload, context in
            let decoded = try JSONDecoder().decode(Handler.Payload.self, from: Data(payload.utf8))
            try await handler.run(decoded, context: context)
        }
        entries.withLock { $0[Handler.kind] = entry }
    }

    func entry(for kind: String) -> Entry? {
        entries.withLock { $0[kind] }
    }
}

/// The one database-backed job queue. Claims are atomic: on PostgreSQL with
/// `FOR UPDATE SKIP LOCKED`, so several processes never take the same job; on SQLite the single
/// writer serialises them. A claim is a lease: if the worker dies, the job is taken again when
/// `locked_until` has passed.
enum JobQueue {
    static let defaultLease: TimeInterval = 300

    /// Writes a job. Call it with the transaction's database so that the job exists exactly when
    /// the change that causes it does. With an idempotency key, a second enqueue is a no-op.
    static func enqueue<Handler: JobHandler>(
        _ handler: Handler.Type, _ payload: Handler.Payload, idempotencyKey: String? = nil, runAt: Date = Date(),
        on database: any Database
    ) async throws {
        let encoded = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        let sql = database as! any SQLDatabase
        try await sql.insert(into: Job.schema)
            .columns("id", "kind", "payload", "idempotency_key", "state", "attempts", "max_attempts", "run_at", "created_at")
            .values(
                SQLBind(UUID()), SQLBind(Handler.kind), SQLBind(encoded), SQLBind(idempotencyKey),
                SQLBind(Job.State.queued.rawValue), SQLBind(0), SQLBind(Handler.retryPolicy.maxAttempts), SQLBind(runAt),
                SQLBind(Date())
            )
            .ignoringConflicts(with: ["idempotency_key"])
            .run()
    }

    struct Claimed: Sendable {
        let id: UUID
        let kind: String
        let payload: String
        let attempts: Int
        let maxAttempts: Int
        /// When it was due; the claim's time minus this is the queue's latency.
        let runAt: Date
    }

    /// Takes the next job that is due, or one whose lease has run out.
    static func claim(
        worker: String, now: Date = Date(), lease: TimeInterval = defaultLease, on database: any Database
    )
        async throws -> Claimed?
    {
        let sql = database as! any SQLDatabase
        let lock = sql.dialect.name == "postgresql" ? SQLRaw(" FOR UPDATE SKIP LOCKED") : SQLRaw("")
        let query: SQLQueryString = """
            UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = \(bind: now.addingTimeInterval(lease)), locked_by \
            = \(bind: worker)
            WHERE id = (
                SELECT id FROM jobs
                WHERE (state = 'queued' AND run_at <= \(bind: now)) OR (state = 'running' AND locked_until < \(bind: now))
                ORDER BY run_at LIMIT 1\(lock)
            )
            RETURNING id, kind, payload, attempts, max_attempts, run_at
            """
        guard let row = try await sql.raw(query).first() else { return nil }
        return Claimed(
            id: try row.decode(column: "id", as: UUID.self), kind: try row.decode(column: "kind", as: String.self),
            payload: try row.decode(column: "payload", as: String.self),
            attempts: try row.decode(column: "attempts", as: Int.self),
            maxAttempts: try row.decode(column: "max_attempts", as: Int.self), runAt: try row.decode(column: "run_at", as: Date.self))
    }

    /// Claims and runs one job. Returns false when nothing was due.
    @discardableResult
    static func runNext(app: Application, worker: String, now: Date = Date()) async throws -> Bool {
        guard let job = try await claim(worker: worker, now: now, on: app.db) else { return false }
        app.loa.metrics.recordJobWait(kind: job.kind, seconds: now.timeIntervalSince(job.runAt))
        var logger = app.logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "kind"] = "\(job.kind)"
        guard let entry = app.loa.jobs.entry(for: job.kind) else {
            try await finish(job, worker: worker, error: "không có bộ xử lý cho loại việc \(job.kind)", dead: true, on: app.db)
            logger.error("no handler registered for job kind")
            return true
        }
        if job.attempts > job.maxAttempts {
            // The last attempt's worker died holding the lease: do not run it a further time.
            try await finish(job, worker: worker, error: "hết số lần thử (lease expired)", dead: true, on: app.db)
            return true
        }
        let started = ContinuousClock.now
        do {
            try await entry.run(job.payload, JobContext(application: app, jobID: job.id, attempt: job.attempts, logger: logger))
            try await finish(job, worker: worker, error: nil, dead: false, on: app.db)
            app.loa.metrics.recordJob(kind: job.kind, outcome: "done", duration: started.duration(to: .now))
        } catch {
            let decision = entry.policy.decision(afterAttempts: job.attempts, jitter: Double.random(in: 0...1))
            let message = String(describing: error).prefix(2000)
            switch decision {
            case .dead:
                logger.error("job failed for the last time: \(message)")
                try await finish(job, worker: worker, error: String(message), dead: true, on: app.db)
                app.loa.metrics.recordJob(kind: job.kind, outcome: "dead", duration: started.duration(to: .now))
            case .retry(let seconds):
                logger.notice("job failed, retrying in \(Int(seconds)) s: \(message)")
                try await retry(job, worker: worker, at: now.addingTimeInterval(seconds), error: String(message), on: app.db)
                app.loa.metrics.recordJob(kind: job.kind, outcome: "retry", duration: started.duration(to: .now))
            }
        }
        return true
    }

    /// Runs every job that is due at `now` until none is left; tests call this instead of waiting.
    @discardableResult
    /// Without `now`, the clock moves on, so jobs that jobs enqueue run too.
    static func drain(app: Application, now: Date? = nil) async throws -> Int {
        var count = 0
        while try await runNext(app: app, worker: "drain", now: now ?? Date()) { count += 1 }
        return count
    }

    private static func finish(_ job: Claimed, worker: String, error: String?, dead: Bool, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.update(Job.schema)
            .set("state", to: SQLBind(dead ? Job.State.dead.rawValue : Job.State.done.rawValue))
            .set("finished_at", to: SQLBind(Date()))
            .set("locked_until", to: SQLLiteral.null)
            .set("last_error", to: SQLBind(error))
            .where("id", .equal, SQLBind(job.id))
            .where("locked_by", .equal, SQLBind(worker))
            .run()
    }

    private static func retry(_ job: Claimed, worker: String, at runAt: Date, error: String, on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.update(Job.schema)
            .set("state", to: SQLBind(Job.State.queued.rawValue))
            .set("run_at", to: SQLBind(runAt))
            .set("locked_until", to: SQLLiteral.null)
            .set("last_error", to: SQLBind(error))
            .where("id", .equal, SQLBind(job.id))
            .where("locked_by", .equal, SQLBind(worker))
            .run()
    }

    /// Puts a dead job back in the queue with its attempts reset, as an operator's retry. Only
    /// dead jobs: one that is queued or running already has a worker's attention.
    @discardableResult
    static func retryDead(_ id: UUID? = nil, now: Date = Date(), on database: any Database) async throws -> Int {
        var query = Job.query(on: database).filter(\.$state == .dead)
        if let id { query = query.filter(\.$id == id) }
        let jobs = try await query.all()
        for job in jobs {
            job.state = .queued
            job.attempts = 0
            job.runAt = now
            job.finishedAt = nil
            job.lockedBy = nil
            job.lockedUntil = nil
            try await job.save(on: database)
        }
        return jobs.count
    }

    /// Frees the jobs that a worker process on this machine claimed and died holding (`kill -9`,
    /// a power cut): without this they wait for their lease to run out, five minutes. Workers on
    /// other machines are left to their lease, since their processes cannot be seen from here.
    @discardableResult
    static func releaseLeasesOfDeadProcesses(host: String, now: Date = Date(), on database: any Database) async throws -> Int {
        let held = try await Job.query(on: database).filter(\.$state == .running).all().filter { ($0.lockedBy ?? "").hasPrefix(host + ":") }
        var released = 0
        for job in held {
            let parts = (job.lockedBy ?? "").split(separator: ":")
            guard parts.count >= 3, let pid = Int32(parts[parts.count - 2]), pid != ProcessInfo.processInfo.processIdentifier else {
                continue
            }
            // Signal 0 asks only whether the process exists.
            guard kill(pid, 0) == -1, errno == ESRCH else { continue }
            job.state = .queued
            job.runAt = now
            job.lockedBy = nil
            job.lockedUntil = nil
            try await job.save(on: database)
            released += 1
        }
        return released
    }

    /// Counts by state, for `/metrics` and the console.
    /// Jobs by state; a queued job not yet due (a scheduled publication, tonight's clean-up) is
    /// `scheduled`, so that `queued` is the work waiting now.
    static func depth(on database: any Database, now: Date = Date()) async throws -> [String: Int] {
        let sql = database as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT CASE WHEN state = 'queued' AND run_at > \(bind: now) THEN 'scheduled' ELSE state END AS state, COUNT(*) AS n
            FROM jobs GROUP BY 1
            """
        ).all()
        var result: [String: Int] = [:]
        for row in rows {
            result[try row.decode(column: "state", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }
}

/// Runs jobs in the background of `loa serve` or `loa jobs run` until the application stops.
final class JobWorkers: LifecycleHandler, Sendable {
    let count: Int
    let pollInterval: Duration
    private let tasks = Mutex<[Task<Void, Never>]>([])

    init(count: Int = 2, pollInterval: Duration = .seconds(1)) {
        self.count = count
        self.pollInterval = pollInterval
    }

    func start(app: Application) {
        let host = ProcessInfo.processInfo.hostName
        let identity = "\(host):\(ProcessInfo.processInfo.processIdentifier)"
        let recovery = Task {
            do {
                let released = try await JobQueue.releaseLeasesOfDeadProcesses(host: host, on: app.db)
                if released > 0 { app.logger.notice("released \(released) jobs held by stopped worker processes on \(host)") }
                try await Housekeeping.schedule(after: Date(), on: app.db)
            } catch {
                app.logger.error("job worker: could not release stale leases: \(String(reflecting: error))")
            }
        }
        let started =
            [recovery]
            + (0..<count).map { number in
                Task { [pollInterval] in
                    let worker = "\(identity):\(number)"
                    while !Task.isCancelled {
                        do {
                            if try await JobQueue.runNext(app: app, worker: worker) { continue }
                        } catch {
                            app.logger.error("job worker: \(String(reflecting: error))")
                        }
                        try? await Task.sleep(for: pollInterval)
                    }
                }
            }
        tasks.withLock { $0 += started }
    }

    func shutdownAsync(_ application: Application) async {
        let running = tasks.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in running { task.cancel() }
        for task in running { await task.value }
    }
}

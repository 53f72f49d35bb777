import Fluent
import Foundation
import LoaCore
import Synchronization
import Testing
import VaporTesting

@testable import LoaServer

/// Records what it ran; fails while `failuresLeft` is above zero.
final class RecordingHandler: JobHandler {
    struct Payload: Codable, Sendable {
        var name: String
    }

    static let kind = "test.record"
    let ran = Mutex<[String]>([])
    let failuresLeft = Mutex(0)

    static var retryPolicy: RetryPolicy { RetryPolicy(maxAttempts: 3, baseDelay: 60, maxDelay: 600) }

    struct Failure: Error {}

    func run(_ payload: Payload, context: JobContext) async throws {
        let shouldFail = failuresLeft.withLock { left in
            defer { left = max(0, left - 1) }
            return left > 0
        }
        if shouldFail { throw Failure() }
        ran.withLock { $0.append(payload.name) }
    }
}

@Suite struct JobQueueTests {
    @Test func enqueuedJobsRunOnce() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            app.loa.jobs.register(handler)
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "một"), on: app.db)
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "hai"), on: app.db)
            #expect(try await JobQueue.drain(app: app) == 2)
            #expect(handler.ran.withLock { $0 } == ["một", "hai"])
            #expect(try await JobQueue.drain(app: app) == 0)
            #expect(try await JobQueue.depth(on: app.db)["done"] == 2)
        }
    }

    /// A handler that asks for more (or fewer) tries than the default gets them: the job row
    /// carries the handler's limit, not the default of 8 (issue 14, 8).
    @Test func theHandlersRetryLimitIsWrittenWithTheJob() async throws {
        try await withLoa { app in
            app.loa.jobs.register(RecordingHandler())
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "ba lần"), on: app.db)
            #expect(try await Job.query(on: app.db).first()?.maxAttempts == 3)
        }
    }

    @Test func idempotencyKeyMakesOneJob() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            app.loa.jobs.register(handler)
            for _ in 0..<3 {
                try await JobQueue.enqueue(RecordingHandler.self, .init(name: "gửi"), idempotencyKey: "article-1:broadcast", on: app.db)
            }
            #expect(try await Job.query(on: app.db).count() == 1)
            try await JobQueue.drain(app: app)
            #expect(handler.ran.withLock { $0 } == ["gửi"])
        }
    }

    @Test func aJobWrittenInARolledBackTransactionNeverExists() async throws {
        try await withLoa { app in
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { db in
                    try await JobQueue.enqueue(RecordingHandler.self, .init(name: "không"), on: db)
                    throw Rollback()
                }
            }
            let count = try await Job.query(on: app.db).count()
            #expect(count == 0)
        }
    }

    @Test func failuresBackOffThenDie() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            handler.failuresLeft.withLock { $0 = 10 }
            app.loa.jobs.register(handler)
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "lỗi"), on: app.db)
            let start = Date()
            #expect(try await JobQueue.drain(app: app, now: start) == 1)
            let job = try #require(try await Job.query(on: app.db).first())
            #expect(job.state == .queued)
            #expect(job.attempts == 1)
            #expect(job.lastError != nil)
            // Not due again until the backoff has passed (60 s ± 25 %).
            #expect(try await JobQueue.drain(app: app, now: start.addingTimeInterval(30)) == 0)
            #expect(try await JobQueue.drain(app: app, now: start.addingTimeInterval(100)) == 1)
            #expect(try await JobQueue.drain(app: app, now: start.addingTimeInterval(1000)) == 1)
            let dead = try #require(try await Job.query(on: app.db).first())
            #expect(dead.state == .dead)
            #expect(dead.attempts == 3)
            #expect(try await JobQueue.drain(app: app, now: start.addingTimeInterval(100_000)) == 0)
        }
    }

    /// An administrator sees the dead job with its error and runs it again from the console; the
    /// queue's latency and outcomes are in `/metrics`.
    @Test func deadJobsAreListedAndRetriedFromTheConsole() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            handler.failuresLeft.withLock { $0 = 3 }
            app.loa.jobs.register(handler)
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "gửi lại"), on: app.db)
            let start = Date()
            for offset in [0.0, 1000, 100_000] { try await JobQueue.drain(app: app, now: start.addingTimeInterval(offset)) }
            let job = try #require(try await Job.query(on: app.db).first())
            #expect(job.state == .dead)

            _ = try await app.makeStaff(.administrator)
            let admin = try #require(
                try await ConsoleBrowser.signIn(app, email: "administrator@bonoivu.example.vn", password: "mat-khau-administrator-123"))
            let page = try await admin.get("/staff/jobs")
            #expect(page.status == .ok)
            #expect(page.text.contains("test.record") && page.text.contains("Failure"))
            #expect(try await admin.post("/staff/jobs/\(job.id!)/retry", [], csrf: .some(nil)).status == .forbidden)
            #expect(try await Job.query(on: app.db).first()?.state == .dead)
            #expect(try await admin.post("/staff/jobs/\(job.id!)/retry", []).status == .seeOther)
            let queued = try #require(try await Job.query(on: app.db).first())
            #expect(queued.state == .queued && queued.attempts == 0)
            #expect(try await JobQueue.drain(app: app) == 1)
            #expect(handler.ran.withLock { $0 }.last == "gửi lại")
            #expect(try await Job.query(on: app.db).first()?.state == .done)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "job.retry").count() == 1)

            let metrics = try await app.get("/metrics").text
            #expect(metrics.contains("loa_job_wait_seconds_count{kind=\"test.record\"}"))
            #expect(metrics.contains("loa_jobs_processed_total{kind=\"test.record\",outcome=\"dead\"} 1"))

            // Others may not.
            _ = try await app.makeStaff(.editor)
            let editor = try #require(
                try await ConsoleBrowser.signIn(app, email: "editor@bonoivu.example.vn", password: "mat-khau-editor-123"))
            #expect(try await editor.get("/staff/jobs").status == .forbidden)
            #expect(try await editor.post("/staff/jobs/retry", []).status == .forbidden)
        }
    }

    @Test func anExpiredLeaseIsTakenAgain() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            app.loa.jobs.register(handler)
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "bị bỏ dở"), on: app.db)
            let now = Date()
            // A worker claims the job and dies without finishing it.
            let claimed = try await JobQueue.claim(worker: "crashed", now: now, lease: 60, on: app.db)
            #expect(claimed != nil)
            #expect(try await JobQueue.claim(worker: "other", now: now.addingTimeInterval(30), on: app.db) == nil)
            #expect(try await JobQueue.drain(app: app, now: now.addingTimeInterval(61)) == 1)
            #expect(handler.ran.withLock { $0 } == ["bị bỏ dở"])
            #expect(try await Job.query(on: app.db).first()?.attempts == 2)
        }
    }

    @Test func concurrentWorkersNeverTakeTheSameJob() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            app.loa.jobs.register(handler)
            let count = 60
            for number in 0..<count {
                try await JobQueue.enqueue(RecordingHandler.self, .init(name: "\(number)"), on: app.db)
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        while try await JobQueue.runNext(app: app, worker: "w\(worker)") {}
                    }
                }
                try await group.waitForAll()
            }
            let ran = handler.ran.withLock { $0 }
            #expect(ran.count == count)
            #expect(Set(ran).count == count)
        }
    }

    @Test func unknownKindsGoToTheDeadList() async throws {
        try await withLoa { app in
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "không ai nhận"), on: app.db)
            try await JobQueue.drain(app: app)
            let job = try #require(try await Job.query(on: app.db).first())
            #expect(job.state == .dead)
            #expect(job.lastError?.contains("test.record") == true)
        }
    }

    @Test func workersInsideTheServerRunJobs() async throws {
        try await withLoa { app in
            let handler = RecordingHandler()
            app.loa.jobs.register(handler)
            let workers = JobWorkers(count: 1, pollInterval: .milliseconds(20))
            workers.start(app: app)
            try await JobQueue.enqueue(RecordingHandler.self, .init(name: "nền"), on: app.db)
            for _ in 0..<250 where handler.ran.withLock({ $0.isEmpty }) {
                try await Task.sleep(for: .milliseconds(20))
            }
            await workers.shutdownAsync(app)
            #expect(handler.ran.withLock { $0 } == ["nền"])
        }
    }
}

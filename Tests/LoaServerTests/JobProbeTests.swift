import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// Two Loa applications on one database, as two processes have: each with its own connections,
/// racing for the same rows. SQLite in a file (WAL), or one PostgreSQL schema when DATABASE_URL
/// is set; `withLoa`'s in-memory SQLite cannot be shared.
func withTwoLoas(_ body: (Application, Application) async throws -> Void) async throws {
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("loa-probe-\(UUID().uuidString)").path
    var settings = Settings(
        database: .sqliteFile(path: dataDirectory + "/loa.sqlite"), dataDirectory: dataDirectory, publicURL: "https://loa.example.gov.vn")
    var schema: String?
    if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
        schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        settings.database = .postgres(url: url)
        settings.postgresSearchPath = [schema!]
        settings.databasePoolSize = 2
    }
    settings.passwordCost = 4
    let first = try await Application.make(.testing)
    let second = try await Application.make(.testing)
    for app in [first, second] { app.logger.logLevel = .warning }
    func cleanUp() async {
        if let schema { try? await (first.db as! any SQLDatabase).raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
        try? await first.asyncShutdown()
        try? await second.asyncShutdown()
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
    do {
        try await LoaServer.configure(first, settings: settings)
        try await LoaServer.configure(second, settings: settings)
        if let schema { try await (first.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").run() }
        try await prepareDatabase(first)
        try await prepareDatabase(second)
        try await body(first, second)
    } catch {
        await cleanUp()
        throw error
    }
    await cleanUp()
}

@Suite struct JobProbeTests {
    @Test func twoApplicationsRunEachProbeExactlyOnce() async throws {
        try await withTwoLoas { first, second in
            let run = JobProbe.newRun()
            let count = 400
            try await JobProbe.enqueue(count, run: run, on: first.db)
            #expect(try await JobProbe.pending(run: run, on: second.db) == count)
            // Two workers per application, each named, so that the report says who ran what.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (app, name) in [(first, "first"), (second, "second")] {
                    for number in 0..<2 {
                        group.addTask {
                            while try await JobProbe.pending(run: run, on: app.db) > 0 {
                                if try await !JobQueue.runNext(app: app, worker: "\(name):\(number)") {
                                    try await Task.sleep(for: .milliseconds(5))
                                }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let finished = try await JobProbe.wait(run: run, timeout: .seconds(5), on: second.db)
            #expect(finished)
            let report = try await JobProbe.report(run: run, expected: count, on: second.db)
            #expect(report.isExactlyOnce, "\(report)")
            #expect(report.runs == count)
            #expect(report.distinctJobs == count)
            #expect(report.duplicates == 0)
            #expect(report.missing == 0)
            #expect(report.perWorker.reduce(0) { $0 + $1.runs } == count)
            #expect(Set(report.perWorker.map { $0.worker.split(separator: ":")[0] }) == ["first", "second"])
        }
    }

    /// What the probe is for: a job taken again after its lease ran out, while the first worker
    /// had in fact run it, shows up as a duplicate rather than vanishing into a unique key.
    @Test func aSecondRunIsCountedAsADuplicate() async throws {
        try await withLoa { app in
            let run = JobProbe.newRun()
            try await JobProbe.enqueue(3, run: run, on: app.db)
            let stalled = try #require(try await JobQueue.claim(worker: "stalled", on: app.db))
            try await QueueProbe().run(
                .init(run: run), context: JobContext(application: app, jobID: stalled.id, attempt: 1, logger: app.logger))
            // The stalled worker never finishes; after its lease, another takes the job again.
            try await JobQueue.drain(app: app, now: Date().addingTimeInterval(JobQueue.defaultLease + 60))
            let report = try await JobProbe.report(run: run, expected: 3, on: app.db)
            #expect(report.runs == 4)
            #expect(report.distinctJobs == 3)
            #expect(report.duplicates == 1)
            #expect(!report.isExactlyOnce)
            #expect(report.perWorker.map(\.worker).contains("stalled"))
        }
    }

    @Test func probesOfAnotherRunAreNotCounted() async throws {
        try await withLoa { app in
            let earlier = JobProbe.newRun()
            let now = JobProbe.newRun()
            try await JobProbe.enqueue(2, run: earlier, on: app.db)
            try await JobProbe.enqueue(5, run: now, on: app.db)
            #expect(try await JobProbe.pending(run: now, on: app.db) == 5)
            try await JobQueue.drain(app: app)
            #expect(try await JobProbe.wait(run: now, timeout: .seconds(1), on: app.db))
            let report = try await JobProbe.report(run: now, expected: 5, on: app.db)
            #expect(report.isExactlyOnce, "\(report)")
            #expect(report.perWorker.map(\.worker) == ["drain"])
        }
    }
}

import Fluent
import Foundation
import LoaCore
import SQLKit

struct CreateJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Job.schema)
            .id()
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("idempotency_key", .string)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("run_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("locked_by", .string)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .unique(on: "idempotency_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "jobs_state_run_at").on(Job.schema).column("state").column("run_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Job.schema).delete()
    }
}

/// Every run of a probe, not one row per job: a unique job id would turn a second run into an
/// error inside the job instead of a row that the count can find.
struct CreateJobProbes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(JobProbe.schema)
            .id()
            .field("probe_run", .string, .required)
            .field("job_id", .uuid, .required)
            .field("worker", .string, .required)
            .field("ran_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "job_probes_run_job").on(JobProbe.schema).column("probe_run").column("job_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(JobProbe.schema).delete()
    }
}

import Fluent
import Foundation
import LoaCore
import Vapor

/// `/staff/jobs`, for administrators: the queue by state, and the jobs that failed on every
/// attempt with their last error and a button to run them again.
struct JobConsoleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffJobs, use: list)
        staff.post(.staffJobsRetry, use: retryAll)
        staff.post(.staffJobRetry, use: retry)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.viewAudit)
        let depth = try await JobQueue.depth(on: req.db)
        let dead = try await Job.query(on: req.db).filter(\.$state == .dead).sort(\.$finishedAt, .descending).limit(200).all()
        let retried = req.query[Int.self, at: "retried"]
        return .html(JobConsoleViews.list(staff, depth: depth, dead: dead, retried: retried, permissions: req.application.loa.permissions))
    }

    @Sendable func retry(req: Request) async throws -> Response {
        try req.consoleStaff(.viewAudit)
        guard let id = req.parameters.get("id", as: UUID.self) else { throw Abort(.notFound) }
        let count = try await req.db.transaction { db in
            let count = try await JobQueue.retryDead(id, on: db)
            if count > 0 { try await Audit.record(req, "job.retry", recordType: "job", recordID: id.uuidString, on: db) }
            return count
        }
        return req.redirect(to: "\(SiteRoute.staffJobs.path())?retried=\(count)")
    }

    @Sendable func retryAll(req: Request) async throws -> Response {
        try req.consoleStaff(.viewAudit)
        let count = try await req.db.transaction { db in
            let count = try await JobQueue.retryDead(on: db)
            if count > 0 { try await Audit.record(req, "job.retry_all", recordType: "job", summary: "\(count) việc", on: db) }
            return count
        }
        return req.redirect(to: "\(SiteRoute.staffJobs.path())?retried=\(count)")
    }
}

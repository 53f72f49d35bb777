import Fluent
import Foundation
import LoaCore
import SQLKit

/// The nightly clean-up of `Retention`. Each run enqueues the next, keyed by its day, so that any
/// number of worker processes schedule it once; a worker that starts makes sure one is queued.
struct Housekeeping: JobHandler {
    struct Payload: Codable, Sendable {
        var day: String
    }

    static let kind = "housekeeping.prune"

    func run(_ payload: Payload, context: JobContext) async throws {
        let removed = try await Self.prune(now: Date(), on: context.database)
        context.logger.info("housekeeping: removed \(removed)")
        try await Self.schedule(after: Date(), on: context.database)
    }

    static func schedule(after now: Date, on db: any Database) async throws {
        let at = Retention.nextRun(after: now)
        try await JobQueue.enqueue(
            Housekeeping.self, Payload(day: VietnamTime.day(of: at).description), idempotencyKey: "housekeeping:\(VietnamTime.day(of: at))",
            runAt: at, on: db)
    }

    /// Deletes what `Retention` no longer keeps; returns how many rows each table lost.
    @discardableResult
    static func prune(now: Date, rules: Retention = Retention(), on db: any Database) async throws -> [String: Int] {
        let sql = db as! any SQLDatabase
        let day = 86_400.0
        var removed: [String: Int] = [:]
        func count(_ table: String, _ delete: () async throws -> Void) async throws {
            struct Count: Decodable { var n: Int }
            let before = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0
            try await delete()
            let after = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first(decoding: Count.self)?.n ?? 0
            if before > after { removed[table] = before - after }
        }
        let missCutoff = now.addingTimeInterval(-Double(rules.searchMissDays) * day)
        try await count(SearchMiss.schema) {
            try await sql.delete(from: SearchMiss.schema).where("last_at", .lessThan, missCutoff).run()
            // Beyond the cap, the searches asked longest ago go first.
            try await sql.raw(
                """
                DELETE FROM search_misses WHERE id NOT IN (
                    SELECT id FROM search_misses ORDER BY last_at DESC LIMIT \(unsafeRaw: String(rules.searchMissRows)))
                """
            ).run()
        }
        try await count("search_miss_days") {
            try await sql.delete(from: "search_miss_days").where("day", .lessThan, VietnamTime.day(of: missCutoff).description).run()
        }
        try await count(AuditEntry.schema) {
            try await sql.delete(from: AuditEntry.schema).where("action", .in, ["login.failed", "login.lockout", "two_factor.failed"])
                .where("created_at", .lessThan, now.addingTimeInterval(-Double(rules.failedSignInDays) * day)).run()
        }
        try await count(ZaloInboundEvent.schema) {
            try await sql.delete(from: ZaloInboundEvent.schema).where("processed_at", .isNot, SQLLiteral.null)
                .where("processed_at", .lessThan, now.addingTimeInterval(-Double(rules.processedZaloEventDays) * day)).run()
        }
        let ended = now.addingTimeInterval(-Double(rules.expiredAccessDays) * day)
        try await count(StaffSession.schema) {
            try await sql.delete(from: StaffSession.schema).where("expires_at", .lessThan, ended).run()
        }
        try await count(SignInChallenge.schema) {
            try await sql.delete(from: SignInChallenge.schema).where("expires_at", .lessThan, ended).run()
        }
        try await count(PasswordReset.schema) {
            try await sql.delete(from: PasswordReset.schema).where("expires_at", .lessThan, ended).run()
        }
        try await count("login_throttles") { try await SignInThrottle.prune(before: ended, on: db) }
        try await count("rate_limits") {
            try await sql.delete(from: "rate_limits").where("window_start", .lessThan, ended).run()
        }
        return removed
    }
}

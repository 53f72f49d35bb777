import Fluent
import Foundation
import SQLKit

/// A unit of work that leaves the process (a Zalo message, an e-mail, a re-index), written in the
/// same transaction as the change that causes it and carried out by a worker.
final class Job: Model, @unchecked Sendable {
    static let schema = "jobs"

    enum State: String, Codable, Sendable {
        /// Waiting for `run_at`.
        case queued
        /// Claimed by a worker until `locked_until`; after that another worker may take it again.
        case running
        case done
        /// Failed on every attempt; kept for an operator to look at and retry.
        case dead
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Field(key: "payload") var payload: String
    /// Two enqueues with the same key make one job: a retried request does not send twice.
    @OptionalField(key: "idempotency_key") var idempotencyKey: String?
    @Field(key: "state") var state: State
    @Field(key: "attempts") var attempts: Int
    @Field(key: "max_attempts") var maxAttempts: Int
    @Field(key: "run_at") var runAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}
}

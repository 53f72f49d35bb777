import Fluent
import Foundation
import LoaCore
import SQLKit

/// One page's readings on one day.
struct CreateDashboardCounters: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("page_reads")
            .field("day", .string, .required)
            .field("path", .string, .required)
            .field("count", .int, .required)
            .unique(on: "day", "path")
            .create()
        // Searches that found nothing, per day, so that the dashboard can show a period.
        try await database.schema("search_miss_days")
            .field("day", .string, .required)
            .field("query", .string, .required)
            .field("count", .int, .required)
            .unique(on: "day", "query")
            .create()
        // Subscriptions to a topic as they are made (+1) and cancelled (-1), to draw them over time.
        try await database.schema(SubscriptionChange.schema)
            .id()
            .field("topic", .string, .required)
            .field("delta", .int, .required)
            .field("at", .datetime, .required)
            .create()
        for subscription in try await FollowerTopic.query(on: database).all() {
            try await SubscriptionChange(topic: subscription.topic, delta: 1, at: subscription.createdAt).create(on: database)
        }
        let sql = database as! any SQLDatabase
        try await sql.create(index: "subscription_changes_at").on(SubscriptionChange.schema).column("at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SubscriptionChange.schema).delete()
        try await database.schema("search_miss_days").delete()
        try await database.schema("page_reads").delete()
    }
}

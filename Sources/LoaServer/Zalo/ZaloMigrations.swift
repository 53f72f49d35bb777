import Fluent
import Foundation
import LoaCore
import SQLKit

struct CreateZalo: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ZaloInboundEvent.schema)
            .id()
            .field("dedupe_key", .string, .required)
            .field("event_name", .string, .required)
            .field("user_id", .string)
            .field("body", .string, .required)
            .field("received_at", .datetime, .required)
            .field("processed_at", .datetime)
            .unique(on: "dedupe_key")
            .create()
        try await database.schema(Follower.schema)
            .id()
            .field("zalo_user_id", .string, .required)
            .field("display_name", .string, .required)
            .field("following", .bool, .required)
            .field("followed_at", .datetime)
            .field("unfollowed_at", .datetime)
            .field("last_interaction_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "zalo_user_id")
            .create()
        try await database.schema(FollowerTopic.schema)
            .id()
            .field("follower_id", .uuid, .required, .references(Follower.schema, .id, onDelete: .cascade))
            .field("topic", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "follower_id", "topic")
            .create()
        try await database.schema(ZaloConversation.schema)
            .id()
            .field("follower_id", .uuid, .required, .references(Follower.schema, .id, onDelete: .cascade))
            .field("state", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "follower_id")
            .create()
        try await database.schema(ZaloMessage.schema)
            .id()
            .field("zalo_user_id", .string, .required)
            .field("direction", .string, .required)
            .field("text", .string, .required)
            .field("payload", .string)
            .field("status", .string, .required)
            .field("error_code", .int)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(Broadcast.schema)
            .id()
            .field("article_id", .uuid, .required)
            .field("title", .string, .required)
            .field("url", .string, .required)
            .field("topics", .string, .required)
            .field("started_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("finished_at", .datetime)
            .create()
        try await database.schema(BroadcastDelivery.schema)
            .id()
            .field("broadcast_id", .uuid, .required, .references(Broadcast.schema, .id, onDelete: .cascade))
            .field("follower_id", .uuid, .required, .references(Follower.schema, .id, onDelete: .cascade))
            .field("outcome", .string, .required)
            .field("error_code", .int)
            .field("created_at", .datetime, .required)
            .unique(on: "broadcast_id", "follower_id")
            .create()
        try await database.schema(ZaloCredential.schema)
            .field("id", .string, .identifier(auto: false))
            .field("access_token", .string)
            .field("refresh_token", .string, .required)
            .field("expires_at", .datetime)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "zalo_messages_user").on(ZaloMessage.schema).column("zalo_user_id").column("created_at").run()
        try await sql.create(index: "zalo_follower_topics_topic").on(FollowerTopic.schema).column("topic").run()
        try await sql.create(index: "zalo_followers_followed").on(Follower.schema).column("followed_at").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [
            ZaloCredential.schema, BroadcastDelivery.schema, Broadcast.schema, ZaloMessage.schema, ZaloConversation.schema,
            FollowerTopic.schema, Follower.schema, ZaloInboundEvent.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}

/// Remembers that a reply to an event began, so that a crash never makes Loa answer twice.
struct AddZaloReplyMarker: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ZaloInboundEvent.schema).field("reply_started_at", .datetime).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ZaloInboundEvent.schema).deleteField("reply_started_at").update()
    }
}

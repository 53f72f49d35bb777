import Fluent
import Foundation
import LoaCore
import SQLKit

/// A webhook event exactly as Zalo sent it, stored before Loa answers 200 so that nothing Zalo
/// was told we received is lost; a job processes it afterwards.
final class ZaloInboundEvent: Model, @unchecked Sendable {
    static let schema = "zalo_events"

    @ID(key: .id) var id: UUID?
    /// How a resend is recognised (see `ZaloEvent.dedupeKey`); unique, so a resend is stored once.
    @Field(key: "dedupe_key") var dedupeKey: String
    @Field(key: "event_name") var eventName: String
    @OptionalField(key: "user_id") var userID: String?
    @Field(key: "body") var body: String
    @Field(key: "received_at") var receivedAt: Date
    @OptionalField(key: "processed_at") var processedAt: Date?
    /// Set just before the first reply to the event is sent.
    @OptionalField(key: "reply_started_at") var replyStartedAt: Date?

    init() {}
}

/// A person who follows (or followed) the Official Account. Zalo ids exceed 2^53: kept as text.
final class Follower: Model, @unchecked Sendable {
    static let schema = "zalo_followers"

    @ID(key: .id) var id: UUID?
    @Field(key: "zalo_user_id") var zaloUserID: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "following") var following: Bool
    @OptionalField(key: "followed_at") var followedAt: Date?
    @OptionalField(key: "unfollowed_at") var unfollowedAt: Date?
    /// The last time the person wrote or clicked: Zalo lets the OA message them for 7 days after.
    @OptionalField(key: "last_interaction_at") var lastInteractionAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(zaloUserID: String, at now: Date) {
        self.zaloUserID = zaloUserID
        self.displayName = ""
        self.following = false
        self.createdAt = now
    }
}

/// A topic a follower asked to receive.
final class FollowerTopic: Model, @unchecked Sendable {
    static let schema = "zalo_follower_topics"

    @ID(key: .id) var id: UUID?
    @Field(key: "follower_id") var followerID: UUID
    @Field(key: "topic") var topic: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(followerID: UUID, topic: String, at now: Date) {
        self.followerID = followerID
        self.topic = topic
        self.createdAt = now
    }
}

/// A subscription made or cancelled: which topic and when, never who.
final class SubscriptionChange: Model, @unchecked Sendable {
    static let schema = "zalo_subscription_changes"

    @ID(key: .id) var id: UUID?
    @Field(key: "topic") var topic: String
    @Field(key: "delta") var delta: Int
    @Field(key: "at") var at: Date

    init() {}

    init(topic: String, delta: Int, at: Date) {
        self.topic = topic
        self.delta = delta
        self.at = at
    }
}

/// A conversation in progress (the guided petition), kept in the database so that any process
/// can take the next message, and forgotten after a while of silence.
final class ZaloConversation: Model, @unchecked Sendable {
    static let schema = "zalo_conversations"

    @ID(key: .id) var id: UUID?
    @Field(key: "follower_id") var followerID: UUID
    /// `GuidedPetition` as JSON.
    @Field(key: "state") var state: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// Every message to or from a follower: the conversation view, and in sandbox mode the outbox.
final class ZaloMessage: Model, @unchecked Sendable {
    static let schema = "zalo_messages"

    enum Direction: String, Codable, Sendable {
        case incoming = "in"
        case outgoing = "out"
    }

    enum Status: String, Codable, Sendable {
        case received, sent, failed
        /// Kept instead of sent: no Zalo credentials are configured.
        case sandbox

        /// As the console shows it.
        var name: String {
            switch self {
            case .received: "đã nhận"
            case .sent: "đã gửi"
            case .failed: "không gửi được"
            case .sandbox: "chế độ thử, chưa gửi"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "zalo_user_id") var zaloUserID: String
    @Field(key: "direction") var direction: Direction
    @Field(key: "text") var text: String
    /// The JSON sent to Zalo (outgoing), for inspection.
    @OptionalField(key: "payload") var payload: String?
    @Field(key: "status") var status: Status
    @OptionalField(key: "error_code") var errorCode: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One article sent to the followers of its topics.
final class Broadcast: Model, @unchecked Sendable {
    static let schema = "zalo_broadcasts"

    /// What is broadcast; broadcasts made before drafts existed have no kind and are articles.
    enum Kind: String, Codable, Sendable {
        case article, consultation
    }

    @ID(key: .id) var id: UUID?
    /// The article's id, or the draft's when `kind` is `consultation`.
    @Field(key: "article_id") var articleID: UUID
    @OptionalField(key: "kind") var kind: Kind?
    @Field(key: "title") var title: String
    @Field(key: "url") var url: String
    /// ",slug,slug,": the topics whose followers receive it.
    @Field(key: "topics") var topics: String
    @Field(key: "started_by") var startedBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    var topicSet: Set<String> { Set(topics.split(separator: ",").map(String.init)) }
}

/// What happened for one recipient of a broadcast. Written as `sending` and committed before the
/// message goes out, so a crash can leave a message unconfirmed but never send it twice.
final class BroadcastDelivery: Model, @unchecked Sendable {
    static let schema = "zalo_deliveries"

    enum Outcome: String, Codable, Sendable, CaseIterable {
        case sending, sent, sandbox, failed, interrupted
        case outsideWindow = "outside_window"
        case unfollowed

        var name: String {
            switch self {
            case .sending: "đang gửi"
            case .sent: "đã gửi"
            case .sandbox: "hộp thư thử (không gửi thật)"
            case .failed: "lỗi"
            case .interrupted: "gián đoạn, không gửi lại"
            case .outsideWindow: "quá 7 ngày không tương tác"
            case .unfollowed: "đã bỏ quan tâm"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "broadcast_id") var broadcastID: UUID
    @Field(key: "follower_id") var followerID: UUID
    @Field(key: "outcome") var outcome: Outcome
    @OptionalField(key: "error_code") var errorCode: Int?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// The OA's tokens. One row; every process reads it, and refreshes it under a lock.
final class ZaloCredential: Model, @unchecked Sendable {
    static let schema = "zalo_credentials"
    static let key = "oa"

    @ID(custom: "id", generatedBy: .user) var id: String?
    @OptionalField(key: "access_token") var accessToken: String?
    @Field(key: "refresh_token") var refreshToken: String
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

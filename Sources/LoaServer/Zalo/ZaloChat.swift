import Fluent
import Foundation
import LoaCore
import Vapor

/// Processes the events stored by one webhook write, in the order they arrived. A resent event
/// never gets this far (it is not stored twice); a job retried after a crash skips the events
/// whose `processed_at` is set.
struct ProcessZaloEvent: JobHandler {
    struct Payload: Codable, Sendable {
        var eventIDs: [UUID]
    }

    static let kind = "zalo.events"

    func run(_ payload: Payload, context: JobContext) async throws {
        let db = context.database
        let events = try await ZaloInboundEvent.query(on: db).filter(\.$id ~~ payload.eventIDs).filter(\.$processedAt == nil)
            .sort(\.$receivedAt).all()
        for stored in payload.eventIDs.compactMap({ id in events.first { $0.id == id } }) {
            if stored.replyStartedAt != nil {
                // An earlier run began replying to this event and stopped before it finished:
                // the reply may have reached the person, so it is not sent again.
                context.logger.warning("zalo event \(stored.dedupeKey): reply interrupted earlier, not repeated")
                stored.processedAt = Date()
                try await stored.save(on: db)
                continue
            }
            let event = try ZaloEvent.parse(Array(stored.body.utf8))
            // Written before the first reply leaves: a crash after it is seen above.
            let gate = ReplyGate {
                stored.replyStartedAt = Date()
                try await stored.save(on: db)
            }
            try await ZaloChat(app: context.application, beforeReplying: gate).handle(event, receivedAt: stored.receivedAt)
            stored.processedAt = Date()
            try await stored.save(on: db)
        }
    }
}

/// Runs an action once, before the first reply to an event goes out.
final class ReplyGate: @unchecked Sendable {
    private let action: () async throws -> Void
    // Used by one job's task at a time, in sequence.
    private var passed = false

    init(_ action: @escaping () async throws -> Void) {
        self.action = action
    }

    func pass() async throws {
        guard !passed else { return }
        try await action()
        passed = true
    }
}

/// The OA's side of the conversation: follows, the menu, tracking, subscriptions, the guided
/// petition and answers from search, all in Vietnamese.
struct ZaloChat {
    let app: Application
    /// Marks the event as being replied to (see `ProcessZaloEvent`); nil outside the job.
    var beforeReplying: ReplyGate? = nil
    /// A guided petition left this long without a message is forgotten.
    static let conversationLifetime: TimeInterval = 30 * 60

    var db: any Database { app.db }
    var api: ZaloAPI { ZaloAPI(app: app) }
    var publicURL: String { app.loa.settings.publicURL }

    func handle(_ event: ZaloEvent, receivedAt: Date = Date()) async throws {
        guard let userID = event.userID else { return }
        let at = event.time(receivedAt: receivedAt)
        switch event.eventName {
        case "follow":
            let follower = try await follower(userID, at: at)
            follower.following = true
            follower.followedAt = at
            follower.unfollowedAt = nil
            follower.lastInteractionAt = max(follower.lastInteractionAt ?? at, at)
            try await follower.save(on: db)
            try await JobQueue.enqueue(
                FetchFollowerProfile.self, .init(userID: userID), idempotencyKey: "zalo-profile:\(event.dedupeKey)", on: db)
            try await send(ChatReplies.welcome(publicURL: publicURL), to: follower, event: event)
        case "unfollow":
            let follower = try await follower(userID, at: at)
            follower.following = false
            follower.unfollowedAt = at
            try await follower.save(on: db)
            try await ZaloConversation.query(on: db).filter(\.$followerID == follower.requireID()).delete()
        case "user_send_text":
            let follower = try await touch(userID, at: at)
            let text = String((event.messageText ?? "").prefix(PetitionLimits.contentMaximum))
            try await record(incoming: text, from: userID)
            try await chat(text, follower: follower, event: event)
        case "user_submit_info":
            let follower = try await touch(userID, at: at)
            try await record(incoming: "(đã gửi thông tin liên hệ)", from: userID)
            if let info = event.info, let (conversation, guided) = try await activeConversation(of: follower) {
                var guided = guided
                let replies = guided.handle(info: info)
                try await save(guided, in: conversation)
                try await send(replies, to: follower, event: event)
            } else {
                try await send(ChatReplies.menu(publicURL: publicURL), to: follower, event: event)
            }
        case "user_click_chatnow":
            let follower = try await touch(userID, at: at)
            try await send(ChatReplies.menu(publicURL: publicURL), to: follower, event: event)
        case let name where name.hasPrefix("user_send_"):
            let follower = try await touch(userID, at: at)
            try await record(incoming: "[\(name.dropFirst("user_send_".count))]", from: userID)
            try await send(ChatReplies.unsupportedMessage, to: follower, event: event)
        default:
            // Delivery and read receipts, and echoes of the OA's own messages, need nothing.
            return
        }
    }

    // MARK: Followers

    private func follower(_ userID: String, at now: Date) async throws -> Follower {
        if let found = try await Follower.query(on: db).filter(\.$zaloUserID == userID).first() { return found }
        let follower = Follower(zaloUserID: userID, at: now)
        try await follower.create(on: db)
        return follower
    }

    /// Someone who writes is within Zalo's 7-day window from then on.
    private func touch(_ userID: String, at: Date) async throws -> Follower {
        let follower = try await follower(userID, at: at)
        follower.lastInteractionAt = max(follower.lastInteractionAt ?? at, at)
        try await follower.save(on: db)
        return follower
    }

    private func record(incoming text: String, from userID: String) async throws {
        let message = ZaloMessage()
        message.zaloUserID = userID
        message.direction = .incoming
        message.text = text
        message.status = .received
        message.createdAt = Date()
        try await message.create(on: db)
    }

    private func topics() async throws -> [TopicMatcher.Topic] {
        try await PortalQueries.topics(on: db).map { TopicMatcher.Topic(slug: $0.slug, name: $0.name) }
    }

    // MARK: Conversation

    private func activeConversation(of follower: Follower) async throws -> (ZaloConversation, GuidedPetition)? {
        guard let conversation = try await ZaloConversation.query(on: db).filter(\.$followerID == follower.requireID()).first() else {
            return nil
        }
        guard conversation.expiresAt > Date(),
            let guided = try? JSONDecoder().decode(GuidedPetition.self, from: Data(conversation.state.utf8))
        else {
            try await conversation.delete(on: db)
            return nil
        }
        return (conversation, guided)
    }

    private func save(_ guided: GuidedPetition, in conversation: ZaloConversation) async throws {
        if guided.step == .done || guided.step == .cancelled {
            try await conversation.delete(on: db)
            return
        }
        conversation.state = String(decoding: try JSONEncoder().encode(guided), as: UTF8.self)
        conversation.expiresAt = Date().addingTimeInterval(Self.conversationLifetime)
        try await conversation.save(on: db)
    }

    private func chat(_ text: String, follower: Follower, event: ZaloEvent) async throws {
        let topics = try await topics()
        if let (conversation, guided) = try await activeConversation(of: follower) {
            var guided = guided
            let replies = guided.handle(text: text, displayName: follower.displayName, topics: topics)
            try await save(guided, in: conversation)
            try await send(replies, to: follower, event: event)
            return
        }
        let followerID = try follower.requireID()
        switch ChatIntent.parse(text) {
        case .menu:
            try await send(ChatReplies.menu(publicURL: publicURL), to: follower, event: event)
        case .track(let code):
            try await send(try await tracking(code, for: follower), to: follower, event: event)
        case .trackWithoutCode:
            try await send(ChatReplies.askForCode, to: follower, event: event)
        case .subscribe(let query):
            guard !query.isEmpty else { return try await sendSubscriptions(follower, topics: topics, event: event) }
            guard let topic = TopicMatcher(topics: topics).match(query) else {
                return try await send(ChatReplies.unknownTopic(text: query, topics: topics), to: follower, event: event)
            }
            let exists =
                try await FollowerTopic.query(on: db).filter(\.$followerID == followerID).filter(\.$topic == topic.slug).count() > 0
            if exists { return try await send(ChatReplies.alreadySubscribed(topicName: topic.name), to: follower, event: event) }
            try await db.transaction { db in
                try await FollowerTopic(followerID: followerID, topic: topic.slug, at: Date()).create(on: db)
                try await SubscriptionChange(topic: topic.slug, delta: 1, at: Date()).create(on: db)
                try await JobQueue.enqueue(
                    SyncZaloTag.self, .init(userID: follower.zaloUserID, tag: topic.slug, add: true),
                    idempotencyKey: "zalo-tag:\(event.dedupeKey)", on: db)
            }
            try await send(ChatReplies.subscribed(topicName: topic.name), to: follower, event: event)
        case .unsubscribe(let query):
            guard !query.isEmpty else { return try await sendSubscriptions(follower, topics: topics, event: event) }
            guard let topic = TopicMatcher(topics: topics).match(query) else {
                return try await send(ChatReplies.unknownTopic(text: query, topics: topics), to: follower, event: event)
            }
            let removed = try await FollowerTopic.query(on: db).filter(\.$followerID == followerID).filter(\.$topic == topic.slug).all()
            guard !removed.isEmpty else {
                return try await send(ChatReplies.notSubscribed(topicName: topic.name), to: follower, event: event)
            }
            try await db.transaction { db in
                for subscription in removed { try await subscription.delete(on: db) }
                try await SubscriptionChange(topic: topic.slug, delta: -1, at: Date()).create(on: db)
                try await JobQueue.enqueue(
                    SyncZaloTag.self, .init(userID: follower.zaloUserID, tag: topic.slug, add: false),
                    idempotencyKey: "zalo-tag:\(event.dedupeKey)", on: db)
            }
            try await send(ChatReplies.unsubscribed(topicName: topic.name), to: follower, event: event)
        case .subscriptions:
            try await sendSubscriptions(follower, topics: topics, event: event)
        case .startPetition:
            let (guided, replies) = GuidedPetition.start(topics: topics)
            let conversation = ZaloConversation()
            conversation.followerID = followerID
            conversation.state = String(decoding: try JSONEncoder().encode(guided), as: UTF8.self)
            conversation.expiresAt = Date().addingTimeInterval(Self.conversationLifetime)
            try await conversation.create(on: db)
            try await send(replies, to: follower, event: event)
        case .cancel:
            try await send(ChatReplies.nothingToCancel, to: follower, event: event)
        case .comment(let code, let text):
            try await send(try await comment(on: code, text: text, from: follower), to: follower, event: event)
        case .commentWithoutCode:
            try await send([.text(ConsultationReplies.howTo)], to: follower, event: event)
        case .question(let question):
            let found = try await SearchService.search(
                question, filter: SearchFilter(), page: 1, perPage: 3, on: db, countMiss: true)
            let results = found.items.map { (title: $0.title, url: publicURL + $0.path) }
            try await send(ChatReplies.answers(question: question, results: results), to: follower, event: event)
        }
    }

    private func sendSubscriptions(_ follower: Follower, topics: [TopicMatcher.Topic], event: ZaloEvent) async throws {
        let current = Set(try await FollowerTopic.query(on: db).filter(\.$followerID == follower.requireID()).all().map(\.topic))
        try await send(
            ChatReplies.subscriptions(current: topics.filter { current.contains($0.slug) }, all: topics), to: follower, event: event)
    }

    /// The state of a petition by its code. Its answer is shown only to the person who sent it
    /// from this Zalo account; anyone else sees where it stands.
    private func tracking(_ code: TrackingCode, for follower: Follower) async throws -> [ChatReply] {
        guard let petition = try await Petition.query(on: db).filter(\.$code == code.description).first() else {
            return ChatReplies.unknownCode(code.description)
        }
        let own = petition.zaloUserID == follower.zaloUserID
        let answered: Set<PetitionState> = [.answered, .published, .closed]
        return ChatReplies.trackingStatus(
            code: petition.code, stateName: petition.state.name, due: petition.dueAt.map(VietnamTime.date),
            answer: own && answered.contains(petition.state) ? petition.answer : nil,
            trackingURL: SiteURL.tracking.absolute(publicURL) + "?ma=\(petition.code)")
    }

    // MARK: Sending

    private func send(_ replies: [ChatReply], to follower: Follower, event: ZaloEvent) async throws {
        for reply in replies {
            if case .submit = reply {} else { try await beforeReplying?.pass() }
            switch reply {
            case .text(let text): try await api.send(.text(text), to: follower.zaloUserID)
            case .buttons(let text, let buttons): try await api.send(.buttons(text, buttons), to: follower.zaloUserID)
            case .requestUserInfo(let title, let subtitle):
                try await api.send(.requestUserInfo(title: title, subtitle: subtitle), to: follower.zaloUserID)
            case .submit(let submission):
                try await send(try await submit(submission, from: follower, event: event), to: follower, event: event)
            }
        }
    }

    /// "góp ý DT-2026-007 …": a comment on a draft through the same service as the web form, in the
    /// follower's Zalo name. Zalo vouches for the account, so no e-mail confirmation is asked. A
    /// job retried after a crash does not store the comment twice: the event is marked processed
    /// only after the reply, and a second identical comment from the same follower within the
    /// minute is taken for that retry.
    private func comment(on code: ConsultationCode, text: String, from follower: Follower) async throws -> [ChatReply] {
        guard let consultation = try await Consultations.find(code.description, on: db) else {
            return ConsultationReplies.unknownDraft(code.description)
        }
        let url = SiteURL.consultation(consultation.slug).absolute(publicURL)
        guard !text.isEmpty else { return ConsultationReplies.missingText(code: consultation.code, title: consultation.title, url: url) }
        if let refusal = consultation.window.refusal(at: Date()) { return ConsultationReplies.refused(refusal) }
        let submission = CommentSubmission(
            section: DraftSections.wholeDraft, name: follower.displayName.isEmpty ? "Người dùng Zalo" : follower.displayName,
            text: String(text.prefix(CommentLimits.textMaximum + 1)))
        let valid: CommentSubmission
        do {
            valid = try submission.validated(sections: [])
        } catch {
            return ConsultationReplies.refused(error.fields.first?.message ?? "dữ liệu chưa hợp lệ")
        }
        let consultationID = try consultation.requireID()
        let repeated =
            try await ConsultationComment.query(on: db).filter(\.$consultationID == consultationID)
            .filter(\.$zaloUserID == follower.zaloUserID).filter(\.$text == valid.text)
            .filter(\.$submittedAt > Date().addingTimeInterval(-60)).count() > 0
        if !repeated {
            guard
                try await RateLimit.hit(
                    "zalo-comment:\(follower.zaloUserID)", limit: app.loa.settings.commentsPerHour, window: 3600, on: db)
            else { return ConsultationReplies.tooMany }
            do {
                _ = try await Consultations.store(valid, on: consultation, channel: .zalo, zaloUserID: follower.zaloUserID, app: app)
            } catch let error as APIError {
                return ConsultationReplies.refused(error.message)
            }
        }
        return ConsultationReplies.received(code: consultation.code, title: consultation.title, url: url)
    }

    /// The guided conversation's petition, through the same service as the web form. The event's
    /// key makes the submission idempotent, should the job run again after a crash.
    private func submit(_ submission: PetitionSubmission, from follower: Follower, event: ZaloEvent) async throws -> [ChatReply] {
        // The same allowance as a web address, per Zalo user; a replay of this event is not counted.
        let replay = try await Petition.query(on: db).filter(\.$idempotencyKey == "zalo:\(event.dedupeKey)").count() > 0
        if !replay,
            !(try await RateLimit.hit(
                "zalo-petition:\(follower.zaloUserID)", limit: app.loa.settings.petitionsPerHour, window: 3600, on: db))
        {
            return [.text("Ông/bà đã gửi nhiều phản ánh trong một giờ qua. Xin vui lòng thử lại sau.")]
        }
        let topics = Set(try await PortalQueries.topics(on: db).map(\.slug))
        let validated: PetitionSubmission
        do {
            validated = try submission.validated(topics: topics, contactRequired: false)
        } catch {
            return [.text("Chưa gửi được phản ánh: \(error.fields.first?.message ?? "dữ liệu chưa hợp lệ")")] + ChatReplies.submissionFailed
        }
        let receipt = try await Petitions.submit(
            validated, channel: .zalo, zaloUserID: follower.zaloUserID, idempotencyKey: "zalo:\(event.dedupeKey)", app: app, on: db)
        return ChatReplies.petitionReceived(
            code: receipt.petition.code, accessKey: receipt.accessKey,
            trackingURL: SiteURL.tracking.absolute(publicURL) + "?ma=\(receipt.petition.code)")
    }
}

/// Fetches a new follower's display name from Zalo.
struct FetchFollowerProfile: JobHandler {
    struct Payload: Codable, Sendable {
        var userID: String
    }

    static let kind = "zalo.profile"

    func run(_ payload: Payload, context: JobContext) async throws {
        guard let name = try await ZaloAPI(app: context.application).displayName(of: payload.userID), !name.isEmpty else { return }
        try await Follower.query(on: context.database).filter(\.$zaloUserID == payload.userID).set(
            \.$displayName, to: String(name.prefix(200))
        )
        .update()
    }
}

/// Mirrors a topic subscription to a Zalo tag named after the topic.
struct SyncZaloTag: JobHandler {
    struct Payload: Codable, Sendable {
        var userID: String
        var tag: String
        var add: Bool
    }

    static let kind = "zalo.tag"

    func run(_ payload: Payload, context: JobContext) async throws {
        try await ZaloAPI(app: context.application).tag(payload.userID, tag: payload.tag, add: payload.add)
    }
}

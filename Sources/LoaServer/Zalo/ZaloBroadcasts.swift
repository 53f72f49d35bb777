import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// New policy to the followers who asked for its topics. A broadcast walks the subscribers in
/// pages (memory stays flat however many there are), paces itself to the configured rate, and
/// records an outcome per recipient; it runs as a chain of jobs of bounded length, so a crash or a
/// restart resumes it where it stopped.
enum ZaloBroadcasts {
    /// Called in the transaction that publishes an article: the broadcast starts once, whatever
    /// happens to the article afterwards (unpublishing and publishing again sends nothing new).
    static func enqueue(article: Article, on db: any Database) async throws {
        let id = try article.requireID()
        try await JobQueue.enqueue(StartArticleBroadcast.self, .init(articleID: id), idempotencyKey: "zalo-article:\(id)", on: db)
    }

    /// Starts a broadcast of a published article now (the console's manual broadcast, or the job above).
    @discardableResult
    static func start(_ article: Article, startedBy: String, app: Application) async throws -> Broadcast {
        if article.$topics.value == nil { try await PortalQueries.loadTopics(of: [article], on: app.db) }
        let broadcast = Broadcast()
        broadcast.articleID = try article.requireID()
        broadcast.title = article.title
        broadcast.url = SiteURL.article(article.slug).absolute(app.loa.settings.publicURL)
        broadcast.topics = "," + article.topics.map(\.slug).joined(separator: ",") + ","
        broadcast.startedBy = startedBy
        broadcast.createdAt = Date()
        try await app.db.transaction { db in
            try await broadcast.create(on: db)
            let id = try broadcast.requireID()
            try await JobQueue.enqueue(RunBroadcast.self, .init(broadcastID: id, slice: 0), idempotencyKey: "broadcast:\(id):0", on: db)
        }
        return broadcast
    }

    /// Called in the transaction that publishes a draft: followers of its topics hear of it once.
    static func enqueue(consultation: Consultation, on db: any Database) async throws {
        let id = try consultation.requireID()
        try await JobQueue.enqueue(
            StartConsultationBroadcast.self, .init(consultationID: id), idempotencyKey: "zalo-consultation:\(id)", on: db)
    }

    /// Starts the broadcast of a published draft, through the same pipeline as articles.
    @discardableResult
    static func start(_ consultation: Consultation, startedBy: String, app: Application) async throws -> Broadcast {
        let broadcast = Broadcast()
        broadcast.articleID = try consultation.requireID()
        broadcast.kind = .consultation
        broadcast.title = consultation.title
        broadcast.url = SiteURL.consultation(consultation.slug).absolute(app.loa.settings.publicURL)
        broadcast.topics = consultation.topics
        broadcast.startedBy = startedBy
        broadcast.createdAt = Date()
        try await app.db.transaction { db in
            try await broadcast.create(on: db)
            let id = try broadcast.requireID()
            try await JobQueue.enqueue(RunBroadcast.self, .init(broadcastID: id, slice: 0), idempotencyKey: "broadcast:\(id):0", on: db)
        }
        return broadcast
    }

    static func message(for broadcast: Broadcast, summary: String) -> OutgoingMessage {
        if broadcast.kind == .consultation {
            let text = "Lấy ý kiến dự thảo: \(broadcast.title)" + (summary.isEmpty ? "" : "\n\n\(summary.prefix(400))")
            return .buttons(text, [ChatButton(title: "Xem và góp ý", type: "oa.open.url", payload: broadcast.url)])
        }
        let text = "Tin mới: \(broadcast.title)" + (summary.isEmpty ? "" : "\n\n\(summary.prefix(300))")
        return .buttons(text, [ChatButton(title: "Đọc bài", type: "oa.open.url", payload: broadcast.url)])
    }

    /// What a broadcast says under its title: an article's summary; a draft's window, code and summary.
    static func summary(of broadcast: Broadcast, on db: any Database) async throws -> String {
        guard broadcast.kind == .consultation else { return try await Article.find(broadcast.articleID, on: db)?.summary ?? "" }
        guard let consultation = try await Consultation.find(broadcast.articleID, on: db) else { return "" }
        return "Góp ý từ \(VietnamTime.dateTime(consultation.opensAt)) đến \(VietnamTime.dateTime(consultation.closesAt)). "
            + "Mã dự thảo \(consultation.code); góp ý qua Zalo: góp ý \(consultation.code) <nội dung>.\n\n\(consultation.summary)"
    }

    /// Outcomes per broadcast, for the communications page.
    static func counts(of broadcastIDs: [UUID], on db: any Database) async throws -> [UUID: [BroadcastDelivery.Outcome: Int]] {
        guard !broadcastIDs.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select()
            .column("broadcast_id").column("outcome").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(BroadcastDelivery.schema)
            .where(SQLColumn("broadcast_id"), .in, SQLBind.group(broadcastIDs))
            .groupBy("broadcast_id").groupBy("outcome")
            .all()
        var result: [UUID: [BroadcastDelivery.Outcome: Int]] = [:]
        for row in rows {
            let id = try row.decode(column: "broadcast_id", as: UUID.self)
            guard let outcome = BroadcastDelivery.Outcome(rawValue: try row.decode(column: "outcome", as: String.self)) else { continue }
            result[id, default: [:]][outcome] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }
}

struct StartArticleBroadcast: JobHandler {
    struct Payload: Codable, Sendable {
        var articleID: UUID
    }

    static let kind = "zalo.article"

    func run(_ payload: Payload, context: JobContext) async throws {
        guard let article = try await Article.find(payload.articleID, on: context.database), article.status == .published else { return }
        try await ZaloBroadcasts.start(article, startedBy: "tự động khi đăng bài", app: context.application)
    }
}

struct StartConsultationBroadcast: JobHandler {
    struct Payload: Codable, Sendable {
        var consultationID: UUID
    }

    static let kind = "zalo.consultation"

    func run(_ payload: Payload, context: JobContext) async throws {
        guard let consultation = try await Consultation.find(payload.consultationID, on: context.database), consultation.isPublic
        else { return }
        try await ZaloBroadcasts.start(consultation, startedBy: "tự động khi đăng dự thảo", app: context.application)
    }
}

/// Spaces sends evenly at `rate` per second.
actor Pacer {
    let interval: Duration
    var next = ContinuousClock.now

    init(rate: Double) { interval = .nanoseconds(Int64(1_000_000_000 / max(rate, 0.001))) }

    func wait() async throws {
        let now = ContinuousClock.now
        if next > now { try await Task.sleep(until: next, clock: .continuous) }
        next = max(next, now) + interval
    }
}

struct RunBroadcast: JobHandler {
    struct Payload: Codable, Sendable {
        var broadcastID: UUID
        var slice: Int
    }

    static let kind = "zalo.broadcast"
    /// Each job sends for at most this long, then hands over to the next, well inside the queue's lease.
    static let sliceDuration: Duration = .seconds(120)
    static let pageSize = 200

    /// A broadcast is not retried as a whole: what was sent is recorded, and the next slice (or a
    /// retry of this one) carries on from there.
    static var retryPolicy: RetryPolicy { RetryPolicy() }

    func run(_ payload: Payload, context: JobContext) async throws {
        let app = context.application
        let db = context.database
        let sql = db as! any SQLDatabase
        guard let broadcast = try await Broadcast.find(payload.broadcastID, on: db), broadcast.finishedAt == nil else { return }
        let broadcastID = try broadcast.requireID()
        // A delivery left `sending` by a worker that died may or may not have reached the person:
        // it is never sent again.
        try await sql.update(BroadcastDelivery.schema).set("outcome", to: SQLBind(BroadcastDelivery.Outcome.interrupted.rawValue))
            .where("broadcast_id", .equal, SQLBind(broadcastID)).where(
                "outcome", .equal, SQLBind(BroadcastDelivery.Outcome.sending.rawValue)
            )
            .run()
        let summary = try await ZaloBroadcasts.summary(of: broadcast, on: db)
        let message = ZaloBroadcasts.message(for: broadcast, summary: summary)
        let topics = Array(broadcast.topicSet)
        let api = ZaloAPI(app: app)
        let pacer = Pacer(rate: app.loa.settings.zalo.messagesPerSecond)
        let started = ContinuousClock.now
        var after: UUID?
        while true {
            var query: SQLQueryString = """
                SELECT f.id, f.zalo_user_id, f.following, f.last_interaction_at FROM zalo_followers f
                WHERE EXISTS (SELECT 1 FROM zalo_follower_topics t WHERE t.follower_id = f.id AND t.topic IN (\(binds: topics)))
                AND NOT EXISTS (SELECT 1 FROM zalo_deliveries d WHERE d.broadcast_id = \(bind: broadcastID) AND d.follower_id = f.id)
                """
            if let after { query = query + " AND f.id > \(bind: after)" }
            query = query + " ORDER BY f.id LIMIT \(literal: Self.pageSize)"
            let rows = try await sql.raw(query).all()
            if rows.isEmpty { break }
            // The page's deliveries are committed first (those to be sent as `sending`), then sent,
            // then their outcomes are committed together: two commits a page rather than three a
            // recipient.
            var deliveries: [(BroadcastDelivery, String)] = []
            for row in rows {
                let followerID = try row.decode(column: "id", as: UUID.self)
                after = followerID
                let decision = BroadcastRules.decide(
                    following: try row.decode(column: "following", as: Bool.self),
                    lastInteraction: try row.decode(column: "last_interaction_at", as: Date?.self),
                    subscribedTopics: Set(topics), articleTopics: broadcast.topicSet, now: Date())
                let delivery = BroadcastDelivery()
                delivery.broadcastID = broadcastID
                delivery.followerID = followerID
                delivery.createdAt = Date()
                switch decision {
                case .send: delivery.outcome = .sending
                case .outsideWindow: delivery.outcome = .outsideWindow
                case .unfollowed: delivery.outcome = .unfollowed
                case .notSubscribed: continue
                }
                deliveries.append((delivery, try row.decode(column: "zalo_user_id", as: String.self)))
            }
            let page = deliveries
            try await db.transaction { db in
                for (delivery, _) in page { try await delivery.create(on: db) }
            }
            let sending = deliveries.filter { $0.0.outcome == .sending }
            var results: [ZaloAPI.Outcome] = []
            for (_, userID) in sending {
                try await pacer.wait()
                do {
                    results.append(try await api.send(message, to: userID, record: false))
                } catch let failure as ZaloFailure {
                    results.append(.failed(code: failure.code, message: failure.message))
                }
            }
            let outcomes = results
            let messageJSON = ZaloAPI.payload(message, publicURL: app.loa.settings.publicURL)
            try await db.transaction { db in
                for ((delivery, userID), outcome) in zip(sending, outcomes) {
                    let record = ZaloMessage()
                    record.zaloUserID = userID
                    record.direction = .outgoing
                    record.text = message.text
                    record.payload = messageJSON
                    record.createdAt = Date()
                    switch outcome {
                    case .sent:
                        delivery.outcome = .sent
                        record.status = .sent
                    case .sandbox:
                        delivery.outcome = .sandbox
                        record.status = .sandbox
                    case .failed(let code, let reason):
                        if delivery.errorCode == nil, code != -230, code != -213 {
                            context.logger.warning("zalo broadcast: message not sent: \(code) \(reason)")
                        }
                        delivery.errorCode = code
                        record.status = .failed
                        record.errorCode = code
                        switch ZaloErrors.action(for: code, now: Date()) {
                        case .outsideWindow: delivery.outcome = .outsideWindow
                        case .unfollowed:
                            delivery.outcome = .unfollowed
                            try await Follower.query(on: db).filter(\.$id == delivery.followerID).set(\.$following, to: false).update()
                        default: delivery.outcome = .failed
                        }
                    }
                    try await delivery.save(on: db)
                    try await record.create(on: db)
                }
            }
            if started.duration(to: .now) > Self.sliceDuration {
                try await JobQueue.enqueue(
                    RunBroadcast.self, .init(broadcastID: broadcastID, slice: payload.slice + 1),
                    idempotencyKey: "broadcast:\(broadcastID):\(payload.slice + 1)", on: db)
                return
            }
        }
        broadcast.finishedAt = Date()
        try await broadcast.save(on: db)
        context.logger.info("zalo broadcast finished", metadata: ["broadcast": "\(broadcastID)"])
    }
}

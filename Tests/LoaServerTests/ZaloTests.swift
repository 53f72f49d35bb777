import AsyncHTTPClient
import Fluent
import Foundation
import LoaCore
import NIOCore
import Testing
import VaporTesting

@testable import LoaServer

/// Loa listening on a real port, with the Zalo stand-in on another: events go to Loa's webhook
/// over HTTP, and Loa's messages go to the stand-in over HTTP. `live: false` runs Loa without
/// credentials (sandbox mode), still signing events with the sandbox secret.
func withZalo(
    live: Bool = true, demo: Bool = false, configure: (inout Settings) -> Void = { _ in },
    _ body: (Application, ZaloStandIn, String) async throws -> Void
) async throws {
    let standIn = live ? ZaloStandIn() : ZaloStandIn(appID: "loa-sandbox-app", oaSecret: ZaloSettings.sandboxSecret)
    let (server, port) = try await standIn.start()
    do {
        try await withLoa(
            demo: demo,
            configure: { settings in
                if live { settings.zalo = standIn.settings(baseURL: "http://127.0.0.1:\(port)") }
                settings.zalo.messagesPerSecond = 1000
                configure(&settings)
            }
        ) { app in
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            let loaPort = try #require(app.http.server.shared.localAddress?.port)
            do {
                try await body(app, standIn, "http://127.0.0.1:\(loaPort)/webhooks/zalo")
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    } catch {
        await server.server.shutdown()
        try? await server.asyncShutdown()
        throw error
    }
    await server.server.shutdown()
    try await server.asyncShutdown()
}

extension ZaloStandIn {
    /// Sends an event and lets Loa's jobs process it, as a running server would.
    @discardableResult
    func say(_ text: String, from userID: String, to webhook: String, app: Application) async throws -> [String] {
        let before = state.withLock { $0.messages.count }
        let status = try await deliver(event("user_send_text", userID: userID, text: text), to: webhook, client: app.http.client.shared)
        #expect(status == .ok)
        try await JobQueue.drain(app: app)
        return state.withLock { Array($0.messages[before...].map(\.text)) }
    }

    func follow(_ userID: String, webhook: String, app: Application) async throws {
        #expect(try await deliver(event("follow", userID: userID), to: webhook, client: app.http.client.shared) == .ok)
        try await JobQueue.drain(app: app)
    }
}

@Suite struct ZaloWebhookTests {
    static let user = "8412345678901234567"  // more than 2^53: must never pass through a Double

    @Test func signaturesAreCheckedOnTheBytesReceived() async throws {
        try await withZalo { app, zalo, webhook in
            let client = app.http.client.shared
            let body = zalo.event("user_send_text", userID: Self.user, text: "xin chào", messageID: "m1")
            #expect(
                try await zalo.deliver(body, to: webhook, client: client, signature: "mac=" + String(repeating: "0", count: 64))
                    == .unauthorized)
            #expect(try await zalo.deliver(body, to: webhook, client: client, signature: "") == .unauthorized)
            #expect(try await zalo.deliver(body, to: webhook, client: client, signature: "sha256=abc") == .unauthorized)
            #expect(try await ZaloInboundEvent.query(on: app.db).count() == 0)

            // Spacing and escapes that a re-encoding would change: the signature is over these bytes.
            let raw = Array(
                #"{ "app_id" : "\#(zalo.appID)", "event_name":"user_send_text",  "timestamp":"1767225600000", "sender":{"id":"\#(Self.user)"}, "recipient":{"id":"1"}, "message":{"text":"xin ch\u00e0o \u1ea1","msg_id":"m2"} }"#
                    .utf8)
            #expect(try await zalo.deliver(raw, to: webhook, client: client) == .ok)
            let stored = try #require(try await ZaloInboundEvent.query(on: app.db).first())
            #expect(stored.userID == Self.user)
            #expect(stored.body == String(decoding: raw, as: UTF8.self))
            #expect(try await app.get("/metrics").text.contains("loa_zalo_events_total{event=\"user_send_text\"} 1"))
        }
    }

    @Test func aResentEventIsHandledOnce() async throws {
        try await withZalo { app, zalo, webhook in
            let body = zalo.event("follow", userID: Self.user, at: Date(timeIntervalSince1970: 1_767_225_600))
            for _ in 0..<3 { #expect(try await zalo.deliver(body, to: webhook, client: app.http.client.shared) == .ok) }
            #expect(try await ZaloInboundEvent.query(on: app.db).count() == 1)
            try await JobQueue.drain(app: app)
            #expect(zalo.state.withLock { $0.messages.filter { $0.userID == Self.user }.count } == 1, "one welcome")
            let follower = try #require(try await Follower.query(on: app.db).filter(\.$zaloUserID == Self.user).first())
            #expect(follower.following)
            #expect(follower.displayName.hasPrefix("Người dùng"), "fetched through the user detail API")
        }
    }

    @Test func badBodiesAreRefusedAndStoreNothing() async throws {
        try await withZalo { app, zalo, webhook in
            for text in ["", "not json", "[]", #"{"event_name":"follow"}"#, String(repeating: "[", count: 500)] {
                let body = Array(text.utf8)
                let status = try await zalo.deliver(body, to: webhook, client: app.http.client.shared, signature: zalo.signature(for: body))
                #expect(status == .badRequest, "\(text.prefix(20))")
            }
            #expect(try await ZaloInboundEvent.query(on: app.db).count() == 0)
        }
    }
}

@Suite struct ZaloChatTests {
    static let user = "8412345678901234568"

    @Test func followUnfollowAndTheMenu() async throws {
        try await withZalo { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            let welcome = try #require(zalo.state.withLock { $0.messages.last })
            #expect(welcome.body.contains("oa.query"), "the welcome has buttons")
            #expect(!(try await zalo.say("menu", from: Self.user, to: webhook, app: app)).isEmpty)
            #expect(try await zalo.deliver(zalo.event("unfollow", userID: Self.user), to: webhook, client: app.http.client.shared) == .ok)
            try await JobQueue.drain(app: app)
            let follower = try #require(try await Follower.query(on: app.db).filter(\.$zaloUserID == Self.user).first())
            #expect(!follower.following)
            #expect(follower.unfollowedAt != nil)
        }
    }

    @Test func subscriptionsByNameAndMirroredToTags() async throws {
        try await withZalo { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            _ = try await zalo.say("đăng ký tien luong", from: Self.user, to: webhook, app: app)
            _ = try await zalo.say("dang ky BHXH", from: Self.user, to: webhook, app: app)
            let unknown = try await zalo.say("đăng ký thiên văn học", from: Self.user, to: webhook, app: app)
            #expect(unknown.joined().contains("Tiền lương"), "lists the topics there are")
            let follower = try #require(try await Follower.query(on: app.db).filter(\.$zaloUserID == Self.user).first())
            var topics = Set(try await FollowerTopic.query(on: app.db).filter(\.$followerID == follower.id!).all().map(\.topic))
            #expect(topics == ["tien-luong", "bao-hiem-xa-hoi"])
            #expect(zalo.state.withLock { $0.tags[Self.user] } == ["tien-luong", "bao-hiem-xa-hoi"])

            _ = try await zalo.say("hủy đăng ký tiền lương", from: Self.user, to: webhook, app: app)
            topics = Set(try await FollowerTopic.query(on: app.db).filter(\.$followerID == follower.id!).all().map(\.topic))
            #expect(topics == ["bao-hiem-xa-hoi"])
            #expect(zalo.state.withLock { $0.tags[Self.user] } == ["bao-hiem-xa-hoi"])
            #expect(!(try await zalo.say("lĩnh vực của tôi", from: Self.user, to: webhook, app: app)).isEmpty)
        }
    }

    @Test func trackingByCode() async throws {
        try await withZalo { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            let (code, _) = try await app.submitPetition()
            let status = try await zalo.say("tra cứu \(code.lowercased())", from: Self.user, to: webhook, app: app)
            #expect(status.joined().contains("Đã tiếp nhận"))
            #expect(!status.joined().contains("phụ cấp thâm niên"), "someone else's petition: its state, not its content")
            let wrong = try await zalo.say("tra cứu PA-2020-000999", from: Self.user, to: webhook, app: app)
            #expect(wrong.joined().contains("PA-2020-000999"))
            let missing = try await zalo.say("tra cuu", from: Self.user, to: webhook, app: app)
            #expect(!missing.isEmpty)
        }
    }

    @Test func aQuestionGetsAnswersFromSearch() async throws {
        try await withZalo(demo: true) { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            let replies = try await zalo.say("muc luong co so hien nay", from: Self.user, to: webhook, app: app)
            let body = try #require(zalo.state.withLock { $0.messages.last?.body })
            #expect(body.contains("loa.example.gov.vn"), "links to the portal: \(replies)")
            #expect(body.contains("#gui-phan-anh"), "offers to send it as a petition")
        }
    }

    @Test func theGuidedPetitionEndsWithACodeAndTheAnswerComesBackInZalo() async throws {
        try await withZalo { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            _ = try await zalo.say("gửi phản ánh", from: Self.user, to: webhook, app: app)
            _ = try await zalo.say("tiền lương", from: Self.user, to: webhook, app: app)
            let tooShort = try await zalo.say("ngắn quá", from: Self.user, to: webhook, app: app)
            #expect(!tooShort.isEmpty)
            _ = try await zalo.say(
                "Lương hưu của tôi chưa được điều chỉnh theo mức mới từ tháng 7, đề nghị Bộ xem xét giúp.", from: Self.user, to: webhook,
                app: app)
            let info = ["name": "Trần Văn Bình", "phone": "0912 345 678", "address": "", "city": "", "district": "", "ward": ""]
            #expect(
                try await zalo.deliver(
                    zalo.event("user_submit_info", userID: Self.user, info: info), to: webhook, client: app.http.client.shared) == .ok)
            try await JobQueue.drain(app: app)
            let done = try await zalo.say("#gui", from: Self.user, to: webhook, app: app)
            let petition = try #require(try await Petition.query(on: app.db).first())
            #expect(done.joined().contains(petition.code))
            #expect(petition.channel == .zalo)
            #expect(petition.zaloUserID == Self.user)
            #expect(petition.name == "Trần Văn Bình")
            #expect(petition.phone == "0912345678")
            #expect(try await ZaloConversation.query(on: app.db).count() == 0)

            // The handler's answer goes back to the same Zalo user.
            let handler = try await app.makeStaff(.handler)
            let unit = try await app.makeUnit("Vụ Tiền lương")
            for body in [#"{"to":"accepted"}"#, #"{"to":"assigned","unit":"\#(unit.id!)"}"#] {
                #expect(try await app.send(.POST, "/api/v1/petitions/\(petition.code)/transitions", as: handler, json: body).status == .ok)
            }
            _ = try await app.send(
                .POST, "/api/v1/petitions/\(petition.code)/answer", as: handler, json: #"{"text":"Lương hưu đã được điều chỉnh."}"#)
            let before = zalo.state.withLock { $0.messages.count }
            try await JobQueue.drain(app: app)
            let sent = zalo.state.withLock { Array($0.messages[before...]) }
            #expect(sent.contains { $0.userID == Self.user && $0.text.contains("Lương hưu đã được điều chỉnh") })
            let notices = try await PetitionNotification.query(on: app.db).filter(\.$channel == .zalo).all()
            #expect(notices.allSatisfy { $0.outcome == .sent })
            // The owner sees the answer when tracking in Zalo.
            #expect(
                try await zalo.say(petition.code, from: Self.user, to: webhook, app: app).joined().contains("Lương hưu đã được điều chỉnh"))
        }
    }

    @Test func aGuidedPetitionCanBeCancelled() async throws {
        try await withZalo { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            _ = try await zalo.say("gửi phản ánh", from: Self.user, to: webhook, app: app)
            #expect(try await ZaloConversation.query(on: app.db).count() == 1)
            _ = try await zalo.say("hủy", from: Self.user, to: webhook, app: app)
            #expect(try await ZaloConversation.query(on: app.db).count() == 0)
            #expect(try await Petition.query(on: app.db).count() == 0)
        }
    }

    @Test func sandboxKeepsMessagesInTheOutbox() async throws {
        try await withZalo(live: false) { app, zalo, webhook in
            try await zalo.follow(Self.user, webhook: webhook, app: app)
            let kept = try await ZaloMessage.query(on: app.db).filter(\.$direction == .outgoing).all()
            #expect(kept.count == 1)
            #expect(kept[0].status == .sandbox)
            #expect(zalo.state.withLock { $0.messageCount } == 0)
        }
    }
}

@Suite struct ZaloBroadcastTests {
    /// Four followers: subscribed and recent, subscribed but silent for 8 days, subscribed but gone,
    /// and not subscribed.
    func followers(_ app: Application, _ zalo: ZaloStandIn, webhook: String) async throws -> [String] {
        let ids = ["8400000000000000001", "8400000000000000002", "8400000000000000003", "8400000000000000004"]
        for id in ids { try await zalo.follow(id, webhook: webhook, app: app) }
        for id in ids.prefix(3) { _ = try await zalo.say("đăng ký tiền lương", from: id, to: webhook, app: app) }
        let old = Date().addingTimeInterval(-8 * 86_400)
        try await Follower.query(on: app.db).filter(\.$zaloUserID == ids[1]).set(\.$lastInteractionAt, to: old).update()
        zalo.state.withLock { $0.users[ids[1]]?.lastInteraction = old }
        #expect(try await zalo.deliver(zalo.event("unfollow", userID: ids[2]), to: webhook, client: app.http.client.shared) == .ok)
        try await JobQueue.drain(app: app)
        return ids
    }

    func publishArticle(_ app: Application) async throws -> Article {
        let approver = try await app.makeStaff(.approver)
        let created = try await app.send(
            .POST, "/api/v1/articles", as: approver,
            json: #"{"title":"Mức lương cơ sở mới","summary":"Từ 1/7","body":"Nội dung.","topics":["tien-luong"]}"#)
        let id = try #require(try created.json()["id"]?.string)
        #expect(try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: approver).status == .ok)
        return try #require(try await Article.find(UUID(uuidString: id), on: app.db))
    }

    @Test func publishingReachesSubscribersInTheWindow() async throws {
        try await withZalo { app, zalo, webhook in
            let ids = try await followers(app, zalo, webhook: webhook)
            let before = zalo.state.withLock { $0.messages.count }
            _ = try await publishArticle(app)
            try await JobQueue.drain(app: app)
            let sent = zalo.state.withLock { Array($0.messages[before...]) }
            #expect(sent.map(\.userID) == [ids[0]])
            #expect(sent.first?.body.contains("oa.open.url") == true)
            for job in try await Job.query(on: app.db).all() where job.lastError != nil || job.state != .done {
                Issue.record("job \(job.kind) \(job.state) \(job.lastError ?? "")")
            }
            let deliveries = try await BroadcastDelivery.query(on: app.db).all()
            let byFollower = Dictionary(
                uniqueKeysWithValues: try await Follower.query(on: app.db).all().map { ($0.id!, $0.zaloUserID) })
            let outcomes = Dictionary(uniqueKeysWithValues: deliveries.map { (byFollower[$0.followerID]!, $0.outcome) })
            #expect(outcomes == [ids[0]: .sent, ids[1]: .outsideWindow, ids[2]: .unfollowed])
            #expect(try await Broadcast.query(on: app.db).first()?.finishedAt != nil)
            // Publishing again after unpublishing sends nothing new.
            let article = try #require(try await Article.query(on: app.db).first())
            let approver = try #require(try await StaffUser.query(on: app.db).filter(\.$role == .approver).first())
            _ = approver
            article.status = .published
            try await JobQueue.drain(app: app)
            #expect(try await Broadcast.query(on: app.db).count() == 1)
        }
    }

    @Test func aCrashMidBroadcastResumesWithoutSendingTwice() async throws {
        try await withZalo { app, zalo, webhook in
            var ids: [String] = []
            for index in 0..<6 {
                let id = "84000000000000001\(index)0"
                ids.append(id)
                try await zalo.follow(id, webhook: webhook, app: app)
                _ = try await zalo.say("đăng ký tiền lương", from: id, to: webhook, app: app)
            }
            // An imported article (imports never broadcast), then a broadcast whose worker died:
            // one recipient done, one marked `sending` when the process was killed.
            _ = try await app.importLines(.articles, [Fixture.article("crash-1", title: "Lương cơ sở mới")])
            let article = try #require(try await Article.query(on: app.db).first())
            let broadcast = try await ZaloBroadcasts.start(article, startedBy: "test", app: app)
            let followers = try await Follower.query(on: app.db).sort(\.$zaloUserID).all()
            for (index, outcome) in [(0, BroadcastDelivery.Outcome.sent), (1, .sending)] {
                let delivery = BroadcastDelivery()
                delivery.broadcastID = broadcast.id!
                delivery.followerID = followers[index].id!
                delivery.outcome = outcome
                delivery.createdAt = Date()
                try await delivery.create(on: app.db)
            }
            let before = zalo.state.withLock { $0.messages.count }
            try await JobQueue.drain(app: app)
            let sent = zalo.state.withLock { $0.messages[before...].map(\.userID) }
            #expect(Set(sent) == Set(followers[2...].map(\.zaloUserID)))
            #expect(sent.count == 4, "each remaining recipient once")
            let interrupted = try await BroadcastDelivery.query(on: app.db).filter(\.$outcome == .interrupted).all()
            #expect(interrupted.map(\.followerID) == [followers[1].id!])
            #expect(try await BroadcastDelivery.query(on: app.db).filter(\.$broadcastID == broadcast.id!).count() == 6)
        }
    }

    @Test func zaloErrorRepliesAreRecorded() async throws {
        try await withZalo { app, zalo, webhook in
            let ids = ["8400000000000000101", "8400000000000000102", "8400000000000000103"]
            for id in ids {
                try await zalo.follow(id, webhook: webhook, app: app)
                _ = try await zalo.say("đăng ký tiền lương", from: id, to: webhook, app: app)
            }
            // Zalo's view differs from Loa's: it answers "outside the window", "not following",
            // and then an expired token, which Loa refreshes before sending again.
            zalo.state.withLock { $0.failures = [-230, -213, -216] }
            _ = try await publishArticle(app)
            try await JobQueue.drain(app: app)
            let outcomes = try await BroadcastDelivery.query(on: app.db).all().map(\.outcome)
            #expect(outcomes.sorted { $0.rawValue < $1.rawValue } == [.outsideWindow, .sent, .unfollowed])
            #expect(zalo.state.withLock { $0.refreshCalls } == 2, "the first token, then a fresh one after -216")
            #expect(try await Follower.query(on: app.db).filter(\.$following == false).count() == 1)
        }
    }
}

@Suite struct ZaloTokenTests {
    @Test func tworWorkersRefreshingAtOnceSpendTheRefreshTokenOnce() async throws {
        try await withZalo { app, zalo, _ in
            async let first = ZaloTokens.accessToken(app: app)
            async let second = ZaloTokens.accessToken(app: app)
            let tokens = try await [first, second]
            #expect(tokens[0] == tokens[1])
            #expect(zalo.state.withLock { ($0.refreshCalls, $0.rejectedRefreshes) } == (1, 0))
            let stored = try #require(try await ZaloCredential.find(ZaloCredential.key, on: app.db))
            #expect(stored.refreshToken == "standin-refresh-1")
            // A refused refresh leaves the good pair in place.
            zalo.state.withLock { $0.refreshToken = "spent-elsewhere" }
            await #expect(throws: ZaloTokens.RefreshFailed.self) { try await ZaloTokens.accessToken(app: app, rejected: tokens[0]) }
            let after = try #require(try await ZaloCredential.find(ZaloCredential.key, on: app.db))
            #expect(after.refreshToken == "standin-refresh-1")
            #expect(after.accessToken == tokens[0])
        }
    }
}

@Suite struct ZaloBroadcastScaleTests {
    /// More recipients than a page and than the messages in flight: each gets the article once.
    @Test func severalPagesAreEachSentOnce() async throws {
        try await withZalo { app, zalo, _ in
            zalo.state.withLock { $0.acceptsAnyone = true }
            let now = Date()
            for index in 0..<450 {
                let follower = Follower(zaloUserID: String(8_600_000_000_000_000_000 + index), at: now)
                follower.following = true
                follower.followedAt = now
                follower.lastInteractionAt = now
                try await follower.create(on: app.db)
                try await FollowerTopic(followerID: follower.id!, topic: "tien-luong", at: now).create(on: app.db)
            }
            _ = try await app.importLines(.articles, [Fixture.article("scale-1", title: "Lương cơ sở mới")])
            let article = try #require(try await Article.query(on: app.db).first())
            let broadcast = try await ZaloBroadcasts.start(article, startedBy: "test", app: app)
            try await JobQueue.drain(app: app)
            let sent = zalo.state.withLock { $0.messages.map(\.userID) }
            #expect(sent.count == 450)
            #expect(Set(sent).count == 450)
            #expect(
                try await BroadcastDelivery.query(on: app.db).filter(\.$broadcastID == broadcast.id!).filter(\.$outcome == .sent).count()
                    == 450)
            #expect(try await Broadcast.find(broadcast.id, on: app.db)?.finishedAt != nil)
        }
    }
}

@Suite struct ZaloSandboxTests {
    /// The sandbox secret is public: events signed with it are refused unless they come from this
    /// machine (through a trusted proxy, the forwarded address counts).
    @Test func sandboxEventsComeOnlyFromThisMachine() async throws {
        try await withLoa { app in
            let zalo = ZaloStandIn(appID: "loa-sandbox-app", oaSecret: ZaloSettings.sandboxSecret)
            let body = zalo.event("user_send_text", userID: "8412345678901234570", text: "xin chào")
            let headers: HTTPHeaders = [
                "Content-Type": "application/json", "X-ZEvent-Signature": zalo.signature(for: body), "X-Forwarded-For": "203.0.113.5",
            ]
            let refused = try await app.testing().sendRequest(.POST, "/webhooks/zalo", headers: headers, body: ByteBuffer(bytes: body))
            #expect(refused.status == .forbidden)
            #expect(try await ZaloInboundEvent.query(on: app.db).count() == 0)
        }
    }
}

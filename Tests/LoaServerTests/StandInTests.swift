import AsyncHTTPClient
import Foundation
import NIOCore
import Testing
import VaporTesting

@testable import LoaServer

/// `GET /standin/messages`, which the crash test reads from outside the process to prove that no
/// one got the same reply twice.
@Suite struct StandInTests {
    /// The counts as a script reads them, over HTTP.
    static func counts(from baseURL: String, client: HTTPClient) async throws -> (messages: Int, perUser: [String: Int]) {
        let response = try await client.execute(HTTPClientRequest(url: baseURL + "/standin/messages"), timeout: .seconds(10))
        #expect(response.status == .ok)
        let body = try await response.body.collect(upTo: 1 << 20)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
        return (try #require(object["messages"] as? Int), try #require(object["per_user"] as? [String: Int]))
    }

    @Test func countsEachUsersRepliesOverHTTP() async throws {
        try await withZalo { app, zalo, webhook in
            let standIn = app.loa.settings.zalo.apiURL
            let client = app.http.client.shared
            let before = try await Self.counts(from: standIn, client: client)
            #expect(before.messages == 0)
            #expect(before.perUser.isEmpty)

            try await zalo.follow("8400000000000000101", webhook: webhook, app: app)
            try await zalo.say("menu", from: "8400000000000000101", to: webhook, app: app)
            try await zalo.follow("8400000000000000102", webhook: webhook, app: app)
            let after = try await Self.counts(from: standIn, client: client)
            // A follow brings the welcome, "menu" the menu: one message each.
            #expect(after.perUser == ["8400000000000000101": 2, "8400000000000000102": 1])
            #expect(after.messages == 3)
        }
    }

    @Test func aResentEventAddsNoReply() async throws {
        try await withZalo { app, zalo, webhook in
            let user = "8400000000000000201"
            try await zalo.follow(user, webhook: webhook, app: app)
            let event = zalo.event("user_send_text", userID: user, text: "menu", messageID: "resent-1")
            #expect(try await zalo.deliver(event, to: webhook, client: app.http.client.shared) == .ok)
            #expect(try await zalo.deliver(event, to: webhook, client: app.http.client.shared) == .ok)
            try await JobQueue.drain(app: app)
            let counts = try await Self.counts(from: app.loa.settings.zalo.apiURL, client: app.http.client.shared)
            #expect(counts.perUser == [user: 2])
        }
    }

    /// `--accept-all` keeps no message bodies (a benchmark sends 100,000), but still counts.
    @Test func countsWhenBodiesAreNotKept() async throws {
        try await withZalo { app, zalo, webhook in
            zalo.state.withLock {
                $0.acceptsAnyone = true
                $0.keepsMessages = false
            }
            // Straight to Loa, as a script does: the stand-in has never seen this user.
            let body = zalo.event("user_send_text", userID: "8400000000000000301", text: "menu")
            var request = HTTPClientRequest(url: webhook)
            request.method = .POST
            request.headers.add(name: "X-ZEvent-Signature", value: zalo.signature(for: body))
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await app.http.client.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            try await JobQueue.drain(app: app)
            let counts = try await Self.counts(from: app.loa.settings.zalo.apiURL, client: app.http.client.shared)
            #expect(counts.perUser == ["8400000000000000301": 1])
            #expect(zalo.state.withLock { $0.messages.isEmpty })
        }
    }
}

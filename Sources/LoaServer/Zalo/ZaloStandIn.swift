import AsyncHTTPClient
import Foundation
import LoaCore
import NIOCore
import Synchronization
import Vapor

/// A small server that behaves like Zalo for the endpoints Loa calls (customer-service messages,
/// follower details, tags, the OAuth token refresh) and sends correctly signed webhook events, as
/// Zalo does. End-to-end tests, benchmarks and `loa zalo stand-in` drive Loa with it over real HTTP.
final class ZaloStandIn: Sendable {
    struct User: Sendable {
        var displayName: String
        var following: Bool
        var lastInteraction: Date
    }

    struct Message: Sendable {
        var userID: String
        var text: String
        var body: String
    }

    struct State: Sendable {
        var users: [String: User] = [:]
        var accessToken = "standin-access-0"
        var refreshToken: String
        var refreshCalls = 0
        var rejectedRefreshes = 0
        var messages: [Message] = []
        var messageCount = 0
        /// Customer-service messages accepted per user, kept even when the bodies are not: a crash
        /// test reads them to prove that no one got the same reply twice.
        var messagesPerUser: [String: Int] = [:]
        var tags: [String: Set<String>] = [:]
        /// Error codes to answer the next customer-service messages with, in order.
        var failures: [Int] = []
        /// Keep every message body (tests); a benchmark sending 100k turns it off to stay small.
        var keepsMessages = true
        /// Treat every user it has not seen as a recent follower (benchmarks with generated followers).
        var acceptsAnyone = false
    }

    let appID: String
    let appSecret: String
    let oaSecret: String
    let oaID = "579745863508352884"
    let state: Mutex<State>

    init(
        appID: String = "1234567890123456789", appSecret: String = "standin-app-secret", oaSecret: String = "standin-oa-secret",
        refreshToken: String = "standin-refresh-0"
    ) {
        self.appID = appID
        self.appSecret = appSecret
        self.oaSecret = oaSecret
        self.state = Mutex(State(refreshToken: refreshToken))
    }

    /// Loa's settings that point at this stand-in.
    func settings(baseURL: String) -> ZaloSettings {
        var zalo = ZaloSettings()
        zalo.appID = appID
        zalo.appSecret = appSecret
        zalo.oaSecretKey = oaSecret
        zalo.refreshToken = state.withLock { $0.refreshToken }
        zalo.apiURL = baseURL
        zalo.oauthURL = baseURL
        return zalo
    }

    // MARK: The server

    /// Starts on `port` (0: any free port) and returns the application and the port it took.
    func start(port: Int = 0) async throws -> (Application, Int) {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .warning
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = port
        app.routes.defaultMaxBodySize = "1mb"
        register(on: app.routes)
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        guard let bound = app.http.server.shared.localAddress?.port else { throw Abort(.internalServerError) }
        return (app, bound)
    }

    func register(on routes: any RoutesBuilder) {
        routes.post("v3.0", "oa", "message", "cs") { [self] req in self.customerService(req) }
        routes.post("v2.0", "oa", "message") { [self] req in
            self.authorised(req) ? Self.reply(["message_id": UUID().uuidString]) : Self.error(ZaloErrorCode.invalidToken.rawValue)
        }
        routes.get("v3.0", "oa", "user", "detail") { [self] req in self.detail(req) }
        routes.post("v2.0", "oa", "tag", "tagfollower") { [self] req in self.tag(req, add: true) }
        routes.post("v2.0", "oa", "tag", "rmfollowerfromtag") { [self] req in self.tag(req, add: false) }
        routes.post("v4", "oa", "access_token") { [self] req async throws in try await self.refresh(req) }
        routes.get("standin", "messages") { [self] _ in self.counts() }
    }

    /// `GET /standin/messages`: what the stand-in has accepted so far, for scripts that drive Loa
    /// from outside the process. Not a Zalo endpoint; it reads and changes nothing else.
    private func counts() -> Response {
        state.withLock { state in
            Self.json([
                "messages": state.messageCount, "per_user": state.messagesPerUser, "refreshes": state.refreshCalls,
                "rejected_refreshes": state.rejectedRefreshes,
            ])
        }
    }

    private func authorised(_ req: Request) -> Bool {
        req.headers.first(name: "access_token") == state.withLock { $0.accessToken }
    }

    private static func reply(_ data: [String: String]) -> Response {
        json(["error": 0, "message": "Success", "data": data])
    }

    private static func error(_ code: Int) -> Response {
        let messages = [
            -216: "Access token is invalid", -220: "Access token has expired", -213: "User has not followed OA",
            -230: "User has not interacted with the OA in the last 7 days", -32: "Rate limit exceeded", -211: "Out of quota",
        ]
        return json(["error": code, "message": messages[code] ?? "Error"])
    }

    private static func json(_ object: [String: Any]) -> Response {
        let response = Response(status: .ok, body: .init(data: (try? JSONSerialization.data(withJSONObject: object)) ?? Data()))
        response.headers.contentType = .json
        response.headers.add(name: "X-RateLimit-Limit", value: "1000")
        response.headers.add(name: "X-RateLimit-Remain", value: "999")
        return response
    }

    private func customerService(_ req: Request) -> Response {
        guard authorised(req) else { return Self.error(ZaloErrorCode.invalidToken.rawValue) }
        guard let body = req.body.data, let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
            let userID = (object["recipient"] as? [String: Any])?["user_id"] as? String
        else { return Self.json(["error": -201, "message": "Parameters are invalid"]) }
        let text = ((object["message"] as? [String: Any])?["text"] as? String) ?? ""
        return state.withLock { state in
            if !state.failures.isEmpty { return Self.error(state.failures.removeFirst()) }
            if state.acceptsAnyone, state.users[userID] == nil {
                state.users[userID] = User(displayName: "", following: true, lastInteraction: Date())
            }
            guard let user = state.users[userID], user.following else { return Self.error(ZaloErrorCode.notFollowing.rawValue) }
            guard user.lastInteraction > Date().addingTimeInterval(-7 * 86_400) else {
                return Self.error(ZaloErrorCode.outsideWindow.rawValue)
            }
            state.messageCount += 1
            state.messagesPerUser[userID, default: 0] += 1
            if state.keepsMessages {
                state.messages.append(Message(userID: userID, text: text, body: String(decoding: Data(buffer: body), as: UTF8.self)))
            }
            return Self.reply(["message_id": String(format: "%032x", state.messageCount), "user_id": userID])
        }
    }

    private func detail(_ req: Request) -> Response {
        guard authorised(req) else { return Self.error(ZaloErrorCode.invalidToken.rawValue) }
        guard let data = req.query[String.self, at: "data"],
            let object = try? JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any],
            let userID = object["user_id"] as? String, let user = state.withLock({ $0.users[userID] })
        else { return Self.error(ZaloErrorCode.notFollowing.rawValue) }
        return Self.reply(["user_id": userID, "display_name": user.displayName, "user_is_follower": user.following ? "true" : "false"])
    }

    private func tag(_ req: Request, add: Bool) -> Response {
        guard authorised(req) else { return Self.error(ZaloErrorCode.invalidToken.rawValue) }
        guard let body = req.body.data, let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: String],
            let userID = object["user_id"], let tag = object["tag_name"]
        else { return Self.json(["error": -201, "message": "Parameters are invalid"]) }
        state.withLock { state in
            if add { state.tags[userID, default: []].insert(tag) } else { state.tags[userID]?.remove(tag) }
        }
        return Self.reply([:])
    }

    /// Like Zalo's: a refresh token works once; a spent one is refused, and the pair rotates.
    private func refresh(_ req: Request) async throws -> Response {
        guard req.headers.first(name: "secret_key") == appSecret else {
            return Self.json(["error": -14002, "error_name": "Invalid secret key"])
        }
        let form = (try? req.content.decode([String: String].self)) ?? [:]
        // Zalo takes its time; so does the stand-in, to give racing refreshes a chance to collide.
        try await Task.sleep(for: .milliseconds(50))
        return state.withLock { state in
            guard form["grant_type"] == "refresh_token", form["app_id"] == appID, form["refresh_token"] == state.refreshToken else {
                state.rejectedRefreshes += 1
                return Self.json(["error": -14014, "error_name": "Invalid refresh token", "error_description": "Refresh token is invalid"])
            }
            state.refreshCalls += 1
            state.accessToken = "standin-access-\(state.refreshCalls)"
            state.refreshToken = "standin-refresh-\(state.refreshCalls)"
            return Self.json(["access_token": state.accessToken, "refresh_token": state.refreshToken, "expires_in": "90000"])
        }
    }

    // MARK: Events

    /// A webhook body as Zalo writes it: every id and the timestamp as strings.
    func event(
        _ name: String, userID: String, text: String? = nil, messageID: String? = nil, info: [String: String]? = nil, at date: Date = Date()
    ) -> [UInt8] {
        var object: [String: Any] = [
            "app_id": appID, "event_name": name, "timestamp": String(Int64(date.timeIntervalSince1970 * 1000)),
            "user_id_by_app": "9" + userID.dropFirst(),
        ]
        switch name {
        case "follow", "unfollow":
            object["oa_id"] = oaID
            object["follower"] = ["id": userID]
            object["source"] = "oa_profile"
        default:
            object["sender"] = ["id": userID]
            object["recipient"] = ["id": oaID]
        }
        if let text {
            object["message"] = ["text": text, "msg_id": messageID ?? UUID().uuidString.replacingOccurrences(of: "-", with: "")]
        }
        if let info { object["info"] = info }
        return Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    /// The `X-ZEvent-Signature` Zalo would send with `body`.
    func signature(for body: [UInt8]) -> String {
        let timestamp = (try? ZaloEvent.parse(body))?.timestamp ?? ""
        return "mac=" + ZaloWebhookController.signature(appID: appID, body: body, timestamp: timestamp, secret: oaSecret)
    }

    /// Sends a signed event to Loa's webhook and returns the HTTP status, as Zalo would see it.
    /// The person is also known to the stand-in from then on: following after `follow`, and
    /// within the 7-day window after writing.
    @discardableResult
    func deliver(_ body: [UInt8], to webhook: String, client: HTTPClient, signature: String? = nil) async throws -> HTTPResponseStatus {
        if let event = try? ZaloEvent.parse(body), let userID = event.userID {
            state.withLock { state in
                var user =
                    state.users[userID]
                    ?? User(displayName: "Người dùng \(userID.suffix(4))", following: false, lastInteraction: .distantPast)
                switch event.eventName {
                case "follow": user.following = true
                case "unfollow": user.following = false
                default: break
                }
                if event.eventName.hasPrefix("user_") || event.eventName == "follow" { user.lastInteraction = Date() }
                state.users[userID] = user
            }
        }
        var request = HTTPClientRequest(url: webhook)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-ZEvent-Signature", value: signature ?? self.signature(for: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 16)
        return response.status
    }
}

import AsyncHTTPClient
import Fluent
import Foundation
import LoaCore
import NIOCore
import NIOHTTP1
import SQLKit
import Vapor

/// A message to one follower, in the shapes the OA may send.
enum OutgoingMessage: Sendable, Equatable {
    case text(String)
    case buttons(String, [ChatButton])
    case requestUserInfo(title: String, subtitle: String)

    var text: String {
        switch self {
        case .text(let text), .buttons(let text, _): text
        case .requestUserInfo(let title, let subtitle): "\(title) — \(subtitle)"
        }
    }

    /// The message as Loa keeps it: access keys hidden, since staff read the transcripts.
    var forTranscript: OutgoingMessage {
        switch self {
        case .text(let text): .text(AccessKey.masked(in: text))
        case .buttons(let text, let buttons): .buttons(AccessKey.masked(in: text), buttons)
        case .requestUserInfo: self
        }
    }

    /// The `message` object of `/v3.0/oa/message/cs`.
    func json(publicURL: String) -> [String: Any] {
        switch self {
        case .text(let text):
            return ["text": text]
        case .buttons(let text, let buttons):
            let items: [[String: Any]] = buttons.prefix(5).map { button in
                var payload: Any = button.payload
                if button.type == "oa.open.url" { payload = ["url": button.payload] }
                if button.type == "oa.open.phone" { payload = ["phone_code": button.payload] }
                return ["title": button.title, "type": button.type, "payload": payload]
            }
            return ["text": text, "attachment": ["type": "template", "payload": ["buttons": items]]]
        case .requestUserInfo(let title, let subtitle):
            return [
                "attachment": [
                    "type": "template",
                    "payload": [
                        "template_type": "request_user_info",
                        "elements": [["title": title, "subtitle": subtitle]],
                    ],
                ]
            ]
        }
    }
}

/// What Zalo answered. Failures usually still come with HTTP 200, so `error` is what counts.
struct ZaloReply: Sendable {
    var error: Int
    var message: String
    /// `data` as JSON text, for the few fields Loa reads.
    var data: [String: String]

    static func parse(_ bytes: ByteBuffer?, status: HTTPResponseStatus) -> ZaloReply {
        guard let bytes, let object = try? JSONSerialization.jsonObject(with: Data(buffer: bytes)) as? [String: Any] else {
            return ZaloReply(
                error: status == .ok ? -1 : -Int(status.code), message: "HTTP \(status.code), không đọc được câu trả lời", data: [:])
        }
        let error = (object["error"] as? NSNumber)?.intValue ?? Int(object["error"] as? String ?? "0") ?? 0
        var data: [String: String] = [:]
        for (key, value) in object["data"] as? [String: Any] ?? object {
            if let string = value as? String {
                data[key] = string
            } else if let number = value as? NSNumber {
                data[key] = number.stringValue
            }
        }
        let message = object["message"] as? String ?? object["error_description"] as? String ?? object["error_name"] as? String ?? ""
        return ZaloReply(error: error, message: message, data: data)
    }
}

struct ZaloFailure: Error, CustomStringConvertible {
    var code: Int
    var message: String
    var description: String { "Zalo \(code): \(message)" }
}

/// The OA's Open API over AsyncHTTPClient, or the sandbox when no credentials are configured.
/// Every message sent (or kept, in sandbox mode) is recorded for the conversation view.
struct ZaloAPI: Sendable {
    let app: Application

    var settings: ZaloSettings { app.loa.settings.zalo }

    enum Outcome: Sendable, Equatable {
        case sent
        case sandbox
        case failed(code: Int, message: String)
    }

    /// A customer-service message; the token is refreshed once if Zalo says it expired. Network
    /// errors and rate limits throw, so the job around it retries later.
    /// The `message` object as JSON text, for the record of what was sent.
    static func payload(_ message: OutgoingMessage, publicURL: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: ["message": message.json(publicURL: publicURL)], options: [.sortedKeys])
        return String(decoding: data ?? Data(), as: UTF8.self)
    }

    /// `record: false` leaves the record to the caller (a broadcast writes a page's at once).
    @discardableResult
    func send(_ message: OutgoingMessage, to userID: String, record shouldRecord: Bool = true) async throws -> Outcome {
        let payload: [String: Any] = ["recipient": ["user_id": userID], "message": message.json(publicURL: app.loa.settings.publicURL)]
        let body = try JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys])
        var outcome = Outcome.sandbox
        if !settings.isSandbox {
            let reply = try await call("/v3.0/oa/message/cs", body: body)
            outcome = reply.error == 0 ? .sent : .failed(code: reply.error, message: reply.message)
        }
        switch outcome {
        case .sent: app.loa.metrics.recordZaloMessage("sent")
        case .sandbox: app.loa.metrics.recordZaloMessage("sandbox")
        case .failed(let code, _): app.loa.metrics.recordZaloMessage("error_\(-code)")
        }
        guard shouldRecord else { return outcome }
        let record = ZaloMessage()
        record.zaloUserID = userID
        record.direction = .outgoing
        let kept = message.forTranscript
        record.text = kept.text
        record.payload = Self.payload(kept, publicURL: app.loa.settings.publicURL)
        switch outcome {
        case .sent: record.status = .sent
        case .sandbox: record.status = .sandbox
        case .failed(let code, _):
            record.status = .failed
            record.errorCode = code
        }
        record.createdAt = Date()
        try await record.create(on: app.db)
        return outcome
    }

    /// The follower's display name, or nil in sandbox mode or when Zalo does not say.
    func displayName(of userID: String) async throws -> String? {
        guard !settings.isSandbox else { return nil }
        let data = try JSONSerialization.data(withJSONObject: ["user_id": userID])
        let query = String(decoding: data, as: UTF8.self).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let reply = try await call("/v3.0/oa/user/detail?data=\(query)", body: nil)
        guard reply.error == 0 else { throw ZaloFailure(code: reply.error, message: reply.message) }
        return reply.data["display_name"]
    }

    /// Mirrors a subscription to a Zalo tag, so that the agency can also target it from Zalo's tools.
    func tag(_ userID: String, tag: String, add: Bool) async throws {
        guard !settings.isSandbox else { return }
        let body = try JSONSerialization.data(withJSONObject: ["user_id": userID, "tag_name": tag], options: [.sortedKeys])
        let reply = try await call(add ? "/v2.0/oa/tag/tagfollower" : "/v2.0/oa/tag/rmfollowerfromtag", body: body)
        guard reply.error == 0 else { throw ZaloFailure(code: reply.error, message: reply.message) }
    }

    /// One Open API call with the current token: refreshed and repeated once when Zalo says the
    /// token is invalid or expired; HTTP 429 and 5xx are retried with backoff.
    func call(_ path: String, body: Data?, method: HTTPMethod = .POST) async throws -> ZaloReply {
        var token = try await ZaloTokens.accessToken(app: app)
        var refreshed = false
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: settings.apiURL + path)
            request.method = body == nil ? .GET : method
            request.headers.add(name: "access_token", value: token)
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            let response: HTTPClientResponse
            do {
                response = try await app.http.client.shared.execute(request, timeout: .seconds(15))
            } catch {
                if attempt < 3 {
                    try await Task.sleep(for: .milliseconds(200 * attempt * attempt))
                    continue
                }
                throw ZaloFailure(code: -1, message: "không kết nối được \(settings.apiURL): \(error)")
            }
            let bytes = try await response.body.collect(upTo: 1 << 20)
            if response.status == .tooManyRequests || response.status.code >= 500 {
                if attempt < 3 {
                    try await Task.sleep(for: .milliseconds(500 * attempt * attempt))
                    continue
                }
                throw ZaloFailure(code: -Int(response.status.code), message: "HTTP \(response.status.code)")
            }
            let reply = ZaloReply.parse(bytes, status: response.status)
            if [ZaloErrorCode.invalidToken.rawValue, ZaloErrorCode.tokenExpired.rawValue].contains(reply.error), !refreshed {
                refreshed = true
                token = try await ZaloTokens.accessToken(app: app, rejected: token)
                continue
            }
            if reply.error == ZaloErrorCode.rateLimited.rawValue {
                // Zalo's rate limit: let the job retry later rather than hammer it.
                throw ZaloFailure(code: -32, message: reply.message)
            }
            if reply.error != 0 {
                app.logger.notice("zalo \(path): error \(reply.error) \(reply.message)")
            }
            return reply
        }
    }
}

/// The access token, refreshed with the single-use refresh token under a database lock, so that
/// several processes never spend it twice, and saved before it is used. An error reply never
/// replaces a good pair.
enum ZaloTokens {
    static let margin: TimeInterval = 300

    struct RefreshFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// `rejected` is a token Zalo has just refused: a different stored token is used as it is;
    /// the same one is refreshed even if it has not reached its expiry.
    static func accessToken(app: Application, rejected: String? = nil, now: Date = Date()) async throws -> String {
        let settings = app.loa.settings.zalo
        guard let appID = settings.appID, let secret = settings.appSecret, let initial = settings.refreshToken else {
            throw RefreshFailed(description: "Zalo chưa được cấu hình (chế độ thử)")
        }
        let sql = app.db as! any SQLDatabase
        try await sql.insert(into: ZaloCredential.schema).columns("id", "refresh_token", "updated_at")
            .values(SQLBind(ZaloCredential.key), SQLBind(initial), SQLBind(now)).ignoringConflicts(with: ["id"]).run()
        @Sendable func usable(_ row: ZaloCredential?) -> String? {
            guard let row, let token = row.accessToken, let expires = row.expiresAt, expires > now.addingTimeInterval(margin),
                token != rejected
            else { return nil }
            return token
        }
        if let token = usable(try await ZaloCredential.find(ZaloCredential.key, on: app.db)) { return token }

        return try await app.db.transaction { db in
            let sql = db as! any SQLDatabase
            // Take the row's lock: FOR UPDATE on PostgreSQL; on SQLite a write takes the database's.
            if sql.dialect.name == "postgresql" {
                _ = try await sql.raw("SELECT id FROM zalo_credentials WHERE id = \(bind: ZaloCredential.key) FOR UPDATE").first()
            } else {
                try await sql.raw("UPDATE zalo_credentials SET updated_at = updated_at WHERE id = \(bind: ZaloCredential.key)").run()
            }
            guard let row = try await ZaloCredential.find(ZaloCredential.key, on: db) else {
                throw RefreshFailed(description: "zalo_credentials row missing")
            }
            // Another process may have refreshed while this one waited for the lock.
            if let token = usable(row) { return token }

            var request = HTTPClientRequest(url: settings.oauthURL + "/v4/oa/access_token")
            request.method = .POST
            request.headers.add(name: "secret_key", value: secret)
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            let form = [("refresh_token", row.refreshToken), ("app_id", appID), ("grant_type", "refresh_token")]
                .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
            request.body = .bytes(ByteBuffer(string: form))
            let response = try await app.http.client.shared.execute(request, timeout: .seconds(15))
            let reply = ZaloReply.parse(try await response.body.collect(upTo: 1 << 16), status: response.status)
            guard let access = reply.data["access_token"], let refresh = reply.data["refresh_token"], !access.isEmpty, !refresh.isEmpty
            else {
                app.logger.error("zalo token refresh refused: \(reply.error) \(reply.message)")
                throw RefreshFailed(description: "Zalo từ chối làm mới token: \(reply.error) \(reply.message)")
            }
            let lifetime = reply.data["expires_in"].flatMap(Double.init) ?? 90_000
            row.accessToken = access
            row.refreshToken = refresh
            row.expiresAt = now.addingTimeInterval(lifetime)
            row.updatedAt = now
            try await row.save(on: db)
            app.logger.info("zalo access token refreshed", metadata: ["expires_in": "\(Int(lifetime))"])
            return access
        }
    }
}

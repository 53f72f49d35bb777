import Crypto
import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// `POST /webhooks/zalo`: checks the signature over the exact bytes received, stores the event and
/// answers 200 at once; a job does the work, so Zalo's 2-second limit is never at risk.
struct ZaloWebhookController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "webhooks", "zalo", body: .collect(maxSize: "256kb"), use: receive)
    }

    /// `X-ZEvent-Signature: mac=<hex>`, hex being SHA-256 (not HMAC) of app_id + body + timestamp + OA secret.
    static func signature(appID: String, body: [UInt8], timestamp: String, secret: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(appID.utf8))
        hasher.update(data: body)
        hasher.update(data: Array(timestamp.utf8))
        hasher.update(data: Array(secret.utf8))
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    @Sendable func receive(req: Request) async throws -> Response {
        let settings = req.application.loa.settings.zalo
        let body = req.body.data.map { Array($0.readableBytesView) } ?? []
        let event: ZaloEvent
        do {
            event = try ZaloEvent.parse(body)
        } catch {
            req.logger.notice("zalo webhook: unreadable body: \(error.message)")
            throw APIError.badRequest("Sự kiện không đọc được: \(error.message)", code: "invalid_event")
        }
        let header = req.headers.first(name: "X-ZEvent-Signature") ?? ""
        let sent = header.hasPrefix("mac=") ? String(header.dropFirst(4)).lowercased() : ""
        let expected = Self.signature(appID: event.appID, body: body, timestamp: event.timestamp, secret: settings.oaSecretKey)
        guard !sent.isEmpty, Secrets.constantTimeEquals(sent, expected), settings.appID == nil || settings.appID == event.appID else {
            req.logger.warning(
                "zalo webhook: signature \(sent.isEmpty ? "missing" : "wrong") for \(event.eventName)",
                metadata: ["address": "\(req.clientAddress ?? "?")"])
            throw APIError(status: .unauthorized, code: "invalid_signature", message: "Chữ ký X-ZEvent-Signature không hợp lệ.")
        }
        let stored = try await ZaloInbox.store(event, body: body, on: req.db)
        req.application.loa.metrics.recordZaloEvent(event.eventName, duplicate: !stored)
        let response = Response(status: .ok, body: .init(string: #"{"error":0,"message":"Success"}"#))
        response.headers.contentType = .json
        return response
    }
}

enum ZaloInbox {
    /// Stores the event and its processing job in one transaction. A resend (same dedupe key) is
    /// acknowledged again and stored nothing: returns false.
    @discardableResult
    static func store(_ event: ZaloEvent, body: [UInt8], on db: any Database) async throws -> Bool {
        let id = UUID()
        return try await db.transaction { db in
            let sql = db as! any SQLDatabase
            let inserted = try await sql.insert(into: ZaloInboundEvent.schema)
                .columns("id", "dedupe_key", "event_name", "user_id", "body", "received_at")
                .values(
                    SQLBind(id), SQLBind(event.dedupeKey), SQLBind(event.eventName), SQLBind(event.userID),
                    SQLBind(String(decoding: body, as: UTF8.self)), SQLBind(Date())
                )
                .ignoringConflicts(with: ["dedupe_key"])
                .returning("id")
                .first()
            guard inserted != nil else { return false }
            try await JobQueue.enqueue(ProcessZaloEvent.self, .init(eventID: id), idempotencyKey: "zalo-event:\(id)", on: db)
            return true
        }
    }
}

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
        routes.on(.POST, .zaloWebhook, body: .collect(maxSize: "256kb"), use: receive)
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
        // The sandbox's secret is public (it is in the README), so events signed with it are taken
        // only from this machine: `loa zalo simulate`, not the internet. The socket decides, and a
        // request that came through a proxy (forwarding headers) is not from this machine even
        // when the proxy is.
        if settings.isSandbox, settings.oaSecretKey == ZaloSettings.sandboxSecret, !req.isFromThisMachine {
            throw APIError(
                status: .forbidden, code: "sandbox",
                message: "Kênh Zalo đang ở chế độ thử: chỉ nhận sự kiện từ chính máy chủ. Cấu hình LOA_ZALO_* để nhận từ Zalo.")
        }
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
        let stored = try await req.application.loa.zaloEvents.store(event, body: body)
        req.application.loa.metrics.recordZaloEvent(event.eventName, duplicate: !stored)
        let response = Response(status: .ok, body: .init(string: #"{"error":0,"message":"Success"}"#))
        response.headers.contentType = .json
        return response
    }
}

enum ZaloInbox {
    /// Stores events and one job to process the new ones, in one transaction; returns, per event,
    /// whether it was new. A resend (same dedupe key, in this batch or before) stores nothing.
    static func store(_ events: [(ZaloEvent, [UInt8])], on db: any Database) async throws -> [Bool] {
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            var stored: [Bool] = []
            var new: [UUID] = []
            let now = Date()
            for (event, body) in events {
                let id = UUID()
                let inserted = try await sql.insert(into: ZaloInboundEvent.schema)
                    .columns("id", "dedupe_key", "event_name", "user_id", "body", "received_at")
                    .values(
                        SQLBind(id), SQLBind(event.dedupeKey), SQLBind(event.eventName), SQLBind(event.userID),
                        SQLBind(String(decoding: body, as: UTF8.self)), SQLBind(now)
                    )
                    .ignoringConflicts(with: ["dedupe_key"])
                    .returning("id")
                    .first()
                if inserted != nil { new.append(id) }
                stored.append(inserted != nil)
            }
            if let first = new.first {
                try await JobQueue.enqueue(ProcessZaloEvent.self, .init(eventIDs: new), idempotencyKey: "zalo-events:\(first)", on: db)
            }
            return stored
        }
    }

    @discardableResult
    static func store(_ event: ZaloEvent, body: [UInt8], on db: any Database) async throws -> Bool {
        try await store([(event, body)], on: db).first ?? false
    }
}

/// Group commit for the webhook: events that arrive while a write is under way are written
/// together in the next transaction, and each request is answered once its event is committed.
/// Durable before the 200, as before, but one commit serves many events, which is what lets a
/// single SQLite writer keep up with Zalo at a thousand events a second.
actor ZaloEventWriter {
    private struct Pending {
        let event: ZaloEvent
        let body: [UInt8]
        let continuation: CheckedContinuation<Bool, any Error>
    }

    static let maximumBatch = 500
    private let database: @Sendable () -> any Database
    private var pending: [Pending] = []
    private var writing = false

    init(database: @escaping @Sendable () -> any Database) {
        self.database = database
    }

    /// Returns once the event is committed: true when it was new, false for a resend.
    func store(_ event: ZaloEvent, body: [UInt8]) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(event: event, body: body, continuation: continuation))
            if !writing {
                writing = true
                Task { await self.writeAll() }
            }
        }
    }

    private func writeAll() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maximumBatch))
            pending.removeFirst(batch.count)
            do {
                let stored = try await ZaloInbox.store(batch.map { ($0.event, $0.body) }, on: database())
                for (item, isNew) in zip(batch, stored) { item.continuation.resume(returning: isNew) }
            } catch {
                for item in batch { item.continuation.resume(throwing: error) }
            }
        }
        writing = false
    }
}

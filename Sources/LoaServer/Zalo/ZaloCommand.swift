import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// `loa zalo simulate`: chat with a running Loa from the terminal as a Zalo user would, through
/// its real webhook with signed events; replies are read from the same database.
/// `loa zalo stand-in`: a local server that behaves like Zalo's Open API, for trying the live
/// mode and for benchmarks.
struct ZaloCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "simulate | stand-in")
        var action: String
        @Option(name: "url", help: "Địa chỉ webhook của Loa (mặc định LOA_PUBLIC_URL/webhooks/zalo)")
        var url: String?
        @Option(name: "user", help: "Mã người dùng Zalo giả lập (mặc định một mã ngẫu nhiên)")
        var user: String?
        @Option(name: "port", help: "Cổng của máy chủ giả lập Zalo (stand-in), mặc định 18300")
        var port: Int?
        @Option(name: "article", help: "broadcast: slug của bài viết đã đăng")
        var article: String?
        @Flag(name: "accept-all", help: "stand-in: coi mọi người dùng chưa biết là đang quan tâm (đo tải)")
        var acceptAll: Bool
    }

    var help: String {
        """
        Zalo OA: simulate (trò chuyện thử qua webhook), stand-in (máy chủ giả lập Zalo), broadcast --article SLUG (gửi bài ngay, có \
        tiến độ)
        """
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        switch signature.action {
        case "simulate": try await simulate(context, signature: signature)
        case "stand-in": try await standIn(context, port: signature.port ?? 18300, acceptAll: signature.acceptAll)
        case "broadcast": try await broadcast(context, slug: signature.article)
        default: throw Abort(.badRequest, reason: "Dùng: loa zalo simulate | loa zalo stand-in | loa zalo broadcast --article SLUG")
        }
    }

    private func simulate(_ context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let settings = app.loa.settings
        let webhook = signature.url ?? settings.publicURL + SiteRoute.zaloWebhook.path()
        let userID = signature.user ?? "84" + String((0..<16).map { _ in "0123456789".randomElement()! })
        let zalo = ZaloStandIn(appID: settings.zalo.appID ?? "loa-sandbox-app", oaSecret: settings.zalo.oaSecretKey)
        context.console.print("Trò chuyện với OA qua \(webhook) với mã người dùng \(userID).")
        context.console.print("Gõ tin nhắn; /follow, /unfollow, /info Họ tên | số điện thoại; /thoat để kết thúc.")
        var seen = Set(try await ZaloMessage.query(on: app.db).filter(\.$zaloUserID == userID).all().compactMap(\.id))
        while true {
            // End of input (Ctrl-D, a closed pipe) ends the conversation like /thoat.
            guard let read = readLine(strippingNewline: true) else { break }
            let line = read.trimmingCharacters(in: .whitespacesAndNewlines)
            if line == "/thoat" || line == "/quit" { break }
            if line.isEmpty { continue }
            let body: [UInt8]
            switch line {
            case "/follow": body = zalo.event("follow", userID: userID)
            case "/unfollow": body = zalo.event("unfollow", userID: userID)
            case let info where info.hasPrefix("/info"):
                let parts = info.dropFirst(5).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                body = zalo.event(
                    "user_submit_info", userID: userID,
                    info: [
                        "name": parts.first ?? "", "phone": parts.count > 1 ? parts[1] : "", "address": "", "city": "", "district": "",
                        "ward": "",
                    ])
            default: body = zalo.event("user_send_text", userID: userID, text: line)
            }
            let status = try await zalo.deliver(body, to: webhook, client: app.http.client.shared)
            guard status == .ok else {
                context.console.error("Webhook trả về \(status.code). Kiểm tra địa chỉ và LOA_ZALO_OA_SECRET_KEY.")
                continue
            }
            // Replies come from the running server's job workers; wait until they stop arriving.
            var quiet = 0
            for _ in 0..<40 where quiet < 4 {
                try await Task.sleep(for: .milliseconds(250))
                let new = try await ZaloMessage.query(on: app.db).filter(\.$zaloUserID == userID).filter(\.$direction == .outgoing)
                    .sort(\.$createdAt).all().filter { !seen.contains($0.id!) }
                quiet = new.isEmpty ? quiet + 1 : 0
                for message in new {
                    seen.insert(message.id!)
                    context.console.print("OA: \(message.text)")
                    for button in Self.buttons(in: message.payload) { context.console.print("    [\(button)]") }
                }
            }
        }
    }

    /// The button titles and what choosing them sends, from a stored message payload.
    static func buttons(in payload: String?) -> [String] {
        guard let payload, let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any],
            let buttons = (((object["message"] as? [String: Any])?["attachment"] as? [String: Any])?["payload"] as? [String: Any])?[
                "buttons"]
                as? [[String: Any]]
        else { return [] }
        return buttons.map { button in
            let title = button["title"] as? String ?? ""
            if let text = button["payload"] as? String { return "\(title) → gõ \"\(text)\"" }
            if let url = (button["payload"] as? [String: Any])?["url"] as? String { return "\(title) → \(url)" }
            return title
        }
    }

    /// Sends a published article to its topics' subscribers from this process, showing progress;
    /// the same jobs as the automatic broadcast, so a second run resumes rather than repeats.
    private func broadcast(_ context: CommandContext, slug: String?) async throws {
        let app = context.application
        guard let slug, let article = try await PortalQueries.article(slug: slug, on: app.db) else {
            throw Abort(.badRequest, reason: "Cần --article với slug của một bài viết đã đăng.")
        }
        let broadcast = try await ZaloBroadcasts.start(article, startedBy: "loa zalo broadcast", app: app)
        let id = try broadcast.requireID()
        let line = ProgressLine(console: context.console, label: "Gửi \(article.title.prefix(40))", unit: "người nhận")
        let sql = app.db as! any SQLDatabase
        let total =
            try await sql.raw(
                "SELECT COUNT(DISTINCT follower_id) AS n FROM zalo_follower_topics WHERE topic IN (\(binds: Array(broadcast.topicSet)))"
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let started = ContinuousClock.now
        let worker = Task {
            while try await JobQueue.runNext(app: app, worker: "loa zalo broadcast") {}
        }
        while true {
            try await Task.sleep(for: .milliseconds(500))
            let done = try await BroadcastDelivery.query(on: app.db).filter(\.$broadcastID == id).count()
            line.update(done: done, total: max(total, done))
            if try await Broadcast.find(id, on: app.db)?.finishedAt != nil { break }
        }
        _ = try await worker.value
        line.finish()
        let seconds = started.duration(to: .now).seconds
        let counts = try await ZaloBroadcasts.counts(of: [id], on: app.db)[id] ?? [:]
        let summary = counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.name): \($0.value)" }.joined(separator: ", ")
        context.console.print(
            String(format: "Xong trong %.1f s (%.0f người nhận/giây). ", seconds, Double(total) / max(seconds, 0.001)) + summary)
    }

    private func standIn(_ context: CommandContext, port: Int, acceptAll: Bool) async throws {
        let zalo = ZaloStandIn()
        if acceptAll {
            zalo.state.withLock {
                $0.acceptsAnyone = true
                $0.keepsMessages = false
            }
        }
        let (server, bound) = try await zalo.start(port: port)
        context.console.print("Máy chủ giả lập Zalo chạy tại http://127.0.0.1:\(bound). Chạy Loa với:")
        context.console.print(
            """
              LOA_ZALO_API_URL=http://127.0.0.1:\(bound) LOA_ZALO_OAUTH_URL=http://127.0.0.1:\(bound) LOA_ZALO_APP_ID=\(zalo.appID) \
            LOA_ZALO_APP_SECRET=\(zalo.appSecret) LOA_ZALO_OA_SECRET_KEY=\(zalo.oaSecret) LOA_ZALO_REFRESH_TOKEN=standin-refresh-0
            """
        )
        var last = -1
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(5))
            let (count, refreshes) = zalo.state.withLock { ($0.messageCount, $0.refreshCalls) }
            if count != last {
                context.console.print("Đã nhận \(count) tin nhắn, \(refreshes) lần làm mới token.")
                last = count
            }
        }
        await server.server.shutdown()
        try await server.asyncShutdown()
    }
}

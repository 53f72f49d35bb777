import Fluent
import Foundation
import LoaCore
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// What a hostile client sends to each public endpoint that writes: invalid UTF-8, oversized and
/// deeply nested bodies, markup and SQL where plain text or a number belongs, paths as file names,
/// forged signatures. Each must get a 4xx, store nothing, leak nothing, and leave Loa healthy.
@Suite struct HostileInputTests {
    struct Attack: Sendable, CustomTestStringConvertible {
        var name: String
        var method: HTTPMethod
        /// `{draft}` stands for the open demo consultation.
        var path: String
        var contentType: String?
        var body: [UInt8]
        var headers: [(String, String)] = []

        var testDescription: String { name }
    }

    static let invalidUTF8: [UInt8] = Array(#"{"topic":"tien-luong","title":""#.utf8) + [0xC3, 0x28, 0xFF, 0xFE] + Array(#""}"#.utf8)
    static let nested = Array(String(repeating: "[", count: 100_000).utf8)
    static let oversized = Array(#"{"title":""#.utf8) + [UInt8](repeating: 0x61, count: 400_000) + Array(#""}"#.utf8)
    static let xss = "<script>alert(document.cookie)</script>"
    static let sql = "' OR '1'='1'; DROP TABLE petitions; --"

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: object))
    }

    static func form(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { "\($0.0.urlEncoded)=\($0.1.urlEncoded)" }.joined(separator: "&").utf8)
    }

    static func petition(_ overrides: [String: Any]) -> [UInt8] {
        var object: [String: Any] = [
            "topic": "tien-luong", "title": "Hỏi về phụ cấp thâm niên", "content": "Nội dung câu hỏi đủ dài về chế độ phụ cấp thâm niên.",
            "name": "Nguyễn Văn An", "phone": "0912345678", "consent_publish": true,
        ]
        for (key, value) in overrides { object[key] = value }
        return json(object)
    }

    static func multipart(fileName: String) -> (String, [UInt8]) {
        let boundary = "hostile-boundary"
        var body = ""
        for (name, value) in [
            ("topic", "tien-luong"), ("title", "Hỏi về phụ cấp thâm niên"), ("content", "Nội dung câu hỏi đủ dài về chế độ phụ cấp."),
            ("name", "Nguyễn Văn An"), ("phone", "0912345678"),
        ] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\(fileName)\"\r\n"
        body += "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\r\n--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", Array(body.utf8))
    }

    static let attacks: [Attack] = {
        var attacks: [Attack] = []
        let api = "/api/v1/petitions"
        for (name, body) in [
            ("invalid UTF-8", invalidUTF8), ("100,000 nested arrays", nested), ("400 KB body", oversized),
            ("markup in the title", petition(["title": xss])), ("markup in the content", petition(["content": "Xin hỏi " + xss + " ạ."])),
            ("script URL in the name", petition(["name": "javascript:alert(1)"])), ("SQL as the topic", petition(["topic": sql])),
            ("a number as the title", petition(["title": 42])), ("nulls everywhere", Array("{\"title\":null,\"content\":null}".utf8)),
            ("a JSON array", Array("[1,2,3]".utf8)), ("not JSON", Array("title=hello".utf8)),
        ] {
            attacks.append(Attack(name: "API petition: \(name)", method: .POST, path: api, contentType: "application/json", body: body))
        }
        attacks.append(
            Attack(name: "API petition: no content type", method: .POST, path: api, contentType: nil, body: petition([:])))
        attacks.append(
            Attack(
                name: "API petition: SQL in the idempotency key", method: .POST, path: api, contentType: "application/json",
                body: petition(["title": xss]), headers: [("Idempotency-Key", sql)]))

        let web = [("topic", "tien-luong"), ("name", "An"), ("phone", "0912345678")]
        attacks.append(
            Attack(
                name: "web form: markup", method: .POST, path: "/phan-anh", contentType: "application/x-www-form-urlencoded",
                body: form(web + [("title", xss), ("content", "Nội dung đủ dài cho một phản ánh thật.")])))
        attacks.append(
            Attack(
                name: "web form: invalid UTF-8", method: .POST, path: "/phan-anh", contentType: "application/x-www-form-urlencoded",
                body: Array("title=".utf8) + [0xFF, 0xFE, 0xC3] + Array("&content=x".utf8)))
        for fileName in ["../../../etc/passwd.pdf", "..\\\\..\\\\windows\\\\win.ini.pdf", "/etc/shadow.pdf"] {
            let (type, body) = multipart(fileName: fileName)
            attacks.append(
                Attack(name: "web form: file named \(fileName)", method: .POST, path: "/phan-anh", contentType: type, body: body))
        }

        let webhook = "/webhooks/zalo"
        let event = Array(
            #"{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000","sender":{"id":"8400000000000000001"},"recipient":{"id":"1"},"message":{"text":"hi","msg_id":"m1"}}"#
                .utf8)
        attacks.append(
            Attack(
                name: "webhook: forged signature", method: .POST, path: webhook, contentType: "application/json", body: event,
                headers: [("X-ZEvent-Signature", "mac=" + String(repeating: "ab", count: 32))]))
        attacks.append(Attack(name: "webhook: no signature", method: .POST, path: webhook, contentType: "application/json", body: event))
        attacks.append(
            Attack(
                name: "webhook: invalid UTF-8", method: .POST, path: webhook, contentType: "application/json", body: invalidUTF8,
                headers: [("X-ZEvent-Signature", "mac=00")]))
        attacks.append(
            Attack(
                name: "webhook: nested", method: .POST, path: webhook, contentType: "application/json", body: nested,
                headers: [("X-ZEvent-Signature", "mac=00")]))
        attacks.append(
            Attack(
                name: "webhook: 400 KB", method: .POST, path: webhook, contentType: "application/json", body: oversized,
                headers: [("X-ZEvent-Signature", "mac=00")]))

        let open311 = "/open311/v2/requests.json"
        attacks.append(
            Attack(
                name: "Open311: no api_key", method: .POST, path: open311, contentType: "application/x-www-form-urlencoded",
                body: form([
                    ("service_code", "tien-luong"), ("description", "Nội dung đủ dài cho một phản ánh thật."), ("phone", "0912345678"),
                ])))
        attacks.append(
            Attack(
                name: "Open311: SQL as the api_key", method: .POST, path: open311, contentType: "application/x-www-form-urlencoded",
                body: form([("api_key", sql), ("service_code", "tien-luong"), ("description", "Nội dung đủ dài cho một phản ánh.")])))
        attacks.append(
            Attack(
                name: "Open311: invalid UTF-8", method: .POST, path: open311, contentType: "application/x-www-form-urlencoded",
                body: Array("api_key=x&description=".utf8) + [0xFF, 0xC3]))

        let comments = "/api/v1/consultations/{draft}/comments"
        for (name, body) in [
            ("markup", json(["name": "An", "text": "Góp ý " + xss + " cho điều này."])), ("invalid UTF-8", invalidUTF8),
            ("nested", nested), ("400 KB", oversized),
            ("SQL as the section", json(["section": sql, "name": "An", "text": "Góp ý đủ dài."])),
        ] {
            attacks.append(Attack(name: "comment: \(name)", method: .POST, path: comments, contentType: "application/json", body: body))
        }
        attacks.append(
            Attack(
                name: "comment on a draft that is not a number", method: .POST, path: "/api/v1/consultations/1%20OR%201=1/comments",
                contentType: "application/json", body: json(["name": "An", "text": "Góp ý đủ dài cho dự thảo."])))

        for (name, path) in [
            ("search page as SQL", "/api/v1/search?q=luong&page=1%20OR%201=1"),
            ("search type as SQL", "/api/v1/search?q=luong&type=article'--"),
            ("attachment path traversal", "/tep/..%2F..%2Fetc/passwd"), ("static path traversal", "/static/..%2F..%2F..%2Fetc%2Fpasswd"),
            ("document list page as SQL", "/api/v1/documents?page=1;DROP%20TABLE%20documents"),
        ] {
            attacks.append(Attack(name: name, method: .GET, path: path, contentType: nil, body: []))
        }
        return attacks
    }()

    /// Rows in every table a public request may write.
    static func counts(_ app: Application) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in [
            "petitions", "petition_attachments", "petition_events", "zalo_events", "zalo_followers", "jobs", "consultation_comments",
            "articles", "legal_documents", "rate_limits",
        ] {
            counts[table] = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(
                column: "n", as: Int.self)
        }
        return counts
    }

    @Test(arguments: attacks)
    func refusedUnstoredAndStillHealthy(_ attack: Attack) async throws {
        try await withLoa(demo: true) { app in
            var path = attack.path
            if path.contains("{draft}") {
                let open = try #require(
                    try await Consultation.query(on: app.db).filter(\.$status == .published).all().first { $0.window.isOpen(at: Date()) })
                path = path.replacingOccurrences(of: "{draft}", with: try open.requireID().uuidString.lowercased())
            }
            let before = try await Self.counts(app)
            var headers = HTTPHeaders(attack.headers)
            if let type = attack.contentType { headers.replaceOrAdd(name: .contentType, value: type) }
            let response = try await app.testing().sendRequest(
                attack.method, path, headers: headers, body: attack.body.isEmpty ? nil : ByteBuffer(bytes: attack.body))
            #expect((400..<500).contains(response.status.code), "\(attack.name): \(response.status) \(response.text.prefix(300))")
            var after = try await Self.counts(app)
            // A refused request may count against the sender's hourly allowance; nothing else.
            after["rate_limits"] = before["rate_limits"]
            #expect(after == before, "\(attack.name) stored something")
            for leak in ["SQLite", "PSQLError", "Fluent", "DecodingError", "Swift.", "/work/", "stack"] {
                #expect(!response.text.contains(leak), "\(attack.name) leaks \(leak)")
            }
            #expect(!response.text.contains("<script>alert"), "\(attack.name) echoes markup unescaped")
            #expect(try await app.get("/healthz").status == .ok)
        }
    }

    /// SQL typed as plain text is only text: it is searched for, stored as written where text is
    /// allowed, and the tables are all still there.
    @Test func sqlInFreeTextIsJustText() async throws {
        try await withLoa(demo: true) { app in
            let search = try await app.get("/api/v1/search?q=" + HostileInputTests.sql.urlEncoded)
            #expect(search.status == .ok)
            let (code, key) = try await app.submitPetition([
                "content": "Câu hỏi có chuỗi lạ: \(HostileInputTests.sql) nhưng vẫn là văn bản thường."
            ])
            let tracked = try await app.get("/api/v1/petitions/\(code)", headers: ["X-Access-Key": key])
            #expect(tracked.status == .ok)
            #expect(try await Petition.query(on: app.db).filter(\.$code == code).first()?.content.contains("DROP TABLE petitions") == true)
            #expect(try await Article.query(on: app.db).count() > 0)
        }
    }
}

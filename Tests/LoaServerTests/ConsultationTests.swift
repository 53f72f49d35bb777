import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

let draftBody = """
    Căn cứ Luật Cán bộ, công chức;

    # Chương I. Quy định chung
    ## Điều 1. Phạm vi điều chỉnh
    Thông tư này hướng dẫn việc đánh giá công chức.
    ### Khoản 1
    Công chức ở trung ương.
    ## Điều 2. Hiệu lực
    Có hiệu lực từ ngày ký.
    """

func consultationJSON(opensAt: Date = Date().addingTimeInterval(-3600), closesAt: Date = Date().addingTimeInterval(30 * 86_400)) -> String {
    let object: [String: Any] = [
        "title": "Dự thảo Thông tư đánh giá công chức", "summary": "Lấy ý kiến về cách đánh giá.", "body": draftBody,
        "topics": ["cong-chuc-vien-chuc"], "opens_at": VietnamTime.iso8601(opensAt), "closes_at": VietnamTime.iso8601(closesAt),
    ]
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

func commentJSON(_ overrides: [String: Any] = [:]) -> String {
    var object: [String: Any] = [
        "section": "s2", "name": "Trần Văn Minh", "organisation": "Sở Nội vụ tỉnh Nam Định", "email": "minh.tran@example.vn",
        "text": "Đề nghị bổ sung viên chức quản lý vào phạm vi điều chỉnh.",
    ]
    for (key, value) in overrides { object[key] = value }
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

extension Application {
    /// Creates a draft as an editor and publishes it as an approver, through the API.
    func publishedConsultation(
        opensAt: Date = Date().addingTimeInterval(-3600), closesAt: Date = Date().addingTimeInterval(30 * 86_400)
    )
        async throws -> Consultation
    {
        let editor = try await makeStaff(.editor, email: "editor-\(UUID().uuidString.prefix(6))@bonoivu.example.vn")
        let approver = try await makeStaff(.approver, email: "approver-\(UUID().uuidString.prefix(6))@bonoivu.example.vn")
        let created = try await send(
            .POST, "/api/v1/consultations", as: editor, json: consultationJSON(opensAt: opensAt, closesAt: closesAt))
        #expect(created.status == .created, "\(created.text)")
        let id = try #require(try created.json()["id"]?.string)
        let published = try await send(.POST, "/api/v1/consultations/\(id)/publish", as: approver)
        #expect(published.status == .ok, "\(published.text)")
        return try #require(try await Consultation.find(UUID(uuidString: id), on: db))
    }

    func comment(
        on consultation: Consultation, _ overrides: [String: Any] = [:], address: String = "203.0.113.9"
    ) async throws
        -> TestingHTTPResponse
    {
        try await testing().sendRequest(
            .POST, "/api/v1/consultations/\(consultation.code)/comments",
            headers: ["Content-Type": "application/json", "X-Forwarded-For": address], body: ByteBuffer(string: commentJSON(overrides)))
    }

    func commentCount() async throws -> Int { try await ConsultationComment.query(on: db).count() }
}

@Suite struct ConsultationAPITests {
    @Test func createPublishAndReadMatchTheOpenAPIDocument() async throws {
        try await withLoa { app in
            let schemas = SchemaValidator(document: try await app.get("/openapi.json").json())
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let created = try await app.send(.POST, "/api/v1/consultations", as: editor, json: consultationJSON())
            #expect(created.status == .created)
            let draft = try created.json()
            #expect(schemas.problems(draft, against: schemas.schema(named: "Consultation")) == [])
            #expect(draft["status"]?.string == "draft")
            #expect(draft["code"]?.string?.hasPrefix("DT-\(VietnamTime.day(of: Date()).year)-") == true)
            let sections = try #require(draft["sections"]?.array)
            #expect(sections.compactMap { $0["key"]?.string } == ["s0", "s1", "s2", "s3", "s4"])
            #expect(sections.compactMap { $0["level"]?.int } == [0, 1, 2, 3, 2])
            #expect(sections[2]["heading"]?.string == "Điều 1. Phạm vi điều chỉnh")
            let id = try #require(draft["id"]?.string)

            // Unpublished: not public, and nobody can comment on it.
            #expect(try await app.get("/api/v1/consultations/\(id)").status == .notFound)
            #expect(try await app.get("/du-thao/\(draft["slug"]?.string ?? "")").status == .notFound)
            let early = try #require(try await Consultation.find(UUID(uuidString: id), on: app.db))
            #expect(try await app.comment(on: early).status == .notFound)

            // Editors may not publish; approvers may.
            let refused = try await app.send(.POST, "/api/v1/consultations/\(id)/publish", as: editor)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "forbidden")
            let published = try await app.send(.POST, "/api/v1/consultations/\(id)/publish", as: approver)
            #expect(published.status == .ok)
            #expect(try published.json()["status"]?.string == "published")
            #expect(try await app.send(.POST, "/api/v1/consultations/\(id)/publish", as: approver).status == .conflict)
            // Without a token, no creating.
            #expect(try await app.send(.POST, "/api/v1/consultations", as: nil, json: consultationJSON()).status == .unauthorized)

            let detail = try await app.get("/api/v1/consultations/\(id)")
            #expect(detail.status == .ok)
            #expect(schemas.problems(try detail.json(), against: schemas.schema(named: "Consultation")) == [])
            #expect(try detail.json()["phase"]?.string == "open")
            let list = try await app.get("/api/v1/consultations?phase=open").json()
            #expect(schemas.problems(list, against: schemas.schema(named: "ConsultationList")) == [])
            #expect(list["total"]?.int == 1)
            #expect(list["items"]?[0]?["sections"] == nil)
            #expect(try await app.get("/api/v1/consultations?phase=closed").json()["total"]?.int == 0)
            #expect(try await app.get("/api/v1/consultations?phase=soon").errorCode == "invalid_phase")

            let comment = try await app.comment(on: early)
            #expect(comment.status == .created, "\(comment.text)")
            let body = try comment.json()
            #expect(schemas.problems(body, against: schemas.schema(named: "Comment")) == [])
            #expect(body["status"]?.string == "pending")
            #expect(body["section"]?.string == "s2")
            #expect(body["email"] == nil)
        }
    }

    @Test func badDraftsAreRefusedWithEveryField() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let response = try await app.send(
                .POST, "/api/v1/consultations", as: editor,
                json:
                    #"{"title":"Ng","body":"","topics":["khong-co"],"opens_at":"2026-03-01T08:00:00+07:00","closes_at":"2026-03-01T08:30:00+07:00"}"#
            )
            #expect(response.status == .unprocessableEntity)
            let fields = try response.json()["error"]?["fields"]?.array?.compactMap { $0["field"]?.string }
            #expect(fields == ["title", "body", "topics", "closes_at"])
            #expect(try await Consultation.query(on: app.db).count() == 0)
            #expect(try await app.send(.POST, "/api/v1/consultations", as: editor, json: "{").status == .badRequest)
        }
    }
}

@Suite struct ConsultationCommentTests {
    @Test func theWindowIsEnforcedAtItsEdges() async throws {
        try await withLoa { app in
            let consultation = try await app.publishedConsultation()
            let opens = consultation.opensAt
            let closes = consultation.closesAt
            let submission = CommentSubmission(section: "s1", name: "An", text: "Một góp ý đủ dài cho dự thảo.")
            func attempt(_ at: Date) async throws -> Bool {
                do {
                    _ = try await Consultations.store(submission, on: consultation, channel: .api, app: app, at: at)
                    return true
                } catch let error as APIError {
                    #expect(error.status == .conflict)
                    return false
                }
            }
            #expect(try await attempt(opens.addingTimeInterval(-0.001)) == false)
            #expect(try await attempt(opens) == true)
            #expect(try await attempt(closes.addingTimeInterval(-0.001)) == true)
            #expect(try await attempt(closes) == false)
            #expect(try await attempt(closes.addingTimeInterval(1)) == false)
            #expect(try await app.commentCount() == 2)

            // Through the API: upcoming and closed drafts answer 409 with the reason in Vietnamese.
            let upcoming = try await app.publishedConsultation(opensAt: Date().addingTimeInterval(86_400))
            let early = try await app.comment(on: upcoming)
            #expect(early.status == .conflict)
            #expect(early.errorCode == "consultation_upcoming")
            #expect(try early.json()["error"]?["message"]?.string?.contains("chưa mở lấy ý kiến") == true)
            // Closing needs no job: the next request after the time is refused.
            consultation.closesAt = Date().addingTimeInterval(-1)
            try await consultation.save(on: app.db)
            let schemas = SchemaValidator(document: try await app.get("/openapi.json").json())
            #expect(schemas.problems(try early.json(), against: schemas.schema(named: "Error")) == [])
            let late = try await app.comment(on: consultation)
            #expect(late.status == .conflict)
            #expect(late.errorCode == "consultation_closed")
            #expect(try late.json()["error"]?["message"]?.string?.contains("Đã hết thời gian lấy ý kiến") == true)
            #expect(try await app.commentCount() == 2)
        }
    }

    @Test func badInputStoresNothing() async throws {
        try await withLoa { app in
            let schemas = SchemaValidator(document: try await app.get("/openapi.json").json())
            let consultation = try await app.publishedConsultation()
            for (overrides, field) in [
                (["section": "s99"], "section"), (["name": "  "], "name"), (["email": "minh@"], "email"), (["text": "ngắn"], "text"),
                (["text": String(repeating: "a", count: 5001)], "text"),
                (["organisation": String(repeating: "b", count: 201)], "organisation"),
            ] as [([String: Any], String)] {
                let response = try await app.comment(on: consultation, overrides)
                #expect(response.status == .unprocessableEntity, "\(overrides)")
                #expect(response.errorCode == "invalid_fields")
                #expect(try response.json()["error"]?["fields"]?[0]?["field"]?.string == field, "\(overrides)")
                #expect(schemas.problems(try response.json(), against: schemas.schema(named: "Error")) == [])
            }
            let malformed = try await app.testing().sendRequest(
                .POST, "/api/v1/consultations/\(consultation.code)/comments", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: "{\"text\": 5"))
            #expect(malformed.status == .badRequest)
            #expect(try await app.get("/api/v1/consultations/DT-1999-001").status == .notFound)
            #expect(try await app.commentCount() == 0)
            // A comment on the whole draft, without organisation or e-mail.
            #expect(try await app.comment(on: consultation, ["section": "", "organisation": "", "email": ""]).status == .created)
        }
    }

    @Test func rateLimitPerAddress() async throws {
        try await withLoa(configure: { $0.commentsPerHour = 2 }) { app in
            let consultation = try await app.publishedConsultation()
            #expect(try await app.comment(on: consultation, address: "198.51.100.20").status == .created)
            // Invalid comments do not use up the allowance.
            #expect(try await app.comment(on: consultation, ["text": "x"], address: "198.51.100.20").status == .unprocessableEntity)
            #expect(try await app.comment(on: consultation, address: "198.51.100.20").status == .created)
            let refused = try await app.comment(on: consultation, address: "198.51.100.20")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "rate_limited")
            #expect(try await app.commentCount() == 2)
            #expect(try await app.comment(on: consultation, address: "198.51.100.21").status == .created)
        }
    }

    @Test func moderationDecidesWhatThePublicSees() async throws {
        try await withLoa { app in
            let consultation = try await app.publishedConsultation()
            for (index, text) in ["Góp ý thứ nhất về phạm vi.", "Góp ý thứ hai về phạm vi.", "Quảng cáo không liên quan ở đây."]
                .enumerated()
            {
                #expect(try await app.comment(on: consultation, ["text": text, "name": "Người \(index)"]).status == .created)
            }
            let comments = try await ConsultationComment.query(on: app.db).sort(\.$submittedAt).all()
            #expect(comments.allSatisfy { $0.status == .pending })
            // Pending comments are not public.
            var page = try await app.get("/du-thao/\(consultation.slug)").text
            #expect(!page.contains("Góp ý thứ nhất"))

            try await Consultations.moderate(comments[0], to: .approved, reason: nil, context: .system("test", app: app))
            try await Consultations.moderate(comments[1], to: .approved, reason: nil, context: .system("test", app: app))
            await #expect(throws: APIError.self) {
                try await Consultations.moderate(comments[2], to: .hidden, reason: " ", context: .system("test", app: app))
            }
            try await Consultations.moderate(comments[2], to: .hidden, reason: "Quảng cáo", context: .system("test", app: app))
            #expect(comments[2].hiddenReason == "Quảng cáo")
            // An approval can be withdrawn and a hiding reconsidered.
            try await Consultations.moderate(comments[1], to: .hidden, reason: "Trùng lặp", context: .system("test", app: app))
            try await Consultations.moderate(comments[1], to: .approved, reason: nil, context: .system("test", app: app))
            await #expect(throws: APIError.self) {
                try await Consultations.moderate(comments[1], to: .approved, reason: nil, context: .system("test", app: app))
            }

            page = try await app.get("/du-thao/\(consultation.slug)").text
            #expect(page.contains("Góp ý thứ nhất về phạm vi."))
            #expect(page.contains("Góp ý thứ hai về phạm vi."))
            #expect(page.contains("Sở Nội vụ tỉnh Nam Định"))
            #expect(!page.contains("Quảng cáo không liên quan"))
            #expect(!page.contains("minh.tran@example.vn"), "e-mail addresses are never public")
            #expect(!page.contains("@example.vn"))
            #expect(page.contains("<p class=\"meta comment-count\">2 góp ý</p>"))
            #expect(page.contains("lang=\"vi\""))
            #expect(page.contains("Góp ý chung cho cả dự thảo"))
            let api = try await app.get("/api/v1/consultations/\(consultation.code)").json()
            #expect(api["comment_count"]?.int == 2)
            #expect(api["sections"]?.array?.first { $0["key"]?.string == "s2" }?["comment_count"]?.int == 2)
            #expect(!(try await app.get("/api/v1/consultations/\(consultation.code)")).text.contains("@example.vn"))
        }
    }

    @Test func theWebFormShowsErrorsBesideTheFieldsAndThanksOnSuccess() async throws {
        try await withLoa { app in
            let consultation = try await app.publishedConsultation()
            func post(_ body: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(
                    .POST, "/du-thao/\(consultation.slug)/gop-y", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: body))
            }
            let bad = try await post("section=s3&name=&text=ng%E1%BA%AFn")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Hãy nhập họ và tên."))
            #expect(bad.text.contains("id=\"c-s3-name\""))
            #expect(bad.text.contains("<details class=\"comment-form\" open>"))
            let trap = try await post("section=s3&name=An&text=M%E1%BB%99t%20g%C3%B3p%20%C3%BD%20%C4%91%E1%BB%A7%20d%C3%A0i&website=x")
            #expect(trap.status == .unprocessableEntity)
            #expect(try await app.commentCount() == 0)
            let good = try await post(
                "section=s3&name=An&email=an%40example.vn&text=M%E1%BB%99t%20g%C3%B3p%20%C3%BD%20%C4%91%E1%BB%A7%20d%C3%A0i")
            #expect(good.status == .created)
            #expect(good.text.contains("Cơ quan đã nhận góp ý của bạn"))
            #expect(try await ConsultationComment.query(on: app.db).first()?.channel == .web)
        }
    }

    @Test func aCommentNeedingConfirmationWaitsOutsideTheQueue() async throws {
        let mail = try MailFolder()
        defer { mail.remove() }
        try await withLoa(configure: {
            $0.sendmailCommand = mail.command
            $0.consultationConfirmEmail = true
        }) { app in
            let consultation = try await app.publishedConsultation()
            // E-mail is required while confirmation is on.
            #expect(try await app.comment(on: consultation, ["email": ""]).status == .unprocessableEntity)
            let created = try await app.comment(on: consultation)
            #expect(created.status == .created)
            #expect(try created.json()["status"]?.string == "unconfirmed")
            let comment = try #require(try await ConsultationComment.query(on: app.db).first())
            await #expect(throws: APIError.self) {
                try await Consultations.moderate(comment, to: .approved, reason: nil, context: .system("test", app: app))
            }
            // The confirmation, and the draft's broadcast (to nobody).
            #expect(try await JobQueue.drain(app: app) >= 1)
            let messages = try mail.messages()
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.contains("To: minh.tran@example.vn"))
            let decoded = MailFolder.body(of: message)
            let link = try #require(decoded.firstMatch(of: /https:\/\/loa\.example\.gov\.vn(\/du-thao\/xac-nhan\/[A-Za-z0-9_-]+)/)?.1)
            #expect(try await app.get("/du-thao/xac-nhan/sai-ma").status == .notFound)
            let confirmed = try await app.get(String(link))
            #expect(confirmed.status == .ok)
            #expect(confirmed.text.contains("Đã xác nhận góp ý"))
            #expect(try await ConsultationComment.find(comment.id, on: app.db)?.status == .pending)
            // Following the link again changes nothing.
            #expect(try await app.get(String(link)).status == .ok)
            #expect(try await ConsultationComment.query(on: app.db).filter(\.$status == .pending).count() == 1)
        }
    }
}

@Suite struct ConsultationSynthesisTests {
    @Test func theSynthesisCountsTheStoredComments() async throws {
        try await withLoa { app in
            let consultation = try await app.publishedConsultation()
            let plan: [(String, Bool)] = [("s2", true), ("s2", true), ("s3", true), ("", true), ("s4", false), ("s2", false)]
            for (index, (section, approve)) in plan.enumerated() {
                let receipt = try await Consultations.store(
                    CommentSubmission(
                        section: section, name: "Người \(index)", email: "nguoi\(index)@example.vn", text: "Nội dung góp ý số \(index)."),
                    on: consultation, channel: .api, app: app)
                try await Consultations.moderate(
                    receipt.comment, to: approve ? .approved : .hidden, reason: approve ? nil : "Không liên quan",
                    context: .system("test", app: app))
            }
            try await Consultations.respond(
                to: consultation, section: "s2", text: "Tiếp thu, sửa **Điều 1**.", context: .system("test", app: app))
            // Not before closing.
            await #expect(throws: APIError.self) {
                try await Consultations.publishSynthesis(consultation, context: .system("test", app: app))
            }
            #expect(try await app.get("/du-thao/\(consultation.slug)/tong-hop.json").status == .notFound)
            consultation.closesAt = Date().addingTimeInterval(-1)
            try await consultation.save(on: app.db)
            // Not with comments still waiting.
            let waiting = try await Consultations.store(
                CommentSubmission(section: "s2", name: "Muộn", text: "Gửi trước giờ đóng một chút."), on: consultation, channel: .api,
                app: app,
                at: consultation.closesAt.addingTimeInterval(-10))
            await #expect(throws: APIError.self) {
                try await Consultations.publishSynthesis(consultation, context: .system("test", app: app))
            }
            try await Consultations.moderate(waiting.comment, to: .approved, reason: nil, context: .system("test", app: app))
            try await Consultations.publishSynthesis(consultation, context: .system("test", app: app))
            // Frozen afterwards.
            await #expect(throws: APIError.self) {
                try await Consultations.moderate(waiting.comment, to: .hidden, reason: "x", context: .system("test", app: app))
            }

            let json = try await app.get("/du-thao/\(consultation.slug)/tong-hop.json").json()
            let approved = try await ConsultationComment.query(on: app.db).filter(\.$status == .approved).all()
            #expect(json["total"]?.int == approved.count)
            #expect(json["hidden"]?.int == 2)
            #expect(json["received"]?.int == 7)
            let sections = try #require(json["sections"]?.array)
            #expect(sections.compactMap { $0["comment_count"]?.int }.reduce(0, +) == approved.count)
            for entry in sections {
                let key = entry["section"]?.string ?? "?"
                #expect(entry["comment_count"]?.int == approved.filter { $0.section == key }.count, "\(key)")
            }
            #expect(sections.first { $0["section"]?.string == "s2" }?["response"]?.string == "Tiếp thu, sửa **Điều 1**.")
            #expect(!(try await app.get("/du-thao/\(consultation.slug)/tong-hop.json")).text.contains("@example.vn"))

            let csv = try await app.get("/du-thao/\(consultation.slug)/tong-hop.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            let rows = csv.text.split(separator: "\r\n")
            #expect(rows.count == 1 + approved.count)
            #expect(!csv.text.contains("@example.vn"))

            let html = try await app.get("/du-thao/\(consultation.slug)/tong-hop")
            #expect(html.status == .ok)
            #expect(html.text.contains("Báo cáo tổng hợp, tiếp thu, giải trình ý kiến góp ý"))
            #expect(html.text.contains("<strong>Điều 1</strong>"))
            let page = try await app.get("/du-thao/\(consultation.slug)").text
            #expect(page.contains("Xem bản tổng hợp"))
            #expect(!page.contains("<form class=\"form\" method=\"post\""), "no comment forms after closing")
        }
    }
}

@Suite struct ConsultationReachTests {
    @Test func pagesListsHomeAndFeed() async throws {
        try await withLoa(demo: true) { app in
            let list = try await app.get("/du-thao")
            #expect(list.status == .ok)
            #expect(list.text.contains("Dự thảo Thông tư hướng dẫn đánh giá, xếp loại chất lượng công chức"))
            #expect(list.text.contains("Dự thảo Quy chế tiếp công dân trực tuyến"))
            #expect(list.text.contains("Đang lấy ý kiến"))
            let home = try await app.get("/")
            #expect(home.text.contains("Dự thảo đang lấy ý kiến"))
            #expect(home.text.contains("Dự thảo Thông tư hướng dẫn đánh giá"))
            #expect(!home.text.contains("Dự thảo Quy chế tiếp công dân trực tuyến"), "closed drafts leave the home page")

            let open = try #require(try await Consultations.list(.open, on: app.db).first)
            let page = try await app.get("/du-thao/\(open.slug)")
            #expect(page.text.contains("Trần Văn Minh"))
            #expect(page.text.contains("action=\"/du-thao/\(open.slug)/gop-y#c-s2\""))
            let closed = try #require(try await Consultations.list(.closed, on: app.db).first)
            let synthesis = try await app.get("/du-thao/\(closed.slug)/tong-hop.json").json()
            #expect(synthesis["total"]?.int == 3)
            #expect(synthesis["hidden"]?.int == 1)

            let feed = try await app.get("/feeds/consultations.atom")
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.text.contains("<title>Dự thảo: Dự thảo Thông tư hướng dẫn đánh giá, xếp loại chất lượng công chức</title>"))
            #expect(feed.text.contains("https://loa.example.gov.vn/du-thao/\(open.slug)"))
            #expect(feed.text.components(separatedBy: "<entry>").count == 3)
            let sitemap = try await app.get("/sitemap.xml").text
            #expect(sitemap.contains("<loc>https://loa.example.gov.vn/du-thao/\(open.slug)</loc>"))
            #expect(sitemap.contains("<loc>https://loa.example.gov.vn/du-thao/\(closed.slug)/tong-hop</loc>"))
            // Loading the demo again adds nothing.
            _ = try await DemoContent.load(into: app)
            #expect(try await Consultation.query(on: app.db).count() == 2)
        }
    }
}

@Suite struct ConsultationZaloTests {
    @Test func publishingReachesFollowersAndTheyCommentInChat() async throws {
        try await withZalo { app, zalo, webhook in
            let user = "8400000000000000071"
            let other = "8400000000000000072"
            for id in [user, other] { try await zalo.follow(id, webhook: webhook, app: app) }
            _ = try await zalo.say("đăng ký công chức viên chức", from: user, to: webhook, app: app)
            let before = zalo.state.withLock { $0.messages.count }
            let consultation = try await app.publishedConsultation()
            try await JobQueue.drain(app: app)
            let sent = zalo.state.withLock { Array($0.messages[before...]) }
            #expect(sent.map(\.userID) == [user])
            #expect(sent.first?.text.contains("Lấy ý kiến dự thảo: Dự thảo Thông tư đánh giá công chức") == true)
            #expect(sent.first?.body.contains("oa.open.url") == true)
            #expect(sent.first?.body.contains(consultation.slug) == true)
            #expect(try await Broadcast.query(on: app.db).first()?.kind == .consultation)

            let replies = try await zalo.say(
                "góp ý \(consultation.code) Đề nghị làm rõ thời hạn đánh giá hằng quý.", from: user, to: webhook, app: app)
            #expect(replies.contains { $0.contains("Cảm ơn Ông/bà đã góp ý dự thảo") })
            let stored = try #require(try await ConsultationComment.query(on: app.db).first())
            #expect(stored.channel == .zalo)
            #expect(stored.status == .pending)
            #expect(stored.section == "")
            #expect(stored.zaloUserID == user)
            #expect(stored.text == "Đề nghị làm rõ thời hạn đánh giá hằng quý.")

            #expect(
                try await zalo.say("góp ý DT-1999-001 Nội dung góp ý thử", from: user, to: webhook, app: app).contains {
                    $0.contains("Không tìm thấy dự thảo")
                })
            #expect(
                try await zalo.say("góp ý \(consultation.code)", from: user, to: webhook, app: app).contains {
                    $0.contains("Xin gõ nội dung sau mã")
                })
            #expect(
                try await zalo.say("góp ý \(consultation.code) ngắn", from: user, to: webhook, app: app).contains {
                    $0.contains("ít nhất 10 ký tự")
                })
            consultation.closesAt = Date().addingTimeInterval(-1)
            try await consultation.save(on: app.db)
            #expect(
                try await zalo.say("góp ý \(consultation.code) Góp ý gửi sau khi đã đóng.", from: user, to: webhook, app: app).contains {
                    $0.contains("Đã hết thời gian lấy ý kiến")
                })
            #expect(try await app.commentCount() == 1)
        }
    }
}

@Suite struct ConsultationConsoleTests {
    @Test func editorsWriteAndModerateApproversPublish() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let handler = try await app.makeStaff(.handler)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            #expect(try await browser.get("/staff/consultations").status == .ok)
            let opens = ConsoleLayout.localInput(Date().addingTimeInterval(-3600))
            let closes = ConsoleLayout.localInput(Date().addingTimeInterval(10 * 86_400))
            let bad = try await browser.post(
                "/staff/consultations", [("title", "Dự"), ("body", ""), ("opens_at", opens), ("closes_at", closes)])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Hãy chọn ít nhất một lĩnh vực."))
            let created = try await browser.post(
                "/staff/consultations",
                [
                    ("title", "Dự thảo quy chế văn thư"), ("summary", "Tóm tắt"), ("body", draftBody), ("topics[]", "van-thu-luu-tru"),
                    ("opens_at", opens), ("closes_at", closes),
                ])
            #expect(created.status == .seeOther)
            let consultation = try #require(try await Consultation.query(on: app.db).first())
            #expect(consultation.status == .draft)
            let path = "/staff/consultations/\(consultation.id!.uuidString)"
            // Editors do not see the publish button and cannot publish.
            #expect(!(try await browser.get(path)).text.contains("Đăng dự thảo</button>"))
            #expect(try await browser.post("\(path)/publish", []).status == .forbidden)
            let chief = try #require(try await ConsoleBrowser.signIn(app, email: approver.user.email, password: approver.password))
            #expect(try await chief.post("\(path)/publish", []).status == .seeOther)

            #expect(try await app.comment(on: consultation).status == .created)
            let comment = try #require(try await ConsultationComment.query(on: app.db).first())
            let detail = try await browser.get(path)
            #expect(detail.text.contains("Góp ý chờ duyệt (1)"))
            #expect(!detail.text.contains("minh.tran@example.vn"), "editors do not see personal data")
            #expect(
                try await browser.post("\(path)/comments/\(comment.id!.uuidString)", [("to", "hidden"), ("reason", "")]).status
                    == .unprocessableEntity)
            #expect(try await browser.post("\(path)/comments/\(comment.id!.uuidString)", [("to", "approved")]).status == .seeOther)
            #expect(try await ConsultationComment.find(comment.id, on: app.db)?.status == .approved)
            #expect(try await browser.post("\(path)/responses", [("section", "s2"), ("text", "Tiếp thu.")]).status == .seeOther)
            #expect(try await ConsultationResponse.query(on: app.db).first()?.text == "Tiếp thu.")
            // Without the CSRF token nothing changes; handlers have no access.
            #expect(
                try await browser.post("\(path)/responses", [("section", "s2"), ("text", "Khác")], csrf: .some(nil)).status == .forbidden)
            let desk = try #require(try await ConsoleBrowser.signIn(app, email: handler.user.email, password: handler.password))
            #expect(try await desk.get("/staff/consultations").status == .forbidden)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "consultation.comment.approved").count() == 1)
            // Administrators, who may see personal data, see the sender's e-mail.
            let administrator = try await app.makeStaff(.administrator)
            let admin = try #require(
                try await ConsoleBrowser.signIn(app, email: administrator.user.email, password: administrator.password))
            #expect((try await admin.get(path)).text.contains("minh.tran@example.vn"))
        }
    }
}

@Suite struct ConsultationAttachmentTests {
    /// An editor attaches the draft as PDF; a program named .pdf is refused; the file is public
    /// only once the draft is, listed on its page, and can be taken off again.
    @Test func filesAreAttachedCheckedListedAndRemoved() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let created = try await app.send(.POST, "/api/v1/consultations", as: editor, json: consultationJSON())
            let id = try #require(try created.json()["id"]?.string)
            let draft = try #require(try await Consultation.find(UUID(uuidString: id), on: app.db))
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: "editor@bonoivu.example.vn", password: editor.password))
            let base = "/staff/consultations/\(id.lowercased())"

            let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 120)
            #expect(try await browser.upload("\(base)/attachments", fileName: "du-thao.pdf", bytes: elf).status == .unsupportedMediaType)
            #expect(try await Attachment.query(on: app.db).count() == 0)

            let pdf = Array(MinimalPDF.make(lines: ["Du thao Luat"]))
            #expect(try await browser.upload("\(base)/attachments", fileName: "Dự thảo Luật.pdf", bytes: pdf).status == .seeOther)
            let file = try #require(try await Attachment.query(on: app.db).filter(\.$consultationID == draft.requireID()).first())
            let link = SiteURL.attachment(id: file.id!, fileName: file.fileName).path
            #expect(try await browser.get(base).text.contains(link))
            // Not public before the draft is.
            #expect(try await app.get(link).status == .notFound)

            let approver = try await app.makeStaff(.approver)
            #expect(try await app.send(.POST, "/api/v1/consultations/\(id)/publish", as: approver).status == .ok)
            let page = try await app.get(SiteURL.consultation(draft.slug).path)
            #expect(page.text.contains(link) && page.text.contains("Tệp đính kèm"))
            let download = try await app.get(link)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentType) == "application/pdf")
            #expect(download.text.hasPrefix("%PDF"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "consultation.attachment").count() == 1)

            // Once the draft is public its files are what people comment on: the editor may no
            // longer add or remove them; the approver may.
            let delete = "\(base)/attachments/\(file.id!.uuidString.lowercased())/delete"
            #expect(try await browser.post(delete, []).status == .forbidden)
            #expect(try await browser.upload("\(base)/attachments", fileName: "Khác.pdf", bytes: pdf).status == .forbidden)
            #expect(try await Attachment.query(on: app.db).count() == 1)
            let signOff = try #require(try await ConsoleBrowser.signIn(app, email: approver.user.email, password: approver.password))
            #expect(try await signOff.post(delete, []).status == .seeOther)
            #expect(try await Attachment.query(on: app.db).count() == 0)
            #expect(try await app.get(link).status == .notFound)
        }
    }
}

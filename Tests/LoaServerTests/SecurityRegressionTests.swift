import Fluent
import Foundation
import LoaCore
import NIOCore
import Testing
import VaporTesting

@testable import LoaServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// What an attack on `main` found (issue 13), each tried again the way it was found.
@Suite struct SecurityRegressionTests {
    /// A Prepend character before `<` makes one grapheme with it; the page must still show text.
    static let prepend = "\u{0600}"
    static let refresh = "zzqq\u{0600}<meta http-equiv=refresh content=0;url=https://evil.example/ \u{0600}>"

    func isWellFormedXML(_ text: String) -> Bool {
        XMLParser(data: Data(text.utf8)).parse()
    }

    @Test func searchTextWithAJoinerStaysTextForVisitorsAndStaff() async throws {
        try await withLoa { app in
            let query = Self.refresh.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let page = try await app.get("/tim-kiem?q=\(query)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("<meta http-equiv=refresh"))
            #expect(page.text.contains("&lt;meta http-equiv=refresh"))
            // The same text, stored as a search that found nothing, on the staff dashboard.
            let administrator = try await app.makeStaff(.administrator)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: administrator.user.email, password: administrator.password))
            let dashboard = try await browser.get("/staff/dashboard")
            #expect(dashboard.status == .ok)
            #expect(!dashboard.text.contains("<meta http-equiv=refresh"))
            // Attribute values: the login page's next and the tracking page's code.
            let login = try await app.get("/staff/login?next=/staff%22\(Self.prepend.urlEncoded)%3E%3Cplaintext%3E")
            #expect(!login.text.contains("<plaintext>"))
            let tracking = try await app.get("/phan-anh/tra-cuu?ma=%22\(Self.prepend.urlEncoded)%3E%3Cplaintext%3E")
            #expect(!tracking.text.contains("<plaintext>"))
        }
    }

    @Test func feedsAndOpen311StayWellFormedWhateverATitleHolds() async throws {
        try await withLoa { app in
            let (code, _) = try await app.submitPetition()
            let petition = try #require(try await Petition.query(on: app.db).filter(\.$code == code).first())
            petition.state = .published
            // PostgreSQL cannot store a NUL in text at all (the API refuses it with 400); SQLite can.
            let nul = isPostgresRun ? "" : "\u{0}"
            petition.publicTitle = "Hỏi\(Self.prepend)<b>\(nul)\u{FFFE} \"\u{0301} & đáp"
            petition.publicQuestion = "Câu hỏi\(Self.prepend)</description><x>"
            petition.publicAnswer = "Trả lời."
            petition.publishedAt = Date()
            try await petition.save(on: app.db)
            app.contentChanged()
            let feed = try await app.get("/feeds/answers.atom")
            #expect(feed.status == .ok)
            #expect(isWellFormedXML(feed.text), "\(feed.text.prefix(600))")
            let open311 = try await app.get("/open311/v2/requests.xml?service_request_id=\(code)")
            #expect(open311.status == .ok)
            #expect(isWellFormedXML(open311.text))
            #expect(open311.text.contains("Câu hỏi"))

            // Withdrawn: Open311 no longer carries the question.
            petition.state = .closed
            try await petition.save(on: app.db)
            let withdrawn = try await app.get("/open311/v2/requests.json?service_request_id=\(code)")
            #expect(!withdrawn.text.contains("Câu hỏi"))
        }
    }

    @Test func datesFarAwayAreRefusedAtInput() async throws {
        try await withLoa(demo: true) { app in
            let approver = try await app.makeStaff(.approver)
            let article = try #require(try await Article.query(on: app.db).first())
            let id = try article.requireID()
            let scheduled = try await app.send(
                .POST, "/api/v1/articles/\(id)/schedule", as: approver, json: #"{"publish_at":"2301-01-01T00:00:00Z"}"#)
            #expect((400..<500).contains(scheduled.status.code), "\(scheduled.text)")
            let editor = try await app.makeStaff(.editor, email: "bien-tap@bonoivu.example.vn")
            let consultation = try await app.send(
                .POST, "/api/v1/consultations", as: editor,
                json: #"""
                    {"title":"Dự thảo thử","summary":"","body":"## Điều 1\n\nNội dung.","topics":["tien-luong"],
                    "opens_at":"1850-01-01T00:00:00+07:00","closes_at":"1850-02-01T00:00:00+07:00"}
                    """#)
            #expect(consultation.status == .unprocessableEntity, "\(consultation.text)")
            #expect(try await app.get("/healthz").status == .ok)
        }
    }

    /// Records written before these checks existed, or by hand, with dates far away: every page
    /// still renders.
    @Test func everyPageRendersWithExtremeDates() async throws {
        try await withLoa(demo: true) { app in
            let far = Date(timeIntervalSince1970: 10_413_792_000)  // 2300
            let long = Date(timeIntervalSince1970: -3_786_825_600)  // 1850
            for article in try await Article.query(on: app.db).limit(3).all() {
                article.publishedAt = long
                try await article.save(on: app.db)
            }
            for consultation in try await Consultation.query(on: app.db).all() {
                consultation.opensAt = long
                consultation.closesAt = far
                try await consultation.save(on: app.db)
            }
            for petition in try await Petition.query(on: app.db).all() {
                petition.receivedAt = long
                petition.dueAt = far
                try await petition.save(on: app.db)
            }
            app.contentChanged()
            let administrator = try await app.makeStaff(.administrator)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: administrator.user.email, password: administrator.password))
            let article = try #require(try await Article.query(on: app.db).first())
            let consultation = try #require(try await Consultation.query(on: app.db).first())
            let petition = try #require(try await Petition.query(on: app.db).first())
            let publicPaths = [
                "/", "/van-ban", "/du-thao", "/hoi-dap", "/du-lieu-mo", "/du-lieu-mo/thong-ke-thang.csv", "/sitemap.xml",
                "/feeds/articles.atom", "/feeds/answers.atom", "/feeds/consultations.atom", "/api/v1/articles",
                "/open311/v2/requests.json", "/open311/v2/requests.xml", SiteURL.article(article.slug).path,
                SiteURL.consultation(consultation.slug).path, "/tim-kiem?q=luong",
            ]
            for path in publicPaths {
                let status = try await app.get(path).status
                #expect(status.code < 500 && status != .notFound || path.hasPrefix("/bai-viet"), "\(path): \(status)")
            }
            let consolePaths = [
                "/staff", "/staff/articles", "/staff/petitions", "/staff/petitions/\(petition.code)", "/staff/petitions/figures",
                "/staff/petitions/export.csv", "/staff/consultations", "/staff/consultations/\(try consultation.requireID())",
                "/staff/zalo", "/staff/dashboard", "/staff/jobs", "/staff/audit",
            ]
            for path in consolePaths {
                let status = try await browser.get(path).status
                #expect(status == .ok, "\(path): \(status)")
            }
        }
    }

    @Test func aZaloTimestampFromAnotherMillenniumIsTheReceiptTime() async throws {
        try await withZalo { app, zalo, webhook in
            let user = "8412345678901234599"
            let body = zalo.event("follow", userID: user, at: Date(timeIntervalSince1970: 99_999_999_999))
            #expect(try await zalo.deliver(body, to: webhook, client: app.http.client.shared) == .ok)
            try await JobQueue.drain(app: app)
            let follower = try #require(try await Follower.query(on: app.db).filter(\.$zaloUserID == user).first())
            #expect(abs((follower.followedAt ?? .distantPast).timeIntervalSinceNow) < 3600)
            let officer = try await app.makeStaff(.communications)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: officer.user.email, password: officer.password))
            #expect(try await browser.get("/staff/zalo").status == .ok)
        }
    }

    @Test func approversSignOffButDoNotHandleOrReadPersonalData() async throws {
        try await withLoa { app in
            let (code, _) = try await app.submitPetition()
            let approver = try await app.makeStaff(.approver)
            for target in ["accepted", "rejected"] {
                let moved = try await app.send(
                    .POST, "/api/v1/petitions/\(code)/transitions", as: approver, json: #"{"to":"\#(target)","note":"Lý do"}"#)
                #expect(moved.status == .forbidden, "\(target): \(moved.text)")
            }
            #expect(try await Petition.query(on: app.db).filter(\.$code == code).first()?.state == .received)
            let shown = try await app.send(.GET, "/api/v1/petitions/\(code)", as: approver)
            #expect(shown.status == .ok)
            #expect(!shown.text.contains("0912 345 678") && !shown.text.contains("an.nguyen@example.vn"))
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: approver.user.email, password: approver.password))
            let page = try await browser.get("/staff/petitions/\(code)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("0912 345 678"))
            let handler = try await app.makeStaff(.handler)
            let handled = try await app.send(.GET, "/api/v1/petitions/\(code)", as: handler)
            #expect(handled.text.contains("0912 345 678"))
        }
    }

    @Test func editorsCannotChangeTheFilesOfAPublishedDocument() async throws {
        try await withLoa(demo: true) { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let document = try #require(try await LegalDocument.query(on: app.db).filter(\.$status == .published).first())
            let base = "/staff/documents/\(try document.requireID().uuidString)"
            let before = try await Attachment.query(on: app.db).count()
            let pdf = Array(MinimalPDF.make(lines: ["Thay the"]))
            #expect(try await browser.upload("\(base)/attachments", fileName: "Khác.pdf", bytes: pdf).status == .forbidden)
            if let file = try await Attachment.query(on: app.db).filter(\.$document.$id == document.requireID()).first() {
                let path = "\(base)/attachments/\(try file.requireID().uuidString)/delete"
                #expect(try await browser.post(path, []).status == .forbidden)
            }
            #expect(try await Attachment.query(on: app.db).count() == before)
        }
    }

    @Test func communicationsReadTranscriptsWithoutKeysOrContacts() async throws {
        try await withZalo { app, zalo, webhook in
            let user = "8412345678901234588"
            try await zalo.follow(user, webhook: webhook, app: app)
            _ = try await zalo.say("Số của tôi là 0912 345 678, thư an.nguyen@example.vn", from: user, to: webhook, app: app)
            let record = ZaloMessage()
            record.zaloUserID = user
            record.direction = .outgoing
            record.status = .sent
            record.createdAt = Date()
            record.text = ""
            try await record.create(on: app.db)
            let kept = OutgoingMessage.text("Mã truy cập: ABCD-EFGH-JKMN").forTranscript
            #expect(kept.text == "Mã truy cập: ••••-••••-••••")
            let follower = try #require(try await Follower.query(on: app.db).filter(\.$zaloUserID == user).first())
            let officer = try await app.makeStaff(.communications)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: officer.user.email, password: officer.password))
            let page = try await browser.get("/staff/zalo/followers/\(try follower.requireID().uuidString)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("0912 345 678") && !page.text.contains("an.nguyen@example.vn"))
        }
    }

    /// An approver publishes what they read: an edit saved in between is not published unseen.
    @Test func publishingIsTiedToTheRevisionTheApproverRead() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let created = try await app.send(.POST, "/api/v1/articles", as: editor, json: StaffAPITests.newArticle)
            let id = try #require(try created.json()["id"]?.string)
            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/submit", as: editor).status == .ok)
            let article = try #require(try await Article.find(UUID(uuidString: id), on: app.db))
            let seen = try await Editorial.latestRevision(of: article, on: app.db)
            #expect(
                try await app.send(.PATCH, "/api/v1/articles/\(id)", as: editor, json: #"{"summary":"Sửa sau khi gửi duyệt"}"#).status
                    == .ok)
            let stale = try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: approver, json: #"{"revision":\#(seen)}"#)
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "stale_revision")
            #expect(try await Article.find(UUID(uuidString: id), on: app.db)?.status == .inReview)
            let current = try await Editorial.latestRevision(of: article, on: app.db)
            let published = try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: approver, json: #"{"revision":\#(current)}"#)
            #expect(published.status == .ok)
        }
    }

    @Test func coverImagesComeFromThePortalItself() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            for cover in ["https://tracker.example/pixel.png", "//evil.example/a.png", "/\\evil.example/a.png", "http://x/y.png"] {
                let body = #"{"title":"Tiêu đề","body":"Nội dung","topics":["tien-luong"],"cover_image":"\#(cover)"}"#
                let created = try await app.send(.POST, "/api/v1/articles", as: editor, json: body)
                #expect((400..<500).contains(created.status.code), "\(cover)")
            }
            // A cover needs words for people who cannot see it.
            let withoutAlt = try await app.send(
                .POST, "/api/v1/articles", as: editor,
                json: #"{"title":"Tiêu đề","body":"Nội dung","topics":["tien-luong"],"cover_image":"/tep/anh.png"}"#)
            #expect(withoutAlt.status == .unprocessableEntity)
            #expect(withoutAlt.errorCode == "invalid_cover_alt")
            let accepted = try await app.send(
                .POST, "/api/v1/articles", as: editor,
                json: #"{"title":"Tiêu đề","body":"Nội dung","topics":["tien-luong"],"cover_image":"/tep/anh.png","cover_alt":"Hội nghị"}"#)
            #expect(accepted.status == .created)
            #expect(try accepted.json()["cover_alt"]?.string == "Hội nghị")
            let report = try await app.importLines(
                .articles, [#"{"external_id":"c1","title":"T","body":"B","topic":"tien-luong","cover_image":"https://a.example/b.png"}"#])
            #expect(report.rejected.count == 1)
        }
    }

    static func multipart(parts: Int, boundary: String = "loa-hostile", name: (Int) -> String = { "f\($0)" }) -> ByteBuffer {
        var buffer = ByteBuffer()
        for index in 0..<parts {
            buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name(index))\"\r\n\r\nx\r\n")
        }
        buffer.writeString("--\(boundary)--\r\n")
        return buffer
    }

    /// 40,000 tiny parts used to cost 40 s of CPU before any check; now they are refused at the
    /// 25th, and so is a field name of 100,000 characters.
    @Test func hostileMultipartBodiesAreRefusedBeforeDecoding() async throws {
        try await withLoa { app in
            let headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=loa-hostile", "X-Forwarded-For": "203.0.113.77"]
            let start = ContinuousClock.now
            let many = try await app.testing().sendRequest(.POST, "/phan-anh", headers: headers, body: Self.multipart(parts: 40_000))
            #expect(many.status == .payloadTooLarge)
            #expect(many.text.contains("quá nhiều phần"))
            let long = try await app.testing().sendRequest(
                .POST, "/phan-anh", headers: headers,
                body: Self.multipart(parts: 2) { String(repeating: "n", count: $0 == 1 ? 100_000 : 5) })
            #expect(long.status == .badRequest)
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(try await app.petitionCount() == 0)
            // The staff upload route refuses the same before reading the CSRF token.
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let upload = try await app.testing().sendRequest(
                .POST, "/staff/documents/\(UUID().uuidString)/attachments",
                headers: ["Content-Type": "multipart/form-data; boundary=loa-hostile", "Cookie": browser.cookie],
                body: Self.multipart(parts: 40_000))
            #expect(upload.status == .payloadTooLarge)
            #expect(try await app.get("/healthz").status == .ok)
        }
    }

    /// An address over its petition allowance is refused before its form is read.
    @Test func theRateLimitComesBeforeTheForm() async throws {
        try await withLoa(configure: { $0.petitionsPerHour = 1 }) { app in
            _ = try await app.submitPetition(address: "203.0.113.78")
            let refused = try await app.testing().sendRequest(
                .POST, "/phan-anh",
                headers: ["Content-Type": "multipart/form-data; boundary=loa-hostile", "X-Forwarded-For": "203.0.113.78"],
                body: Self.multipart(parts: 40_000))
            #expect(refused.status == .tooManyRequests)
        }
    }
}

import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

@Suite struct StaffAPITests {
    static let newArticle =
        ###"{"title":"Hướng dẫn mới về tiền lương","summary":"Tóm tắt","body":"## Nội dung\n\nMức lương cơ sở.","topics":["tien-luong"]}"###

    @Test func editorDraftsApproverPublishes() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let created = try await app.send(.POST, "/api/v1/articles", as: editor, json: Self.newArticle)
            #expect(created.status == .created)
            let article = try created.json()
            #expect(article["status"]?.string == "draft")
            #expect(article["slug"]?.string == "huong-dan-moi-ve-tien-luong")
            let id = try #require(article["id"]?.string)
            // A draft is not public.
            #expect(try await app.get("/bai-viet/huong-dan-moi-ve-tien-luong").status == .notFound)

            // An editor cannot publish.
            let refused = try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: editor)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "forbidden")
            #expect(try await Article.find(UUID(uuidString: id), on: app.db)?.status == .draft)

            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/submit", as: editor).status == .ok)
            let published = try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: approver)
            #expect(published.status == .ok)
            #expect(try published.json()["status"]?.string == "published")
            let page = try await app.get("/bai-viet/huong-dan-moi-ve-tien-luong")
            #expect(page.status == .ok)
            #expect(page.text.contains("Hướng dẫn mới về tiền lương"))

            // Editors may not change what is public; approvers may.
            let patchByEditor = try await app.send(.PATCH, "/api/v1/articles/\(id)", as: editor, json: #"{"title":"Sửa lén"}"#)
            #expect(patchByEditor.status == .forbidden)
            let patched = try await app.send(.PATCH, "/api/v1/articles/\(id)", as: approver, json: #"{"summary":"Tóm tắt mới"}"#)
            #expect(try patched.json()["summary"]?.string == "Tóm tắt mới")

            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/unpublish", as: approver).status == .ok)
            #expect(try await app.get("/bai-viet/huong-dan-moi-ve-tien-luong").status == .notFound)
            // Unpublishing twice is a conflict, not a silent success.
            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/unpublish", as: approver).status == .conflict)
        }
    }

    @Test func editorsPublishWhenTheSettingAllows() async throws {
        try await withLoa(configure: { $0.editorsMayPublish = true }) { app in
            let editor = try await app.makeStaff(.editor)
            let id = try await app.send(.POST, "/api/v1/articles", as: editor, json: Self.newArticle).json()["id"]?.string ?? ""
            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: editor).status == .ok)
        }
    }

    @Test func rolesWithoutEditingAreRefused() async throws {
        try await withLoa { app in
            for role in [Role.handler, .communications] {
                let staff = try await app.makeStaff(role)
                let response = try await app.send(.POST, "/api/v1/articles", as: staff, json: Self.newArticle)
                #expect(response.status == .forbidden, "\(role)")
                #expect(response.errorCode == "forbidden")
            }
            #expect(try await Article.query(on: app.db).count() == 0)
        }
    }

    @Test func tokensMustBeValidLiveAndOfAnActiveUser() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            #expect(try await app.send(.POST, "/api/v1/articles", as: nil, json: Self.newArticle).status == .unauthorized)
            let forged = TestStaff(user: editor.user, token: "loa_khong-phai-token", password: "")
            #expect(try await app.send(.POST, "/api/v1/articles", as: forged, json: Self.newArticle).status == .unauthorized)

            // A revoked token stops working.
            let token = try #require(try await APIToken.query(on: app.db).filter(\.$tokenHash == Secrets.hash(editor.token)).first())
            token.revokedAt = Date()
            try await token.save(on: app.db)
            #expect(try await app.send(.POST, "/api/v1/articles", as: editor, json: Self.newArticle).status == .unauthorized)

            // A disabled user's token stops working.
            let other = try await app.makeStaff(.approver)
            other.user.disabled = true
            try await other.user.save(on: app.db)
            let response = try await app.send(.POST, "/api/v1/articles", as: other, json: Self.newArticle)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == "unauthorized")
            #expect(try await Article.query(on: app.db).count() == 0)
        }
    }

    @Test(arguments: [
        (#"{"summary":"x","body":"y","topics":["tien-luong"]}"#, 422, "invalid_title"),
        (#"{"title":"T","body":"y","topics":["khong-co"]}"#, 422, "invalid_topics"),
        (#"{"title":"T","body":"y","topics":[]}"#, 422, "invalid_topics"),
        (#"{"title":"T","body":"  ","topics":["tien-luong"]}"#, 422, "invalid_body"),
        (#"{"title":"T","body":"y","topics":["tien-luong"],"cover_image":"javascript:alert(1)"}"#, 422, "invalid_cover_image"),
        (#"{"title":5}"#, 400, "invalid_json"),
        (#"{"title":"T""#, 400, "invalid_json"),
        (#"[]"#, 400, "invalid_json"),
    ])
    func badArticlesAreRefusedAndNothingIsStored(json: String, status: Int, code: String) async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let response = try await app.send(.POST, "/api/v1/articles", as: editor, json: json)
            #expect(Int(response.status.code) == status)
            #expect(response.errorCode == code)
            #expect(try await Article.query(on: app.db).count() == 0)
            #expect(try await Revision.query(on: app.db).count() == 0)
        }
    }

    @Test func sendBackNeedsAComment() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let id = try await app.send(.POST, "/api/v1/articles", as: editor, json: Self.newArticle).json()["id"]?.string ?? ""
            _ = try await app.send(.POST, "/api/v1/articles/\(id)/submit", as: editor)
            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/send_back", as: approver, json: "{}").status == .unprocessableEntity)
            let back = try await app.send(
                .POST, "/api/v1/articles/\(id)/send_back", as: approver, json: #"{"comment":"Bổ sung căn cứ pháp lý"}"#)
            #expect(try back.json()["status"]?.string == "draft")
            #expect(try await Article.find(UUID(uuidString: id), on: app.db)?.reviewNote == "Bổ sung căn cứ pháp lý")
        }
    }

    @Test func scheduledPublishingFiresOnce() async throws {
        try await withLoa { app in
            let approver = try await app.makeStaff(.approver)
            let id = try await app.send(.POST, "/api/v1/articles", as: approver, json: Self.newArticle).json()["id"]?.string ?? ""
            let at = Date().addingTimeInterval(3600)
            let body = #"{"publish_at":"\#(VietnamTime.iso8601(at))"}"#
            let scheduled = try await app.send(.POST, "/api/v1/articles/\(id)/schedule", as: approver, json: body)
            #expect(scheduled.status == .ok)
            #expect(try scheduled.json()["status"]?.string == "scheduled")
            // In the past: refused.
            let past = #"{"publish_at":"2020-01-01T00:00:00Z"}"#
            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/schedule", as: approver, json: past).status == .unprocessableEntity)

            #expect(try await JobQueue.drain(app: app) == 0)
            #expect(try await app.get("/bai-viet/huong-dan-moi-ve-tien-luong").status == .notFound)
            // The job is in the database, so it fires after a restart as well as now.
            // Publishing, then the Zalo broadcast it starts (creating it, and sending it).
            #expect(try await JobQueue.drain(app: app, now: at.addingTimeInterval(1)) == 3)
            #expect(try await Article.find(UUID(uuidString: id), on: app.db)?.status == .published)
            // Public from its scheduled time on.
            #expect(try await PortalQueries.publishedArticles(on: app.db, now: at.addingTimeInterval(1)).count() == 1)
            #expect(try await JobQueue.drain(app: app, now: at.addingTimeInterval(7200)) == 0)
            let publications = try await AuditEntry.query(on: app.db).filter(\.$action == "article.publish").count()
            #expect(publications == 1)
        }
    }

    @Test func reschedulingLeavesTheOldTimeInert() async throws {
        try await withLoa { app in
            let approver = try await app.makeStaff(.approver)
            let id = try await app.send(.POST, "/api/v1/articles", as: approver, json: Self.newArticle).json()["id"]?.string ?? ""
            let first = Date().addingTimeInterval(600)
            let second = Date().addingTimeInterval(7200)
            _ = try await app.send(
                .POST, "/api/v1/articles/\(id)/schedule", as: approver, json: #"{"publish_at":"\#(VietnamTime.iso8601(first))"}"#)
            _ = try await app.send(
                .POST, "/api/v1/articles/\(id)/schedule", as: approver, json: #"{"publish_at":"\#(VietnamTime.iso8601(second))"}"#)
            try await JobQueue.drain(app: app, now: first.addingTimeInterval(1))
            #expect(try await Article.find(UUID(uuidString: id), on: app.db)?.status == .scheduled)
            try await JobQueue.drain(app: app, now: second.addingTimeInterval(1))
            #expect(try await Article.find(UUID(uuidString: id), on: app.db)?.status == .published)
        }
    }

    @Test func documentsGoThroughTheSameWorkflow() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let body =
                #"{"number":"07/2025/TT-BNV","title":"Thông tư quy định chi tiết","type":"thong-tu","issuer":"Bộ Nội vụ","issued_on":"2025-08-01","effect_status":"chua-co-hieu-luc","topics":["cong-chuc-vien-chuc"]}"#
            let created = try await app.send(.POST, "/api/v1/documents", as: editor, json: body)
            #expect(created.status == .created)
            let id = try #require(try created.json()["id"]?.string)
            #expect(try created.json()["status"]?.string == "draft")
            #expect(try await app.send(.POST, "/api/v1/documents/\(id)/publish", as: editor).status == .forbidden)
            #expect(try await app.send(.POST, "/api/v1/documents/\(id)/publish", as: approver).status == .ok)
            #expect(try await app.get("/van-ban/07-2025-tt-bnv").status == .ok)
            let bad = try await app.send(
                .POST, "/api/v1/documents", as: editor,
                json: #"{"number":"1","title":"T","type":"sac-lenh","issuer":"X","issued_on":"2025-02-30","topics":["tien-luong"]}"#)
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test func everyActionIsAudited() async throws {
        try await withLoa { app in
            let admin = try await app.makeStaff(.administrator)
            let editor = try await app.makeStaff(.editor)
            let id = try await app.send(.POST, "/api/v1/articles", as: editor, json: Self.newArticle).json()["id"]?.string ?? ""
            _ = try await app.send(.PATCH, "/api/v1/articles/\(id)", as: editor, json: #"{"summary":"Khác"}"#)
            _ = try await app.send(.POST, "/api/v1/articles/\(id)/submit", as: editor)
            _ = try await app.send(.POST, "/api/v1/articles/\(id)/publish", as: admin)
            let log = try await app.send(.GET, "/api/v1/audit?record_id=\(id)", as: admin).json()
            let actions = (log["items"]?.array ?? []).compactMap { $0["action"]?.string }
            #expect(actions == ["article.publish", "article.submit", "article.update", "article.create"])
            #expect(log["items"]?[0]?["actor"]?.string == "administrator@bonoivu.example.vn")
            #expect(try await app.send(.GET, "/api/v1/audit", as: editor).status == .forbidden)
            let filtered = try await app.send(.GET, "/api/v1/audit?action=article.submit", as: admin).json()
            #expect(filtered["total"]?.int == 1)
            #expect(try await Revision.query(on: app.db).filter(\.$recordID == UUID(uuidString: id)!).count() == 2)
        }
    }
}

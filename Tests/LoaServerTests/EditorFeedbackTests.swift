import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

/// What editors see after they act, what they choose explicitly, and the register's keyword box and
/// related documents.
@Suite struct EditorFeedbackTests {
    static func location(_ response: TestingHTTPResponse) -> String {
        response.headers.first(name: .location) ?? ""
    }

    @Test func everyActionIsConfirmedInWords() async throws {
        try await withLoa { app in
            let approver = try await app.makeStaff(.approver)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: approver.user.email, password: approver.password))
            let created = try await browser.post(
                "/staff/articles", [("title", "Bài mới"), ("body", "Nội dung"), ("topics[]", "tien-luong"), ("intent", "save")])
            #expect(created.status == .seeOther)
            #expect(Self.location(created).hasSuffix("?xong=da-luu"))
            #expect(try await browser.get(Self.location(created)).text.contains("Đã lưu bài viết."))
            let article = try #require(try await Article.query(on: app.db).first())
            let id = try article.requireID().uuidString
            let published = try await browser.post("/staff/articles/\(id)/workflow", [("action", "publish"), ("revision", "1")])
            #expect(Self.location(published).hasSuffix("?xong=da-dang"))
            #expect(try await browser.get(Self.location(published)).text.contains("Đã đăng: bài viết đã hiện trên cổng thông tin"))
            let unpublished = try await browser.post("/staff/articles/\(id)/workflow", [("action", "unpublish")])
            #expect(try await browser.get(Self.location(unpublished)).text.contains("Đã gỡ bài viết khỏi cổng thông tin."))
            let deleted = try await browser.post("/staff/articles/\(id)/delete", [])
            #expect(Self.location(deleted) == "/staff/articles?xong=da-xoa")
            #expect(try await browser.get(Self.location(deleted)).text.contains("Đã xóa bài viết."))
            // A made-up confirmation shows nothing, and nothing from the address reaches the page.
            let forged = try await browser.get("/staff/articles?xong=%3Cscript%3E")
            #expect(forged.status == .ok)
            #expect(!forged.text.contains("<script>") && !forged.text.contains("class=\"flash\""))
        }
    }

    @Test func theMainTopicIsChosenNotGuessed() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            // Ticked in list order (tien-luong comes before thi-dua-khen-thuong), the main topic is the second one.
            let response = try await browser.post(
                "/staff/articles",
                [
                    ("title", "Khen thưởng"), ("body", "Nội dung"), ("topics[]", "tien-luong"), ("topics[]", "thi-dua-khen-thuong"),
                    ("main_topic", "thi-dua-khen-thuong"),
                ])
            #expect(response.status == .seeOther)
            let article = try #require(try await Article.query(on: app.db).first())
            try await PortalQueries.loadTopics(of: [article], on: app.db)
            #expect(article.topics.map(\.slug) == ["thi-dua-khen-thuong", "tien-luong"])
            let page = try await browser.get(Self.location(response)).text
            #expect(page.contains(#"<option value="thi-dua-khen-thuong" selected>"#))
            // The API takes it too, and a main topic not ticked is added.
            let api = try await app.send(
                .PATCH, "/api/v1/articles/\(try article.requireID())", as: editor, json: #"{"main_topic":"cong-chuc-vien-chuc"}"#)
            #expect(api.status == .ok)
            #expect(try api.json()["topics"]?.stringList == ["cong-chuc-vien-chuc", "thi-dua-khen-thuong", "tien-luong"])
            let unknown = try await app.send(
                .PATCH, "/api/v1/articles/\(try article.requireID())", as: editor, json: #"{"main_topic":"khong-co"}"#)
            #expect(unknown.status == .unprocessableEntity)
        }
    }

    @Test func thePreviewShowsTheWholePage() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let response = try await browser.post(
                "/staff/articles",
                [
                    ("title", "Tiêu đề xem trước"), ("summary", "Tóm tắt <b>đậm</b>"), ("body", "## Mục một\n\nĐoạn văn."),
                    ("cover_image", "/tep/anh.png"), ("cover_alt", "Quang cảnh hội nghị"), ("topics[]", "tien-luong"),
                    ("intent", "preview"),
                ])
            #expect(response.status == .ok)
            let page = response.text
            #expect(page.contains("Xem trước trang"))
            #expect(page.contains("<h1>Tiêu đề xem trước</h1>"))
            #expect(page.contains("Tóm tắt &lt;b&gt;đậm&lt;/b&gt;"))
            #expect(page.contains(#"<img class="cover" src="/tep/anh.png" alt="Quang cảnh hội nghị">"#))
            #expect(page.contains(#"<h2 id="muc-mot">Mục một</h2>"#))
            #expect(page.contains("Tiền lương"))
            #expect(try await Article.query(on: app.db).count() == 0)
            // The form keeps what was typed in this browser until it is saved.
            #expect(page.contains(#"data-autosave="/staff/articles""#))
        }
    }

    @Test func theRegisterFindsByNumberOrWords() async throws {
        try await withLoa(demo: true) { app in
            let byNumber = try await app.get("/van-ban?tu-khoa=178%2F2024")
            #expect(byNumber.status == .ok)
            #expect(byNumber.text.contains("178/2024/NĐ-CP"))
            #expect(byNumber.text.contains("Tìm thấy 1 văn bản khớp từ khóa"))
            // Without tone marks, combined with the other filters, and kept in the pages' links.
            let words = try await app.get("/van-ban?tu-khoa=luong+co+so&loai=nghi-dinh").text
            #expect(words.contains("73/2024/NĐ-CP"))
            #expect(!words.contains("80/2025/QH15"))
            #expect(words.contains(#"value="luong co so""#))
            let none = try await app.get("/van-ban?tu-khoa=khongcotukhoanay").text
            #expect(none.contains("Không có văn bản nào phù hợp"))
            for hostile in [String(repeating: "a ", count: 5000), "\"'<>", "%00", "((((", "*"] {
                let encoded = hostile.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let response = try await app.get("/van-ban?tu-khoa=\(encoded)")
                #expect(response.status.code < 500, "\(hostile.prefix(20))")
            }
        }
    }

    @Test func relatedDocumentsShowFromBothEnds() async throws {
        try await withLoa(demo: true) { app in
            // The demo links Decree 73/2024 (replacing 24/2023).
            let newer = try #require(try await LegalDocument.query(on: app.db).filter(\.$number == "73/2024/NĐ-CP").first())
            let older = try #require(try await LegalDocument.query(on: app.db).filter(\.$number == "24/2023/NĐ-CP").first())
            let newerPage = try await app.get(SiteURL.document(newer.slug).path).text
            #expect(newerPage.contains("Văn bản liên quan"))
            #expect(newerPage.contains("Thay thế:</span> <a href=\"\(SiteURL.document(older.slug).path)\">Nghị định 24/2023/NĐ-CP</a>"))
            let olderPage = try await app.get(SiteURL.document(older.slug).path).text
            #expect(
                olderPage.contains("Được thay thế bởi:</span> <a href=\"\(SiteURL.document(newer.slug).path)\">Nghị định 73/2024/NĐ-CP</a>")
            )
            let api = try await app.get("/api/v1/documents/\(try older.requireID())").json()
            #expect(api["related"]?[0]?["relation"]?.string == "thay-the")
            #expect(api["related"]?[0]?["outgoing"] == .bool(false))
            #expect(api["related"]?[0]?["number"]?.string == "73/2024/NĐ-CP")
            // The list answers do not carry it.
            let list = try await app.get("/api/v1/documents").json()
            #expect(list["items"]?[0]?["related"] == nil)
        }
    }

    @Test func editorsLinkDocumentsAndBadLinksChangeNothing() async throws {
        try await withLoa(demo: true) { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let document = try #require(try await LegalDocument.query(on: app.db).filter(\.$number == "30/2020/NĐ-CP").first())
            let id = try document.requireID().uuidString
            let before = try await DocumentRelation.query(on: app.db).count()
            for (kind, number, status, message) in [
                ("sua-doi", "khong-co/2020", HTTPStatus.unprocessableEntity, "Không có văn bản số khong-co/2020"),
                ("sua-doi", "30/2020/NĐ-CP", .unprocessableEntity, "không thể liên quan đến chính nó"),
                ("sua-doi", "", .unprocessableEntity, "Hãy nhập số, ký hiệu"),
                ("xoa-bo", "33/2024/QH15", .badRequest, "Hãy chọn văn bản này sửa đổi"),
            ] {
                let response = try await browser.post("/staff/documents/\(id)/relations", [("kind", kind), ("number", number)])
                #expect(response.status == status, "\(kind) \(number)")
                #expect(response.text.contains(message), "\(kind) \(number)")
            }
            #expect(try await DocumentRelation.query(on: app.db).count() == before)
            // Without the form's token nothing happens either.
            let forged = try await browser.post(
                "/staff/documents/\(id)/relations", [("kind", "huong-dan"), ("number", "33/2024/QH15")], csrf: .some(nil))
            #expect(forged.status == .forbidden)
            // A number typed in small letters still finds the document.
            let added = try await browser.post("/staff/documents/\(id)/relations", [("kind", "huong-dan"), ("number", "33/2024/qh15")])
            #expect(Self.location(added).hasSuffix("?xong=da-lien-ket"))
            let page = try await browser.get(Self.location(added)).text
            #expect(page.contains("Đã thêm văn bản liên quan.") && page.contains("Hướng dẫn thi hành <a"))
            let again = try await browser.post("/staff/documents/\(id)/relations", [("kind", "huong-dan"), ("number", "33/2024/QH15")])
            #expect(again.text.contains("Liên kết này đã có."))
            let link = try #require(try await DocumentRelation.query(on: app.db).filter(\.$documentID == document.requireID()).first())
            #expect(
                try await AuditEntry.query(on: app.db).filter(\.$action == "document.relate").filter(\.$actorEmail == editor.user.email)
                    .count() == 1)
            // Removing it from another document's page is refused.
            let other = try #require(try await LegalDocument.query(on: app.db).filter(\.$number == "80/2025/QH15").first())
            let elsewhere = try await browser.post("/staff/documents/\(try other.requireID())/relations/\(try link.requireID())/delete", [])
            #expect(elsewhere.status == .notFound)
            let removed = try await browser.post("/staff/documents/\(id)/relations/\(try link.requireID())/delete", [])
            #expect(Self.location(removed).hasSuffix("?xong=da-bo-lien-ket"))
            #expect(try await DocumentRelation.find(link.requireID(), on: app.db) == nil)
        }
    }

    @Test func theEditorOffersWhatTheWorkflowAllows() {
        let workflow = EditorialWorkflow(policy: PermissionPolicy())
        let draft = EditorOffer(status: .draft, isNew: false, role: .editor, workflow: workflow)
        #expect(draft.mayEdit && draft.actions == [.submit])
        let review = EditorOffer(status: .inReview, isNew: false, role: .approver, workflow: workflow)
        #expect(review.actions.contains(.publish) && review.actions.contains(.schedule) && review.actions.contains(.sendBack))
        let published = EditorOffer(status: .published, isNew: false, role: .editor, workflow: workflow)
        #expect(!published.mayEdit && published.actions.isEmpty)
        let new = EditorOffer(status: .draft, isNew: true, role: .editor, workflow: workflow)
        #expect(new.mayEdit && new.actions.isEmpty)
        let mayPublish = EditorialWorkflow(policy: PermissionPolicy(editorsMayPublish: true))
        #expect(EditorOffer(status: .draft, isNew: false, role: .editor, workflow: mayPublish).actions.contains(.publish))
    }

    @Test func aCoverDescriptionOverItsLimitIsRefusedWithTheReason() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let long = String(repeating: "ả", count: ContentLimits.shortText + 1)
            let response = try await app.send(
                .POST, "/api/v1/articles", as: editor,
                json: #"{"title":"T","body":"B","topics":["tien-luong"],"cover_image":"/tep/a.png","cover_alt":"\#(long)"}"#)
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorCode == "invalid_cover_alt")
            #expect(try await Article.query(on: app.db).count() == 0)
            // In the console the field shows its error next to it.
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let page = try await browser.post(
                "/staff/articles", [("title", "T"), ("body", "B"), ("topics[]", "tien-luong"), ("cover_image", "/tep/a.png")])
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains(#"<p class="field-error" id="loi-cover_alt">Hãy mô tả ảnh đại diện"#))
        }
    }
}

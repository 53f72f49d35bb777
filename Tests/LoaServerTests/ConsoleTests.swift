import Fluent
import Foundation
import LoaCore
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// A browser signed in to the console: its session cookie and the CSRF token of its forms.
struct ConsoleBrowser {
    let app: Application
    var cookie: String
    var csrf: String

    /// Signs in and reads the CSRF token from `landing`, a page the account may open.
    static func signIn(_ app: Application, email: String, password: String, landing: String = "/staff") async throws -> ConsoleBrowser? {
        let (response, _) = try await attemptSignIn(app, email: email, password: password)
        guard response.status == .seeOther || response.status == .found,
            let session = response.headers.setCookie?[StaffSessions.cookieName]?.string
        else { return nil }
        var browser = ConsoleBrowser(app: app, cookie: "\(StaffSessions.cookieName)=\(session)", csrf: "")
        let page = try await browser.get(landing)
        browser.csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1).description
        return browser
    }

    static func attemptSignIn(_ app: Application, email: String, password: String) async throws -> (TestingHTTPResponse, String) {
        let page = try await app.get("/staff/login")
        let loginCSRF = try #require(page.headers.setCookie?[AccountController.loginCSRFCookie]?.string)
        let form = "email=\(email.urlEncoded)&password=\(password.urlEncoded)&_csrf=\(loginCSRF)"
        let response = try await app.testing().sendRequest(
            .POST, "/staff/login",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(AccountController.loginCSRFCookie)=\(loginCSRF)"],
            body: ByteBuffer(string: form))
        return (response, loginCSRF)
    }

    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(.GET, path, headers: ["Cookie": cookie])
    }

    /// Posts a form; `csrf: .some(nil)` leaves the token out, as a forged request from another site would.
    /// Sends the session's token unless told otherwise.
    func post(_ path: String, _ fields: [(String, String)], csrf: String?? = nil) async throws -> TestingHTTPResponse {
        let token: String? = csrf ?? self.csrf
        var all = fields
        if let token { all.append(("_csrf", token)) }
        let body = all.map { "\($0.0.urlEncoded)=\($0.1.urlEncoded)" }.joined(separator: "&")
        return try await app.testing().sendRequest(
            .POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie], body: ByteBuffer(string: body))
    }

    func upload(_ path: String, fileName: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
        let boundary = "loa-test-boundary"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await app.testing().sendRequest(
            .POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Cookie": cookie], body: body)
    }
}

extension String {
    var urlEncoded: String { addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed) ?? self }
}

@Suite struct ConsoleTests {
    @Test func signInSetsASafeNewSessionAndSignOutEndsIt() async throws {
        try await withLoa(configure: { $0.publicURL = "https://loa.example.gov.vn" }) { app in
            let editor = try await app.makeStaff(.editor)
            #expect(try await app.get("/staff").status == .seeOther)
            let (response, _) = try await ConsoleBrowser.attemptSignIn(app, email: "EDITOR@bonoivu.example.vn", password: editor.password)
            #expect(response.status == .seeOther)
            let cookie = try #require(response.headers.setCookie?[StaffSessions.cookieName])
            #expect(cookie.isHTTPOnly)
            #expect(cookie.isSecure)
            #expect(cookie.sameSite == .lax)
            // The cookie is a random token; the database keeps only its hash.
            let stored = try await StaffSession.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash == Secrets.hash(cookie.string))

            let browser = try #require(try await ConsoleBrowser.signIn(app, email: "editor@bonoivu.example.vn", password: editor.password))
            // A second sign-in makes a second, different session.
            #expect(try await StaffSession.query(on: app.db).count() == 2)
            #expect(browser.cookie != "\(StaffSessions.cookieName)=\(cookie.string)")
            let dashboard = try await browser.get("/staff")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("Xin chào"))
            #expect(try await browser.post("/staff/logout", [], csrf: .some(browser.csrf)).status == .seeOther)
            #expect(try await browser.get("/staff").status == .seeOther)
        }
    }

    @Test func repeatedFailuresLockTheAccount() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            for _ in 0..<4 {
                let (response, _) = try await ConsoleBrowser.attemptSignIn(
                    app, email: "editor@bonoivu.example.vn", password: "sai-mat-khau-1")
                #expect(response.status == .unauthorized)
                #expect(response.text.contains("E-mail hoặc mật khẩu không đúng."))
            }
            let (fifth, _) = try await ConsoleBrowser.attemptSignIn(app, email: "editor@bonoivu.example.vn", password: "sai-mat-khau-1")
            #expect(fifth.status == .unauthorized)
            // Locked: even the right password is refused until the lock runs out.
            let (locked, _) = try await ConsoleBrowser.attemptSignIn(app, email: "editor@bonoivu.example.vn", password: editor.password)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("tạm khóa"))
            #expect(try await StaffSession.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login.lockout").count() == 1)
            // When the lock has run out, the right password works again.
            try await (app.db as! any SQLDatabase).raw("UPDATE login_throttles SET paused_until = 0, window_started_at = 0").run()
            #expect(try await ConsoleBrowser.signIn(app, email: "editor@bonoivu.example.vn", password: editor.password) != nil)
        }
    }

    @Test func disabledUsersCannotSignIn() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            editor.user.disabled = true
            try await editor.user.save(on: app.db)
            let (response, _) = try await ConsoleBrowser.attemptSignIn(app, email: "editor@bonoivu.example.vn", password: editor.password)
            #expect(response.status == .unauthorized)
            #expect(try await StaffSession.query(on: app.db).count() == 0)
        }
    }

    @Test func loginWithoutItsCSRFTokenIsRefused() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let response = try await app.testing().sendRequest(
                .POST, "/staff/login", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=editor%40bonoivu.example.vn&password=\(editor.password)"))
            #expect(response.status == .forbidden)
            #expect(try await StaffSession.query(on: app.db).count() == 0)
        }
    }

    @Test func formsWithoutTheRightCSRFTokenChangeNothing() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let fields = [("title", "Bài viết giả mạo"), ("body", "Nội dung"), ("topics[]", "tien-luong")]
            let missing = try await browser.post("/staff/articles", fields, csrf: .some(nil))
            #expect(missing.status == .forbidden)
            let wrong = try await browser.post("/staff/articles", fields, csrf: .some("khong-dung"))
            #expect(wrong.status == .forbidden)
            #expect(try await Article.query(on: app.db).count() == 0)
            let changePassword = try await browser.post(
                "/staff/password", [("current", editor.password), ("new", "mat-khau-moi-123"), ("confirm", "mat-khau-moi-123")],
                csrf: .some(nil))
            #expect(changePassword.status == .forbidden)
            #expect(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password) != nil)
            // With the token, the same form works.
            #expect(try await browser.post("/staff/articles", fields, csrf: .some(browser.csrf)).status == .seeOther)
            #expect(try await Article.query(on: app.db).count() == 1)
        }
    }

    @Test func malformedFormsGetAVietnameseErrorAndChangeNothing() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let response = try await browser.post(
                "/staff/articles", [("title", "T"), ("body", "B"), ("topics[]", "tien-luong"), ("featured", "co-le")],
                csrf: .some(browser.csrf))
            #expect(response.status == .badRequest)
            #expect(response.text.contains("Dữ liệu gửi lên không đúng định dạng."))
            #expect(try await Article.query(on: app.db).count() == 0)
        }
    }

    @Test func handlersCannotEditArticlesInTheConsole() async throws {
        try await withLoa { app in
            let handler = try await app.makeStaff(.handler)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: handler.user.email, password: handler.password))
            #expect(try await browser.get("/staff/articles").status == .forbidden)
            let response = try await browser.post(
                "/staff/articles", [("title", "T"), ("body", "B"), ("topics[]", "tien-luong")], csrf: .some(browser.csrf))
            #expect(response.status == .forbidden)
            #expect(try await Article.query(on: app.db).count() == 0)
            #expect(try await browser.get("/staff/users").status == .forbidden)
            #expect(try await browser.get("/staff/audit").status == .forbidden)
        }
    }

    @Test func editingMakesRevisionsThatCompareAndRestore() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let body1 = "## Mục một\n\nLương cơ sở là 1.800.000 đồng.\n\nĐoạn giữ nguyên."
            let created = try await browser.post(
                "/staff/articles", [("title", "Lương cơ sở"), ("summary", "Tóm tắt"), ("body", body1), ("topics[]", "tien-luong")],
                csrf: .some(browser.csrf))
            let location = try #require(created.headers.first(name: .location))
            let path = String(location.prefix { $0 != "?" })
            // Preview renders without saving.
            let preview = try await browser.post(
                path,
                [("intent", "preview"), ("title", "Lương cơ sở"), ("body", "**Đậm** <script>x</script>"), ("topics[]", "tien-luong")],
                csrf: .some(browser.csrf))
            #expect(preview.text.contains("<strong>Đậm</strong> &lt;script&gt;"))
            #expect(try await Revision.query(on: app.db).count() == 1)

            let body2 = "## Mục một\n\nLương cơ sở là 2.340.000 đồng.\n\nĐoạn giữ nguyên."
            let saved = try await browser.post(
                path,
                [("intent", "save"), ("title", "Lương cơ sở mới"), ("summary", "Tóm tắt"), ("body", body2), ("topics[]", "tien-luong")],
                csrf: .some(browser.csrf))
            #expect(saved.status == .seeOther)
            let compare = try await browser.get("\(path)/compare?from=1&to=2")
            #expect(compare.status == .ok)
            #expect(compare.text.contains("<del>1.800.000</del>"))
            #expect(compare.text.contains("<ins>2.340.000</ins>"))
            #expect(compare.text.contains("Tiêu đề"))
            #expect(!compare.text.contains("<h2>Lĩnh vực</h2>"))

            let restored = try await browser.post("\(path)/revisions/1/restore", [], csrf: .some(browser.csrf))
            #expect(restored.status == .seeOther)
            let article = try #require(try await Article.query(on: app.db).first())
            #expect(article.title == "Lương cơ sở")
            #expect(article.body == body1)
            #expect(try await Revision.query(on: app.db).count() == 3)
            // A bad form shows the errors and saves nothing.
            let invalid = try await browser.post(path, [("intent", "save"), ("title", ""), ("body", "x")], csrf: .some(browser.csrf))
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("Hãy nhập tiêu đề."))
            #expect(invalid.text.contains("Hãy chọn ít nhất một lĩnh vực."))
            #expect(try await Revision.query(on: app.db).count() == 3)
            let actions = try await AuditEntry.query(on: app.db).filter(\.$recordType == "article").all().map(\.action).sorted()
            #expect(actions == ["article.create", "article.restore", "article.update"])
        }
    }

    @Test func uploadsAreCheckedByContent() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let created = try await browser.post(
                "/staff/documents",
                [
                    ("number", "09/2025/TT-BNV"), ("title", "Thông tư"), ("type", "thong-tu"), ("issuer", "Bộ Nội vụ"),
                    ("issued_on", "2025-09-01"),
                    ("effect_status", "con-hieu-luc"), ("topics[]", "cong-chuc-vien-chuc"),
                ],
                csrf: .some(browser.csrf))
            #expect(created.status == .seeOther)
            let path = String(try #require(created.headers.first(name: .location)).prefix { $0 != "?" })

            // An executable named .pdf is refused and nothing is stored.
            let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 120)
            let refused = try await browser.upload("\(path)/attachments", fileName: "nghi-dinh.pdf", bytes: elf)
            #expect(refused.status == .unsupportedMediaType)
            #expect(refused.text.contains("Tệp không được chấp nhận"))
            let windows: [UInt8] = Array("MZ%PDF-1.4 not really".utf8)
            #expect(try await browser.upload("\(path)/attachments", fileName: "a.pdf", bytes: windows).status == .unsupportedMediaType)
            #expect(try await Attachment.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "attachment.refused").count() == 2)

            let pdf = Array(MinimalPDF.make(lines: ["Thong tu"]))
            let accepted = try await browser.upload("\(path)/attachments", fileName: "../../etc/Thông tư 09.exe", bytes: pdf)
            #expect(accepted.status == .seeOther)
            let attachment = try #require(try await Attachment.query(on: app.db).first())
            #expect(attachment.fileName == "Thông tư 09.pdf")
            #expect(attachment.contentType == "application/pdf")
            #expect(attachment.sha256.count == 64)
            // Served with safe headers.
            let file = try await browser.get(SiteURL.attachment(id: attachment.id!, fileName: attachment.fileName).path)
            #expect(file.status == .ok)
            #expect(file.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(file.headers.first(name: "Content-Security-Policy")?.contains("sandbox") == true)
            // A draft's attachment is not public.
            #expect(try await app.get(SiteURL.attachment(id: attachment.id!, fileName: attachment.fileName).path).status == .notFound)
        }
    }

    @Test func administratorsManageUsersAndTokens() async throws {
        try await withLoa { app in
            let admin = try await app.makeStaff(.administrator)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: admin.user.email, password: admin.password))
            let invited = try await browser.post(
                "/staff/users", [("email", "moi@bonoivu.example.vn"), ("name", "Người mới"), ("role", "editor")], csrf: .some(browser.csrf))
            #expect(invited.status == .ok)
            let password = try #require(invited.text.firstMatch(of: /<p class="secret">([^<]+)<\/p>/)?.1).description
            let user = try #require(try await StaffUser.query(on: app.db).filter(\.$email == "moi@bonoivu.example.vn").first())
            #expect(user.role == .editor)
            // A temporary password: the first page is the one that changes it.
            #expect(
                try await ConsoleBrowser.signIn(app, email: "moi@bonoivu.example.vn", password: password, landing: "/staff/password") != nil
            )

            _ = try await browser.post("/staff/users/\(user.id!.uuidString)", [("role", "approver")], csrf: .some(browser.csrf))
            _ = try await browser.post("/staff/users/\(user.id!.uuidString)", [("disabled", "true")], csrf: .some(browser.csrf))
            let updated = try #require(try await StaffUser.find(user.id, on: app.db))
            #expect(updated.role == .approver)
            #expect(updated.disabled)
            #expect(try await ConsoleBrowser.signIn(app, email: "moi@bonoivu.example.vn", password: password) == nil)

            let created = try await browser.post("/staff/tokens", [("name", "Một cửa")], csrf: .some(browser.csrf))
            let token = try #require(created.text.firstMatch(of: /<p class="secret">(loa_[^<]+)<\/p>/)?.1).description
            let staff = TestStaff(user: admin.user, token: token, password: "")
            #expect(try await app.send(.GET, "/api/v1/audit", as: staff).status == .ok)
            let record = try #require(try await APIToken.query(on: app.db).filter(\.$tokenHash == Secrets.hash(token)).first())
            _ = try await browser.post("/staff/tokens/\(record.id!.uuidString)/revoke", [], csrf: .some(browser.csrf))
            #expect(try await app.send(.GET, "/api/v1/audit", as: staff).status == .unauthorized)

            let audit = try await browser.get("/staff/audit?record_type=user")
            #expect(audit.status == .ok)
            #expect(audit.text.contains("Tài khoản: chỉnh sửa"))
            #expect(!audit.text.contains("user.update"), "codes are not shown to people")
            let actions = Set(try await AuditEntry.query(on: app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["user.create", "user.update", "token.create", "token.revoke", "login"]))
        }
    }
}

import AsyncHTTPClient
import Fluent
import Foundation
import LoaCore
import NIOCore
import NIOPosix
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// Signing in under attack (issue 13, items 9, 10 and 15): guesses counted before they are
/// weighed, per source, with one answer for every account, and credentials that end.
@Suite struct SignInThrottleTests {
    static func attempt(
        _ app: Application, email: String, password: String, address: String, next: String? = nil
    ) async throws -> TestingHTTPResponse {
        let page = try await app.get("/staff/login")
        let csrf = try #require(page.headers.setCookie?[AccountController.loginCSRFCookie]?.string)
        var form = "email=\(email.urlEncoded)&password=\(password.urlEncoded)&_csrf=\(csrf)"
        if let next { form += "&next=\(next.urlEncoded)" }
        return try await app.testing().sendRequest(
            .POST, "/staff/login",
            headers: [
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(AccountController.loginCSRFCookie)=\(csrf)",
                "X-Forwarded-For": address,
            ],
            body: ByteBuffer(string: form))
    }

    @Test func parallelGuessesAreCountedBeforeAnyIsWeighed() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await Self.attempt(app, email: editor.user.email, password: "sai-mat-khau-1", address: "198.51.100.7").status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            // Five guesses are weighed; the other fifteen are refused unweighed.
            #expect(statuses.filter { $0 == .unauthorized }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 15)
            let right = try await Self.attempt(app, email: editor.user.email, password: editor.password, address: "198.51.100.7")
            #expect(right.status == .tooManyRequests)
            #expect(try await StaffSession.query(on: app.db).count() == 0)
        }
    }

    @Test func aStrangerCannotLockTheOwnerOut() async throws {
        try await withLoa { app in
            let administrator = try await app.makeStaff(.administrator)
            for _ in 0..<8 {
                _ = try await Self.attempt(app, email: administrator.user.email, password: "doan-bua-123", address: "198.51.100.66")
            }
            let stranger = try await Self.attempt(
                app, email: administrator.user.email, password: administrator.password, address: "198.51.100.66")
            #expect(stranger.status == .tooManyRequests)
            let owner = try await Self.attempt(
                app, email: administrator.user.email, password: administrator.password, address: "203.0.113.5")
            #expect(owner.status == .seeOther)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "login.lockout").count() == 1)
        }
    }

    @Test func unknownAndKnownAccountsGetTheSameAnswers() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            func answers(_ email: String, address: String) async throws -> [String] {
                var seen: [String] = []
                for _ in 0..<6 {
                    let response = try await Self.attempt(app, email: email, password: "sai-mat-khau-1", address: address)
                    let error = response.text.firstMatch(of: /class="flash error" role="alert">([^<]*)</)?.1 ?? "?"
                    // The time in the message differs by a second at most; the words must not.
                    seen.append("\(response.status.code) \(error.replacing(/\d/, with: "#"))")
                }
                return seen
            }
            let known = try await answers(editor.user.email, address: "198.51.100.1")
            let unknown = try await answers("khong-co@bonoivu.example.vn", address: "198.51.100.2")
            #expect(
                known.map { $0.replacing(editor.user.email, with: "") }
                    == unknown.map { $0.replacing("khong-co@bonoivu.example.vn", with: "") })
            #expect(known.last?.hasPrefix("429") == true, "\(known)")
        }
    }

    @Test func aLineBreakInNextCannotAddAHeader() async throws {
        try await withLoa { app in
            let editor = try await app.makeStaff(.editor)
            let response = try await Self.attempt(
                app, email: editor.user.email, password: editor.password, address: "203.0.113.9",
                next: "/staff\r\nSet-Cookie: pwned=1")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/staff")
            #expect(response.headers.setCookie?["pwned"] == nil)
            let page = try await app.get("/staff/login?next=/staff%0d%0aSet-Cookie:%20pwned=1")
            #expect(page.headers.setCookie?["pwned"] == nil)
            #expect(!page.text.contains("pwned"))
        }
    }
}

@Suite struct CredentialLifetimeTests {
    @Test func aPasswordChangeEndsTheAccountsTokensAndOtherSessions() async throws {
        try await withLoa { app in
            let handler = try await app.makeStaff(.handler)
            #expect(try await app.send(.GET, "/api/v1/petitions", as: handler).status == .ok)
            let other = try #require(try await ConsoleBrowser.signIn(app, email: handler.user.email, password: handler.password))
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: handler.user.email, password: handler.password))
            let changed = try await browser.post(
                "/staff/password", [("current", handler.password), ("new", "mat-khau-moi-456"), ("confirm", "mat-khau-moi-456")])
            #expect(changed.status == .ok)
            #expect(try await app.send(.GET, "/api/v1/petitions", as: handler).status == .unauthorized)
            #expect(try await other.get("/staff").status == .seeOther)
            #expect(try await browser.get("/staff").status == .ok)
        }
    }

    @Test func aDisabledAccountsTokensStayDeadWhenItIsEnabledAgain() async throws {
        try await withLoa { app in
            let administrator = try await app.makeStaff(.administrator)
            let handler = try await app.makeStaff(.handler)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: administrator.user.email, password: administrator.password))
            let id = try handler.user.requireID().uuidString
            #expect(try await browser.post("/staff/users/\(id)", [("disabled", "true")]).status == .seeOther)
            #expect(try await browser.post("/staff/users/\(id)", [("disabled", "false")]).status == .seeOther)
            let response = try await app.send(.GET, "/api/v1/petitions", as: handler)
            #expect(response.status == .unauthorized)
        }
    }

    @Test func aTokenLifetimeOutsideOneToThreeHundredSixtyFiveDaysIsRefused() async throws {
        try await withLoa { app in
            let admin = try await app.makeStaff(.administrator)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: admin.user.email, password: admin.password))
            let before = try await APIToken.query(on: app.db).count()
            for days in ["0", "366", "-5", "nhiều"] {
                let refused = try await browser.post("/staff/tokens", [("name", "Thử"), ("days", days)])
                #expect(refused.status == .unprocessableEntity, "\(days)")
                #expect(refused.text.contains("từ 1 đến 365 ngày"))
            }
            #expect(try await APIToken.query(on: app.db).count() == before, "nothing was made")
            #expect(try await app.get("/staff/dat-lai-mat-khau/\(String(repeating: "x", count: 5000))").status == .notFound)
        }
    }

    @Test func tokensExpireAndShowWhenTheyWereLastUsed() async throws {
        try await withLoa { app in
            let handler = try await app.makeStaff(.handler)
            #expect(try await app.send(.GET, "/api/v1/petitions", as: handler).status == .ok)
            let record = try #require(try await APIToken.query(on: app.db).first())
            #expect(record.lastUsedAt != nil)
            let expiry = try #require(record.expiresAt)
            #expect(abs(expiry.timeIntervalSinceNow - 90 * 86_400) < 120)
            record.expiresAt = Date().addingTimeInterval(-1)
            try await record.save(on: app.db)
            let refused = try await app.send(.GET, "/api/v1/petitions", as: handler)
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("hết hạn"))
        }
    }
}

/// Items 11–14, 17 and 18: what the server does for itself when it is pushed.
@Suite struct ServerProtectionTests {
    /// A real socket on a free port, so that remote addresses and timeouts are real.
    static func running(_ app: Application) async throws -> Int {
        let port = Int.random(in: 20_000..<40_000)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = port
        try await app.server.start(address: .hostname("127.0.0.1", port: port))
        return port
    }

    static func request(
        _ port: Int, _ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String = ""
    ) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        request.headers = headers
        if !body.isEmpty { request.body = .bytes(ByteBuffer(string: body)) }
        return try await HTTPClient.shared.execute(request, timeout: .seconds(20))
    }

    /// Runs `body` against the running server, then stops it whatever happened.
    static func withRunning(_ app: Application, _ body: (Int) async throws -> Void) async throws {
        let port = try await running(app)
        do {
            try await body(port)
        } catch {
            await app.server.shutdown()
            throw error
        }
        await app.server.shutdown()
    }

    @Test func forwardingHeadersAreNotBelievedFromAnUntrustedPeer() async throws {
        try await withLoa(configure: { $0.petitionsPerHour = 2 }) { app in
            try await Self.withRunning(app) { port in
                // Each request claims another address; the socket says they are all the same client.
                var statuses: [UInt] = []
                for index in 0..<3 {
                    let sent = try await Self.request(
                        port, .POST, "/api/v1/petitions",
                        headers: ["Content-Type": "application/json", "X-Forwarded-For": "203.0.113.\(index)"],
                        body: petitionJSON())
                    statuses.append(sent.status.code)
                }
                #expect(statuses == [201, 201, 429])
                // The sandbox's public signing secret is taken only from this machine, never through a proxy.
                let event = #"{"event_name":"follow","app_id":"1","timestamp":"1700000000000","follower":{"id":"u1"}}"#
                let forwarded = try await Self.request(
                    port, .POST, "/webhooks/zalo", headers: ["Content-Type": "application/json", "X-Forwarded-For": "127.0.0.1"],
                    body: event)
                #expect(forwarded.status == .forbidden)
                // Metrics: this machine may read them, a request through a proxy may not.
                #expect(try await Self.request(port, .GET, "/metrics").status == .ok)
                #expect(try await Self.request(port, .GET, "/metrics", headers: ["X-Forwarded-For": "198.51.100.3"]).status == .forbidden)
            }
        }
    }

    @Test func aNulIsRefusedWhereverItComesFrom() async throws {
        try await withLoa { app in
            // In a URL it is dropped: the search finds what the rest of the words find.
            for path in ["/tim-kiem?q=a%00b", "/api/v1/search?q=a%00b", "/api/v1/search/suggest?q=%00", "/phan-anh/tra-cuu?ma=%00"] {
                #expect(try await app.get(path).status == .ok, "\(path)")
            }
            let editor = try await app.makeStaff(.editor)
            let created = try await app.send(
                .POST, "/api/v1/articles", as: editor,
                json: #"{"title":"Tiêu đề\u0000","summary":"Tóm tắt","body":"Nội dung\u0000","topics":["tien-luong"]}"#)
            // PostgreSQL cannot store it and says so as a 400; SQLite stores the text as it came.
            #expect(created.status == (isPostgresRun ? .badRequest : .created), "\(created.text)")
            #expect(try await app.get("/healthz").status == .ok)
        }
    }

    @Test func metricsAskForTheirTokenWhenOneIsSet() async throws {
        try await withLoa(configure: { $0.metricsToken = "so-do-bi-mat-0123456789" }) { app in
            #expect(try await app.get("/metrics").status == .unauthorized)
            let wrong = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer sai-roi-0123456789"])
            #expect(wrong.status == .unauthorized)
            let right = try await app.testing().sendRequest(.GET, "/metrics", headers: ["Authorization": "Bearer so-do-bi-mat-0123456789"])
            #expect(right.status == .ok)
            #expect(right.text.contains("loa_http_requests_total"))
        }
    }

    @Test func aSilentConnectionIsClosed() async throws {
        try await withLoa(configure: { $0.idleTimeoutSeconds = 1 }) { app in
            try await Self.withRunning(app) { port in
                let channel = try await ClientBootstrap(group: app.eventLoopGroup).connect(host: "127.0.0.1", port: port).get()
                // Half a request head, then nothing.
                try await channel.writeAndFlush(ByteBuffer(string: "GET / HTTP/1.1\r\nHost: x\r\n")).get()
                let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
                    group.addTask {
                        try await channel.closeFuture.get()
                        return true
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(6))
                        return false
                    }
                    let first = try await group.next() ?? false
                    group.cancelAll()
                    return first
                }
                if !closed { try? await channel.close() }
                #expect(closed)
            }
        }
    }

    @Test func oneAddressMayHaveOnlySoManyRequestsInProgress() {
        let inFlight = RequestLimitsMiddleware.InFlight()
        for _ in 0..<4 { #expect(inFlight.enter("198.51.100.1", limit: 4)) }
        #expect(!inFlight.enter("198.51.100.1", limit: 4))
        #expect(inFlight.enter("198.51.100.2", limit: 4))
        inFlight.leave("198.51.100.1")
        #expect(inFlight.enter("198.51.100.1", limit: 4))
        #expect(inFlight.counts.withLock { $0["198.51.100.1"] } == 4)
    }

    @Test func aHeldDatabaseLockIsA503WithRetryAfterAndTheHealthCheckSaysSo() async throws {
        // A file database, so that a second process can hold its write lock.
        guard !isPostgresRun, FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else { return }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("loa-lock-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        try await withLoa(configure: {
            $0.database = .sqliteFile(path: path)
            $0.databaseBusyMilliseconds = 200
        }) { app in
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            holder.arguments = [path]
            let input = Pipe()
            holder.standardInput = input
            holder.standardOutput = FileHandle.nullDevice
            try holder.run()
            input.fileHandleForWriting.write(Data("BEGIN IMMEDIATE;\n".utf8))
            defer {
                try? input.fileHandleForWriting.close()
                holder.waitUntilExit()
            }
            try await Task.sleep(for: .milliseconds(500))
            let before = try await Petition.query(on: app.db).count()
            let sent = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: petitionJSON()))
            #expect(sent.status == .serviceUnavailable, "\(sent.text)")
            #expect(sent.headers.first(name: .retryAfter) == "5")
            #expect(sent.errorCode == "database_busy")
            #expect(sent.text.contains("Hệ thống đang bận"))
            let page = try await app.testing().sendRequest(
                .POST, "/phan-anh", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(
                    string:
                        "topic=tien-luong&title=Ti%C3%AAu%20%C4%91%E1%BB%81&content=N%E1%BB%99i%20dung%20ph%E1%BA%A3n%20%C3%A1nh%20d%C3%A0i&name=An&email=an%40example.vn"
                ))
            #expect(page.status == .serviceUnavailable)
            #expect(page.text.contains("Hệ thống đang bận"))
            let health = try await app.get("/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(try health.json()["database"]?.string == "busy")
            #expect(try await Petition.query(on: app.db).count() == before)
        }
    }

    @Test func aFullDiskKeepsWhatTheCitizenTypedAndLeavesNoTemporaryFile() async throws {
        try await withLoa { app in
            let settings = app.loa.settings
            // Where the files go is taken by a plain file: every write there fails, as on a full disk.
            try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: settings.dataDirectory + "/files", contents: Data("x".utf8))
            let boundary = "loa-test-boundary"
            var body = ""
            for (name, value) in [
                ("topic", "tien-luong"), ("title", "Hỏi về phụ cấp thâm niên"),
                ("content", "Tôi muốn hỏi cách tính phụ cấp thâm niên nghề."),
                ("name", "Lê Chi"), ("email", "chi@example.vn"),
            ] {
                body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            var buffer = ByteBuffer(string: body)
            buffer.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachments[]\"; filename=\"don.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            buffer.writeBytes(Array(MinimalPDF.make(lines: ["Don"])))
            buffer.writeString("\r\n--\(boundary)--\r\n")
            let sent = try await app.testing().sendRequest(
                .POST, "/phan-anh", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: buffer)
            #expect(sent.status == .serviceUnavailable)
            #expect(sent.text.contains("Hỏi về phụ cấp thâm niên"))
            #expect(sent.text.contains("Tôi muốn hỏi cách tính phụ cấp thâm niên nghề."))
            #expect(sent.text.contains("chọn lại tệp đính kèm"))
            #expect(try await Petition.query(on: app.db).count() == 0)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: settings.dataDirectory).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func theHealthCheckNoticesALowDisk() async throws {
        try await withLoa(configure: { $0.minimumFreeMegabytes = 1_000_000_000 }) { app in
            let health = try await app.get("/healthz")
            #expect(health.status == .serviceUnavailable)
            #expect(try health.json()["disk"]?.string == "low")
        }
    }

    @Test func filesOfDraftsAreNotKeptByCaches() async throws {
        try await withLoa(demo: true) { app in
            let attachment = try #require(try await Attachment.query(on: app.db).with(\.$document).first())
            let path = "/tep/\(try attachment.requireID())/\(attachment.fileName)"
            let published = try await app.get(path)
            #expect(published.status == .ok)
            #expect(published.headers.first(name: .cacheControl) == "public, max-age=3600")
            let document = try #require(attachment.document)
            document.status = .draft
            try await document.save(on: app.db)
            #expect(try await app.get(path).status == .notFound)
            let editor = try await app.makeStaff(.editor)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let draft = try await browser.get(path)
            #expect(draft.status == .ok)
            #expect(draft.headers.first(name: .cacheControl) == "private, no-store")
        }
    }
}

/// Two-factor sign-in and password reset, as a member of staff goes through them.
@Suite struct TwoFactorSignInTests {
    /// Reads the secret from the set-up page, as a person types it into an app.
    static func secret(from page: String) throws -> [UInt8] {
        let grouped = try #require(page.firstMatch(of: /<p class="secret" id="khoa-bi-mat">([A-Z2-7 ]+)<\/p>/)?.1)
        return try #require(Base32.decode(String(grouped)))
    }

    static func signInUpToTheCode(
        _ app: Application, email: String, password: String
    ) async throws -> (challenge: String, csrf: String) {
        let response = try await SignInThrottleTests.attempt(app, email: email, password: password, address: "203.0.113.20")
        #expect(response.status == .seeOther)
        #expect(response.headers.first(name: .location) == TwoFactorController.challengePath)
        #expect(response.headers.setCookie?[StaffSessions.cookieName] == nil, "no session before the code")
        let challenge = try #require(response.headers.setCookie?[TwoFactorController.challengeCookie]?.string)
        let page = try await app.testing().sendRequest(
            .GET, TwoFactorController.challengePath, headers: ["Cookie": "\(TwoFactorController.challengeCookie)=\(challenge)"])
        #expect(page.status == .ok)
        let csrf = try #require(page.headers.setCookie?[AccountController.loginCSRFCookie]?.string)
        return (challenge, csrf)
    }

    static func sendCode(_ app: Application, _ code: String, challenge: String, csrf: String) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(
            .POST, TwoFactorController.challengePath,
            headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": "\(TwoFactorController.challengeCookie)=\(challenge); \(AccountController.loginCSRFCookie)=\(csrf)",
            ],
            body: ByteBuffer(string: "code=\(code.urlEncoded)&_csrf=\(csrf)"))
    }

    @Test func enrolThenSignInWithACodeOnceAndARecoveryCodeOnce() async throws {
        try await withLoa(configure: { $0.requireTwoFactor = [.administrator] }) { app in
            let administrator = try await app.makeStaff(.administrator)
            let browser = try #require(
                try await ConsoleBrowser.signIn(
                    app, email: administrator.user.email, password: administrator.password, landing: "/staff/xac-thuc-hai-buoc"))
            // Required for the role: every console page leads to the set-up first.
            let users = try await browser.get("/staff/users")
            #expect(users.status == .seeOther)
            #expect(users.headers.first(name: .location) == TwoFactorController.setupPath)
            let setup = try await browser.get(TwoFactorController.setupPath)
            #expect(setup.status == .ok)
            #expect(setup.text.contains("<svg"))
            #expect(setup.text.contains("role=\"img\""))
            let secret = try Self.secret(from: setup.text)
            let wrong = try await browser.post("\(TwoFactorController.setupPath)/bat", [("code", "000000")])
            #expect(wrong.status == .unprocessableEntity)
            let now = Date()
            let enabled = try await browser.post("\(TwoFactorController.setupPath)/bat", [("code", TOTP(secret: secret).code(at: now))])
            #expect(enabled.status == .ok)
            let codes = enabled.text.matches(of: /<li><code>([a-z0-9]{4}-[a-z0-9]{4})<\/code><\/li>/).map { String($0.1) }
            #expect(codes.count == 10)
            #expect(try await browser.get("/staff/users").status == .ok)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.enrol").count() == 1)

            // Signing in now needs the password and then a code; the code used to enrol is spent.
            var step = try await Self.signInUpToTheCode(app, email: administrator.user.email, password: administrator.password)
            let replay = try await Self.sendCode(app, TOTP(secret: secret).code(at: now), challenge: step.challenge, csrf: step.csrf)
            #expect(replay.status == .unauthorized)
            let next = TOTP(secret: secret).code(at: now.addingTimeInterval(30))
            let signedIn = try await Self.sendCode(app, next, challenge: step.challenge, csrf: step.csrf)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.headers.setCookie?[StaffSessions.cookieName] != nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.use").count() == 1)

            // A recovery code works once, in capitals and with spaces as people type it.
            step = try await Self.signInUpToTheCode(app, email: administrator.user.email, password: administrator.password)
            let typed = codes[0].uppercased().replacingOccurrences(of: "-", with: " ")
            #expect(try await Self.sendCode(app, typed, challenge: step.challenge, csrf: step.csrf).status == .seeOther)
            step = try await Self.signInUpToTheCode(app, email: administrator.user.email, password: administrator.password)
            #expect(try await Self.sendCode(app, codes[0], challenge: step.challenge, csrf: step.csrf).status == .unauthorized)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "two_factor.recovery_used").count() == 1)

            // Five wrong codes end the challenge: the password is needed again.
            for _ in 0..<4 {
                _ = try await Self.sendCode(app, "123456", challenge: step.challenge, csrf: step.csrf)
            }
            let ended = try await Self.sendCode(
                app, TOTP(secret: secret).code(at: Date().addingTimeInterval(60)), challenge: step.challenge, csrf: step.csrf)
            #expect(ended.status == .tooManyRequests)
            #expect(ended.text.contains("Hãy đăng nhập lại"))
        }
    }

    @Test func aForgottenPasswordIsResetByASingleUseLink() async throws {
        let mail = try MailFolder()
        defer { mail.remove() }
        try await withLoa(configure: { $0.sendmailCommand = mail.command }) { app in
            let editor = try await app.makeStaff(.editor)
            func ask(_ email: String) async throws -> TestingHTTPResponse {
                let page = try await app.get("/staff/quen-mat-khau")
                let csrf = try #require(page.headers.setCookie?[AccountController.loginCSRFCookie]?.string)
                return try await app.testing().sendRequest(
                    .POST, "/staff/quen-mat-khau",
                    headers: [
                        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(AccountController.loginCSRFCookie)=\(csrf)",
                    ],
                    body: ByteBuffer(string: "email=\(email.urlEncoded)&_csrf=\(csrf)"))
            }
            let known = try await ask(editor.user.email)
            let unknown = try await ask("khong-co@bonoivu.example.vn")
            #expect(known.status == .ok)
            #expect(unknown.status == .ok)
            let sameWords: (String) -> String = { $0.replacing(/value="[^"]*"/, with: "") }
            #expect(sameWords(known.text) == sameWords(unknown.text), "the answer does not tell who has an account")
            #expect(try await JobQueue.drain(app: app) == 1)
            let messages = try mail.messages()
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.contains("To: \(editor.user.email)"))
            let decoded = MailFolder.body(of: message)
            let link = try #require(decoded.firstMatch(of: /https:\/\/loa\.example\.gov\.vn(\/staff\/dat-lai-mat-khau\/[A-Za-z0-9_-]+)/)?.1)
            let path = String(link)
            // The queue never held the link: only the reset's hash is stored.
            #expect(try await Job.query(on: app.db).all().allSatisfy { !$0.payload.contains(path.split(separator: "/").last ?? "") })

            let form = try await app.get(path)
            #expect(form.status == .ok)
            let csrf = try #require(form.headers.setCookie?[AccountController.loginCSRFCookie]?.string)
            func submit(_ password: String, _ confirm: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(
                    .POST, path,
                    headers: [
                        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(AccountController.loginCSRFCookie)=\(csrf)",
                    ],
                    body: ByteBuffer(string: "new=\(password.urlEncoded)&confirm=\(confirm.urlEncoded)&_csrf=\(csrf)"))
            }
            #expect(try await submit("ngan", "ngan").status == .unprocessableEntity)
            #expect(try await submit("mat-khau-moi-789", "mat-khau-moi-789").status == .seeOther)
            #expect(try await submit("mat-khau-khac-789", "mat-khau-khac-789").status == .notFound, "a link works once")
            #expect(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: "mat-khau-moi-789") != nil)
            #expect(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password) == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.password_reset").count() == 1)
        }
    }
}

/// Item 16: what strangers can make Loa write does not stay for ever.
@Suite struct HousekeepingTests {
    @Test func theNightlyCleanUpRemovesOnlyWhatRetentionNoLongerKeeps() async throws {
        try await withLoa { app in
            let now = Date()
            let old = now.addingTimeInterval(-500 * 86_400)
            for (query, when) in [("cu lam", old), ("moi day", now)] {
                let miss = SearchMiss()
                miss.query = query
                miss.count = 1
                miss.firstAt = when
                miss.lastAt = when
                try await miss.create(on: app.db)
            }
            for (action, when) in [("login.failed", old), ("login.failed", now), ("article.publish", old)] {
                try await Audit.record(actor: "test", action, recordType: "user", recordID: nil, summary: "", on: app.db)
                let entry = try #require(try await AuditEntry.query(on: app.db).sort(\.$createdAt, .descending).first())
                entry.createdAt = when
                try await entry.save(on: app.db)
            }
            for (key, processed) in [("cu", old), ("moi", now)] {
                let event = ZaloInboundEvent()
                event.dedupeKey = key
                event.eventName = "user_send_text"
                event.body = "{}"
                event.receivedAt = processed
                event.processedAt = processed
                try await event.create(on: app.db)
            }
            let removed = try await Housekeeping.prune(now: now, on: app.db)
            #expect(removed[SearchMiss.schema] == 1)
            #expect(removed[AuditEntry.schema] == 1, "only the old failed sign-in goes; the audit of work stays")
            #expect(removed[ZaloInboundEvent.schema] == 1)
            #expect(try await SearchMiss.query(on: app.db).all().map(\.query) == ["moi day"])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "article.publish").count() == 1)
            // Beyond the cap, the searches asked longest ago go first.
            var rules = Retention()
            rules.searchMissRows = 0
            try await Housekeeping.prune(now: now, rules: rules, on: app.db)
            #expect(try await SearchMiss.query(on: app.db).count() == 0)
        }
    }

    @Test func everyWorkerSchedulesTheSameOneNightlyRun() async throws {
        try await withLoa { app in
            let evening = try #require(ISO8601DateFormatter().date(from: "2026-12-07T22:00:00+07:00"))
            for _ in 0..<3 { try await Housekeeping.schedule(after: evening, on: app.db) }
            let jobs = try await Job.query(on: app.db).filter(\.$kind == Housekeeping.kind).all()
            #expect(jobs.count == 1)
            #expect(jobs.first?.runAt == ISO8601DateFormatter().date(from: "2026-12-08T03:00:00+07:00"))
            #expect(Retention.nextRun(after: Date(timeIntervalSince1970: .infinity)) > Date())
        }
    }
}

/// Issue 14, item 13: a new colleague is invited by mail, or changes a temporary password first.
@Suite struct InvitationTests {
    @Test func anInvitationIsMailedAndItsLinkSetsTheFirstPassword() async throws {
        let mail = try MailFolder()
        defer { mail.remove() }
        try await withLoa(configure: { $0.sendmailCommand = mail.command }) { app in
            let admin = try await app.makeStaff(.administrator)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: admin.user.email, password: admin.password))
            let invited = try await browser.post(
                "/staff/users", [("email", "moi@bonoivu.example.vn"), ("name", "Cán bộ Mới"), ("role", "handler")])
            #expect(invited.status == .ok)
            #expect(invited.text.contains("gửi thư mời"))
            #expect(!invited.text.contains("class=\"secret\""), "no password is shown when the invitation is mailed")
            #expect(try await JobQueue.drain(app: app) == 1)
            let message = try #require(try mail.messages().first)
            #expect(message.contains("To: moi@bonoivu.example.vn"))
            let text = MailFolder.body(of: message)
            #expect(text.contains("Phụ trách phản ánh") || text.contains("vai trò"))
            let link = try #require(text.firstMatch(of: /https:\/\/loa\.example\.gov\.vn(\/staff\/dat-lai-mat-khau\/[A-Za-z0-9_-]+)/)?.1)
            let form = try await app.get(String(link))
            let csrf = try #require(form.headers.setCookie?[AccountController.loginCSRFCookie]?.string)
            let set = try await app.testing().sendRequest(
                .POST, String(link),
                headers: ["Content-Type": "application/x-www-form-urlencoded", "Cookie": "\(AccountController.loginCSRFCookie)=\(csrf)"],
                body: ByteBuffer(string: "new=mat-khau-cua-toi-1&confirm=mat-khau-cua-toi-1&_csrf=\(csrf)"))
            #expect(set.status == .seeOther)
            let colleague = try #require(
                try await ConsoleBrowser.signIn(app, email: "moi@bonoivu.example.vn", password: "mat-khau-cua-toi-1"))
            #expect(try await colleague.get("/staff/petitions").status == .ok, "no password change asked: they chose it")
        }
    }

    @Test func withoutMailATemporaryPasswordIsChangedAtTheFirstSignIn() async throws {
        try await withLoa { app in
            let admin = try await app.makeStaff(.administrator)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: admin.user.email, password: admin.password))
            let invited = try await browser.post("/staff/users", [("email", "tam@bonoivu.example.vn"), ("role", "editor")])
            let temporary = try #require(invited.text.firstMatch(of: /<p class="secret">([^<]+)<\/p>/)?.1).description
            let colleague = try #require(
                try await ConsoleBrowser.signIn(app, email: "tam@bonoivu.example.vn", password: temporary, landing: "/staff/password"))
            let elsewhere = try await colleague.get("/staff/articles")
            #expect(elsewhere.status == .seeOther)
            #expect(elsewhere.headers.first(name: .location) == "/staff/password")
            #expect(try await colleague.get("/staff/password").text.contains("mật khẩu tạm thời"))
            let changed = try await colleague.post(
                "/staff/password", [("current", temporary), ("new", "mat-khau-rieng-789"), ("confirm", "mat-khau-rieng-789")])
            #expect(changed.status == .ok)
            #expect(try await colleague.get("/staff/articles").status == .ok)
        }
    }
}

/// Issue 14, item 13: each member of staff is told of work waiting for them.
@Suite struct StaffNoticeTests {
    @Test func reviewSendBackAndAssignmentReachTheRightPeople() async throws {
        let mail = try MailFolder()
        defer { mail.remove() }
        try await withLoa(configure: { $0.sendmailCommand = mail.command }) { app in
            let editor = try await app.makeStaff(.editor)
            let approver = try await app.makeStaff(.approver)
            let created = try await app.send(
                .POST, "/api/v1/articles", as: editor,
                json: #"{"title":"Hướng dẫn nâng lương","summary":"Tóm tắt","body":"Nội dung","topics":["tien-luong"]}"#)
            let id = try #require(try created.json()["id"]?.string)
            #expect(try await app.send(.POST, "/api/v1/articles/\(id)/submit", as: editor).status == .ok)
            let forApprover = try await StaffNotice.query(on: app.db).filter(\.$userID == approver.user.requireID()).all()
            #expect(forApprover.map(\.kind) == [.reviewRequested])
            #expect(forApprover.first?.link == SiteRoute.staffArticle.path(id))
            #expect(try await StaffNotice.query(on: app.db).filter(\.$userID == editor.user.requireID()).count() == 0, "not the actor")

            let back = try await app.send(.POST, "/api/v1/articles/\(id)/send_back", as: approver, json: #"{"comment":"Bổ sung căn cứ"}"#)
            #expect(back.status == .ok)
            #expect(try await StaffNotice.query(on: app.db).filter(\.$userID == editor.user.requireID()).all().map(\.kind) == [.sentBack])

            // By mail, once each (what was read in the console first is not mailed).
            _ = try await JobQueue.drain(app: app)
            _ = try await JobQueue.drain(app: app)
            let mailed = try mail.messages().filter { $0.contains("To: \(approver.user.email)") || $0.contains("To: \(editor.user.email)") }
            #expect(mailed.count == 2, "\(mailed.count)")

            // In the console: a count in the header and the list.
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let home = try await browser.get("/staff")
            #expect(home.text.contains("Việc chờ bạn: 1"))
            let list = try await browser.get("/staff/thong-bao")
            #expect(list.text.contains("Được trả lại để sửa"))
            #expect(list.text.contains("Hướng dẫn nâng lương"))
            #expect(try await browser.post("/staff/thong-bao/da-xem", []).status == .seeOther)
            #expect(!(try await browser.get("/staff").text.contains("Việc chờ bạn: ")))

            // A petition assigned to a unit: its handlers are told.
            let unit = try await app.makeUnit("Vụ Tiền lương")
            let handler = try await app.makeStaff(.handler)
            handler.user.unitID = try unit.requireID()
            try await handler.user.save(on: app.db)
            let desk = try await app.makeStaff(.handler, email: "tiepnhan@bonoivu.example.vn")
            let (code, _) = try await app.submitPetition()
            #expect(try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: desk, json: #"{"to":"accepted"}"#).status == .ok)
            let assigned = try await app.send(
                .POST, "/api/v1/petitions/\(code)/transitions", as: desk, json: #"{"to":"assigned","unit":"\#(try unit.requireID())"}"#)
            #expect(assigned.status == .ok)
            let forHandler = try await StaffNotice.query(on: app.db).filter(\.$userID == handler.user.requireID()).all()
            #expect(forHandler.map(\.kind) == [.petitionAssigned])
            #expect(forHandler.first?.link == SiteRoute.staffPetition.path(code))
        }
    }
}

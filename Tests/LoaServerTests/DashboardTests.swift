import Fluent
import Foundation
import LoaCore
import SQLKit
import Testing
import VaporTesting

@testable import LoaServer

/// RFC 4180 as spreadsheet programs read it: quoted fields may hold commas, quotes and line
/// breaks. Returns nil when the text is not well-formed CSV or rows differ in length.
func parseCSV(_ text: String) -> [[String]]? {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
    characters.append("\r\n")
    var index = 0
    while index < characters.count {
        let character = characters[index]
        if quoted {
            if character == "\"" {
                if index + 1 < characters.count, characters[index + 1] == "\"" {
                    field.append("\"")
                    index += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(character)
            }
        } else if character == "\"" {
            guard field.isEmpty else { return nil }
            quoted = true
        } else if character == "," {
            row.append(field)
            field = ""
        } else if character == "\r\n" || character == "\n" {
            row.append(field)
            field = ""
            if row != [""] { rows.append(row) }
            row = []
        } else {
            field.append(character)
        }
        index += 1
    }
    guard !quoted, let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else { return nil }
    return rows
}

extension ConsoleBrowser {
    /// A CSV download of the console, parsed; fails the test when it is not well-formed.
    func csv(_ path: String) async throws -> [[String]] {
        let response = try await get(path)
        #expect(response.status == .ok, "\(path)")
        #expect(response.headers.contentType?.subType == "csv")
        return try #require(parseCSV(response.text), "\(path) is not well-formed CSV")
    }
}

@Suite struct DashboardTests {
    /// A fixed set of petitions, followers, subscriptions, broadcasts, readings and searches; the
    /// dashboard's numbers must be those the database holds, counted here independently.
    @Test func figuresEqualTheCountsInTheDatabase() async throws {
        try await withLoa(demo: true, configure: { $0.petitionsPerHour = 100 }) { app in
            let now = Date()
            let day: Double = 86_400
            let unit = try await app.makeUnit("Vụ Công chức")
            var codes: [String] = []
            for number in 0..<4 { codes.append(try await app.submitPetition(address: "198.51.100.\(number)").code) }
            func update(_ code: String, _ change: (Petition) -> Void) async throws {
                let petition = try #require(try await Petition.query(on: app.db).filter(\.$code == code).first())
                change(petition)
                try await petition.save(on: app.db)
            }
            try await update(codes[0]) {  // answered the next day
                $0.receivedAt = now - 2 * day
                $0.answeredAt = now - day
                $0.state = .answered
            }
            try await update(codes[1]) {  // answered after 50 days: late
                $0.receivedAt = now - 51 * day
                $0.answeredAt = now - day
                $0.state = .answered
            }
            try await update(codes[2]) {  // with a unit, past its deadline
                $0.receivedAt = now - 3 * day
                $0.state = .assigned
                $0.unitID = unit.id
                $0.dueAt = now - 3600
            }
            try await update(codes[3]) { $0.receivedAt = now - 200 * day }  // before the period

            // Three followers, one gone; two subscriptions to salaries made, one cancelled.
            var followerIDs: [UUID] = []
            for (number, following) in [true, true, false].enumerated() {
                let follower = Follower(zaloUserID: "84000000000000000\(number)", at: now - 10 * day)
                follower.following = following
                follower.followedAt = now - 10 * day
                if !following { follower.unfollowedAt = now - 2 * day }
                try await follower.create(on: app.db)
                followerIDs.append(try follower.requireID())
            }
            for delta in [1, 1, -1] {
                try await SubscriptionChange(topic: "tien-luong", delta: delta, at: now - 5 * day).create(on: app.db)
            }

            // A broadcast reached two people and missed one.
            let article = try #require(try await Article.query(on: app.db).filter(\.$status == .published).first())
            let broadcast = Broadcast()
            broadcast.articleID = try article.requireID()
            broadcast.title = article.title
            broadcast.url = "https://loa.example.gov.vn/bai-viet/\(article.slug)"
            broadcast.topics = ",tien-luong,"
            broadcast.startedBy = "test"
            broadcast.createdAt = now - day
            try await broadcast.create(on: app.db)
            for (outcome, follower) in zip([BroadcastDelivery.Outcome.sent, .sent, .outsideWindow], followerIDs) {
                let delivery = BroadcastDelivery()
                delivery.broadcastID = try broadcast.requireID()
                delivery.followerID = follower
                delivery.outcome = outcome
                delivery.createdAt = now - day
                try await delivery.create(on: app.db)
            }

            // Three readings by people (one a revalidation), none by a crawler or of a missing page.
            let path = "/bai-viet/\(article.slug)"
            let first = try await app.get(path)
            try await app.get(path)
            let etag = try #require(first.headers.first(name: .eTag))
            #expect(try await app.get(path, headers: ["If-None-Match": etag]).status == .notModified)
            try await app.get(path, headers: ["User-Agent": "Googlebot/2.1 (+http://www.google.com/bot.html)"])
            #expect(try await app.get("/bai-viet/khong-co-bai-nay").status == .notFound)
            #expect(first.headers.setCookie == nil, "reading a page sets no cookie")
            try await app.loa.readings.flush(on: app.db)

            for _ in 0..<2 { try await app.get("/api/v1/search?q=zzqxv") }

            _ = try await app.makeStaff(.communications)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: "communications@bonoivu.example.vn", password: "mat-khau-communications-123"))
            let page = try await browser.get("/staff/dashboard")
            #expect(page.status == .ok)

            let period = DashboardPeriod(weeks: 12, topic: nil)
            let received = try await Petition.query(on: app.db).filter(\.$receivedAt >= period.start).count()
            let answered = try await Petition.query(on: app.db).filter(\.$answeredAt >= period.start).count()
            let overdue = try await Petition.query(on: app.db).filter(\.$state ~~ PetitionInbox.openStates).filter(\.$dueAt < Date())
                .count()
            let following = try await Follower.query(on: app.db).filter(\.$following == true).count()
            func figure(_ caption: String) -> String? {
                page.text.firstMatch(of: try! Regex("<li><strong>([^<]+)</strong> \(caption)"))?.output[1].substring.map(String.init)
            }
            #expect(received >= 3 && figure("phản ánh, kiến nghị nhận được") == String(received))
            #expect(answered >= 2 && figure("đã trả lời") == String(answered))
            #expect(overdue >= 1 && figure("đang quá hạn") == String(overdue))
            #expect(figure("người quan tâm Zalo OA") == String(following))
            #expect(figure("lượt đọc trang nội dung") == "3")

            let answeredInPeriod = try await Petition.query(on: app.db).filter(\.$answeredAt >= period.start).all()
            let onTime = answeredInPeriod.filter {
                $0.answeredAt! <= PetitionFigures.answerDeadline(receivedAt: $0.receivedAt, settings: app.loa.settings)
            }
            #expect(onTime.count < answeredInPeriod.count, "the late answer counts against the share")
            #expect(figure("trả lời đúng hạn") == String(format: "%.0f%%", Double(onTime.count) / Double(answeredInPeriod.count) * 100))

            // Every chart is well-formed SVG, with its figures as CSV that add up to the same counts.
            let charts = page.text.matches(of: /<svg[\s\S]*?<\/svg>/).map { String($0.output) }
            #expect(charts.count == DashboardFigures.Chart.allCases.count)
            for svg in charts { #expect(XMLOutline.parse(svg) != nil, "\(svg.prefix(80))") }

            let perWeek = try await browser.csv("/staff/dashboard/phan-anh-theo-tuan.csv")
            #expect(perWeek[0] == ["Tuần từ", "Đã nhận", "Đã trả lời"])
            #expect(perWeek.count == 13)
            #expect(perWeek.dropFirst().reduce(0) { $0 + Int($1[1])! } == received)
            #expect(perWeek.dropFirst().reduce(0) { $0 + Int($1[2])! } == answered)

            let byUnit = try await browser.csv("/staff/dashboard/qua-han-theo-don-vi.csv")
            #expect(byUnit.dropFirst().reduce(0) { $0 + Int($1[1])! } == overdue)
            #expect(byUnit.contains(["Vụ Công chức", "1"]))

            let reach = try await browser.csv("/staff/dashboard/tiep-can-ban-tin.csv")
            #expect(reach.dropFirst().reduce(0) { $0 + Int($1[1])! } == 2)
            #expect(reach.dropFirst().reduce(0) { $0 + Int($1[2])! } == 1)

            let read = try await browser.csv("/staff/dashboard/bai-doc-nhieu.csv")
            #expect(read.dropFirst().first == [article.title, "3"])

            let misses = try await browser.csv("/staff/dashboard/tim-kiem-khong-thay.csv")
            #expect(misses.contains(["zzqxv", "2"]))

            let followers = try await browser.csv("/staff/dashboard/nguoi-quan-tam.csv")
            #expect(followers.last?.last == String(following))

            // One topic: its subscribers, its petitions.
            let salaries = try await browser.get("/staff/dashboard?tuan=4&linh-vuc=tien-luong")
            #expect(salaries.text.contains("<li><strong>1</strong> người đăng ký lĩnh vực trên Zalo"))
            let subscriptions = try await browser.csv("/staff/dashboard/dang-ky-theo-linh-vuc.csv?tuan=4&linh-vuc=tien-luong")
            #expect(subscriptions[0] == ["Cuối tuần", "Tiền lương"])
            #expect(subscriptions.count == 5)
            #expect(subscriptions.last?.last == "1")
            let salaryPetitions = try await Petition.query(on: app.db).filter(\.$topic == "tien-luong")
                .filter(\.$receivedAt >= DashboardPeriod(weeks: 4, topic: nil).start).count()
            #expect(salaries.text.contains("<li><strong>\(salaryPetitions)</strong> phản ánh, kiến nghị nhận được"))
        }
    }

    @Test func staffOnlyAndUnknownChoicesFallBack() async throws {
        try await withLoa { app in
            let anonymous = try await app.get("/staff/dashboard")
            #expect(anonymous.status == .seeOther || anonymous.status == .found)
            #expect(anonymous.headers.first(name: .location)?.hasPrefix("/staff/login") == true)
            #expect(try await app.get("/staff/dashboard/phan-anh-theo-tuan.csv").status != .ok)

            _ = try await app.makeStaff(.editor)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: "editor@bonoivu.example.vn", password: "mat-khau-editor-123"))
            let page = try await browser.get("/staff/dashboard?tuan=abc&linh-vuc=khong-co")
            #expect(page.status == .ok)
            #expect(page.text.contains("<option value=\"12\" selected>"))
            #expect(page.text.contains("Chưa có số liệu trong khoảng thời gian này."))
            #expect(try await browser.get("/staff/dashboard/khong-co.csv").status == .notFound)
            #expect(try await browser.get("/staff/dashboard/phan-anh-theo-tuan.json").status == .notFound)
            #expect(try await browser.get("/staff").text.contains("href=\"/staff/dashboard\""))
        }
    }

    @Test func chartAxesEndOnRoundWholeNumbers() {
        let cases: [(Double, Double)] = [(0, 4), (3, 4), (5, 8), (37, 40), (120, 120), (1000, 1000), (1001, 1200)]
        for (value, maximum) in cases { #expect(Charts.scaleMaximum([value]) == maximum, "\(value)") }
    }

    @Test func readingsAreCountedWithoutAPerson() {
        #expect(ReadingCounter.countedPath("/bai-viet/tang-luong") == "/bai-viet/tang-luong")
        #expect(ReadingCounter.countedPath("/van-ban/06-2025-tt-bnv") == "/van-ban/06-2025-tt-bnv")
        #expect(ReadingCounter.countedPath("/hoi-dap/pa-2026-000001") == "/hoi-dap/pa-2026-000001")
        for path in ["/", "/van-ban", "/linh-vuc/tien-luong", "/feeds/articles.atom", "/bai-viet/a/b", "/api/v1/articles"] {
            #expect(ReadingCounter.countedPath(path) == nil, "\(path)")
        }
        #expect(ReadingCounter.isCrawler("Mozilla/5.0 (compatible; bingbot/2.0)"))
        #expect(!ReadingCounter.isCrawler("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) Zalo"))
        #expect(!ReadingCounter.isCrawler(nil))
    }

    /// Counts that could not be written are kept for the next flush.
    @Test func readingsSurviveAFailedFlushAndAddUpAcrossFlushes() async throws {
        try await withLoa(demo: true) { app in
            let article = try #require(try await Article.query(on: app.db).filter(\.$status == .published).first())
            for _ in 0..<2 { try await app.get("/bai-viet/\(article.slug)") }
            try await app.loa.readings.flush(on: app.db)
            try await app.get("/bai-viet/\(article.slug)")
            try await app.loa.readings.flush(on: app.db)
            let rows = try await (app.db as! any SQLDatabase).raw("SELECT CAST(SUM(count) AS BIGINT) AS n FROM page_reads").first()
            #expect(try rows?.decode(column: "n", as: Int.self) == 3)
        }
    }
}

@Suite struct OpenDataTests {
    @Test func everyFileIsListedParsesAndHoldsNoPersonalData() async throws {
        try await withLoa(demo: true) { app in
            // An answer published from a petition full of personal data.
            let handler = try await app.makeStaff(.handler)
            let unit = try await app.makeUnit("Vụ Tiền lương")
            let (code, _) = try await app.submitPetition()
            for step in [#"{"to":"accepted"}"#, #"{"to":"assigned","unit":"\#(unit.id!)"}"#] {
                #expect(try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: step).status == .ok)
            }
            let answer = #"{"text":"Ông An (0912 345 678, an.nguyen@example.vn) được cộng dồn thời gian giữ ngạch theo quy định."}"#
            #expect(try await app.send(.POST, "/api/v1/petitions/\(code)/answer", as: handler, json: answer).status == .ok)
            #expect(
                try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"published"}"#).status == .ok)

            let page = try await app.get("/du-lieu-mo")
            #expect(page.status == .ok)
            #expect(page.text.contains("CC BY 4.0"))
            #expect(try await app.get("/").text.contains("href=\"/du-lieu-mo\""))

            let catalogue = try await app.get("/api/v1/open-data")
            let schemas = SchemaValidator(document: try await app.get("/openapi.json").json())
            #expect(schemas.problems(try catalogue.json(), against: schemas.schema(named: "OpenDataCatalogue")) == [])
            let datasets = try #require(try catalogue.json()["datasets"]?.array)
            #expect(datasets.compactMap { $0["id"]?.string } == ["hoi-dap", "van-ban", "thong-ke-thang"])

            for dataset in datasets {
                let id = try #require(dataset["id"]?.string)
                #expect(page.text.contains("href=\"/du-lieu-mo/\(id).csv\"") && page.text.contains("href=\"/du-lieu-mo/\(id).json\""))
                let json = try await app.get("/du-lieu-mo/\(id).json")
                #expect(json.status == .ok)
                let document = try json.json()
                #expect(document["licence"]?.string?.contains("CC BY 4.0") == true)
                #expect(document["updated_at"]?.string != nil)
                let items = try #require(document["items"]?.array)
                #expect(items.count == dataset["rows"]?.number.map(Int.init))
                #expect(items.count > 0, "\(id) has rows with the demo content")

                let csv = try await app.get("/du-lieu-mo/\(id).csv")
                #expect(csv.headers.contentType?.subType == "csv")
                let rows = try #require(parseCSV(csv.text), "\(id).csv is not well-formed")
                #expect(rows[0] == document["columns"]?.array?.compactMap(\.string))
                #expect(rows.count == items.count + 1)

                for file in [json.text, csv.text] {
                    for secret in ["0912", "an.nguyen", "Nguyễn Văn An", "Ba Đình", "example.vn"] {
                        #expect(!file.contains(secret), "\(secret) in \(id)")
                    }
                }
            }
            #expect(try await app.get("/du-lieu-mo/hoi-dap.csv").text.contains(code))

            // This month's row counts what the database holds.
            let monthly = try await app.get("/du-lieu-mo/thong-ke-thang.json").json()
            let month = String(VietnamTime.day(of: Date()).description.prefix(7))
            let row = try #require(monthly["items"]?.array?.first { $0["month"]?.string == month })
            let start = try #require(CalendarDay(year: VietnamTime.day(of: Date()).year, month: VietnamTime.day(of: Date()).month, day: 1))
            let received = try await Petition.query(on: app.db).filter(\.$receivedAt >= start.startInVietnam).count()
            #expect(row["petitions_received"]?.number == Double(received))
            let documents = try await PortalQueries.publishedDocuments(on: app.db).count()
            let documentRows = try await app.get("/du-lieu-mo/van-ban.json").json()["items"]?.array?.count
            #expect(documentRows == documents)

            #expect(try await app.get("/du-lieu-mo/khong-co.csv").status == .notFound)
            #expect(try await app.get("/du-lieu-mo/hoi-dap.xml").status == .notFound)
        }
    }
}

import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

/// The agency's face on every page (emblem, colour, the footer Decree 42/2022 asks for), the home
/// page's tasks and the news archive.
@Suite struct PortalFaceTests {
    static func agency(_ settings: inout Settings) {
        settings.agency.address = "Số 1 Phố Mẫu, Hà Nội"
        settings.agency.phone = "024 1234 5678"
        settings.agency.email = "lienhe@bo.example.gov.vn"
        settings.agency.responsible = "Ông Nguyễn Văn A, Chánh Văn phòng"
        settings.agency.licence = "Giấy phép số 12/GP-TTĐT"
        settings.agency.zaloOA = "4318803396766446513"
        settings.agency.colour = "#0b5394"
        settings.agency.logo = "/static/quoc-huy.svg"
    }

    @Test func everyPageSaysWhoRunsThePortal() async throws {
        try await withLoa(demo: true, configure: Self.agency) { app in
            for path in ["/", "/van-ban", "/phan-anh", "/khong-co-trang-nay"] {
                let page = try await app.get(path).text
                for fact in [
                    "Số 1 Phố Mẫu, Hà Nội", "tel:02412345678", "mailto:lienhe@bo.example.gov.vn", "Chịu trách nhiệm nội dung",
                    "Ông Nguyễn Văn A, Chánh Văn phòng", "Giấy phép số 12/GP-TTĐT",
                ] {
                    #expect(page.contains(fact), "\(path): \(fact)")
                }
                // The agency's emblem, not the demo's ★; its colour as a stylesheet of its own.
                #expect(page.contains(#"<img class="emblem-image" src="/static/quoc-huy.svg""#), "\(path)")
                #expect(!page.contains("★"), "\(path)")
                #expect(page.contains(#"href="/static/mau-0b5394.css""#), "\(path)")
                #expect(!page.contains("dữ liệu mẫu"), "\(path)")
            }
            let sheet = try await app.get("/static/mau-0b5394.css")
            #expect(sheet.status == .ok)
            #expect(sheet.headers.contentType == .css)
            #expect(sheet.text.contains("--red:#0b5394") && sheet.text.contains("--red-dark:#083e6f"))
            for bad in ["/static/mau-zzzzzz.css", "/static/mau-0b5394.js", "/static/mau-.css", "/static/mau-0b53941.css"] {
                #expect(try await app.get(bad).status == .notFound, "\(bad)")
            }
        }
    }

    @Test func theDemoSaysItsFactsAreSamples() async throws {
        let settings = try Settings.load(from: [:])
        #expect(settings.agency.isSample)
        #expect(settings.agency.zaloFollowURL != nil)
        let production = try Settings.load(from: ["LOA_DEMO": "0"])
        #expect(production.agency == AgencySettings())
        // Naming any fact of the agency replaces the samples, also with the demo content.
        let named = try Settings.load(from: ["LOA_AGENCY_PHONE": "024 1111 2222"])
        #expect(!named.agency.isSample && named.agency.phone == "024 1111 2222" && named.agency.address == nil)
        try await withLoa(demo: true, configure: { $0.agency = .sample }) { app in
            let page = try await app.get("/").text
            #expect(page.contains("★"))
            #expect(page.contains("dữ liệu mẫu"))
        }
    }

    @Test func badAgencySettingsAreRefusedWithTheReason() {
        for (name, value) in [
            ("LOA_AGENCY_COLOUR", "red"), ("LOA_AGENCY_COLOUR", "#12345"), ("LOA_AGENCY_LOGO", "javascript:alert(1)"),
            ("LOA_AGENCY_LOGO", "//evil.example/x.png"), ("LOA_AGENCY_LOGO", "http://x.example/a.png"), ("LOA_ZALO_OA_ID", "abc"),
        ] {
            #expect(throws: SettingsError.self, "\(name)=\(value)") { try Settings.load(from: [name: value]) }
        }
    }

    @Test func theHomePageLeadsWithWhatPeopleComeToDo() async throws {
        try await withLoa(demo: true, configure: Self.agency) { app in
            let page = try await app.get("/").text
            let tasks = try #require(page.range(of: #"class="tasks""#))
            let news = try #require(page.range(of: #"id="tin-moi""#))
            #expect(tasks.lowerBound < news.lowerBound)
            #expect(page.contains("Gửi phản ánh, kiến nghị"))
            #expect(page.contains(#"name="loai" value="van-ban""#))
            // Following on Zalo: the OA's page and a QR code of it drawn by libqrencode.
            #expect(page.contains(#"href="https://zalo.me/4318803396766446513""#))
            #expect(page.contains("<svg") && page.contains("Mã QR để quan tâm"))
            let follow = try await app.get("/nhan-tin").text
            #expect(follow.contains("https://zalo.me/4318803396766446513") && follow.contains("<svg"))
        }
        // Without an OA the home page sends people to the page that explains following.
        try await withLoa(demo: true, configure: { $0.agency = AgencySettings() }) { app in
            let page = try await app.get("/").text
            #expect(!page.contains("zalo.me"))
            #expect(page.contains(#"<a href="/nhan-tin"><strong>Nhận tin</strong>"#))
            #expect(!page.contains("★"))
        }
    }

    @Test func theNewsArchiveGoesMonthByMonth() async throws {
        try await withLoa(demo: true) { app in
            let newest = try #require(
                try await PortalQueries.publishedArticles(on: app.db).sort(\.$publishedAt, .descending).first()?.publishedAt)
            let month = CalendarMonth(of: newest)
            let page = try await app.get("/tin-tuc")
            #expect(page.status == .ok)
            #expect(page.text.contains("<h1>Tin tức \(month.name.lowercased())</h1>"))
            #expect(page.text.contains(#"<a aria-current="page" href="/tin-tuc?thang=\#(month.key)">"#))
            // Each month's count is the articles published in it, in Vietnam time.
            let all = try await PortalQueries.publishedArticles(on: app.db).all()
            let inNovember = all.filter { $0.publishedAt.map { CalendarMonth(of: $0).key == "2025-11" } ?? false }.count
            let november = try await app.get("/tin-tuc?thang=2025-11").text
            #expect(november.contains("\(inNovember) bài viết."))
            #expect(november.contains("Tin tức tháng 11/2025"))
            let empty = try await app.get("/tin-tuc?thang=1990-01").text
            #expect(empty.contains("Không có bài viết nào trong tháng này."))
            for bad in ["2025-13", "abc", "2025-1", "99999-01", "2025-11-01"] {
                let response = try await app.get("/tin-tuc?thang=\(bad)")
                #expect(response.status == .badRequest, "\(bad)")
                #expect(response.text.contains("Tháng không hợp lệ"), "\(bad)")
            }
            // The home page leads there.
            #expect(try await app.get("/").text.contains(#"href="/tin-tuc""#))
        }
    }

    @Test func aTelephoneLinkKeepsOnlyAsciiDigits() {
        #expect(Layout.telephone("024 6282 1025") == "02462821025")
        #expect(Layout.telephone("+84 (24) 6282-1025") == "+842462821025")
        #expect(Layout.telephone("٠٢٤ ١٢ \"x\" 9") == "9")
    }
}

import Foundation
import RoutingKit
import Testing
import VaporTesting

@testable import LoaServer

/// The route table (`SiteRoute`) is the only way a route comes to exist and the only way a link is
/// written: every case is registered, every registered route is a case, and every typed link
/// resolves to the route it names.
@Suite struct RouteTableTests {
    @Test func everyRouteIsACaseAndEveryCaseIsRegistered() async throws {
        try await withLoa { app in
            var registered: Set<String> = []
            for route in app.routes.all {
                let entry = try #require(route.siteRoute, "\(route.method) \(route.path.string) was not registered from SiteRoute")
                #expect(route.path.string == entry.pathComponents.string, "\(entry): registered as \(route.path.string)")
                registered.insert(entry.rawValue)
            }
            let missing = SiteRoute.allCases.filter { !registered.contains($0.rawValue) }
            #expect(missing.isEmpty, "in the table but never registered: \(missing)")
        }
    }

    @Test func everyTypedLinkResolvesToItsRoute() async throws {
        try await withLoa { app in
            let router = TrieRouter(SiteRoute.self)
            for route in app.routes.all where route.method == .GET {
                // As Vapor does: the method first, so that the home page's path is not empty.
                if let entry = route.siteRoute { router.register(entry, at: [.constant("GET")] + route.path) }
            }
            func resolve(_ path: String) -> SiteRoute? {
                var parameters = Parameters()
                // The query string (`/tin-tuc?thang=2026-03`) is not part of the route.
                let route = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                let components = ["GET"] + route.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
                return router.route(path: components, parameters: &parameters)
            }
            for link in SiteURL.samples {
                #expect(resolve(link.path) != nil, "\(link) → \(link.path) answers no route")
            }
            #expect(resolve(SiteURL.article("luong-co-so").path) == .article)
            #expect(resolve(SiteURL.synthesis("du-thao", format: "csv").path) == .consultationFile)
            #expect(resolve(SiteRoute.staffPetition.path("PA-2026-000001")) == .staffPetition)
            #expect(resolve(SiteRoute.staffArticleCompare.path(UUID().uuidString)) == .staffArticleCompare)
        }
    }

    @Test func filledParametersStayInTheirSegment() {
        #expect(SiteRoute.article.path("a/b?c") == "/bai-viet/a%2Fb%3Fc")
        #expect(SiteRoute.staffArticleRestore.path("x", "3") == "/staff/articles/x/revisions/3/restore")
        #expect(SiteRoute.home.path() == "/")
    }

    @Test func onlyPagesTheSameForEveryoneAreShared() {
        for route in SiteRoute.allCases where route.cachePolicy == .sharedPage {
            #expect(!route.rawValue.hasPrefix("/staff"), "\(route)")
            #expect(route != .tracking && route != .commentConfirmation, "\(route)")
        }
        #expect(SiteRoute.staffPetitions.cachePolicy == .personal)
        #expect(SiteRoute.tracking.cachePolicy == .personal)
        #expect(SiteRoute.search.cachePolicy == .revalidated)
    }
}

/// Dates are typed day first on a 24-hour clock in every form, whatever the browser's language.
@Suite struct DateFieldPagesTests {
    @Test func noFormUsesTheBrowsersDatePicker() async throws {
        try await withLoa(demo: true) { app in
            let editor = try await app.makeStaff(.approver)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            let article = try #require(try await Article.query(on: app.db).first())
            var pages = [try await app.get("/tim-kiem?q=luong")]
            for path in [
                "/staff/consultations/new", SiteRoute.staffArticle.path(try article.requireID().uuidString), "/staff/articles/new",
            ] {
                pages.append(try await browser.get(path))
            }
            for page in pages {
                #expect(page.status == .ok)
                #expect(!page.text.contains("type=\"date"), "a browser date picker shows mm/dd and AM/PM in English")
            }
            #expect(pages[0].text.contains("placeholder=\"15/12/2026\""))
            #expect(pages[1].text.contains("placeholder=\"15/12/2026 08:30\""))
            let found = try await app.get("/tim-kiem?q=luong&tu=01/01/2020&den=31/12/2030")
            #expect(found.status == .ok)
            #expect(try await app.get("/tim-kiem?q=luong&tu=12/31/2020").status == .badRequest)
        }
    }
}

/// The stylesheet and script are package resources (`Sources/LoaServer/Static`), not Swift strings.
@Suite struct StaticAssetTests {
    @Test func theStylesheetAndScriptAreShippedAndServed() async throws {
        #expect(StaticAssets.stylesheet.contains(":root{--red:"))
        #expect(StaticAssets.script.contains("data-share"))
        try await withLoa { app in
            let css = try await app.get(SiteURL.stylesheet.path)
            #expect(css.status == .ok)
            #expect(css.text == StaticAssets.stylesheet)
            #expect(try await app.get(SiteURL.script.path).text.contains("navigator"))
        }
    }
}

/// Issue 14, item 11: "Nhận tin" explains how to follow the portal instead of opening raw XML.
@Suite struct FollowPageTests {
    @Test func theFooterLeadsToAPageThatExplainsFeedsAndZalo() async throws {
        try await withLoa(demo: true) { app in
            let home = try await app.get("/")
            #expect(home.text.contains("href=\"/nhan-tin\">Nhận tin</a>"))
            let page = try await app.get("/nhan-tin")
            #expect(page.status == .ok)
            #expect(page.text.contains("Trên Zalo"))
            #expect(page.text.contains("đăng ký "))
            #expect(page.text.contains(SiteURL.topicFeed("tien-luong").path))
            #expect(page.text.contains(SiteURL.consultationsFeed.path))
            #expect(try await app.get("/sitemap.xml").text.contains("/nhan-tin"))
        }
    }
}

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
                let components = ["GET"] + path.split(separator: "/").map { $0.removingPercentEncoding ?? String($0) }
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

import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

/// Every public page and the main console pages, rendered from the demo content on a fixed clock
/// and compared with the pages stored under `__Snapshots__/Pages`. A change to a page shows up
/// here as a diff to read and accept: `LOA_RECORD_SNAPSHOTS=1 swift test --filter PageSnapshotTests`
/// writes the new pages, and the diff goes into the commit with the change that made it.
@Suite(.serialized) struct PageSnapshotTests {
    /// 2 March 2026, 09:30 in Vietnam: after every dated demo item, with one draft open for comment.
    static let clock = LoaClock.fixed(Date(timeIntervalSince1970: 1_772_418_600))

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__/Pages")

    /// What changes from run to run and is not the page: tokens, ids, the assets' content hash,
    /// the time a search took, and the times the database stamps on a save (the machine's clock:
    /// the demo content is written when the test runs).
    static func normalised(_ html: String) throws -> String {
        let wallClock = Date()
        let today = VietnamTime.date(wallClock)
        let isoDay = String(ISO8601DateFormatter().string(from: wallClock).prefix(10))
        return
            html
            .replacing("\(today)", with: "(hôm nay)")
            .replacing(/[0-9]{2}:[0-9]{2}, \(hôm nay\)/, with: "(hôm nay)")
            .replacing(try Regex("\(isoDay)T[0-9:.]+Z"), with: "(hôm nay)")
            .replacing(/\([0-9]+ ms\)/, with: "(… ms)")
            .replacing(/name="_csrf" value="[^"]+"/, with: #"name="_csrf" value="…""#)
            .replacing(
                /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/, with: "00000000-0000-0000-0000-000000000000"
            )
            .replacing(/loa-[0-9a-f]{8,}\.(css|js)/) { "loa-….\($0.1)" }
    }

    static func check(_ name: String, _ response: TestingHTTPResponse, status: HTTPStatus = .ok) throws {
        #expect(response.status == status, "\(name)")
        let page = try normalised(response.text)
        let file = directory.appendingPathComponent("\(name).html")
        let record = ProcessInfo.processInfo.environment["LOA_RECORD_SNAPSHOTS"] == "1"
        guard !record, let stored = try? String(contentsOf: file, encoding: .utf8) else {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try page.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("\(name): snapshot written to \(file.path); check it and run again")
            return
        }
        guard stored != page else { return }
        let (old, new) = (
            stored.split(separator: "\n", omittingEmptySubsequences: false), page.split(separator: "\n", omittingEmptySubsequences: false)
        )
        let line = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        let was = line < old.count ? String(old[line].prefix(300)) : "(end)"
        let now = line < new.count ? String(new[line].prefix(300)) : "(end)"
        Issue.record("\(name) changed at line \(line + 1):\n  stored: \(was)\n  now:    \(now)")
    }

    @Test func publicPages() async throws {
        try await withLoa(demo: true, clock: Self.clock, configure: { $0.agency = .sample }) { app in
            let article = try #require(try await Article.query(on: app.db).filter(\.$status == .published).sort(\.$publishedAt).first())
            let document = try #require(try await LegalDocument.query(on: app.db).filter(\.$status == .published).sort(\.$slug).first())
            let answer = try #require(try await Petition.query(on: app.db).filter(\.$state == .published).sort(\.$code).first())
            let consultation = try #require(
                try await Consultation.query(on: app.db).filter(\.$status == .published).sort(\.$opensAt).first())
            let topic = try #require(try await Topic.query(on: app.db).sort(\.$slug).first())
            let pages: [(String, String)] = [
                ("home", SiteURL.home.path),
                ("topic", SiteURL.topic(topic.slug).path),
                ("article", SiteURL.article(article.slug).path),
                ("documents", SiteURL.documents.path),
                ("documents-filtered", SiteURL.documents.path + "?loai=nghi-dinh"),
                ("document", SiteURL.document(document.slug).path),
                ("info-page", SiteURL.infoPage("gioi-thieu").path),
                ("petition-form", SiteURL.petitionForm.path),
                ("tracking", SiteURL.tracking.path),
                ("answers", SiteURL.answers.path),
                ("answer", SiteURL.answer(answer.code).path),
                ("consultations", SiteURL.consultations.path),
                ("consultation", SiteURL.consultation(consultation.slug).path),
                ("open-data", SiteURL.openData.path),
                ("follow", SiteURL.follow.path),
            ]
            for (name, path) in pages {
                try Self.check(name, try await app.get(path))
            }
            try Self.check("not-found", try await app.get("/bai-viet/khong-co-bai-nay"), status: .notFound)
            // Each database ranks with its own full-text engine, so the results pages are kept per database.
            let database = isPostgresRun ? "postgres" : "sqlite"
            try Self.check("search-\(database)", try await app.get(SiteRoute.search.path() + "?q=luong+co+so"))
            try Self.check("search-without-marks-\(database)", try await app.get(SiteRoute.search.path() + "?q=nghi+dinh+178"))
        }
    }

    @Test func consolePages() async throws {
        try await withLoa(demo: true, clock: Self.clock, configure: { $0.agency = .sample }) { app in
            let admin = try await app.makeStaff(.administrator)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: admin.user.email, password: admin.password))
            let petition = try #require(try await Petition.query(on: app.db).filter(\.$state == .published).sort(\.$code).first())
            let article = try #require(try await Article.query(on: app.db).sort(\.$slug).first())
            let consultation = try #require(try await Consultation.query(on: app.db).sort(\.$opensAt).first())
            let pages: [(String, String)] = [
                ("console-home", SiteRoute.staffHome.path()),
                ("console-petitions", SiteRoute.staffPetitions.path()),
                ("console-petition", SiteRoute.staffPetition.path(petition.code)),
                ("console-petition-figures", SiteRoute.staffPetitionFigures.path()),
                ("console-articles", SiteRoute.staffArticles.path()),
                ("console-article", SiteRoute.staffArticle.path(try article.requireID().uuidString)),
                ("console-article-new", SiteRoute.staffArticleNew.path()),
                ("console-documents", SiteRoute.staffDocuments.path()),
                ("console-consultations", SiteRoute.staffConsultations.path()),
                ("console-consultation", SiteRoute.staffConsultation.path(try consultation.requireID().uuidString)),
                ("console-dashboard", SiteRoute.staffDashboard.path()),
                ("console-users", SiteRoute.staffUsers.path()),
            ]
            for (name, path) in pages {
                try Self.check(name, try await browser.get(path))
            }
            try Self.check("console-sign-in", try await app.get(SiteRoute.staffLogin.path()))
        }
    }
}

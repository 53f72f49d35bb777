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

/// Random Unicode through every public text field (petitions, comments, searches), then every
/// page that shows it to the public or to staff (issue 13: the fuzz test). Each text carries a
/// tag `<zz…>` next to characters that join graphemes; no page may ever contain it raw.
@Suite struct HostileUnicodeTests {
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let joiners = ["\u{0600}", "\u{0D4E}", "\u{110BD}", "\u{0301}", "\u{200D}", "\u{FE0F}"]

    static func text(_ generator: inout Seeded, round: Int) -> String {
        let pieces = ["Tiền lương ", "bảo hiểm ", "\"", "'", "&", "=", "\n", "đ", "e\u{0302}\u{0323}", "> ", "  ", "\u{FEFF}", "💁🏻‍♀️"]
        var text = "Nội dung phản ánh số \(round) "
        for _ in 0..<Int.random(in: 8...40, using: &generator) {
            if Bool.random(using: &generator) {
                text += pieces[Int.random(in: 0..<pieces.count, using: &generator)]
            } else {
                let value = UInt32.random(in: 0x20...0x2FFFF, using: &generator)
                if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
            }
        }
        let joiner = joiners[round % joiners.count]
        return text + " \(joiner)<zz\(round) \(joiner)\">x\(joiner)</zz\(round)>"
    }

    static func json(_ object: [String: Any]) -> String {
        String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    @Test func randomTextNeverBecomesMarkup() async throws {
        try await withLoa(configure: {
            $0.petitionsPerHour = 10_000
            $0.commentsPerHour = 10_000
        }) { app in
            var generator = Seeded(state: 2026)
            let consultation = try await app.publishedConsultation()
            var codes: [String] = []
            let start = ContinuousClock.now
            for round in 0..<30 {
                let title = String(Self.text(&generator, round: round).replacingOccurrences(of: "\n", with: " ").prefix(180))
                let content = Self.text(&generator, round: round)
                let petition = try await app.testing().sendRequest(
                    .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json", "X-Forwarded-For": "203.0.113.\(round)"],
                    body: ByteBuffer(
                        string: Self.json([
                            "topic": "tien-luong", "title": title, "content": content,
                            "name": "Người \(round)\(Self.joiners[round % 6])<zz>",
                            "email": "n\(round)@example.vn", "consent_publish": true,
                        ])))
                #expect(petition.status.code < 500, "round \(round): \(petition.status)")
                if petition.status == .created, let code = try petition.json()["code"]?.string { codes.append(code) }
                let comment = try await app.comment(
                    on: consultation, ["name": "Góp ý \(round)\(Self.joiners[round % 6])<zz>", "text": content],
                    address: "198.51.100.\(round)")
                #expect(comment.status.code < 500, "round \(round): \(comment.status)")
                let query = Self.text(&generator, round: round).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                let search = try await app.get("/tim-kiem?q=\(query)")
                #expect(search.status.code < 500)
                #expect(!search.text.contains("<zz"), "search round \(round)")
            }
            #expect(codes.count >= 20, "most random petitions are ordinary text and are accepted")
            // Publish some answers so the public pages and feeds carry the random text too.
            for code in codes.prefix(5) {
                guard let petition = try await Petition.query(on: app.db).filter(\.$code == code).first() else { continue }
                petition.state = .published
                petition.publicTitle = petition.title
                petition.publicQuestion = petition.content
                petition.publicAnswer = petition.content
                petition.publishedAt = Date()
                try await petition.save(on: app.db)
            }
            for comment in try await ConsultationComment.query(on: app.db).all() {
                try await Consultations.moderate(comment, to: .approved, reason: nil, context: .system("test", app: app))
            }
            app.contentChanged()
            let administrator = try await app.makeStaff(.administrator)
            let browser = try #require(
                try await ConsoleBrowser.signIn(app, email: administrator.user.email, password: administrator.password))
            var pages: [(String, TestingHTTPResponse)] = []
            for path in ["/hoi-dap", SiteURL.consultation(consultation.slug).path, "/staff/petitions?state=all", "/staff/dashboard"] {
                pages.append((path, path.hasPrefix("/staff") ? try await browser.get(path) : try await app.get(path)))
            }
            for code in codes.prefix(8) {
                pages.append(("/staff/petitions/\(code)", try await browser.get("/staff/petitions/\(code)")))
                pages.append((SiteURL.answer(code).path, try await app.get(SiteURL.answer(code).path)))
            }
            let moderation = "/staff/consultations/\(try consultation.requireID().uuidString.lowercased())"
            pages.append((moderation, try await browser.get(moderation)))
            for (path, page) in pages {
                #expect(page.status.code < 500, "\(path): \(page.status)")
                #expect(!page.text.contains("<zz"), "\(path) carries markup from input")
            }
            for path in ["/feeds/answers.atom", "/open311/v2/requests.xml", "/feeds/consultations.atom"] {
                let feed = try await app.get(path)
                #expect(feed.status == .ok, "\(path)")
                #expect(XMLParser(data: Data(feed.text.utf8)).parse(), "\(path) is not well-formed XML")
                #expect(!feed.text.contains("<zz"))
            }
            let csv = try await browser.get("/staff/petitions/export.csv")
            #expect(csv.status == .ok)
            #expect(ContinuousClock.now - start < .seconds(120))
        }
    }
}

import Foundation
import Testing
import VaporTesting

@testable import LoaServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Collects the element paths of an XML document; parsing fails on malformed XML.
final class XMLOutline: NSObject, XMLParserDelegate {
    var paths: [String] = []
    var texts: [String: [String]] = [:]
    var namespaces: Set<String> = []
    private var stack: [String] = []
    private var text = ""

    static func parse(_ xml: String) -> XMLOutline? {
        let outline = XMLOutline()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.shouldProcessNamespaces = true
        parser.delegate = outline
        return parser.parse() ? outline : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        stack.append(name)
        paths.append(stack.joined(separator: "/"))
        if let namespaceURI { namespaces.insert(namespaceURI) }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        texts[stack.joined(separator: "/"), default: []].append(text)
        stack.removeLast()
        text = ""
    }
}

@Suite struct FeedTests {
    @Test func articlesFeedIsValidAtom() async throws {
        try await withLoa { app in
            _ = try await app.importLines(.articles, PortalPageTests.lines)
            let response = try await app.get("/feeds/articles.atom")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType)?.hasPrefix("application/atom+xml") == true)
            let outline = try #require(XMLOutline.parse(response.text), "feed is not well-formed XML")
            #expect(outline.namespaces == ["http://www.w3.org/2005/Atom"])
            // RFC 4287: a feed has id, title and updated; so does every entry, with a link.
            for required in ["feed/id", "feed/title", "feed/updated", "feed/author/name", "feed/link"] {
                #expect(outline.paths.contains(required), "missing \(required)")
            }
            #expect(outline.paths.filter { $0 == "feed/entry" }.count == 3)
            for child in ["id", "title", "updated", "published", "link", "summary", "content"] {
                #expect(outline.paths.filter { $0 == "feed/entry/\(child)" }.count == 3, "entries need \(child)")
            }
            let titles = outline.texts["feed/entry/title"] ?? []
            #expect(titles.first == "Hướng dẫn tính phụ cấp")
            // The HTML content is escaped text inside the XML, script included.
            let content = (outline.texts["feed/entry/content"] ?? []).joined()
            #expect(content.contains("<h2 id=\"cach-tinh\">"))
            #expect(!content.contains("<script>"))
            for updated in outline.texts["feed/entry/updated"] ?? [] {
                #expect((try? Date(updated, strategy: .iso8601)) != nil, "\(updated) is not RFC 3339")
            }
        }
    }

    @Test func topicFeedHoldsOnlyItsTopic() async throws {
        try await withLoa { app in
            _ = try await app.importLines(.articles, PortalPageTests.lines)
            let response = try await app.get("/feeds/topics/chinh-quyen-dia-phuong.atom")
            #expect(response.status == .ok)
            let outline = try #require(XMLOutline.parse(response.text))
            #expect(outline.texts["feed/entry/title"] == ["Sắp xếp đơn vị hành chính cấp xã"])
            #expect(try await app.get("/feeds/topics/khong-co.atom").status == .notFound)
            #expect(try await app.get("/feeds/topics/tien-luong.rss").status == .notFound)
        }
    }

    @Test func sitemapAndRobots() async throws {
        try await withLoa(demo: true) { app in
            let sitemap = try await app.get("/sitemap.xml")
            let outline = try #require(XMLOutline.parse(sitemap.text))
            let locations = outline.texts["urlset/url/loc"] ?? []
            #expect(locations.contains("https://loa.example.gov.vn/"))
            #expect(locations.contains("https://loa.example.gov.vn/van-ban/178-2024-nd-cp"))
            #expect(locations.contains("https://loa.example.gov.vn/linh-vuc/tien-luong"))
            #expect(locations.contains("https://loa.example.gov.vn/trang/lien-he"))
            #expect(locations.count >= 40 + 26 + 12)
            let robots = try await app.get("/robots.txt")
            #expect(robots.text.contains("Sitemap: https://loa.example.gov.vn/sitemap.xml"))
        }
    }
}

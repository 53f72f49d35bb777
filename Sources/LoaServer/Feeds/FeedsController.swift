import Fluent
import LoaCore
import Vapor

/// Atom feeds of articles, the sitemap and robots.txt: how readers and search engines follow the portal.
struct FeedsController: RouteCollection {
    static let entriesPerFeed = 30

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.articlesFeed, use: articlesFeed)
        routes.get(.topicFeed, use: topicFeed)
        routes.get(.sitemap, use: sitemap)
        routes.get(.robots, use: robots)
        routes.get(.follow, use: follow)
    }

    /// `/nhan-tin`: the ways to hear of new policy, for people who have never used a feed reader.
    @Sendable func follow(req: Request) async throws -> Response {
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(FollowViews.page(req.siteContext(topics: topics), topics: topics))
    }

    @Sendable func articlesFeed(req: Request) async throws -> Response {
        let settings = req.application.loa.settings
        let articles = try await PortalQueries.articles(page: 1, perPage: Self.entriesPerFeed, on: req.db).items
        return Self.atomResponse(
            Self.feed(
                title: "Tin mới – \(settings.siteName)", selfPath: SiteURL.articlesFeed.path, alternatePath: "/",
                articles: articles, settings: settings))
    }

    @Sendable func topicFeed(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".atom"), let topic = try await PortalQueries.topic(slug: String(file.dropLast(5)), on: req.db) else {
            throw Abort(.notFound)
        }
        let settings = req.application.loa.settings
        let articles = try await PortalQueries.articles(topic: topic, page: 1, perPage: Self.entriesPerFeed, on: req.db).items
        return Self.atomResponse(
            Self.feed(
                title: "\(topic.name) – \(settings.siteName)", selfPath: SiteURL.topicFeed(topic.slug).path,
                alternatePath: SiteURL.topic(topic.slug).path, articles: articles, settings: settings))
    }

    /// One entry of any feed: an article, a published answer, a consultation.
    struct Entry {
        var url: String
        var title: String
        var published: Date
        var updated: Date
        var author: String
        var categories: [(slug: String, name: String)]
        var summary: String
        var contentHTML: String
    }

    static func feed(title: String, selfPath: String, alternatePath: String, articles: [Article], settings: Settings) -> String {
        let entries = articles.map { article in
            let published = article.publishedAt ?? article.updatedAt ?? Date(timeIntervalSince1970: 0)
            return Entry(
                url: SiteURL.article(article.slug).absolute(settings.publicURL), title: article.title, published: published,
                updated: max(article.updatedAt ?? published, published), author: article.author ?? settings.siteName,
                categories: article.topics.map { ($0.slug, $0.name) }, summary: article.summary, contentHTML: article.bodyHTML)
        }
        return feed(title: title, selfPath: selfPath, alternatePath: alternatePath, entries: entries, settings: settings)
    }

    static func feed(title: String, selfPath: String, alternatePath: String, entries: [Entry], settings: Settings) -> String {
        let base = settings.publicURL
        let updated = entries.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">
            <id>\(escapeHTML(base + selfPath))</id>
            <title>\(escapeHTML(title))</title>
            <updated>\(VietnamTime.iso8601(updated))</updated>
            <link rel="self" type="application/atom+xml" href="\(escapeHTML(base + selfPath))"/>
            <link rel="alternate" type="text/html" href="\(escapeHTML(base + alternatePath))"/>
            <author><name>\(escapeHTML(settings.siteName))</name></author>
            <generator>Loa</generator>

            """
        for entry in entries {
            xml += """
                <entry>
                <id>\(escapeHTML(entry.url))</id>
                <title>\(escapeHTML(entry.title))</title>
                <link rel="alternate" type="text/html" href="\(escapeHTML(entry.url))"/>
                <published>\(VietnamTime.iso8601(entry.published))</published>
                <updated>\(VietnamTime.iso8601(entry.updated))</updated>
                <author><name>\(escapeHTML(entry.author))</name></author>
                \(entry.categories.map { "<category term=\"\(escapeHTML($0.slug))\" label=\"\(escapeHTML($0.name))\"/>" }.joined())
                <summary>\(escapeHTML(entry.summary))</summary>
                <content type="html">\(escapeHTML(entry.contentHTML))</content>
                </entry>

                """
        }
        return xml + "</feed>\n"
    }

    @Sendable func sitemap(req: Request) async throws -> Response {
        let base = req.application.loa.settings.publicURL
        var urls: [(String, Date?)] = [(base + "/", nil), (SiteURL.documents.absolute(base), nil), (SiteURL.follow.absolute(base), nil)]
        for topic in try await PortalQueries.topics(on: req.db) {
            urls.append((SiteURL.topic(topic.slug).absolute(base), nil))
        }
        for article in try await PortalQueries.publishedArticles(on: req.db).field(\.$slug).field(\.$publishedAt).field(\.$updatedAt).all()
        {
            urls.append((SiteURL.article(article.slug).absolute(base), article.updatedAt ?? article.publishedAt))
        }
        for document in try await PortalQueries.publishedDocuments(on: req.db).field(\.$slug).field(\.$updatedAt).all() {
            urls.append((SiteURL.document(document.slug).absolute(base), document.updatedAt))
        }
        urls.append((SiteURL.answers.absolute(base), nil))
        urls.append((SiteURL.openData.absolute(base), nil))
        for answer in try await PetitionController.publishedAnswers(on: req.db).field(\.$code).field(\.$publishedAt).all() {
            urls.append((SiteURL.answer(answer.code).absolute(base), answer.publishedAt))
        }
        urls.append((SiteURL.consultations.absolute(base), nil))
        for consultation in try await Consultation.query(on: req.db).filter(\.$status == .published).all() {
            urls.append((SiteURL.consultation(consultation.slug).absolute(base), consultation.updatedAt ?? consultation.publishedAt))
            if let published = consultation.synthesisPublishedAt {
                urls.append((SiteURL.synthesis(consultation.slug).absolute(base), published))
            }
        }
        for page in try await PortalQueries.infoPages(on: req.db) {
            urls.append((SiteURL.infoPage(page.slug).absolute(base), page.updatedAt))
        }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for (url, modified) in urls {
            xml += "<url><loc>\(escapeHTML(url))</loc>\(modified.map { "<lastmod>\(VietnamTime.iso8601($0))</lastmod>" } ?? "")</url>\n"
        }
        xml += "</urlset>\n"
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = .init(type: "application", subType: "xml", parameters: ["charset": "utf-8"])
        return response
    }

    @Sendable func robots(req: Request) async throws -> Response {
        let base = req.application.loa.settings.publicURL
        let response = Response(
            status: .ok,
            body: .init(string: "User-agent: *\nAllow: /\nDisallow: /staff/\nDisallow: /api/\n\nSitemap: \(base)\(SiteURL.sitemap.path)\n"))
        response.headers.contentType = .plainText
        return response
    }

    static func atomResponse(_ xml: String) -> Response {
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = .init(type: "application", subType: "atom+xml", parameters: ["charset": "utf-8"])
        return response
    }
}

import Fluent
import LoaCore
import Vapor

/// The public pages of the portal, rendered on the server.
struct PortalController: RouteCollection {
    static let articlesPerPage = 12
    static let documentsPerPage = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
        routes.get(.topic, use: topic)
        routes.get(.article, use: article)
        routes.get(.documents, use: documents)
        routes.get(.document, use: document)
        routes.get(.infoPage, use: infoPage)
        routes.get(.news, use: news)
    }

    /// The archive: one month of news at a time, the newest month with news unless `thang` names one.
    @Sendable func news(req: Request) async throws -> Response {
        let months = try await PortalQueries.newsMonths(now: req.now, on: req.db)
        var month = months.first ?? CalendarMonth(of: req.now)
        if let raw = req.nonEmptyQuery("thang") {
            guard let chosen = CalendarMonth(key: raw) else {
                throw Abort(.badRequest, reason: "Tháng không hợp lệ: hãy chọn tháng trong danh sách (dạng 2026-03).")
            }
            month = chosen
        }
        let page = try req.pageNumber()
        let articles = try await PortalQueries.articles(in: month, page: page, perPage: Self.articlesPerPage, now: req.now, on: req.db)
        return .html(PortalViews.news(try await req.siteContext(), month: month, months: months, articles: articles))
    }

    @Sendable func home(req: Request) async throws -> Response {
        let topics = try await PortalQueries.topics(on: req.db)
        let site = req.siteContext(topics: topics)
        let featured = try await PortalQueries.articles(featured: true, page: 1, perPage: 3, on: req.db).items
        let latest = try await PortalQueries.articles(page: 1, perPage: 8, on: req.db).items
        // One query for the recent articles of every topic rather than one query per topic.
        let recent = try await PortalQueries.articles(page: 1, perPage: 300, on: req.db).items
        let byTopic: [(Topic, [Article])] = topics.compactMap { topic in
            let articles = recent.filter { $0.topics.first?.id == topic.id }.prefix(3)
            return articles.isEmpty ? nil : (topic, Array(articles))
        }
        let documents = try await PortalQueries.documents(.init(), page: 1, perPage: 6, on: req.db).items
        // Drafts are listed while they take comments; the cache's short lifetime bounds how long
        // one stays after closing.
        let consultations = try await Consultations.list(.open, at: req.now, limit: 5, on: req.db)
        return .html(
            PortalViews.home(
                site, featured: featured, latest: latest, byTopic: byTopic, documents: documents, consultations: consultations))
    }

    @Sendable func topic(req: Request) async throws -> Response {
        guard let topic = try await PortalQueries.topic(slug: req.parameters.get("slug") ?? "", on: req.db) else {
            throw Abort(.notFound)
        }
        let page = try req.pageNumber()
        let articles = try await PortalQueries.articles(topic: topic, page: page, perPage: Self.articlesPerPage, on: req.db)
        guard page == 1 || page <= articles.pageCount else { throw Abort(.notFound) }
        let documents = try await PortalQueries.documents(.init(topic: topic.id), page: 1, perPage: 5, on: req.db).items
        return .html(PortalViews.topic(try await req.siteContext(), topic: topic, articles: articles, documents: documents))
    }

    @Sendable func article(req: Request) async throws -> Response {
        guard let article = try await PortalQueries.article(slug: req.parameters.get("slug") ?? "", on: req.db) else {
            throw Abort(.notFound)
        }
        let related = try await PortalQueries.related(to: article, limit: 4, on: req.db)
        for item in related { item.$topics.value = [] }
        return .html(PortalViews.article(try await req.siteContext(), article: article, related: related))
    }

    @Sendable func documents(req: Request) async throws -> Response {
        let page = try req.pageNumber()
        var filter = PortalQueries.DocumentFilter()
        var topicSlug: String?
        // Unknown filter values are ignored rather than refused: links to the register get shared
        // and kept, and a stale one should still show documents.
        if let type = req.nonEmptyQuery("loai") { filter.type = DocumentType(lenient: type) }
        filter.issuer = req.nonEmptyQuery("co-quan")
        if let year = req.nonEmptyQuery("nam") { filter.year = Int(year) }
        if let status = req.nonEmptyQuery("hieu-luc") { filter.effectStatus = EffectStatus(lenient: status) }
        if let slug = req.nonEmptyQuery("linh-vuc"), let topic = try await PortalQueries.topic(slug: slug, on: req.db) {
            filter.topic = topic.id
            topicSlug = slug
        }
        let keyword = req.nonEmptyQuery("tu-khoa").map { String($0.prefix(200)) }
        if let keyword { filter.matching = try await PortalQueries.documentsMatching(keyword, now: req.now, on: req.db) }
        let result = try await PortalQueries.documents(filter, page: page, perPage: Self.documentsPerPage, on: req.db)
        let facets = try await PortalQueries.documentFacets(on: req.db)
        let link: (Int) -> String = { number in
            var items: [URLQueryItem] = []
            if let type = filter.type { items.append(.init(name: "loai", value: type.rawValue)) }
            if let issuer = filter.issuer { items.append(.init(name: "co-quan", value: issuer)) }
            if let year = filter.year { items.append(.init(name: "nam", value: String(year))) }
            if let status = filter.effectStatus { items.append(.init(name: "hieu-luc", value: status.rawValue)) }
            if let topicSlug { items.append(.init(name: "linh-vuc", value: topicSlug)) }
            if let keyword { items.append(.init(name: "tu-khoa", value: keyword)) }
            if number > 1 { items.append(.init(name: "page", value: String(number))) }
            var components = URLComponents()
            components.path = SiteURL.documents.path
            components.queryItems = items.isEmpty ? nil : items
            return components.string ?? SiteURL.documents.path
        }
        return .html(
            PortalViews.documents(
                try await req.siteContext(), page: result, filter: filter, keyword: keyword, topicSlug: topicSlug,
                issuers: facets.issuers, years: facets.years, link: link))
    }

    @Sendable func document(req: Request) async throws -> Response {
        guard let document = try await PortalQueries.document(slug: req.parameters.get("slug") ?? "", on: req.db) else {
            throw Abort(.notFound)
        }
        let related = try await DocumentRelations.related(to: document, on: req.db)
        return .html(PortalViews.document(try await req.siteContext(), document: document, related: related))
    }

    @Sendable func infoPage(req: Request) async throws -> Response {
        guard let page = try await PortalQueries.infoPage(slug: req.parameters.get("slug") ?? "", on: req.db) else {
            throw Abort(.notFound)
        }
        let others = try await PortalQueries.infoPages(on: req.db)
        return .html(PortalViews.infoPage(try await req.siteContext(), page: page, others: others))
    }
}

/// Attachment downloads: outside the page cache, which holds pages and not files.
struct AttachmentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // Staff see attachments of drafts too, for the preview.
        routes.grouped(StaffAuthenticator()).get(.attachment, use: attachment)
    }

    /// Serves an attachment with headers that keep a browser from running it as a page.
    @Sendable func attachment(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: UUID.self),
            let file = try await Attachment.query(on: req.db).filter(\.$id == id).with(\.$document).with(\.$article).first()
        else { throw Abort(.notFound) }
        var published = file.document?.status == .published || file.article?.status == .published
        if let consultationID = file.consultationID {
            published = try await Consultation.find(consultationID, on: req.db)?.status == .published
        }
        guard published || req.staff != nil else { throw Abort(.notFound) }
        // The content never changes under its hash, so the hash is the ETag.
        let etag = "\"\(file.sha256.prefix(32))\""
        if let match = req.headers.first(name: .ifNoneMatch), PageCache.matches(match, etag) {
            return Response(status: .notModified, headers: [HTTPHeaders.Name.eTag.description: etag])
        }
        guard let data = try await req.application.loa.files.read(sha256: file.sha256) else {
            req.logger.error("attachment \(id) is missing its file \(file.sha256)")
            throw Abort(.notFound)
        }
        let response = Response(status: .ok, body: .init(buffer: data))
        response.headers.replaceOrAdd(name: .contentType, value: file.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(fileName: file.fileName))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: "default-src 'none'; sandbox")
        // A public record's file may still be replaced or withdrawn by an approver, so caches keep
        // it an hour and then ask again (the ETag makes that cheap); a draft's file is staff's only.
        response.headers.replaceOrAdd(name: .cacheControl, value: published ? "public, max-age=3600" : "private, no-store")
        response.headers.replaceOrAdd(name: .eTag, value: etag)
        return response
    }
}

extension Response {
    static func html(_ html: HTML, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response(status: status, body: .init(string: html.rendered))
        response.headers.contentType = .html
        return response
    }
}

extension Request {
    /// `?page=` as a number from 1; anything else is a bad request rather than a silent first page.
    func pageNumber() throws -> Int {
        guard let raw = query[String.self, at: "page"], !raw.isEmpty else { return 1 }
        guard let page = Int(raw), page >= 1, page <= 10_000 else {
            throw Abort(.badRequest, reason: "Số trang không hợp lệ: page phải là số nguyên từ 1 đến 10000.")
        }
        return page
    }

    func nonEmptyQuery(_ name: String) -> String? {
        guard let value = query[String.self, at: name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func siteContext() async throws -> SiteContext {
        siteContext(topics: try await PortalQueries.topics(on: db))
    }

    /// For handlers that have loaded the topics already: one query, not two.
    func siteContext(topics: [Topic]) -> SiteContext {
        let settings = application.loa.settings
        return SiteContext(
            name: settings.siteName, publicURL: settings.publicURL, topics: topics.map { TopicSummary(slug: $0.slug, name: $0.name) },
            now: now, agency: settings.agency)
    }
}

import Vapor

/// Every address Loa answers, in one table. Routes are registered from it (`routes.get(.article,
/// use: …)`) and links are built from it (`SiteRoute.article.path("luong-co-so")`, or the typed
/// `SiteURL`), so that a link cannot point where no route is; `RouteTableTests` proves that every
/// case is registered and that every registered route is a case. The raw value is the path as
/// registered: constants and `:parameters`. How a GET may be cached is stated here too.
enum SiteRoute: String, CaseIterable, Sendable {
    // MARK: The portal
    case home = "/"
    case topic = "/linh-vuc/:slug"
    case article = "/bai-viet/:slug"
    case documents = "/van-ban"
    case document = "/van-ban/:slug"
    case infoPage = "/trang/:slug"
    case attachment = "/tep/:id/:name"
    case search = "/tim-kiem"
    case petitionForm = "/phan-anh"
    case tracking = "/phan-anh/tra-cuu"
    case answers = "/hoi-dap"
    case answer = "/hoi-dap/:code"
    case openData = "/du-lieu-mo"
    case openDataFile = "/du-lieu-mo/:file"
    case consultations = "/du-thao"
    case consultation = "/du-thao/:slug"
    /// The synthesis of a closed draft: `tong-hop`, `tong-hop.csv`, `tong-hop.json`.
    case consultationFile = "/du-thao/:slug/:file"
    case comment = "/du-thao/:slug/gop-y"
    case commentConfirmation = "/du-thao/xac-nhan/:token"
    case follow = "/nhan-tin"
    /// Every published article, a month at a time (`?thang=2026-03`).
    case news = "/tin-tuc"

    // MARK: Feeds and files for machines
    case articlesFeed = "/feeds/articles.atom"
    case topicFeed = "/feeds/topics/:file"
    case answersFeed = "/feeds/answers.atom"
    case consultationsFeed = "/feeds/consultations.atom"
    case sitemap = "/sitemap.xml"
    case robots = "/robots.txt"
    case health = "/healthz"
    case metrics = "/metrics"
    case openAPI = "/openapi.json"
    case staticAsset = "/static/:file"
    case zaloWebhook = "/webhooks/zalo"
    case open311 = "/open311/v2/:file"
    case open311Service = "/open311/v2/services/:file"
    case open311Request = "/open311/v2/requests/:file"
    case open311Token = "/open311/v2/tokens/:file"

    // MARK: The JSON API
    case apiTopics = "/api/v1/topics"
    case apiArticles = "/api/v1/articles"
    case apiArticle = "/api/v1/articles/:article"
    case apiArticleAction = "/api/v1/articles/:article/:action"
    case apiDocuments = "/api/v1/documents"
    case apiDocument = "/api/v1/documents/:id"
    case apiDocumentAction = "/api/v1/documents/:id/:action"
    case apiSearch = "/api/v1/search"
    case apiSuggest = "/api/v1/search/suggest"
    case apiOpenData = "/api/v1/open-data"
    case apiAudit = "/api/v1/audit"
    case apiPetitions = "/api/v1/petitions"
    case apiPetitionStats = "/api/v1/petitions/stats"
    case apiPetition = "/api/v1/petitions/:code"
    case apiPetitionTransitions = "/api/v1/petitions/:code/transitions"
    case apiPetitionAnswer = "/api/v1/petitions/:code/answer"
    case apiConsultations = "/api/v1/consultations"
    case apiConsultation = "/api/v1/consultations/:consultation"
    case apiConsultationComments = "/api/v1/consultations/:consultation/comments"
    case apiConsultationPublish = "/api/v1/consultations/:consultation/publish"

    // MARK: The staff console: accounts
    case staffHome = "/staff"
    case staffLogin = "/staff/login"
    case staffLoginCode = "/staff/login/xac-thuc"
    case staffLogout = "/staff/logout"
    case staffPassword = "/staff/password"
    case staffForgotPassword = "/staff/quen-mat-khau"
    case staffResetPassword = "/staff/dat-lai-mat-khau/:token"
    case staffTwoFactor = "/staff/xac-thuc-hai-buoc"
    case staffTwoFactorEnable = "/staff/xac-thuc-hai-buoc/bat"
    case staffTwoFactorRecoveryCodes = "/staff/xac-thuc-hai-buoc/ma-khoi-phuc"
    case staffTwoFactorDisable = "/staff/xac-thuc-hai-buoc/tat"
    case staffUsers = "/staff/users"
    case staffUser = "/staff/users/:id"
    case staffTokens = "/staff/tokens"
    case staffTokenRevoke = "/staff/tokens/:id/revoke"
    case staffAudit = "/staff/audit"
    case staffJobs = "/staff/jobs"
    case staffJobsRetry = "/staff/jobs/retry"
    case staffJobRetry = "/staff/jobs/:id/retry"
    case staffDashboard = "/staff/dashboard"
    case staffDashboardFile = "/staff/dashboard/:file"
    case staffNotices = "/staff/thong-bao"
    case staffNoticesRead = "/staff/thong-bao/da-xem"

    // MARK: The staff console: articles and documents (the same pages for each)
    case staffArticles = "/staff/articles"
    case staffArticleNew = "/staff/articles/new"
    case staffArticle = "/staff/articles/:id"
    case staffArticleWorkflow = "/staff/articles/:id/workflow"
    case staffArticleDelete = "/staff/articles/:id/delete"
    case staffArticleRevisions = "/staff/articles/:id/revisions"
    case staffArticleCompare = "/staff/articles/:id/compare"
    case staffArticleRestore = "/staff/articles/:id/revisions/:number/restore"
    case staffArticleAttachments = "/staff/articles/:id/attachments"
    case staffArticleAttachmentDelete = "/staff/articles/:id/attachments/:attachment/delete"
    case staffDocuments = "/staff/documents"
    case staffDocumentNew = "/staff/documents/new"
    case staffDocument = "/staff/documents/:id"
    case staffDocumentWorkflow = "/staff/documents/:id/workflow"
    case staffDocumentDelete = "/staff/documents/:id/delete"
    case staffDocumentRevisions = "/staff/documents/:id/revisions"
    case staffDocumentCompare = "/staff/documents/:id/compare"
    case staffDocumentRestore = "/staff/documents/:id/revisions/:number/restore"
    case staffDocumentAttachments = "/staff/documents/:id/attachments"
    case staffDocumentAttachmentDelete = "/staff/documents/:id/attachments/:attachment/delete"
    case staffDocumentRelations = "/staff/documents/:id/relations"
    case staffDocumentRelationDelete = "/staff/documents/:id/relations/:relation/delete"

    // MARK: The staff console: drafts for consultation
    case staffConsultations = "/staff/consultations"
    case staffConsultationNew = "/staff/consultations/new"
    case staffConsultation = "/staff/consultations/:id"
    case staffConsultationPublish = "/staff/consultations/:id/publish"
    case staffConsultationComment = "/staff/consultations/:id/comments/:comment"
    case staffConsultationResponses = "/staff/consultations/:id/responses"
    case staffConsultationSynthesis = "/staff/consultations/:id/synthesis"
    case staffConsultationAttachments = "/staff/consultations/:id/attachments"
    case staffConsultationAttachmentDelete = "/staff/consultations/:id/attachments/:attachment/delete"

    // MARK: The staff console: petitions, units, Zalo
    case staffPetitions = "/staff/petitions"
    case staffPetitionsAssign = "/staff/petitions/assign"
    case staffPetitionFigures = "/staff/petitions/figures"
    case staffPetitionsExport = "/staff/petitions/export.csv"
    case staffPetition = "/staff/petitions/:code"
    case staffPetitionTransition = "/staff/petitions/:code/transition"
    case staffPetitionAnswer = "/staff/petitions/:code/answer"
    case staffPetitionAttachment = "/staff/petitions/:code/attachments/:id"
    case staffUnits = "/staff/units"
    case staffUnitMembers = "/staff/units/members"
    case staffZalo = "/staff/zalo"
    case staffZaloFollowersCSV = "/staff/zalo/followers-over-time.csv"
    case staffZaloFollower = "/staff/zalo/followers/:id"
    case staffZaloBroadcasts = "/staff/zalo/broadcasts"

    /// How a successful GET may be kept.
    enum CachePolicy: Sendable {
        /// The same for everyone: kept in the page cache and answered with an ETag.
        case sharedPage
        /// The same for everyone but computed each time (search counts what finds nothing): ETag only.
        case revalidated
        /// A person's own page, a form, the console, the API for staff: neither kept nor shared.
        case personal
    }

    var cachePolicy: CachePolicy {
        switch self {
        case .home, .topic, .article, .documents, .document, .infoPage, .petitionForm, .answers, .answer, .openData, .openDataFile,
            .consultations, .consultation, .consultationFile, .articlesFeed, .topicFeed, .answersFeed, .consultationsFeed, .sitemap,
            .robots, .follow, .news, .apiTopics, .apiArticles, .apiArticle, .apiDocuments, .apiDocument, .apiOpenData:
            .sharedPage
        case .search, .apiSearch, .apiSuggest: .revalidated
        default: .personal
        }
    }

    /// The path as Vapor registers it.
    var pathComponents: [PathComponent] {
        rawValue.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// The address with its parameters filled in, in order, each percent-encoded as one path
    /// segment. A missing parameter is a mistake in Loa's code; it leaves the placeholder's name,
    /// which no route answers, rather than stopping the server.
    func path(_ parameters: String...) -> String {
        var values = parameters.makeIterator()
        let segments = rawValue.split(separator: "/").map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            guard let value = values.next() else {
                assertionFailure("\(rawValue): missing \(segment)")
                return String(segment.dropFirst())
            }
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? ""
        }
        return "/" + segments.joined(separator: "/")
    }

    /// The route a registered Vapor route came from, kept in its `userInfo`.
    static let userInfoKey = "loa.site-route"
}

extension Route {
    /// The table's entry this route was registered from; nil for none (the route-table test fails then).
    var siteRoute: SiteRoute? { userInfo[AnySendableHashable(SiteRoute.userInfoKey)] as? SiteRoute }
}

extension RoutesBuilder {
    /// Registers `route` from the table; the builder may add middleware but no path of its own.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ route: SiteRoute, body: HTTPBodyStreamStrategy = .collect,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let registered = on(method, route.pathComponents, body: body, use: closure)
        registered.userInfo[AnySendableHashable(SiteRoute.userInfoKey)] = route
        return registered
    }

    @discardableResult
    func get<Response: AsyncResponseEncodable>(
        _ route: SiteRoute, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.GET, route, use: closure)
    }

    @discardableResult
    func post<Response: AsyncResponseEncodable>(
        _ route: SiteRoute, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.POST, route, use: closure)
    }

    @discardableResult
    func patch<Response: AsyncResponseEncodable>(
        _ route: SiteRoute, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.PATCH, route, use: closure)
    }

    @discardableResult
    func delete<Response: AsyncResponseEncodable>(
        _ route: SiteRoute, use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(.DELETE, route, use: closure)
    }
}

/// Applies each route's `CachePolicy` to its GETs, read from the route the request matched.
struct RouteCacheMiddleware: Middleware {
    let shared: PublicCacheMiddleware
    let revalidated: PublicCacheMiddleware

    init(cache: PageCache, securityHeaders: SecurityHeadersMiddleware) {
        shared = PublicCacheMiddleware(cache: cache, securityHeaders: securityHeaders)
        revalidated = PublicCacheMiddleware(cache: nil, securityHeaders: securityHeaders)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        switch request.route?.siteRoute?.cachePolicy {
        case .sharedPage: shared.respond(to: request, chainingTo: next)
        case .revalidated: revalidated.respond(to: request, chainingTo: next)
        case .personal, nil: next.respond(to: request)
        }
    }
}

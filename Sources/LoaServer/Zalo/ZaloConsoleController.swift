import Fluent
import LoaCore
import SQLKit
import Vapor

/// The communications page: followers over time, subscriptions per topic, broadcasts and their
/// delivery, each follower's conversation, the sandbox outbox, and a manual broadcast.
struct ZaloConsoleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let zalo = routes.grouped(StaffAuthenticator(), CSRFProtection())
        zalo.get(.staffZalo, use: overview)
        zalo.get(.staffZaloFollowersCSV, use: followersCSV)
        zalo.get(.staffZaloFollower, use: conversation)
        zalo.post(.staffZaloBroadcasts, use: broadcast)
    }

    struct Overview {
        var following: Int
        var newThisWeek: Int
        var overTime: [Charts.Point]
        var perTopic: [Charts.Point]
        var broadcasts: [(Broadcast, [BroadcastDelivery.Outcome: Int])]
        var followers: [Follower]
        var outbox: [ZaloMessage]
        var articles: [Article]
        var sandbox: Bool
    }

    /// Followers at the end of each of the last `days` days (Vietnam time), from follow and
    /// unfollow times, read as two columns only.
    static func followersOverTime(days: Int = 30, on db: any Database, now: Date = Date()) async throws -> [Charts.Point] {
        let today = VietnamTime.day(of: now)
        let days = (0..<days).reversed().map { today.adding(days: -$0) }
        let counts = try await DashboardFigures.followers(at: days.map(\.endInVietnam), on: db)
        return zip(days, counts).map { day, count in Charts.Point(label: "\(day.day)/\(day.month)", value: count) }
    }

    @Sendable func overview(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.manageZalo)
        let db = req.db
        let topics = try await PortalQueries.topics(on: db)
        let sql = db as! any SQLDatabase
        let counts = try await sql.select().column("topic").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(FollowerTopic.schema).groupBy("topic").all()
        var perTopic: [String: Int] = [:]
        for row in counts { perTopic[try row.decode(column: "topic", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        let broadcasts = try await Broadcast.query(on: db).sort(\.$createdAt, .descending).limit(20).all()
        let outcomes = try await ZaloBroadcasts.counts(of: broadcasts.compactMap(\.id), on: db)
        let overview = Overview(
            following: try await Follower.query(on: db).filter(\.$following == true).count(),
            newThisWeek: try await Follower.query(on: db).filter(\.$followedAt >= Date().addingTimeInterval(-7 * 86_400)).count(),
            overTime: try await Self.followersOverTime(on: db),
            perTopic: topics.map { Charts.Point(label: $0.name, value: Double(perTopic[$0.slug] ?? 0)) }.sorted { $0.value > $1.value },
            broadcasts: broadcasts.map { ($0, outcomes[$0.id!] ?? [:]) },
            followers: try await Follower.query(on: db).sort(\.$lastInteractionAt, .descending).limit(30).all(),
            outbox: try await ZaloMessage.query(on: db).filter(\.$direction == .outgoing).sort(\.$createdAt, .descending).limit(30).all(),
            articles: try await PortalQueries.publishedArticles(on: db).sort(\.$publishedAt, .descending).limit(50).all(),
            sandbox: req.application.loa.settings.zalo.isSandbox)
        return .html(
            ZaloConsoleViews.overview(
                staff, overview: overview, flash: req.nonEmptyQuery("flash"), permissions: req.application.loa.permissions))
    }

    @Sendable func followersCSV(req: Request) async throws -> Response {
        try req.consoleStaff(.manageZalo)
        return Charts.csv(try await Self.followersOverTime(on: req.db), header: ("Ngày", "Người quan tâm")).response(
            fileName: "nguoi-quan-tam.csv")
    }

    @Sendable func conversation(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.manageZalo)
        guard let id = req.parameters.get("id", as: UUID.self), let follower = try await Follower.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        let messages = try await ZaloMessage.query(on: req.db).filter(\.$zaloUserID == follower.zaloUserID).sort(\.$createdAt, .descending)
            .limit(200).all()
        let topics = try await FollowerTopic.query(on: req.db).filter(\.$followerID == id).all().map(\.topic)
        let petitions = try await Petition.query(on: req.db).filter(\.$zaloUserID == follower.zaloUserID).sort(\.$receivedAt, .descending)
            .all()
        return .html(
            ZaloConsoleViews.conversation(
                staff, follower: follower, messages: messages.reversed(), topics: topics, petitions: petitions,
                // Communications officers read what people ask, not their phone numbers, e-mails
                // or addresses: those are for the handlers of their petitions.
                mayViewPersonalData: req.application.loa.permissions.role(staff.role, may: .viewPersonalData),
                permissions: req.application.loa.permissions))
    }

    struct BroadcastInput: Content {
        var article: UUID
    }

    @Sendable func broadcast(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.manageZalo)
        let input = try req.content.decode(BroadcastInput.self)
        guard let article = try await PortalQueries.publishedArticles(on: req.db).filter(\.$id == input.article).first() else {
            throw Abort(.unprocessableEntity, reason: "Chỉ gửi được bài viết đã đăng.")
        }
        let broadcast = try await ZaloBroadcasts.start(article, startedBy: staff.email, app: req.application)
        try await Audit.record(
            req, "zalo.broadcast", recordType: "article", recordID: article.id?.uuidString, summary: article.title, on: req.db)
        return req.redirect(to: "\(SiteRoute.staffZalo.path())?flash=broadcast-\(broadcast.id!.uuidString.prefix(8))")
    }
}

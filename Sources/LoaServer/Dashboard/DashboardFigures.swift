import Fluent
import Foundation
import LoaCore
import SQLKit

/// The period the dashboard looks at: whole weeks (Monday to Sunday, as offices count them)
/// ending with the current one, optionally one topic.
struct DashboardPeriod: Sendable, Equatable {
    static let choices = [4, 12, 26, 52]

    var weeks: Int
    var topic: String?
    /// The Mondays that start each week, oldest first.
    let weekStarts: [CalendarDay]
    let today: CalendarDay

    init(weeks: Int, topic: String?, now: Date = Date()) {
        self.weeks = Self.choices.contains(weeks) ? weeks : 12
        self.topic = topic
        today = VietnamTime.day(of: now)
        let thisMonday = today.adding(days: 1 - today.weekday)
        weekStarts = (0..<self.weeks).reversed().map { thisMonday.adding(days: -7 * $0) }
    }

    var firstDay: CalendarDay { weekStarts[0] }
    var start: Date { firstDay.startInVietnam }
    /// "dd/mm" of each week's Monday, the labels under the charts.
    var labels: [String] { weekStarts.map { "\($0.day)/\($0.month)" } }
    /// The last moment of each week, or now for the current week.
    var weekEnds: [Date] { weekStarts.map { min($0.adding(days: 6).endInVietnam, today.endInVietnam) } }

    /// The week a moment falls in, if within the period.
    func week(of date: Date) -> Int? {
        let day = VietnamTime.day(of: date)
        guard day >= firstDay, !(today < day) else { return nil }
        return (day.daysSince1970 - firstDay.daysSince1970) / 7
    }
}

/// Everything on the dashboard, computed from the database for one period. Each chart is a
/// `Dataset`, so that the page, its data tables and the CSV downloads show the same numbers.
struct DashboardFigures: Sendable {
    enum Chart: String, CaseIterable, Sendable {
        case petitionsPerWeek = "phan-anh-theo-tuan"
        case overdueByUnit = "qua-han-theo-don-vi"
        case followers = "nguoi-quan-tam"
        case subscriptions = "dang-ky-theo-linh-vuc"
        case broadcastReach = "tiep-can-ban-tin"
        case mostRead = "bai-doc-nhieu"
        case searchMisses = "tim-kiem-khong-thay"
    }

    enum Kind: Sendable { case lines, bars }

    struct Dataset: Sendable {
        var chart: Chart
        var title: String
        var kind: Kind
        /// The first column's name in tables and CSV.
        var labelHeader: String
        var labels: [String]
        var series: [Charts.Series]
    }

    var period: DashboardPeriod
    var received = 0
    var answered = 0
    /// Of the petitions answered in the period, the share answered by their deadline.
    var onTimeShare: Double?
    var medianWorkingDaysToAnswer: Double?
    var overdueNow = 0
    var followersNow = 0
    var readings = 0
    var datasets: [Dataset] = []

    func dataset(_ chart: Chart) -> Dataset? { datasets.first { $0.chart == chart } }

    static func compute(
        period: DashboardPeriod, settings: Settings, on db: any Database, now: Date = Date()
    ) async throws
        -> DashboardFigures
    {
        var figures = DashboardFigures(period: period)
        let topics = try await PortalQueries.topics(on: db)
        try await figures.addPetitions(settings: settings, on: db, now: now)
        try await figures.addFollowers(topics: topics, on: db)
        try await figures.addBroadcasts(on: db)
        try await figures.addReadings(on: db)
        try await figures.addSearchMisses(on: db)
        return figures
    }

    private mutating func addPetitions(settings: Settings, on db: any Database, now: Date) async throws {
        var query = Petition.query(on: db).group(.or) { group in
            group.filter(\.$receivedAt >= period.start).filter(\.$answeredAt >= period.start)
        }
        if let topic = period.topic { query = query.filter(\.$topic == topic) }
        let petitions = try await query.all()
        var receivedPerWeek = [Double](repeating: 0, count: period.weeks)
        var answeredPerWeek = receivedPerWeek
        var onTime = 0
        var days: [Int] = []
        for petition in petitions {
            if let week = period.week(of: petition.receivedAt) {
                receivedPerWeek[week] += 1
                received += 1
            }
            if let answeredAt = petition.answeredAt, let week = period.week(of: answeredAt) {
                answeredPerWeek[week] += 1
                answered += 1
                if answeredAt <= PetitionFigures.answerDeadline(receivedAt: petition.receivedAt, settings: settings) { onTime += 1 }
                days.append(settings.workingCalendar.workingDays(from: petition.receivedAt, to: answeredAt))
            }
        }
        onTimeShare = days.isEmpty ? nil : Double(onTime) / Double(days.count)
        medianWorkingDaysToAnswer = PetitionFigures.median(days)
        datasets.append(
            Dataset(
                chart: .petitionsPerWeek, title: "Phản ánh, kiến nghị nhận và trả lời theo tuần", kind: .lines, labelHeader: "Tuần từ",
                labels: period.labels,
                series: [.init(name: "Đã nhận", values: receivedPerWeek), .init(name: "Đã trả lời", values: answeredPerWeek)]))

        // Overdue is about today, whatever the period: the open petitions past their deadline.
        var open = Petition.query(on: db).filter(\.$state ~~ PetitionInbox.openStates).filter(\.$dueAt < now)
        if let topic = period.topic { open = open.filter(\.$topic == topic) }
        let overdue = try await open.all()
        overdueNow = overdue.count
        let units = Dictionary(
            try await OrganisationUnit.query(on: db).all().compactMap { unit in unit.id.map { ($0, unit.name) } },
            uniquingKeysWith: { first, _ in first })
        let byUnit = Dictionary(grouping: overdue) { $0.unitID.flatMap { units[$0] } ?? "Chưa giao đơn vị" }
            .map { (name: $0.key, count: $0.value.count) }
            .sorted { ($0.count, $1.name) > ($1.count, $0.name) }
        datasets.append(
            Dataset(
                chart: .overdueByUnit, title: "Phản ánh đang quá hạn theo đơn vị", kind: .bars, labelHeader: "Đơn vị",
                labels: byUnit.map(\.name), series: [.init(name: "Quá hạn", values: byUnit.map { Double($0.count) })]))
    }

    private mutating func addFollowers(topics: [Topic], on db: any Database) async throws {
        let ends = period.weekEnds
        let changes = try await SubscriptionChange.query(on: db).all()
        func subscribers(_ topic: String) -> [Double] {
            let mine = changes.filter { $0.topic == topic }
            return ends.map { end in Double(mine.filter { $0.at <= end }.reduce(0) { $0 + $1.delta }) }
        }
        if let topic = period.topic {
            // With a topic chosen, the people who follow it are its subscribers.
            let name = topics.first { $0.slug == topic }?.name ?? topic
            let line = subscribers(topic)
            followersNow = Int(line.last ?? 0)
            datasets.append(
                Dataset(
                    chart: .followers, title: "Người đăng ký lĩnh vực \(name) trên Zalo", kind: .lines, labelHeader: "Cuối tuần",
                    labels: period.labels, series: [.init(name: "Người đăng ký", values: line)]))
        } else {
            let line = try await Self.followers(at: ends, on: db)
            followersNow = try await Follower.query(on: db).filter(\.$following == true).count()
            datasets.append(
                Dataset(
                    chart: .followers, title: "Người quan tâm Zalo OA", kind: .lines, labelHeader: "Cuối tuần", labels: period.labels,
                    series: [.init(name: "Người quan tâm", values: line)]))
        }
        // The topics with the most subscribers now, at most six lines so the chart stays readable.
        let shown = topics.filter { period.topic == nil || $0.slug == period.topic }
        let lines = shown.map { topic in Charts.Series(name: topic.name, values: subscribers(topic.slug)) }
            .sorted { ($0.values.last ?? 0) > ($1.values.last ?? 0) }.prefix(6)
        datasets.append(
            Dataset(
                chart: .subscriptions, title: "Đăng ký nhận tin theo lĩnh vực", kind: .lines, labelHeader: "Cuối tuần",
                labels: period.labels, series: Array(lines)))
    }

    /// How many people followed the OA at each moment: followed by then and not unfollowed since.
    static func followers(at moments: [Date], on db: any Database) async throws -> [Double] {
        let rows = try await Follower.query(on: db).filter(\.$followedAt != nil)
            .field(\.$followedAt).field(\.$unfollowedAt).field(\.$following).all()
        return moments.map { end in
            Double(
                rows.filter { follower in
                    guard let followed = follower.followedAt, followed <= end else { return false }
                    if let unfollowed = follower.unfollowedAt, unfollowed <= end, !follower.following || unfollowed > followed {
                        return false
                    }
                    return true
                }.count)
        }
    }

    private mutating func addBroadcasts(on db: any Database) async throws {
        var query = Broadcast.query(on: db).filter(\.$createdAt >= period.start)
        if let topic = period.topic { query = query.filter(\.$topics, .contains(inverse: false, .anywhere), ",\(topic),") }
        let broadcasts = try await query.all()
        let weeks = Dictionary(uniqueKeysWithValues: broadcasts.compactMap { b in b.id.map { ($0, period.week(of: b.createdAt)) } })
        let outcomes = try await ZaloBroadcasts.counts(of: Array(weeks.keys), on: db)
        var reached = [Double](repeating: 0, count: period.weeks)
        var missed = reached
        for (id, week) in weeks {
            guard let week else { continue }
            for (outcome, count) in outcomes[id] ?? [:] {
                switch outcome {
                case .sent, .sandbox: reached[week] += Double(count)
                case .outsideWindow, .unfollowed, .failed, .interrupted: missed[week] += Double(count)
                case .sending: break
                }
            }
        }
        datasets.append(
            Dataset(
                chart: .broadcastReach, title: "Tin gửi qua Zalo theo tuần", kind: .lines, labelHeader: "Tuần từ", labels: period.labels,
                series: [.init(name: "Đã đến người nhận", values: reached), .init(name: "Không gửi được", values: missed)]))
    }

    private mutating func addReadings(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT path, CAST(SUM(count) AS BIGINT) AS n FROM page_reads
            WHERE day >= \(bind: period.firstDay.description) AND day <= \(bind: period.today.description)
            GROUP BY path
            """
        ).all()
        var perArticle: [String: Int] = [:]
        for row in rows {
            let path = try row.decode(column: "path", as: String.self)
            let count = try row.decode(column: "n", as: Int.self)
            readings += count
            if path.hasPrefix("/bai-viet/") { perArticle[String(path.dropFirst("/bai-viet/".count)), default: 0] += count }
        }
        var articles =
            perArticle.isEmpty ? [] : try await Article.query(on: db).filter(\.$slug ~~ Array(perArticle.keys)).with(\.$topics).all()
        if let topic = period.topic { articles = articles.filter { $0.topics.contains { $0.slug == topic } } }
        let top = articles.map { (title: $0.title, count: perArticle[$0.slug] ?? 0) }
            .sorted { ($0.count, $1.title) > ($1.count, $0.title) }.prefix(10)
        datasets.append(
            Dataset(
                chart: .mostRead, title: "Bài viết được đọc nhiều nhất", kind: .bars, labelHeader: "Bài viết", labels: top.map(\.title),
                series: [.init(name: "Lượt đọc", values: top.map { Double($0.count) })]))
    }

    private mutating func addSearchMisses(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT query, CAST(SUM(count) AS BIGINT) AS n FROM search_miss_days
            WHERE day >= \(bind: period.firstDay.description) AND day <= \(bind: period.today.description)
            GROUP BY query ORDER BY n DESC, query LIMIT 15
            """
        ).all()
        let misses = try rows.map { (try $0.decode(column: "query", as: String.self), try $0.decode(column: "n", as: Int.self)) }
        datasets.append(
            Dataset(
                chart: .searchMisses, title: "Tìm kiếm không có kết quả, nhiều nhất trước", kind: .bars, labelHeader: "Từ khóa",
                labels: misses.map(\.0), series: [.init(name: "Số lần", values: misses.map { Double($0.1) })]))
    }
}

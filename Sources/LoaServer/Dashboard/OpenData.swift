import Fluent
import Foundation
import LoaCore
import SQLKit
import Vapor

/// The data the agency publishes for anyone to reuse: published answers, the register of legal
/// documents and monthly statistics, each as CSV and JSON. Only what is already public, or
/// counts, goes in: never a petitioner's name, contact or question as sent.
enum OpenData {
    static let licence = "Dữ liệu mở, được sử dụng tự do với điều kiện ghi rõ nguồn (Creative Commons Ghi công 4.0 – CC BY 4.0)."
    static let licenceURL = "https://creativecommons.org/licenses/by/4.0/deed.vi"

    enum Dataset: String, CaseIterable, Sendable {
        case answers = "hoi-dap"
        case documents = "van-ban"
        case monthly = "thong-ke-thang"

        var title: String {
            switch self {
            case .answers: "Câu trả lời phản ánh, kiến nghị đã công khai"
            case .documents: "Hệ thống văn bản quy phạm pháp luật và văn bản chỉ đạo"
            case .monthly: "Số liệu thống kê theo tháng"
            }
        }

        var description: String {
            switch self {
            case .answers: "Câu hỏi và câu trả lời đã được ẩn thông tin cá nhân, kèm lĩnh vực, ngày nhận, ngày trả lời và đường dẫn."
            case .documents:
                "Số, ký hiệu, trích yếu, loại, cơ quan ban hành, người ký, ngày ban hành, ngày hiệu lực và tình trạng hiệu lực."
            case .monthly:
                """
                Mỗi tháng: phản ánh nhận, đã trả lời, trả lời đúng hạn, số ngày làm việc trung vị, câu trả lời công khai, bài viết và \
                văn bản đăng mới, người quan tâm Zalo, lượt đọc.
                """
            }
        }
    }

    /// A value in a table: text, a whole number, a decimal, or nothing.
    enum Cell: Encodable, Sendable {
        case text(String)
        case integer(Int)
        case decimal(Double)
        case none

        var csv: String {
            switch self {
            case .text(let text): text
            case .integer(let number): String(number)
            case .decimal(let number): String(format: "%.3f", number)
            case .none: ""
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .integer(let number): try container.encode(number)
            case .decimal(let number): try container.encode((number * 1000).rounded() / 1000)
            case .none: try container.encodeNil()
            }
        }
    }

    struct Table: Sendable {
        var dataset: Dataset
        var columns: [String]
        var rows: [[Cell]]
        var updatedAt: Date

        var csv: CSV {
            var csv = CSV(header: columns)
            for row in rows { csv.append(row.map(\.csv)) }
            return csv
        }
    }

    /// The JSON file: what it is, under which licence, when it changed, and the rows as objects.
    struct Document: Encodable {
        var dataset: String
        var title: String
        var licence: String
        var licenceUrl: String
        var source: String
        var updatedAt: Date
        var columns: [String]
        var items: [[String: Cell]]

        init(_ table: Table, source: String) {
            dataset = table.dataset.rawValue
            title = table.dataset.title
            licence = OpenData.licence
            licenceUrl = OpenData.licenceURL
            self.source = source
            updatedAt = table.updatedAt
            columns = table.columns
            items = table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.columns, $0)) }
        }
    }

    static func table(_ dataset: Dataset, settings: Settings, on db: any Database, now: Date = Date()) async throws -> Table {
        switch dataset {
        case .answers: try await answers(settings: settings, on: db)
        case .documents: try await documents(settings: settings, on: db)
        case .monthly: try await monthly(settings: settings, on: db, now: now)
        }
    }

    private static func answers(settings: Settings, on db: any Database) async throws -> Table {
        let items = try await PetitionController.publishedAnswers(on: db).sort(\.$publishedAt, .descending).all()
        return Table(
            dataset: .answers,
            columns: ["code", "topic", "title", "question", "answer", "received_on", "answered_on", "published_on", "url"],
            rows: items.map { petition in
                [
                    .text(petition.code), .text(petition.topic), .text(petition.publicTitle ?? ""), .text(petition.publicQuestion ?? ""),
                    .text(petition.publicAnswer ?? ""), .text(VietnamTime.day(of: petition.receivedAt).description),
                    petition.answeredAt.map { .text(VietnamTime.day(of: $0).description) } ?? .none,
                    .text(VietnamTime.day(of: petition.publishedAt ?? petition.receivedAt).description),
                    .text(SiteURL.answer(petition.code).absolute(settings.publicURL)),
                ]
            },
            updatedAt: items.compactMap(\.publishedAt).max() ?? Date(timeIntervalSince1970: 0))
    }

    private static func documents(settings: Settings, on db: any Database) async throws -> Table {
        let items = try await PortalQueries.publishedDocuments(on: db).with(\.$topics).sort(\.$issuedOn, .descending).all()
        return Table(
            dataset: .documents,
            columns: [
                "number", "title", "type", "issuer", "signer", "issued_on", "effective_on", "effect_status", "topics", "summary", "url",
            ],
            rows: items.map { document in
                [
                    .text(document.number), .text(document.title), .text(document.type.name), .text(document.issuer),
                    document.signer.map { .text($0) } ?? .none, .text(document.issuedOn), document.effectiveOn.map { .text($0) } ?? .none,
                    .text(document.effectStatus.name), .text(document.topics.map(\.slug).joined(separator: ";")), .text(document.summary),
                    .text(SiteURL.document(document.slug).absolute(settings.publicURL)),
                ]
            },
            updatedAt: items.compactMap { $0.updatedAt ?? $0.publishedAt }.max() ?? Date(timeIntervalSince1970: 0))
    }

    /// One row a month, from the first month with a petition or an article to the current one.
    private static func monthly(settings: Settings, on db: any Database, now: Date) async throws -> Table {
        let petitions = try await Petition.query(on: db).field(\.$receivedAt).field(\.$answeredAt).field(\.$publishedAt)
            .field(\.$state).all()
        let articles = try await PortalQueries.publishedArticles(on: db, now: now).field(\.$publishedAt).all().compactMap(\.publishedAt)
        let documents = try await PortalQueries.publishedDocuments(on: db).field(\.$publishedAt).all().compactMap(\.publishedAt)
        let reads = try await (db as! any SQLDatabase).raw(
            "SELECT substr(day, 1, 7) AS month, CAST(SUM(count) AS BIGINT) AS n FROM page_reads GROUP BY substr(day, 1, 7)"
        ).all()
        var readsPerMonth: [String: Int] = [:]
        for row in reads {
            readsPerMonth[try row.decode(column: "month", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }

        let month = { (date: Date) -> String in String(VietnamTime.day(of: date).description.prefix(7)) }
        let today = VietnamTime.day(of: now)
        let firstDates = petitions.map(\.receivedAt) + articles
        var first = firstDates.min().map { VietnamTime.day(of: $0) } ?? today
        // Five years at most: older months belong in an archive, not in every download.
        if today.year * 12 + today.month - (first.year * 12 + first.month) >= 60 {
            first = CalendarDay(year: today.year - 5, month: today.month, day: 1)!
        }
        let nextMonth = { (day: CalendarDay) in
            CalendarDay(year: day.month == 12 ? day.year + 1 : day.year, month: day.month % 12 + 1, day: 1)!
        }
        var months: [CalendarDay] = []
        var cursor = CalendarDay(year: first.year, month: first.month, day: 1)!
        while !(today < cursor) {
            months.append(cursor)
            cursor = nextMonth(cursor)
        }
        let monthEnds = months.map { min(nextMonth($0).adding(days: -1).endInVietnam, now) }
        let followers = try await DashboardFigures.followers(at: monthEnds, on: db)

        var rows: [[Cell]] = []
        for (index, start) in months.enumerated() {
            let key = String(start.description.prefix(7))
            let received = petitions.filter { month($0.receivedAt) == key }
            let answered = petitions.filter { $0.answeredAt.map(month) == key }
            let onTime = answered.filter {
                $0.answeredAt! <= PetitionFigures.answerDeadline(receivedAt: $0.receivedAt, settings: settings)
            }.count
            let days = answered.map { settings.workingCalendar.workingDays(from: $0.receivedAt, to: $0.answeredAt!) }
            rows.append([
                .text(key), .integer(received.count), .integer(answered.count), .integer(onTime),
                answered.isEmpty ? .none : .decimal(Double(onTime) / Double(answered.count)),
                PetitionFigures.median(days).map { .decimal($0) } ?? .none,
                .integer(petitions.filter { $0.state == .published && $0.publishedAt.map(month) == key }.count),
                .integer(articles.filter { month($0) == key }.count), .integer(documents.filter { month($0) == key }.count),
                .integer(Int(followers[index])), .integer(readsPerMonth[key] ?? 0),
            ])
        }
        return Table(
            dataset: .monthly,
            columns: [
                "month", "petitions_received", "petitions_answered", "answered_on_time", "on_time_share",
                "median_working_days_to_answer", "answers_published", "articles_published", "documents_published",
                "zalo_followers_end_of_month", "page_reads",
            ],
            rows: rows, updatedAt: now)
    }
}

/// `/du-lieu-mo`: the open-data page and its files, and `/api/v1/open-data`, the same catalogue
/// for programs.
struct OpenDataController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.openData, use: page)
        routes.get(.openDataFile, use: file)
        routes.get(.apiOpenData, use: catalogue)
    }

    static let operations = [
        APIOperation(
            method: .GET, route: .apiOpenData, id: "openDataCatalogue",
            summary: "Dữ liệu mở: the datasets (published answers, legal-document register, monthly statistics), each as CSV and JSON, "
                + "with the licence and last-updated time",
            answers: [APIAnswer(200, "The catalogue", APIType(Catalogue.self, "OpenDataCatalogue"))])
    ]

    struct Entry: Codable {
        struct File: Codable, APIDocumented {
            var format: String
            var url: String

            static let apiFields = ["format": APIField(allowed: ["csv", "json"])]
        }

        var id: String
        var title: String
        var description: String
        var rows: Int
        var updatedAt: Date
        var files: [File]
    }

    struct Catalogue: Codable {
        var licence: String
        var licenceUrl: String
        var publisher: String
        var datasets: [Entry]
    }

    private func catalogue(_ req: Request) async throws -> Catalogue {
        let settings = req.application.loa.settings
        var entries: [Entry] = []
        for dataset in OpenData.Dataset.allCases {
            let table = try await OpenData.table(dataset, settings: settings, on: req.db, now: req.now)
            entries.append(
                Entry(
                    id: dataset.rawValue, title: dataset.title, description: dataset.description, rows: table.rows.count,
                    updatedAt: table.updatedAt,
                    files: ["csv", "json"].map {
                        .init(format: $0, url: settings.publicURL + SiteRoute.openDataFile.path("\(dataset.rawValue).\($0)"))
                    }))
        }
        return Catalogue(licence: OpenData.licence, licenceUrl: OpenData.licenceURL, publisher: settings.siteName, datasets: entries)
    }

    @Sendable func catalogue(req: Request) async throws -> Response {
        try .json(try await catalogue(req))
    }

    @Sendable func page(req: Request) async throws -> Response {
        let catalogue = try await catalogue(req)
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(OpenDataViews.page(req.siteContext(topics: topics), catalogue: catalogue))
    }

    @Sendable func file(req: Request) async throws -> Response {
        let name = req.parameters.get("file") ?? ""
        let parts = name.split(separator: ".")
        guard parts.count == 2, let dataset = OpenData.Dataset(rawValue: String(parts[0])), ["csv", "json"].contains(parts[1]) else {
            throw Abort(.notFound)
        }
        let settings = req.application.loa.settings
        let table = try await OpenData.table(dataset, settings: settings, on: req.db, now: req.now)
        if parts[1] == "json" {
            return try .json(OpenData.Document(table, source: SiteURL.openData.absolute(settings.publicURL)))
        }
        return table.csv.response(fileName: name)
    }
}

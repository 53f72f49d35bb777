import Fluent
import Foundation
import LoaCore
import Vapor

/// `/staff/dashboard`: whether people are heard on time and whether policy reaches them, for
/// every member of staff (it holds no personal data), with each chart's figures as CSV.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffDashboard, use: page)
        staff.get(.staffDashboardFile, use: csv)
    }

    private func figures(_ req: Request) async throws -> DashboardFigures {
        let weeks = req.query[Int.self, at: "tuan"] ?? 12
        var topic = req.nonEmptyQuery("linh-vuc")
        if let chosen = topic, try await PortalQueries.topic(slug: chosen, on: req.db) == nil { topic = nil }
        return try await DashboardFigures.compute(
            period: DashboardPeriod(weeks: weeks, topic: topic, now: req.now), settings: req.application.loa.settings, on: req.db,
            now: req.now)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        let figures = try await figures(req)
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(DashboardViews.page(staff, figures: figures, topics: topics, permissions: req.application.loa.permissions))
    }

    @Sendable func csv(req: Request) async throws -> Response {
        try req.consoleStaff()
        let file = req.parameters.get("file") ?? ""
        guard file.hasSuffix(".csv"), let chart = DashboardFigures.Chart(rawValue: String(file.dropLast(4))) else {
            throw Abort(.notFound)
        }
        guard let dataset = try await figures(req).dataset(chart) else { throw Abort(.notFound) }
        return Charts.csv(labels: dataset.labels, series: dataset.series, labelHeader: dataset.labelHeader).response(fileName: file)
    }
}

import Fluent
import SQLKit
import Vapor

/// What operators and their tools read: health, metrics, the API description and static assets.
struct OperationsController: RouteCollection {
    /// `/openapi.json`, built once at start from the operations the API controllers declare.
    let apiDescription: String

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.health, use: health)
        routes.get(.metrics, use: metrics)
        routes.get(.openAPI, use: openAPI)
        routes.get(.staticAsset, use: asset)
    }

    struct Health: Content {
        var status: String
        var database: String
        var databaseLatencyMs: Double
        var disk: String
        var freeMegabytes: Int?
    }

    /// Ok only when Loa can do its work: the database answers and has not turned requests away as
    /// busy in the last 30 seconds (a held SQLite lock leaves reads working), and the data folder
    /// has room for what people send.
    @Sendable func health(req: Request) async throws -> Response {
        let started = ContinuousClock.now
        var database = "ok"
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
            if req.application.loa.metrics.databaseBusy(within: .seconds(30)) { database = "busy" }
        } catch {
            req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            database = "unreachable"
        }
        let latency = started.duration(to: .now).seconds * 1000
        let settings = req.application.loa.settings
        let free = freeMegabytes(at: settings.dataDirectory)
        let disk = free.map { $0 < settings.minimumFreeMegabytes ? "low" : "ok" } ?? "unknown"
        let healthy = database == "ok" && disk != "low"
        let body = Health(
            status: healthy ? "ok" : "error", database: database, databaseLatencyMs: (latency * 100).rounded() / 100, disk: disk,
            freeMegabytes: free)
        let response = try Response.json(body, status: healthy ? .ok : .serviceUnavailable)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// `/metrics` names routes, queue depths and staff activity: with `LOA_METRICS_TOKEN` it asks
    /// for that token; without, it answers only this machine (a scraper on the same host), never
    /// a request that came through a proxy.
    @Sendable func metrics(req: Request) async throws -> Response {
        if let token = req.application.loa.settings.metricsToken {
            guard let sent = req.headers.bearerAuthorization?.token, Secrets.constantTimeEquals(sent, token) else {
                throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Cần LOA_METRICS_TOKEN để đọc số đo.")
            }
        } else if !req.isFromThisMachine {
            throw Abort(.forbidden, reason: "Số đo chỉ đọc được từ chính máy chủ; đặt LOA_METRICS_TOKEN để đọc từ nơi khác.")
        }
        var extra = ""
        let started = ContinuousClock.now
        var databaseUp = 1
        do {
            let depth = try await JobQueue.depth(on: req.db)
            extra += "# HELP loa_jobs Jobs in the queue by state.\n# TYPE loa_jobs gauge\n"
            for state in ["queued", "scheduled", "running", "done", "dead"] {
                extra += "loa_jobs{state=\"\(state)\"} \(depth[state] ?? 0)\n"
            }
        } catch {
            databaseUp = 0
        }
        extra += "# HELP loa_database_up Whether the last query to the database succeeded.\n# TYPE loa_database_up gauge\n"
        extra += "loa_database_up \(databaseUp)\n"
        extra += "# HELP loa_database_query_seconds Time of the queue-depth query made for this scrape.\n"
        extra += "# TYPE loa_database_query_seconds gauge\nloa_database_query_seconds \(started.duration(to: .now).seconds)\n"
        let pool = req.application.loa.settings.databasePoolSize
        extra += "# HELP loa_database_pool_connections_max Connections each event loop may open.\n"
        extra += "# TYPE loa_database_pool_connections_max gauge\nloa_database_pool_connections_max \(pool)\n"
        let response = Response(status: .ok, body: .init(string: req.application.loa.metrics.render(extra: extra)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/plain; version=0.0.4; charset=utf-8")
        return response
    }

    @Sendable func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(string: apiDescription))
        response.headers.contentType = .json
        return response
    }

    @Sendable func asset(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let (body, type): (String, HTTPMediaType)
        switch file {
        case "loa-\(StaticAssets.version).css": (body, type) = (StaticAssets.stylesheet, .css)
        case "loa-\(StaticAssets.version).js":
            (body, type) = (StaticAssets.script, .init(type: "text", subType: "javascript", parameters: ["charset": "utf-8"]))
        default:
            guard let sheet = StaticAssets.colourStylesheet(file: file) else { throw Abort(.notFound) }
            (body, type) = (sheet, .css)
        }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}

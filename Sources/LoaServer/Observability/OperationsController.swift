import Fluent
import SQLKit
import Vapor

/// What operators and their tools read: health, metrics, the API description and static assets.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openAPI)
        routes.get("static", ":file", use: asset)
    }

    struct Health: Content {
        var status: String
        var database: String
        var databaseLatencyMs: Double
    }

    @Sendable func health(req: Request) async throws -> Response {
        let started = ContinuousClock.now
        var healthy = true
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
        } catch {
            req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            healthy = false
        }
        let latency = started.duration(to: .now).seconds * 1000
        let body = Health(
            status: healthy ? "ok" : "error", database: healthy ? "ok" : "unreachable", databaseLatencyMs: (latency * 100).rounded() / 100)
        let response = try Response.json(body, status: healthy ? .ok : .serviceUnavailable)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        var extra = ""
        let started = ContinuousClock.now
        var databaseUp = 1
        do {
            let depth = try await JobQueue.depth(on: req.db)
            extra += "# HELP loa_jobs Jobs in the queue by state.\n# TYPE loa_jobs gauge\n"
            for state in ["queued", "running", "done", "dead"] {
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
        let response = Response(status: .ok, body: .init(string: OpenAPIDocument.json(serverURL: req.application.loa.settings.publicURL)))
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
        default: throw Abort(.notFound)
        }
        let response = Response(status: .ok, body: .init(string: body))
        response.headers.contentType = type
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=31536000, immutable")
        return response
    }
}

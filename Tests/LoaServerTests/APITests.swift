import Foundation
import Testing
import VaporTesting

@testable import LoaServer

@Suite struct APITests {
    func validator(_ app: Application) async throws -> SchemaValidator {
        SchemaValidator(document: try await app.get("/openapi.json").json())
    }

    @Test func listsHaveTheSharedShapeAndMatchTheirSchemas() async throws {
        try await withLoa(demo: true) { app in
            let schemas = try await validator(app)
            for (path, schema) in [
                ("/api/v1/topics", "TopicList"), ("/api/v1/articles", "ArticleList"),
                ("/api/v1/articles?topic=tien-luong&per_page=2&page=2", "ArticleList"),
                ("/api/v1/documents", "DocumentList"), ("/api/v1/documents?type=nghi-dinh&year=2024", "DocumentList"),
            ] {
                let response = try await app.get(path)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers.contentType == .json)
                let json = try response.json()
                #expect(schemas.problems(json, against: schemas.schema(named: schema)) == [], "\(path)")
                for item in json["items"]?.array ?? [] {
                    #expect(item["url"]?.string?.hasPrefix("https://loa.example.gov.vn/") == true)
                }
            }
            let topics = try await app.get("/api/v1/topics").json()
            #expect(topics["total"]?.int == 12)
            let page = try await app.get("/api/v1/articles?topic=tien-luong&per_page=2&page=2").json()
            #expect(page["page"]?.int == 2)
            #expect(page["per_page"]?.int == 2)
            #expect(page["items"]?.array?.count == 2)
            #expect((page["total"]?.int ?? 0) >= 4)
            for item in page["items"]?.array ?? [] {
                #expect(item["topics"]?.stringList?.contains("tien-luong") == true)
                #expect(item["body"] == nil)
            }
        }
    }

    @Test func singleArticleAndDocument() async throws {
        try await withLoa(demo: true) { app in
            let schemas = try await validator(app)
            let list = try await app.get("/api/v1/articles?per_page=1").json()
            let slug = try #require(list["items"]?[0]?["slug"]?.string)
            let article = try await app.get("/api/v1/articles/\(slug)").json()
            #expect(schemas.problems(article, against: schemas.schema(named: "Article")) == [])
            #expect(article["body_html"]?.string?.contains("<p>") == true)

            let decrees = try await app.get("/api/v1/documents?type=nghi-dinh&year=2024").json()
            let decree = try #require(decrees["items"]?.array?.first { $0["number"]?.string == "178/2024/NĐ-CP" })
            let id = try #require(decree["id"]?.string)
            let detail = try await app.get("/api/v1/documents/\(id)").json()
            #expect(schemas.problems(detail, against: schemas.schema(named: "Document")) == [])
            #expect(detail["attachments"]?.array?.count == 1)
            #expect(detail["issued_on"]?.string == "2024-12-31")
            #expect(detail["type"]?.string == "nghi-dinh")
        }
    }

    @Test(arguments: [
        ("/api/v1/articles?page=0", 400, "invalid_page"),
        ("/api/v1/articles?page=abc", 400, "invalid_page"),
        ("/api/v1/articles?per_page=101", 400, "invalid_per_page"),
        ("/api/v1/articles?topic=khong-co", 400, "unknown_topic"),
        ("/api/v1/articles/khong-co", 404, "not_found"),
        ("/api/v1/documents?type=sac-lenh", 400, "invalid_type"),
        ("/api/v1/documents?year=20x5", 400, "invalid_year"),
        ("/api/v1/documents?status=mot-nua", 400, "invalid_status"),
        ("/api/v1/documents/not-a-uuid", 404, "not_found"),
        ("/api/v1/documents/5A1F3A54-0000-4000-8000-000000000000", 404, "not_found"),
        ("/api/v1/khong-co", 404, "not_found"),
    ])
    func badRequestsGetAnErrorBody(path: String, status: Int, code: String) async throws {
        try await withLoa { app in
            let schemas = try await validator(app)
            let response = try await app.get(path)
            #expect(Int(response.status.code) == status)
            let json = try response.json()
            #expect(json["error"]?["code"]?.string == code)
            let message = json["error"]?["message"]?.string ?? ""
            #expect(message.count > 10)
            #expect(schemas.problems(json, against: schemas.schema(named: "Error")) == [])
        }
    }

    @Test func openAPIDescribesEveryAPIRoute() async throws {
        try await withLoa { app in
            let document = try await app.get("/openapi.json").json()
            #expect(document["openapi"]?.string == "3.1.0")
            let described = Set(document["paths"]?.object?.keys.map { $0 } ?? [])
            let routes = Set(
                app.routes.all.filter { $0.path.first?.description == "api" }.map { route in
                    "/"
                        + route.path.map { component -> String in
                            if case .parameter(let name) = component { return "{\(name)}" }
                            return component.description
                        }.joined(separator: "/")
                })
            // Route parameters carry the same names as the path templates.
            #expect(routes == described)
            // Every method of every route is described.
            for route in app.routes.all where route.path.first?.description == "api" {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        if case .parameter(let name) = component { return "{\(name)}" }
                        return component.description
                    }.joined(separator: "/")
                #expect(document["paths"]?[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path)")
            }
        }
    }
}

@Suite struct OperationsTests {
    @Test func healthChecksTheDatabase() async throws {
        try await withLoa { app in
            let response = try await app.get("/healthz")
            #expect(response.status == .ok)
            let json = try response.json()
            #expect(json["status"]?.string == "ok")
            #expect(json["database"]?.string == "ok")
            #expect(response.headers.first(name: .cacheControl) == "no-store")
        }
    }

    @Test func metricsArePrometheusText() async throws {
        try await withLoa { app in
            _ = try await app.get("/")
            _ = try await app.get("/bai-viet/khong-co")
            let response = try await app.get("/metrics")
            #expect(response.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = response.text
            #expect(text.contains("loa_http_requests_total{method=\"GET\",route=\"/\",status=\"200\"} 1"))
            #expect(text.contains("loa_http_requests_total{method=\"GET\",route=\"/bai-viet/:slug\",status=\"404\"} 1"))
            #expect(text.contains("loa_http_request_duration_seconds_bucket{route=\"/\",le=\"+Inf\"} 1"))
            #expect(text.contains("loa_jobs{state=\"queued\"} 0"))
            #expect(text.contains("loa_database_up 1"))
            #expect(text.contains("loa_database_pool_connections_max"))
            // Every sample line is `name{labels} number`.
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                #expect(line.wholeMatch(of: /[a-z_]+(\{[^}]*\})? [0-9.e+-]+/) != nil, "\(line)")
            }
        }
    }
}

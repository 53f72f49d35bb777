import Fluent
import LoaCore
import Vapor

/// Open311 GeoReport v2 over the petitions, so that existing Open311 clients (city apps,
/// one-stop-shop systems) can submit and follow them. Services are the topics. What anyone may
/// read never includes personal data: a question appears only once its answer is published.
struct Open311Controller: RouteCollection {
    static let changeset = "2026-11-29T00:00:00Z"

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.open311, use: root)
        routes.post(.open311, use: root)
        routes.get(.open311Service, use: serviceDefinition)
        routes.get(.open311Request, use: request)
        routes.get(.open311Token, use: token)
    }

    enum Format: String {
        case json, xml
    }

    /// "requests.json" → ("requests", .json); an unknown format is a 404 in JSON.
    private func split(_ file: String) throws -> (String, Format) {
        guard let dot = file.lastIndex(of: "."), let format = Format(rawValue: String(file[file.index(after: dot)...]).lowercased()) else {
            throw Open311Error(status: .notFound, description: "Định dạng không được hỗ trợ; dùng .json hoặc .xml.", format: .json)
        }
        return (String(file[..<dot]), format)
    }

    @Sendable func root(req: Request) async throws -> Response {
        let (name, format) = try split(req.parameters.get("file") ?? "")
        switch (name, req.method) {
        case ("discovery", .GET): return discovery(req, format: format)
        case ("services", .GET): return try await services(req, format: format)
        case ("requests", .GET): return try await requests(req, format: format)
        case ("requests", .POST): return try await submit(req, format: format)
        default: throw Open311Error(status: .notFound, description: "Không có tài nguyên này trong Open311 GeoReport v2.", format: format)
        }
    }

    private func discovery(_ req: Request, format: Format) -> Response {
        let settings = req.application.loa.settings
        let document = Open311Node.object(
            "discovery",
            [
                ("changeset", .string(Self.changeset)),
                ("contact", .string("\(settings.siteName) – \(SiteURL.infoPage("lien-he").absolute(settings.publicURL))")),
                ("key_service", .string("API token do quản trị viên cấp: \(settings.publicURL)/staff/tokens")),
                (
                    "endpoints",
                    .list(
                        "endpoint",
                        [
                            .object(
                                "endpoint",
                                [
                                    ("specification", .string("http://wiki.open311.org/GeoReport_v2")),
                                    ("url", .string(settings.publicURL + "/open311/v2")), ("changeset", .string(Self.changeset)),
                                    ("type", .string("production")),
                                    ("formats", .list("format", [.string("application/json"), .string("text/xml")])),
                                ])
                        ])
                ),
            ])
        return document.response(format)
    }

    private func serviceNode(_ topic: Topic) -> Open311Node {
        .object(
            "service",
            [
                ("service_code", .string(topic.slug)), ("service_name", .string(topic.name)), ("description", .string(topic.description)),
                ("metadata", .bool(true)), ("type", .string("realtime")), ("keywords", .string("phản ánh, kiến nghị")),
                ("group", .string("Phản ánh, kiến nghị")),
            ])
    }

    private func services(_ req: Request, format: Format) async throws -> Response {
        let topics = try await PortalQueries.topics(on: req.db)
        return Open311Node.list("services", topics.map(serviceNode)).response(format)
    }

    @Sendable func serviceDefinition(req: Request) async throws -> Response {
        let (code, format) = try split(req.parameters.get("file") ?? "")
        guard try await PortalQueries.topic(slug: code, on: req.db) != nil else {
            throw Open311Error(status: .notFound, description: "Không có dịch vụ (lĩnh vực) với mã \(code.prefix(60)).", format: format)
        }
        let yesNo = Open311Node.list(
            "value",
            [
                .object("value", [("key", .string("yes")), ("name", .string("Đồng ý công khai"))]),
                .object("value", [("key", .string("no")), ("name", .string("Không công khai"))]),
            ])
        func attribute(
            _ code: String, _ datatype: String, _ required: Bool, _ order: Int, _ description: String, values: Open311Node? = nil
        )
            -> Open311Node
        {
            var fields: [(String, Open311Node)] = [
                ("variable", .bool(true)), ("code", .string(code)), ("datatype", .string(datatype)), ("required", .bool(required)),
                ("datatype_description", .null), ("order", .int(order)), ("description", .string(description)),
            ]
            if let values { fields.append(("values", values)) }
            return .object("attribute", fields)
        }
        return Open311Node.object(
            "service_definition",
            [
                ("service_code", .string(code)),
                (
                    "attributes",
                    .list(
                        "attribute",
                        [
                            attribute(
                                "title", "string", false, 1,
                                """
                                Tiêu đề ngắn (\(PetitionLimits.titleMinimum)–\(PetitionLimits.titleMaximum) ký tự); nếu để trống, lấy \
                                từ đầu mô tả.
                                """
                            ),
                            attribute(
                                "consent_publish", "singlevaluelist", false, 2,
                                "Người gửi có đồng ý công khai câu hỏi và câu trả lời (đã ẩn thông tin cá nhân) không.", values: yesNo),
                        ])
                ),
            ]
        ).response(format)
    }

    // MARK: Requests

    private func requestNode(_ petition: Petition, topics: [String: String], units: UnitTree) -> Open311Node {
        let closed = !PetitionInbox.openStates.contains(petition.state)
        var notes = petition.state.name
        if petition.state == .published { notes += ": " + SiteURL.answer(petition.code).path }
        return .object(
            "request",
            [
                ("service_request_id", .string(petition.code)), ("status", .string(closed ? "closed" : "open")),
                ("status_notes", .string(notes)), ("service_name", topics[petition.topic].map(Open311Node.string) ?? .null),
                ("service_code", .string(petition.topic)),
                // Only while the answer is public: a withdrawn publication takes its text with it.
                (
                    "description",
                    petition.state.isPublic ? petition.publicQuestion.map { .string(String($0.prefix(4000))) } ?? .null : .null
                ),
                ("agency_responsible", units.name(of: petition.unitID).map(Open311Node.string) ?? .null), ("service_notice", .null),
                ("requested_datetime", .string(VietnamTime.iso8601(petition.receivedAt))),
                ("updated_datetime", .string(VietnamTime.iso8601(petition.updatedAt ?? petition.receivedAt))),
                ("expected_datetime", petition.dueAt.map { .string(VietnamTime.iso8601($0)) } ?? .null), ("address", .null),
                ("address_id", .null), ("zipcode", .null), ("lat", .null), ("long", .null), ("media_url", .null),
            ])
    }

    private func requests(_ req: Request, format: Format) async throws -> Response {
        let query = Petition.query(on: req.db)
        if let ids = req.nonEmptyQuery("service_request_id") {
            let codes = ids.split(separator: ",").compactMap { TrackingCode(String($0)) }.map(\.description)
            query.filter(\.$code ~~ codes)
        } else {
            // The standard: without ids, the last 90 days unless dates are given.
            func date(_ name: String) throws -> Date? {
                guard let raw = req.nonEmptyQuery(name) else { return nil }
                // A bare date means the whole day in Vietnam: from its start, or up to its end.
                let time = name == "end_date" ? "T23:59:59+07:00" : "T00:00:00+07:00"
                guard let parsed = CalendarDay(raw).flatMap({ parseTimestamp("\($0)\(time)") }) ?? parseTimestamp(raw) else {
                    throw Open311Error(
                        status: .badRequest, description: "\(name) phải theo ISO 8601, ví dụ 2026-11-01T00:00:00+07:00.", format: format)
                }
                return parsed
            }
            let end = try date("end_date") ?? Date()
            let start = try date("start_date") ?? end.addingTimeInterval(-90 * 86400)
            query.filter(\.$receivedAt >= start).filter(\.$receivedAt <= end)
            if let codes = req.nonEmptyQuery("service_code") { query.filter(\.$topic ~~ codes.split(separator: ",").map(String.init)) }
            if let status = req.nonEmptyQuery("status") {
                let wanted = Set(status.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
                guard wanted.isSubset(of: ["open", "closed"]) else {
                    throw Open311Error(status: .badRequest, description: "status phải là open hoặc closed.", format: format)
                }
                let final = PetitionState.allCases.filter { !PetitionInbox.openStates.contains($0) }
                if wanted == ["open"] { query.filter(\.$state !~ final) }
                if wanted == ["closed"] { query.filter(\.$state ~~ final) }
            }
        }
        let petitions = try await query.sort(\.$receivedAt, .descending).limit(1000).all()
        let topics = Dictionary(try await PortalQueries.topics(on: req.db).map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        return Open311Node.list("service_requests", petitions.map { requestNode($0, topics: topics, units: units) }).response(format)
    }

    @Sendable func request(req: Request) async throws -> Response {
        let (id, format) = try split(req.parameters.get("file") ?? "")
        guard let code = TrackingCode(id), let petition = try await Petition.query(on: req.db).filter(\.$code == code.description).first()
        else { throw Open311Error(status: .notFound, description: "Không có yêu cầu với mã \(id.prefix(40)).", format: format) }
        let topics = Dictionary(try await PortalQueries.topics(on: req.db).map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        return Open311Node.list("service_requests", [requestNode(petition, topics: topics, units: units)]).response(format)
    }

    /// Requests are created at once, so a "token" is the request's own id.
    @Sendable func token(req: Request) async throws -> Response {
        let (token, format) = try split(req.parameters.get("file") ?? "")
        guard let code = TrackingCode(token), try await Petition.query(on: req.db).filter(\.$code == code.description).first() != nil
        else { throw Open311Error(status: .notFound, description: "Không có token \(token.prefix(40)).", format: format) }
        return Open311Node.list(
            "service_requests",
            [.object("request", [("service_request_id", .string(code.description)), ("token", .string(code.description))])]
        ).response(format)
    }

    /// Form-encoded, as the standard says; `api_key` is a Loa API token.
    private func submit(_ req: Request, format: Format) async throws -> Response {
        guard let form = Self.formFields(req) else {
            throw Open311Error(
                status: .badRequest, description: "Nội dung phải là application/x-www-form-urlencoded hợp lệ (UTF-8, mã hóa %).",
                format: format)
        }
        // The key travels in the body only: a query string ends up in logs.
        guard let key = form["api_key"], !key.isEmpty,
            try await StaffAuthenticator.identity(forToken: key, on: req.db) != nil
        else { throw Open311Error(status: .forbidden, description: "api_key thiếu hoặc không hợp lệ.", format: format) }
        guard let service = form["service_code"], !service.isEmpty else {
            throw Open311Error(status: .badRequest, description: "Thiếu service_code.", format: format)
        }
        let description = form["description"] ?? ""
        var title = form["attribute[title]"] ?? ""
        if title.isEmpty {
            // A title from the first words of the description, cut at a word boundary.
            let words = description.split(whereSeparator: \.isWhitespace)
            var built = ""
            for word in words where built.count + word.count + 1 <= 80 { built += (built.isEmpty ? "" : " ") + word }
            title = built
        }
        let name = [form["first_name"], form["last_name"]].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        var address = form["address_string"] ?? ""
        if address.isEmpty, let lat = form["lat"].flatMap(Double.init), let long = form["long"].flatMap(Double.init),
            (-90...90).contains(lat), (-180...180).contains(long)
        {
            address = "Tọa độ \(lat), \(long)"
        }
        let submission = PetitionSubmission(
            topic: service, title: title, content: description, name: name, phone: form["phone"] ?? "", email: form["email"] ?? "",
            address: address, consentPublish: form["attribute[consent_publish]"] == "yes")
        let receipt: Petitions.Receipt
        do {
            let validated = try await PetitionIntake.validate(submission, request: req)
            receipt = try await PetitionIntake.submit(validated, channel: .open311, request: req)
        } catch let error as APIError {
            let descriptions = error.fields?.map { "\(Self.open311Name($0.field)): \($0.message)" } ?? [error.message]
            throw Open311Error(
                status: error.status == .tooManyRequests ? .tooManyRequests : .badRequest, descriptions: descriptions, format: format)
        }
        let notice =
            "Mã truy cập để người gửi tra cứu: \(receipt.accessKey). "
            + (receipt.petition.dueAt.map { "Hạn tiếp nhận, thụ lý: \(VietnamTime.date($0))." } ?? "")
        let response = Open311Node.list(
            "service_requests",
            [
                .object(
                    "request",
                    [
                        ("service_request_id", .string(receipt.petition.code)), ("service_notice", .string(notice)),
                        ("account_id", .null),
                    ])
            ]
        ).response(format)
        response.status = .created
        return response
    }

    /// Which Open311 parameter a Loa field came from, so that errors name what the client sent.
    private static func open311Name(_ field: String) -> String {
        switch field {
        case "topic": "service_code"
        case "content": "description"
        case "title": "attribute[title]"
        case "name": "first_name/last_name"
        case "address": "address_string"
        default: field
        }
    }

    /// Parses the body by hand: `attribute[code]` keys must stay flat, not become nested objects.
    /// nil when the body is not valid UTF-8 or has a broken %-escape, so that the client hears
    /// which, instead of a field silently read as empty.
    static func formFields(_ req: Request) -> [String: String]? {
        guard let buffer = req.body.data else { return [:] }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else { return nil }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String? = { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { return nil }
            if !name.isEmpty { fields[name] = value }
        }
        return fields
    }
}

/// One Open311 answer, written once and rendered as JSON or XML: lists become arrays in JSON
/// and repeated elements in XML.
indirect enum Open311Node: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case object(String, [(String, Open311Node)])
    case list(String, [Open311Node])

    func response(_ format: Open311Controller.Format) -> Response {
        let response = Response(status: .ok)
        switch format {
        case .json:
            response.body = .init(string: json())
            response.headers.contentType = .json
        case .xml:
            response.body = .init(string: "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + xml(name: nil) + "\n")
            response.headers.contentType = .init(type: "text", subType: "xml", parameters: ["charset": "utf-8"])
        }
        return response
    }

    func json() -> String {
        switch self {
        case .string(let text): return Self.quoted(text)
        case .int(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .object(_, let fields): return "{" + fields.map { "\(Self.quoted($0.0)):\($0.1.json())" }.joined(separator: ",") + "}"
        case .list(_, let items): return "[" + items.map { $0.json() }.joined(separator: ",") + "]"
        }
    }

    /// `name` is the element's tag when it is a field of an object; lists and objects carry their own.
    func xml(name: String?) -> String {
        switch self {
        case .string(let text): return "<\(name!)>\(escapeHTML(text))</\(name!)>"
        case .int(let number): return "<\(name!)>\(number)</\(name!)>"
        case .bool(let flag): return "<\(name!)>\(flag)</\(name!)>"
        case .null: return "<\(name!)/>"
        case .object(let tag, let fields):
            return "<\(name ?? tag)>" + fields.map { $0.1.xml(name: $0.0) }.joined() + "</\(name ?? tag)>"
        case .list(let tag, let items):
            // Inside an object the list's element is the field's name; at the top it is its own tag.
            let itemTag: String? = name == nil ? nil : tag
            return "<\(name ?? tag)>" + items.map { $0.xml(name: itemTag) }.joined() + "</\(name ?? tag)>"
        }
    }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case let scalar where scalar.value < 0x20:
                result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// Errors as the standard writes them: a list of `{code, description}`.
struct Open311Error: Error {
    var status: HTTPResponseStatus
    var descriptions: [String]
    var format: Open311Controller.Format

    init(status: HTTPResponseStatus, description: String, format: Open311Controller.Format) {
        self.init(status: status, descriptions: [description], format: format)
    }

    init(status: HTTPResponseStatus, descriptions: [String], format: Open311Controller.Format) {
        self.status = status
        self.descriptions = descriptions
        self.format = format
    }

    var response: Response {
        let node = Open311Node.list(
            "errors",
            descriptions.map { .object("error", [("code", .int(Int(status.code))), ("description", .string($0))]) })
        let response = node.response(format)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}

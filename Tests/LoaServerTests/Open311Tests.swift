import Foundation
import Testing
import VaporTesting

@testable import LoaServer

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The standard's JSON Schemas (copied from the project's shared/open311/schema into the test
/// folder, so that a clone alone can run the suite), loaded once.
enum Open311Schemas {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Open311Schema")

    static let validator: SchemaValidator = {
        var files: [String: JSONValue] = [:]
        for name in ["request", "requests", "service", "services", "service-definition"] {
            let text = try! String(contentsOf: folder.appendingPathComponent("\(name).json"), encoding: .utf8)
            files["\(name).json"] = try! JSONValue.parse(text)
        }
        return SchemaValidator(document: .null, files: files)
    }()

    static func problems(_ value: JSONValue, schema: String) -> [String] {
        validator.problems(value, against: validator.files[schema] ?? .null)
    }

    /// Reads an XML answer as the JSON the schema describes: lists from repeated elements, and
    /// booleans, numbers and nulls by the schema's types. What the schema does not describe stays text.
    static func json(fromXML xml: String, schema: String) -> JSONValue? {
        guard let root = XMLTree.parse(xml) else { return nil }
        return convert(root, schema: validator.files[schema] ?? .null)
    }

    private static func convert(_ node: XMLTree.Node, schema: JSONValue) -> JSONValue {
        var schema = schema
        if let reference = schema["$ref"]?.string { schema = validator.files[reference] ?? .null }
        if let options = schema["anyOf"]?.array {
            if node.children.isEmpty && node.text.isEmpty, options.contains(where: { $0["type"]?.string == "null" }) { return .null }
            schema = options.first { $0["type"]?.string != "null" } ?? .null
        }
        switch schema["type"]?.string {
        case "array":
            return .array(node.children.map { convert($0, schema: schema["items"] ?? .null) })
        case "boolean":
            return node.text == "true" ? .bool(true) : node.text == "false" ? .bool(false) : .string(node.text)
        case "number", "integer":
            return Double(node.text).map(JSONValue.number) ?? .string(node.text)
        case "string":
            return .string(node.text)
        default:
            guard !node.children.isEmpty else { return .string(node.text) }
            let properties = schema["properties"]?.object ?? [:]
            var object: [String: JSONValue] = [:]
            for child in node.children { object[child.name] = convert(child, schema: properties[child.name] ?? .null) }
            return .object(object)
        }
    }
}

/// A parsed XML document: elements with their children and text.
final class XMLTree: NSObject, XMLParserDelegate {
    final class Node {
        let name: String
        var children: [Node] = []
        var text = ""
        init(name: String) { self.name = name }
    }

    private var stack: [Node] = []
    private var root: Node?

    static func parse(_ xml: String) -> Node? {
        let tree = XMLTree()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = tree
        return parser.parse() ? tree.root : nil
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
    ) {
        let node = Node(name: name)
        stack.last?.children.append(node)
        if root == nil { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.last?.text = stack.last?.text.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        stack.removeLast()
    }
}

@Suite struct Open311Tests {
    /// Fetches a resource in both formats and checks each against the standard's schema.
    func checked(_ app: Application, _ path: String, schema: String) async throws -> JSONValue {
        let json = try await app.get("/open311/v2/\(path).json")
        #expect(json.status == .ok, "\(path).json: \(json.text)")
        #expect(json.headers.contentType == .json)
        let value = try json.json()
        #expect(Open311Schemas.problems(value, schema: schema) == [], "\(path).json")
        let xml = try await app.get("/open311/v2/\(path).xml")
        #expect(xml.status == .ok)
        #expect(xml.headers.contentType?.subType == "xml")
        let fromXML = try #require(Open311Schemas.json(fromXML: xml.text, schema: schema), "\(path).xml is not well-formed")
        #expect(Open311Schemas.problems(fromXML, schema: schema) == [], "\(path).xml")
        #expect(fromXML == value, "\(path): XML and JSON say the same")
        return value
    }

    @Test func discoveryServicesAndDefinitions() async throws {
        try await withLoa { app in
            let discovery = try await app.get("/open311/v2/discovery.json")
            #expect(try discovery.json()["endpoints"]?[0]?["specification"]?.string == "http://wiki.open311.org/GeoReport_v2")
            #expect(XMLTree.parse(try await app.get("/open311/v2/discovery.xml").text)?.name == "discovery")
            let services = try await checked(app, "services", schema: "services.json")
            #expect(services.array?.contains { $0["service_code"]?.string == "tien-luong" } == true)
            let definition = try await checked(app, "services/tien-luong", schema: "service-definition.json")
            #expect(definition["attributes"]?.array?.count == 2)
            let missing = try await app.get("/open311/v2/services/khong-co.json")
            #expect(missing.status == .notFound)
            #expect(try missing.json()[0]?["code"]?.int == 404)
        }
    }

    @Test func postWithAnAPIKeyThenFollow() async throws {
        try await withLoa { app in
            let client = try await app.makeStaff(.handler)
            let form =
                "api_key=\(client.token)&service_code=tien-luong&description=L%C6%B0%C6%A1ng+h%C6%B0u+c%E1%BB%A7a+t%C3%B4i+ch%C6%B0a+%C4%91%C6%B0%E1%BB%A3c+%C4%91i%E1%BB%81u+ch%E1%BB%89nh+t%E1%BB%AB+th%C3%A1ng+7.&first_name=Ph%E1%BA%A1m&last_name=Dung&email=dung%40example.vn&address_string=X%C3%A3+Y%C3%AAn+Ph%E1%BB%A5&attribute%5Bconsent_publish%5D=yes"
            let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            for format in ["json", "xml"] {
                let created = try await app.testing().sendRequest(
                    .POST, "/open311/v2/requests.\(format)", headers: headers, body: ByteBuffer(string: form))
                #expect(created.status == .created, "\(created.text)")
            }
            let petitions = try await Petition.query(on: app.db).sort(\.$number).all()
            #expect(petitions.count == 2)
            #expect(petitions[0].channel == .open311)
            #expect(petitions[0].name == "Phạm Dung")
            #expect(petitions[0].consentPublish)
            let code = petitions[0].code

            let one = try await checked(app, "requests/\(code)", schema: "requests.json")
            #expect(one[0]?["status"]?.string == "open")
            #expect(one[0]?["description"] == .null, "not public before the answer is published")
            let all = try await checked(app, "requests", schema: "requests.json")
            #expect(all.array?.count == 2)
            _ = try await checked(app, "requests", schema: "requests.json")
            let filtered = try await app.get("/open311/v2/requests.json?service_request_id=\(code)&status=open")
            #expect(try filtered.json().array?.count == 1)
            let closed = try await app.get("/open311/v2/requests.json?status=closed")
            #expect(try closed.json().array?.count == 0)
            let token = try await app.get("/open311/v2/tokens/\(code).json")
            #expect(try token.json()[0]?["service_request_id"]?.string == code)
        }
    }

    @Test func errorsAsTheStandardWritesThem() async throws {
        try await withLoa { app in
            let client = try await app.makeStaff(.handler)
            let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            let cases: [(String, String, HTTPResponseStatus)] = [
                ("requests.json", "service_code=tien-luong&description=x", .forbidden),
                ("requests.xml", "api_key=sai&service_code=tien-luong", .forbidden),
                ("requests.json", "api_key=\(client.token)&description=Kh%C3%B4ng+c%C3%B3+m%C3%A3+d%E1%BB%8Bch+v%E1%BB%A5", .badRequest),
                (
                    "requests.json",
                    "api_key=\(client.token)&service_code=khong-co&description=M%E1%BB%99t+m%C3%B4+t%E1%BA%A3+%C4%91%E1%BB%A7+d%C3%A0i+%C4%91%E1%BB%83+g%E1%BB%ADi&email=a%40b.vn&first_name=A",
                    .badRequest
                ),
                ("requests.xml", "api_key=\(client.token)&service_code=tien-luong&description=ng%E1%BA%AFn", .badRequest),
            ]
            for (path, body, status) in cases {
                let response = try await app.testing().sendRequest(
                    .POST, "/open311/v2/\(path)", headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
                if path.hasSuffix(".json") {
                    #expect(try response.json()[0]?["code"]?.int == Int(status.code))
                    #expect(try response.json()[0]?["description"]?.string?.isEmpty == false)
                } else {
                    let root = try #require(XMLTree.parse(response.text))
                    #expect(root.name == "errors")
                    #expect(root.children.first?.children.first { $0.name == "code" }?.text == String(status.code))
                }
            }
            #expect(try await app.petitionCount() == 0)
            #expect(try await app.get("/open311/v2/requests.json?start_date=nope").status == .badRequest)
            #expect(try await app.get("/open311/v2/requests.json?status=maybe").status == .badRequest)
            #expect(try await app.get("/open311/v2/requests/PA-2020-000001.xml").status == .notFound)
            #expect(try await app.get("/open311/v2/services.yaml").status == .notFound)
            let unknownRoute = try await app.get("/open311/v2/nothing/here.json")
            #expect(unknownRoute.status == .notFound)
            #expect(try unknownRoute.json()[0]?["code"]?.int == 404)
        }
    }
}

@Suite struct Open311EncodingTests {
    @Test func aBrokenBodyIsNamedNotReadAsEmpty() async throws {
        try await withLoa { app in
            let client = try await app.makeStaff(.handler)
            let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            let body = "api_key=\(client.token)&service_code=tien-luong&description=100%+ch%C6%B0a"
            let response = try await app.testing().sendRequest(
                .POST, "/open311/v2/requests.json", headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(try response.json()[0]?["description"]?.string?.contains("urlencoded") == true)
            let inQuery = try await app.testing().sendRequest(
                .POST, "/open311/v2/requests.json?api_key=\(client.token)", headers: headers,
                body: ByteBuffer(string: "service_code=tien-luong"))
            #expect(inQuery.status == .forbidden, "the key is read from the body only")
        }
    }
}

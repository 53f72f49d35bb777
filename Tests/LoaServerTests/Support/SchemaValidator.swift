import Foundation

/// JSON as it was sent, keeping booleans, numbers and null apart.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let array) = self, array.indices.contains(index) { return array[index] }
        return nil
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var int: Int? { number.map { Int($0) } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var stringList: [String]? { if case .array(let value) = self { value.compactMap(\.string) } else { nil } }
}

/// Checks a JSON answer against a schema from `/openapi.json`: types (with nullable type lists),
/// required and unknown properties, enums, array items and `$ref`s. Enough to catch an answer that
/// drifted from its description; schemathesis does the exhaustive run.
struct SchemaValidator {
    let document: JSONValue
    /// Schemas that other schemas name by file ("request.json"), as the Open311 schemas do.
    var files: [String: JSONValue] = [:]

    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            return problems(value, against: resolve(reference), at: path)
        }
        if let options = schema["anyOf"]?.array ?? schema["oneOf"]?.array {
            let results = options.map { problems(value, against: $0, at: path) }
            return results.contains(where: \.isEmpty) ? [] : ["\(path): matches none of anyOf: \(results.flatMap { $0 })"]
        }
        var found: [String] = []
        if let format = schema["format"]?.string, let string = value.string {
            switch format {
            case "date-time" where (try? Date(string, strategy: .iso8601)) == nil: found.append("\(path): \(string) is not a date-time")
            case "uri" where URL(string: string)?.scheme == nil: found.append("\(path): \(string) is not a URI")
            default: break
            }
        }
        if let maximum = schema["maxLength"]?.int, let string = value.string, string.count > maximum {
            found.append("\(path): longer than \(maximum)")
        }
        let types = schema["type"]?.stringList ?? (schema["type"]?.string.map { [$0] } ?? [])
        if !types.isEmpty, !types.contains(where: { matches(value, type: $0) }) {
            return ["\(path): expected \(types), got \(value)"]
        }
        if let allowed = schema["enum"]?.stringList, let string = value.string, !allowed.contains(string) {
            found.append("\(path): \(string) not in enum")
        }
        if let object = value.object {
            let properties = schema["properties"]?.object ?? [:]
            for name in schema["required"]?.stringList ?? [] where object[name] == nil {
                found.append("\(path): missing required \(name)")
            }
            for (name, child) in object {
                if let childSchema = properties[name] {
                    found += problems(child, against: childSchema, at: "\(path).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append("\(path): unexpected property \(name)")
                }
            }
        }
        if let array = value.array, let items = schema["items"] {
            for (index, element) in array.enumerated() {
                found += problems(element, against: items, at: "\(path)[\(index)]")
            }
        }
        return found
    }

    func schema(named name: String) -> JSONValue { resolve("#/components/schemas/\(name)") }

    private func resolve(_ reference: String) -> JSONValue {
        if !reference.hasPrefix("#") { return files[reference] ?? .null }
        var node = document
        for part in reference.dropFirst(2).split(separator: "/") {
            node = node[String(part)] ?? .null
        }
        return node
    }

    private func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("string", .string), ("boolean", .bool), ("number", .number), ("object", .object), ("array", .array):
            true
        case ("integer", .number(let number)): number == number.rounded()
        default: false
        }
    }
}

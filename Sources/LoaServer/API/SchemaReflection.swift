import Foundation
import OpenAPIKit

/// A type whose schema is not the shape its `Decodable` conformance walks: an enum lists its
/// cases, a wrapper changes what is required, a list describes its element.
protocol APISchemaDescribing {
    static func apiSchema(_ reflector: SchemaReflector) throws -> JSONSchema
    /// Any value of the type; the reflection hands it to the initialiser being walked.
    static func apiPlaceholder() throws -> Self
}

/// What a field's Swift type cannot say: limits, formats and explanations, by the field's name
/// on the wire (`cover_image`). Kept next to the type, so the field and its limits change together.
protocol APIDocumented {
    static var apiFields: [String: APIField] { get }
}

struct APIField: Sendable {
    var description: String?
    var format: JSONTypeFormat.StringFormat?
    var minLength: Int?
    var maxLength: Int?
    var minItems: Int?
    var maxItems: Int?
    var minimum: Int?
    /// For a string field whose values a Swift enum lists (inputs keep `String` so that a wrong
    /// value is a 422 naming the field, not a decoding error).
    var allowed: [String]?
    /// For an input whose fields are all optional in Swift so that every problem is reported at
    /// once (422 with `error.fields[]`), the fields a valid request must carry.
    var required: Bool?

    init(
        _ description: String? = nil, format: JSONTypeFormat.StringFormat? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        minItems: Int? = nil, maxItems: Int? = nil, minimum: Int? = nil, allowed: [String]? = nil, required: Bool? = nil
    ) {
        self.description = description
        self.format = format
        self.minLength = minLength
        self.maxLength = maxLength
        self.minItems = minItems
        self.maxItems = maxItems
        self.minimum = minimum
        self.allowed = allowed
        self.required = required
    }

    static let url = APIField(format: .uri)

    static func values<Values: CaseIterable & RawRepresentable>(of _: Values.Type, _ description: String? = nil) -> APIField
    where Values.RawValue == String {
        APIField(description, allowed: Values.allCases.map(\.rawValue))
    }
}

enum SchemaReflectionError: Error, CustomStringConvertible {
    case unsupported(String)
    var description: String {
        switch self {
        case .unsupported(let what): "The API schema cannot be read from \(what); describe it with APISchemaDescribing."
        }
    }
}

/// Reads a JSON schema from a `Decodable` type by walking its initialiser with a decoder that
/// answers every question with a placeholder and writes down what was asked: each key, its type,
/// and whether it was read with `decode` (required) or `decodeIfPresent` (may be absent).
/// Property names become snake_case, as the API's encoder writes them.
struct SchemaReflector {
    func schema<T: Decodable>(for type: T.Type) throws -> JSONSchema {
        try reflect(type).schema
    }

    func reflect<T: Decodable>(_ type: T.Type) throws -> (schema: JSONSchema, value: T) {
        if let described = T.self as? any APISchemaDescribing.Type {
            guard let value = try described.apiPlaceholder() as? T else { throw SchemaReflectionError.unsupported("\(T.self)") }
            return (try described.apiSchema(self), value)
        }
        func primitive(_ schema: JSONSchema, _ value: Any) throws -> (schema: JSONSchema, value: T) {
            guard let value = value as? T else { throw SchemaReflectionError.unsupported("\(T.self)") }
            return (schema, value)
        }
        switch T.self {
        case is String.Type: return try primitive(.string, "")
        case is Int.Type: return try primitive(.integer, 0)
        case is Double.Type: return try primitive(.number, 0.0)
        case is Bool.Type: return try primitive(.boolean, false)
        case is Date.Type: return try primitive(.string(format: .dateTime), Date(timeIntervalSince1970: 0))
        case is UUID.Type: return try primitive(.string(format: .uuid), UUID())
        default:
            let recorder = ObjectRecorder(reflector: self, notes: (T.self as? any APIDocumented.Type)?.apiFields ?? [:])
            do {
                let value = try T(from: ReflectingDecoder(recorder: recorder))
                return (recorder.schema, value)
            } catch SchemaReflectionError.unsupported(let what) where !what.contains(" in ") {
                throw SchemaReflectionError.unsupported("\(what) in \(T.self)")
            }
        }
    }

    /// `schema` as a property: required or not, null admitted or not, with the field's notes.
    static func field(_ schema: JSONSchema, required: Bool, nullable: Bool, note: APIField?) -> JSONSchema {
        let description = note?.description ?? schema.description
        switch schema.value {
        case .string(let core, let string):
            return .string(
                format: note?.format ?? core.format, required: required, nullable: nullable, description: description,
                minLength: note?.minLength ?? (string.minLength == 0 ? nil : string.minLength),
                maxLength: note?.maxLength ?? string.maxLength,
                allowedValues: note?.allowed.map { $0.map(AnyCodable.init) } ?? core.allowedValues)
        case .integer(let core, let integer):
            return .integer(
                required: required, nullable: nullable, description: description,
                maximum: integer.maximum.map { ($0.value, exclusive: $0.exclusive) },
                minimum: note?.minimum.map { ($0, exclusive: false) } ?? integer.minimum.map { ($0.value, exclusive: $0.exclusive) },
                allowedValues: core.allowedValues)
        case .number:
            return .number(required: required, nullable: nullable, description: description)
        case .boolean:
            return .boolean(required: required, nullable: nullable, description: description)
        case .array(_, let array):
            return .array(
                required: required, nullable: nullable, description: description, minItems: note?.minItems,
                maxItems: note?.maxItems ?? array.maxItems, items: array.items)
        case .object(_, let object):
            return .object(
                required: required, nullable: nullable, description: description, properties: object.properties,
                additionalProperties: object.additionalProperties)
        default:
            return schema
        }
    }

    /// `feedUrl` → `feed_url`, as `JSONEncoder.KeyEncodingStrategy.convertToSnakeCase` writes it.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        var previousIsLowerOrDigit = false
        for scalar in name.unicodeScalars {
            let isUpper = CharacterSet.uppercaseLetters.contains(scalar)
            if isUpper && previousIsLowerOrDigit { result += "_" }
            result += isUpper ? String(scalar).lowercased() : String(scalar)
            previousIsLowerOrDigit =
                !isUpper && (CharacterSet.lowercaseLetters.contains(scalar) || CharacterSet.decimalDigits.contains(scalar))
        }
        return result
    }
}

/// The keys one structure's initialiser asked for, in order.
private final class ObjectRecorder {
    let reflector: SchemaReflector
    let notes: [String: APIField]
    var properties: OrderedDictionary<String, JSONSchema> = [:]

    init(reflector: SchemaReflector, notes: [String: APIField]) {
        self.reflector = reflector
        self.notes = notes
    }

    func field<T: Decodable>(_ type: T.Type, key: any CodingKey, required: Bool) throws -> T {
        let name = SchemaReflector.snakeCase(key.stringValue)
        let (schema, value) = try reflector.reflect(type)
        // A `Nullable` field is required and admits null; everything else is as read.
        properties[name] = SchemaReflector.field(
            schema, required: notes[name]?.required ?? (required && schema.required), nullable: schema.nullable, note: notes[name])
        return value
    }

    var schema: JSONSchema {
        .object(properties: properties, additionalProperties: .init(false))
    }
}

private struct ReflectingDecoder: Decoder {
    let recorder: ObjectRecorder
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed(recorder: recorder))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw SchemaReflectionError.unsupported("a list read by hand")
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw SchemaReflectionError.unsupported("a value read by hand")
    }

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let recorder: ObjectRecorder
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { true }
        func decodeNil(forKey key: Key) throws -> Bool { false }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try recorder.field(type, key: key, required: true)
        }
        func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
            try recorder.field(type, key: key, required: false)
        }

        // The standard library asks for these types by name; each goes the generic way.
        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try recorder.field(type, key: key, required: true) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try recorder.field(type, key: key, required: true) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try recorder.field(type, key: key, required: true) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try recorder.field(type, key: key, required: true) }
        func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try recorder.field(type, key: key, required: false) }
        func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
            try recorder.field(type, key: key, required: false)
        }
        func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
            try recorder.field(type, key: key, required: false)
        }
        func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try recorder.field(type, key: key, required: false) }

        func nestedContainer<NestedKey: CodingKey>(
            keyedBy type: NestedKey.Type, forKey key: Key
        ) throws -> KeyedDecodingContainer<NestedKey> {
            throw SchemaReflectionError.unsupported("a nested container")
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw SchemaReflectionError.unsupported("a nested list")
        }
        func superDecoder() throws -> any Decoder { throw SchemaReflectionError.unsupported("a superclass") }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw SchemaReflectionError.unsupported("a superclass") }
    }
}

// MARK: - Types that describe themselves

extension Array: APISchemaDescribing where Element: Decodable {
    static func apiSchema(_ reflector: SchemaReflector) throws -> JSONSchema {
        .array(items: try reflector.schema(for: Element.self))
    }
    static func apiPlaceholder() throws -> [Element] { [] }
}

extension Nullable: APISchemaDescribing {
    static func apiSchema(_ reflector: SchemaReflector) throws -> JSONSchema {
        SchemaReflector.field(try reflector.schema(for: Value.self), required: true, nullable: true, note: nil)
    }
    static func apiPlaceholder() throws -> Nullable<Value> { Nullable(wrappedValue: nil) }
}

/// A string enum the API writes by raw value: its schema lists every case.
protocol APIEnum: APISchemaDescribing, CaseIterable, RawRepresentable, Decodable where RawValue == String {}

extension APIEnum {
    static func apiSchema(_ reflector: SchemaReflector) throws -> JSONSchema {
        .string(allowedValues: allCases.map { AnyCodable($0.rawValue) })
    }
    static func apiPlaceholder() throws -> Self {
        guard let first = allCases.first else { throw SchemaReflectionError.unsupported("an enum without cases: \(Self.self)") }
        return first
    }
}

import Foundation
import LoaCore
import Testing

@testable import LoaServer

/// The API's description is read from the Swift types; these tests pin down how.
@Suite struct APIContractTests {
    struct Sample: Codable, APIDocumented {
        var name: String
        var count: Int
        var state: PetitionState
        @Nullable var note: String?
        var detail: String?
        var tags: [String]
        @Nullable var unit: UnitDTO?

        static let apiFields = ["name": APIField("Shown to people", maxLength: 10), "tags": APIField(minItems: 1)]
    }

    func json(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(value))
        return try #require(object as? [String: Any])
    }

    @Test func nullableIsWrittenAsNullAndAPlainOptionalIsLeftOut() throws {
        let sample = Sample(name: "a", count: 1, state: .received, note: nil, detail: nil, tags: [], unit: nil)
        let object = try json(sample)
        #expect(object["note"] is NSNull)
        #expect(object["unit"] is NSNull)
        #expect(object.keys.contains("detail") == false)
        var filled = sample
        filled.note = "ghi chú"
        filled.detail = "chi tiết"
        #expect(try json(filled)["note"] as? String == "ghi chú")
        #expect(try json(filled)["detail"] as? String == "chi tiết")
    }

    @Test func theSchemaIsReadFromTheType() throws {
        let schema = try SchemaReflector().schema(for: Sample.self)
        let encoded = try JSONEncoder().encode(schema)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        let properties = try #require(object["properties"] as? [String: [String: Any]])
        // Every stored property, under the name the API's encoder writes.
        #expect(Set(properties.keys) == ["name", "count", "state", "note", "detail", "tags", "unit"])
        // Required: everything but the plain optional; a Nullable field is required and admits null.
        #expect(Set(try #require(object["required"] as? [String])) == ["name", "count", "state", "note", "tags", "unit"])
        #expect(object["additionalProperties"] as? Bool == false)
        #expect(properties["note"]?["type"] as? [String] == ["string", "null"])
        #expect(properties["unit"]?["type"] as? [String] == ["object", "null"])
        #expect(properties["detail"]?["type"] as? String == "string")
        // The enum lists its cases; the notes add limits and explanations.
        #expect(properties["state"]?["enum"] as? [String] == PetitionState.allCases.map(\.rawValue))
        #expect(properties["name"]?["maxLength"] as? Int == 10)
        #expect(properties["name"]?["description"] as? String == "Shown to people")
        #expect(properties["tags"]?["minItems"] as? Int == 1)
        #expect(properties["count"]?["type"] as? String == "integer")
    }

    @Test func snakeCaseMatchesTheEncoder() throws {
        struct Keys: Encodable {
            var feedUrl = 1
            var bodyHtml = 1
            var sha256 = 1
            var medianWorkingDaysToAnswer = 1
            var tookMs = 1
        }
        let written = Set(try json(Keys()).keys)
        let read = Set(["feedUrl", "bodyHtml", "sha256", "medianWorkingDaysToAnswer", "tookMs"].map(SchemaReflector.snakeCase))
        #expect(written == read)
    }

    @Test func everyOperationIsOnARegisteredRouteWithAUniqueName() throws {
        let operations = APIContract.operations
        #expect(Set(operations.map(\.id)).count == operations.count)
        for operation in operations {
            #expect(operation.route.rawValue.hasPrefix("/api/v1/"), "\(operation.id)")
        }
        let document = try APIContract.json(serverURL: "https://loa.example.gov.vn")
        #expect(document.contains(#""openapi":"3.1.0""#))
    }
}

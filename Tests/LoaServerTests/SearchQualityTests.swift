import Fluent
import Foundation
import Testing
import VaporTesting

@testable import LoaServer

/// The labelled queries in `bench/search-queries.jsonl` (half without tone marks, some with
/// abbreviations, numbers or document symbols) against the demo content: the share whose
/// expected text is in the top 3 is printed, and must not fall below 90 %.
@Suite struct SearchQualityTests {
    struct Labelled: Decodable {
        var q: String
        var expect: [String]
    }

    @Test func labelledQueriesFindTheirTextInTheTopThree() async throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("bench/search-queries.jsonl")
        let queries = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(Labelled.self, from: Data($0.utf8))
        }
        #expect(queries.count >= 40)
        try await withLoa(demo: true) { app in
            var externalIDs: [UUID: String] = [:]
            for article in try await Article.query(on: app.db).all() { externalIDs[article.id!] = article.externalID }
            for document in try await LegalDocument.query(on: app.db).all() { externalIDs[document.id!] = document.externalID }
            var found = 0
            var misses: [String] = []
            for query in queries {
                let results = try await SearchService.search(
                    query.q, filter: SearchFilter(), page: 1, perPage: 3, on: app.db, countMiss: false)
                let top = results.items.prefix(3).compactMap { externalIDs[$0.id] }
                if top.contains(where: query.expect.contains) { found += 1 } else { misses.append("\(query.q) → \(top)") }
            }
            let share = Double(found) / Double(queries.count)
            print(
                "search quality: \(found)/\(queries.count) = \(Int((share * 100).rounded())) % of labelled queries have the expected text in the top 3"
            )
            for miss in misses { print("  miss: \(miss)") }
            #expect(share >= 0.9, "\(misses)")
        }
    }
}

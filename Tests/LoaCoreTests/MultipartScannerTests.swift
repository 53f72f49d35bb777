import Foundation
import Testing

@testable import LoaCore

@Suite struct MultipartScannerTests {
    static let boundary = "----LoaBoundary7MA4YWxkTrZu0gW"

    static func body(parts: Int, name: (Int) -> String = { "f\($0)" }) -> [UInt8] {
        var text = ""
        for index in 0..<parts {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name(index))\"\r\n\r\ngiá trị \(index)\r\n"
        }
        text += "--\(boundary)--\r\n"
        return Array(text.utf8)
    }

    func scan(_ bytes: [UInt8], limits: MultipartScanner.Limits = .init(parts: 24), chunk: Int = 7) -> MultipartScanner.Problem? {
        guard var scanner = MultipartScanner(boundary: Self.boundary, limits: limits) else { return .malformed }
        var index = 0
        while index < bytes.count {
            if let problem = scanner.feed(bytes[index..<min(index + chunk, bytes.count)]) { return problem }
            index += chunk
        }
        return scanner.finish()
    }

    @Test func anOrdinaryFormPasses() {
        #expect(scan(Self.body(parts: 12)) == nil)
        // With a file whose bytes contain the boundary's start and line breaks.
        var file = Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"a.pdf\"\r\n\r\n".utf8)
        file += Array("%PDF\r\n--\(Self.boundary.prefix(10))\r\n\r\n-- \r\n".utf8) + [0, 0xFF, 0x0D, 0x0A]
        file += Array("\r\n--\(Self.boundary)--".utf8)
        #expect(scan(file, chunk: 1) == nil)
        #expect(scan(file, chunk: 4096) == nil)
    }

    @Test func tooManyPartsAreRefusedAtTheFirstOneOver() {
        let hostile = Self.body(parts: 40_000)
        var scanner = MultipartScanner(boundary: Self.boundary, limits: .init(parts: 24))
        let start = ContinuousClock.now
        #expect(scanner?.feed(hostile) == .tooManyParts(limit: 24))
        #expect(scanner?.parts == 25)
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func longNamesAndHeadersAreRefused() {
        #expect(scan(Self.body(parts: 2) { String(repeating: "n", count: $0 == 1 ? 100_000 : 3) }) == .headerTooLong)
        #expect(
            scan(Self.body(parts: 2) { String(repeating: "n", count: $0 == 1 ? 300 : 3) }, limits: .init(parts: 24, headerBytes: 4096))
                == .nameTooLong)
        // A long file name is not a long field name.
        let file =
            "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"a\"; filename=\"\(String(repeating: "x", count: 200))\"\r\n\r\nx\r\n--\(Self.boundary)--"
        #expect(scan(Array(file.utf8)) == nil)
    }

    @Test func malformedBodiesAreRefused() {
        #expect(scan(Array("no delimiter at all".utf8)) == .malformed)
        #expect(scan(Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunfinished".utf8)) == .malformed)
        #expect(scan(Array("--\(Self.boundary)XYZ\r\n".utf8)) == .malformed)
        #expect(MultipartScanner(boundary: "", limits: .init(parts: 1)) == nil)
        #expect(MultipartScanner(boundary: String(repeating: "b", count: 71), limits: .init(parts: 1)) == nil)
    }

    /// A boundary chosen to make a naive search slow ("aaaa…b" in a sea of "a") still scans in
    /// linear time.
    @Test func adversarialBoundariesScanInLinearTime() {
        let boundary = String(repeating: "a", count: 69) + "b"
        guard var scanner = MultipartScanner(boundary: boundary, limits: .init(parts: 24)) else {
            Issue.record("boundary refused")
            return
        }
        let start = ContinuousClock.now
        #expect(scanner.feed(Array("--\(boundary)\r\n\r\n".utf8)) == nil)
        #expect(scanner.feed([UInt8](repeating: UInt8(ascii: "a"), count: 2_000_000)) == nil)
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}

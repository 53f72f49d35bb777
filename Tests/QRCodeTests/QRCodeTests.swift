import Foundation
import QRCode
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct QRCodeTests {
    static let uri =
        "otpauth://totp/B%E1%BB%99%20N%E1%BB%99i%20v%E1%BB%A5:nguyen.van.a%40loa.gov.vn?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        + "&issuer=B%E1%BB%99%20N%E1%BB%99i%20v%E1%BB%A5&algorithm=SHA1&digits=6&period=30"

    @Test func picksTheSmallestVersion() throws {
        // At level M a version 1 symbol holds 14 bytes, version 2 holds 26.
        let short = try #require(QRCode("hello"))
        #expect(short.width == 21 && short.version == 1)
        #expect(short.modules.count == 21 * 21)
        let longer = try #require(QRCode(String(repeating: "a", count: 20)))
        #expect(longer.width == 25 && longer.version == 2)
        let low = try #require(QRCode(String(repeating: "a", count: 17), correction: .low))
        #expect(low.width == 21)
        let high = try #require(QRCode("hello", correction: .high))
        #expect(high.width == 21)
        #expect(try #require(QRCode(String(repeating: "a", count: 15))).width == 25)
    }

    @Test func hasTheThreeFinderPatterns() throws {
        for text in ["hello", Self.uri, "Bộ Nội vụ"] {
            let code = try #require(QRCode(text))
            let last = code.width - 7
            #expect(isFinder(code, x: 0, y: 0))
            #expect(isFinder(code, x: last, y: 0))
            #expect(isFinder(code, x: 0, y: last))
            #expect(!isFinder(code, x: last, y: last))
            // Timing pattern between the finders: alternating, starting dark.
            #expect((8..<(code.width - 8)).allSatisfy { code.isDark(x: $0, y: 6) == ($0 % 2 == 0) })
        }
    }

    @Test func refusesWhatDoesNotFit() throws {
        #expect(QRCode(String(repeating: "x", count: 10_000)) == nil)
        #expect(QRCode(String(repeating: "x", count: 2_332)) == nil)
        #expect(QRCode("") == nil)
        #expect(try #require(QRCode(String(repeating: "x", count: 2_331))).width == 177)
    }

    @Test func encodesBytesIncludingNUL() throws {
        // 8-bit mode takes a length, so a NUL byte does not cut the text short.
        let withNUL = try #require(QRCode("a\u{0}b"))
        #expect(withNUL != QRCode("a"))
    }

    @Test func svgIsWellFormedWithOnePathOfTheDarkModules() throws {
        let code = try #require(QRCode(Self.uri))
        let svg = code.svg(title: "Mã QR để thêm vào ứng dụng xác thực")
        let document = try parse(svg)
        #expect(document.elements == ["svg", "title", "rect", "path"])
        let root = try #require(document.attributes.first)
        let side = code.width + 8
        #expect(root["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(root["viewBox"] == "0 0 \(side) \(side)")
        #expect(root["width"] == "\(side * 4)" && root["height"] == "\(side * 4)")
        #expect(root["role"] == "img")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(root["aria-labelledby"] == document.attributes[1]["id"])
        #expect(document.attributes.allSatisfy { $0["style"] == nil })
        #expect(document.attributes[2]["fill"] == "#fff")
        #expect(document.attributes[3]["fill"] == "#000")
        #expect(document.title == "Mã QR để thêm vào ứng dụng xác thực")
        // The path, read back, covers exactly the dark modules, shifted by the quiet zone.
        let drawn = try #require(modules(fromPath: document.attributes[3]["d"] ?? "", side: side))
        for y in 0..<side {
            for x in 0..<side {
                #expect(drawn[y * side + x] == code.isDark(x: x - 4, y: y - 4))
            }
        }
        // One subpath per horizontal run of dark modules, not one per module.
        let subpaths = (document.attributes[3]["d"] ?? "").utf8.filter { $0 == UInt8(ascii: "M") }.count
        let runs = (0..<code.width).map { y in (0..<code.width).filter { code.isDark(x: $0, y: y) && !code.isDark(x: $0 - 1, y: y) }.count }
        #expect(subpaths == runs.reduce(0, +))
        #expect(subpaths < code.modules.filter { $0 }.count)
        #expect(code.svg(title: "x", moduleSize: 10).contains("width=\"\(side * 10)\""))
        #expect(code.svg(title: "x", moduleSize: 0).contains("width=\"\(side)\""))
    }

    @Test func escapesTheTitlePerScalar() throws {
        let code = try #require(QRCode("hello"))
        // U+0600 is a Prepend character: "\u{0600}<" is a single Character.
        let title = "\u{0600}<script>alert(1)</script> & \"x\" 'y' \u{301}>"
        let svg = code.svg(title: title)
        #expect(!svg.contains("<script"))
        #expect(svg.contains("\u{0600}&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39; \u{301}&gt;"))
        #expect(try parse(svg).title == title)
        // Controls that XML forbids are dropped rather than breaking the document.
        let controls = code.svg(title: "a\u{0}b\u{1B}c\u{FFFE}d\te")
        #expect(try parse(controls).title == "abcd\te")
    }

    @Test func titleIDsDifferBetweenCodes() throws {
        let first = try #require(QRCode("one")).svg(title: "Mã QR")
        let second = try #require(QRCode("two")).svg(title: "Mã QR")
        let firstID = try #require(parse(first).attributes.first?["aria-labelledby"])
        let secondID = try #require(parse(second).attributes.first?["aria-labelledby"])
        #expect(firstID != secondID)
        #expect(first == (try #require(QRCode("one"))).svg(title: "Mã QR"))
    }

    /// Renders the SVG with rsvg-convert and reads it back with zbarimg, where both are
    /// installed (Debian: librsvg2-bin, zbar-tools); skipped elsewhere.
    @Test(.enabled(if: Tools.available, "needs rsvg-convert and zbarimg"))
    func decodesWithZbar() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qrcode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for text in [Self.uri, "Bộ Nội vụ — Cổng thông tin", "hello"] {
            let code = try #require(QRCode(text))
            let svgFile = directory.appendingPathComponent("code.svg")
            let pngFile = directory.appendingPathComponent("code.png")
            try Data(code.svg(title: "Mã QR", moduleSize: 6).utf8).write(to: svgFile)
            _ = try run(Tools.rsvgConvert, ["-o", pngFile.path, svgFile.path])
            let output = try run(Tools.zbarimg, ["--raw", "-q", "-Sbinary", pngFile.path])
            #expect(String(decoding: output, as: UTF8.self) == text)
        }
    }
}

private enum Tools {
    static let rsvgConvert = "/usr/bin/rsvg-convert"
    static let zbarimg = "/usr/bin/zbarimg"
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: rsvgConvert) && FileManager.default.isExecutableFile(atPath: zbarimg)
    }
}

private func run(_ executable: String, _ arguments: [String]) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "\(executable) \(arguments)")
    return output
}

/// A 7×7 finder pattern with its top left module at (x, y): a dark ring, a light ring and a
/// dark 3×3 centre.
private func isFinder(_ code: QRCode, x: Int, y: Int) -> Bool {
    (0..<7).allSatisfy { dy in
        (0..<7).allSatisfy { dx in
            code.isDark(x: x + dx, y: y + dy) == (max(abs(dx - 3), abs(dy - 3)) != 2)
        }
    }
}

/// Reads back a path made only of "M x y h n v1 h-n z" subpaths.
private func modules(fromPath path: String, side: Int) -> [Bool]? {
    var grid = [Bool](repeating: false, count: side * side)
    let scanner = Scanner(string: path)
    scanner.charactersToBeSkipped = nil
    while !scanner.isAtEnd {
        guard scanner.scanString("M") != nil, let x = scanner.scanInt(), scanner.scanString(" ") != nil,
            let y = scanner.scanInt(), scanner.scanString("h") != nil, let run = scanner.scanInt(), scanner.scanString("v1h-") != nil,
            scanner.scanInt() == run, scanner.scanString("z") != nil, x >= 0, y >= 0, run > 0, x + run <= side, y < side
        else { return nil }
        for column in x..<(x + run) {
            if grid[y * side + column] { return nil }  // overlapping runs
            grid[y * side + column] = true
        }
    }
    return grid
}

private struct Document {
    var elements: [String] = []
    var attributes: [[String: String]] = []
    var title = ""
}

private final class Collector: NSObject, XMLParserDelegate {
    var document = Document()
    private var inTitle = false

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        document.elements.append(elementName)
        document.attributes.append(attributes)
        inTitle = elementName == "title"
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        inTitle = false
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inTitle { document.title += string }
    }
}

private struct NotWellFormed: Error {
    let reason: String
}

private func parse(_ svg: String) throws -> Document {
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    guard parser.parse() else { throw NotWellFormed(reason: parser.parserError.map { "\($0)" } ?? "unknown") }
    return collector.document
}

import Foundation
import Testing

/// The shape the code keeps so that others can carry it on: lines a reviewer reads without
/// scrolling (swift-format does not measure the text inside string literals, where the pages are),
/// and markup only in views.
@Suite struct SourceShapeTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources")
        .standardizedFileURL

    static func swiftFiles() throws -> [URL] {
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        var files: [URL] = []
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "swift" { files.append(url) }
        }
        return files
    }

    @Test func linesAreAtMost140Characters() throws {
        let files = try Self.swiftFiles()
        #expect(files.count > 50)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.count > 140 {
                Issue.record(
                    "\(file.lastPathComponent):\(number + 1) has \(line.count) characters; views continue long lines with a trailing \\")
            }
        }
    }

    @Test func controllersWriteNoMarkup() throws {
        let tags = try Regex(#"<(p|div|section|h[1-6]|ul|ol|li|table|tr|td|form|span|strong|nav)[ >]"#)
        for file in try Self.swiftFiles() where file.lastPathComponent.hasSuffix("Controller.swift") {
            let text = try String(contentsOf: file, encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(tags) && !line.contains("contentHTML:") {
                Issue.record("\(file.lastPathComponent):\(number + 1) writes markup; put it in the capability's views")
            }
        }
    }
}

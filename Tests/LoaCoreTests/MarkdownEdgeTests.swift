import Foundation
import Testing

@testable import LoaCore

/// Cases found while hardening the renderer that `MarkdownHardeningTests` does not name.
@Suite struct MarkdownEdgeTests {
    /// An item marker indented by two or three spaces must not start a list that takes no line
    /// (the renderer would begin it again on the same line, for ever).
    @Test func indentedListMarkersEnd() {
        #expect(Markdown.html("  - mục").contains("<li>mục</li>"))
        #expect(Markdown.html("   1. một\n   2. hai").contains("<li>hai</li>"))
    }

    @Test func delimitersNextToJoinersStayDelimiters() {
        // A combining mark after the closing `**` used to make it a different Character.
        #expect(Markdown.html("**đậm\u{0301}**") == "<p><strong>đậm\u{0301}</strong></p>\n")
        #expect(Markdown.html("[\u{0600}nhãn](/a)") == "<p><a href=\"/a\">\u{0600}nhãn</a></p>\n")
        let html = Markdown.html("chữ\u{0600}<b>x</b> và \"\u{0301}")
        #expect(!html.contains("<b>"))
        #expect(
            Markdown.plainText(fromHTML: "<p>a\u{0600}</p><p>b</p>") == "a\u{0600} b"
                || Markdown.plainText(fromHTML: "<p>a\u{0600}</p><p>b</p>") == "a\u{0600}b")
    }
}

import Testing

@testable import LoaCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Hostile input for the Markdown renderer (issue 13, items 1 and 4): pathological nesting and
/// delimiters must render quickly, graphemes must not hide markup, and the output must only ever
/// contain the renderer's own tags.
@Suite(.serialized) struct MarkdownHardeningTests {
    /// Generous for a debug build: each of these took from seconds to minutes, or crashed,
    /// before. Measured as the thread's CPU time, so that other builds on a loaded CI machine do
    /// not make the test flaky; serialized for the same reason.
    static let timeBound = Duration.seconds(2)

    static func cpuTime(_ body: () -> Void) -> Duration {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
        body()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
        return .seconds(Int64(end.tv_sec) - Int64(start.tv_sec)) + .nanoseconds(Int64(end.tv_nsec) - Int64(start.tv_nsec))
    }

    static let attacks: [(name: String, source: String)] = [
        ("40 000 >", String(repeating: ">", count: 40_000)),
        ("40 000 > with spaces", String(repeating: "> ", count: 40_000) + "x"),
        ("40 000 lines of >", (1...40_000).map { String(repeating: ">", count: $0 % 40) }.joined(separator: "\n")),
        ("40 000 list markers", String(repeating: "- ", count: 40_000) + "x"),
        ("40 000 numbered markers", String(repeating: "1. ", count: 40_000) + "x"),
        ("nested list lines", (0..<700).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n")),
        ("quotes and lists", (0..<2_000).map { String(repeating: "> - ", count: $0 % 50) + "x" }.joined(separator: "\n")),
        ("15 000 brackets", String(repeating: "[", count: 15_000) + "a" + String(repeating: "](x)", count: 15_000)),
        ("15 000 image brackets", String(repeating: "![", count: 15_000) + "a" + String(repeating: "](x)", count: 15_000)),
        ("unsafe nested images", String(repeating: "![", count: 10_000) + "a" + String(repeating: "](javascript:x)", count: 10_000)),
        ("20 000 *", String(repeating: "*", count: 20_000)),
        ("20 000 ![", String(repeating: "![", count: 20_000)),
        ("20 000 [](", String(repeating: "[](", count: 20_000)),
        ("links after brackets", String(repeating: "[", count: 10_000) + String(repeating: "[a](x)", count: 10_000)),
        ("100 000 backticks", String(repeating: "`", count: 100_000)),
        ("backtick runs", (1...400).map { String(repeating: "`", count: $0) + "a" }.joined()),
        ("alternating *_", String(repeating: "*_", count: 20_000)),
        ("nested emphasis", String(repeating: "*a **b ", count: 5_000) + String(repeating: "c** d* ", count: 5_000)),
        ("openers only", String(repeating: "*a ", count: 20_000) + "b*"),
        ("_ runs", String(repeating: "_a_ __b", count: 10_000)),
        ("40 000 <", String(repeating: "<", count: 40_000) + ">"),
        ("autolink openers", String(repeating: "<http://a", count: 10_000) + ">"),
        ("escapes", String(repeating: "\\*\\[\\`", count: 20_000)),
        (
            "wide table",
            "|" + String(repeating: "a|", count: 64) + "\n|" + String(repeating: "---|", count: 64) + "\n"
                + String(repeating: "|\n", count: 100_000)
        ),
        ("many headings", String(repeating: "# " + String(repeating: "#", count: 30) + " a ###\n", count: 10_000)),
        ("unclosed fence", "```\n" + String(repeating: "<x>\n", count: 50_000)),
        ("2 MB document", String(repeating: "# Tiêu đề\n\nĐoạn **đậm** và *nghiêng* [liên kết](/a) `mã` <b>\n\n", count: 30_000)),
        ("just under the size limit", String(repeating: "Đoạn **đậm** *nghiêng* [a](/b)\n> trích\n- mục\n\n", count: 17_000)),
    ]

    @Test(arguments: attacks.indices)
    func hostileInputRendersQuicklyAndWellFormed(index: Int) {
        let attack = Self.attacks[index]
        var html = ""
        let elapsed = Self.cpuTime { html = Markdown.html(attack.source) }
        #expect(elapsed < Self.timeBound, "\(attack.name) took \(elapsed)")
        #expect(Self.problem(in: html) == nil, "\(attack.name): \(Self.problem(in: html) ?? "")")
        let plainElapsed = Self.cpuTime { _ = Markdown.plainText(fromHTML: html) }
        #expect(plainElapsed < Self.timeBound, "\(attack.name): plain text took \(plainElapsed)")
    }

    @Test func largestAttacksAreOnBothSidesOfTheSizeLimit() {
        let sizes = Self.attacks.suffix(2).map(\.source.utf8.count)
        #expect(sizes[0] > Markdown.maxSourceBytes)
        #expect(sizes[1] <= Markdown.maxSourceBytes && sizes[1] > Markdown.maxSourceBytes * 9 / 10)
    }

    @Test func nestingStopsAtTheCap() {
        let html = Markdown.html(String(repeating: "> ", count: 40) + "x")
        #expect(html.components(separatedBy: "<blockquote>").count - 1 == Markdown.maxNesting)
        #expect(html.contains("&gt; &gt; x"))
        let list = Markdown.html((0..<40).map { String(repeating: "  ", count: $0) + "- x" }.joined(separator: "\n"))
        #expect(list.components(separatedBy: "<ul>").count - 1 <= Markdown.maxNesting + 1)
        #expect(Self.problem(in: list) == nil)
    }

    @Test func oversizedSourceIsPlainEscapedText() {
        let source = String(repeating: "**đậm** <b>x</b> & \"q\"\n\n", count: Markdown.maxSourceBytes / 20)
        #expect(source.utf8.count > Markdown.maxSourceBytes)
        let html = Markdown.html(source)
        #expect(html.hasPrefix("<p>**đậm** &lt;b&gt;x&lt;/b&gt; &amp; &quot;q&quot;</p>\n<p>"))
        #expect(!html.contains("<strong>"))
        #expect(Self.problem(in: html) == nil)
    }

    @Test func spentWorkBudgetShowsTheRestAsText() {
        let source = "Một **đậm**\n\nHai *nghiêng*\n\n- <b>ba</b>"
        let html = Markdown.html(source, workLimit: 12)
        #expect(html == "<p>Một <strong>đậm</strong></p>\n<p>Hai *nghiêng*</p>\n<p>- &lt;b&gt;ba&lt;/b&gt;</p>\n")
        #expect(Markdown.html(source) == Markdown.html(source, workLimit: nil))
    }

    @Test func inlineMarkupStillWorks() {
        #expect(Markdown.html("***a***") == "<p><em><strong>a</strong></em></p>\n")
        #expect(Markdown.html("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>\n")
        #expect(Markdown.html("[*a*](/x) *[b](/y)*") == "<p><a href=\"/x\"><em>a</em></a> <em><a href=\"/y\">b</a></em></p>\n")
        #expect(Markdown.html("[a [b](/x) c](/y)") == "<p>[a <a href=\"/x\">b</a> c](/y)</p>\n")
        #expect(Markdown.html("![a *b* `c`](/i.png)") == "<p><img src=\"/i.png\" alt=\"a b c\" loading=\"lazy\"></p>\n")
        #expect(Markdown.html("``a ` b`` `x`") == "<p><code>a ` b</code> <code>x</code></p>\n")
        #expect(Markdown.html("\\*a\\* \\`b`") == "<p>*a* `b`</p>\n")
        #expect(
            Markdown.html("<https://a.vn/x?b=1&c=2>")
                == "<p><a href=\"https://a.vn/x?b=1&amp;c=2\" rel=\"noopener nofollow\">https://a.vn/x?b=1&amp;c=2</a></p>\n")
        #expect(Markdown.html("[x](/a(b)c \"t\")") == "<p><a href=\"/a(b)c\">x</a></p>\n")
    }

    // MARK: Graphemes (item 1)

    static let prepends: [Unicode.Scalar] = ["\u{0600}", "\u{0D4E}", "\u{110BD}"]
    static let extenders: [Unicode.Scalar] = ["\u{0301}", "\u{200D}"]
    static let marks: [Unicode.Scalar] = ["\"", "<", ">", "&", "*", "[", "]", "(", ")", "`", "\\", "'", "_", "!", "#", "\n"]

    @Test func prependAndCombiningCharactersDoNotHideMarkup() {
        for prepend in Self.prepends {
            let source = "zz\(prepend)<meta http-equiv=refresh content=0;url=https://evil.example/ \(prepend)>"
            let html = Markdown.html(source)
            #expect(!html.contains("<meta"))
            #expect(html.unicodeScalars.filter { $0 == "<" }.count == 2, "\(html.debugDescription)")
            #expect(Self.problem(in: html) == nil)
            #expect(Markdown.plainText(source) == source)
        }
        for extender in Self.extenders {
            let source = "<\(extender)script>\"\(extender) onload=x &\(extender) *\(extender)a*"
            let html = Markdown.html(source)
            #expect(Self.problem(in: html) == nil, "\(html.debugDescription)")
            #expect(!html.unicodeScalars.contains("\""))
        }
        for mark in Self.marks {
            for other in Self.prepends + Self.extenders {
                for source in [
                    "a \(other)\(mark)b\(mark)\(other) [\(other)x](\(other)/y) *\(other)z\(other)* <\(other)i>",
                    "\(mark)\(other)\(mark)\(other)\(mark)", "**\(other)a\(other)**", "[a\(other)](javascript:\(other)alert(1))",
                ] {
                    let html = Markdown.html(source)
                    #expect(Self.problem(in: html) == nil, "\(source.debugDescription) → \(html.debugDescription)")
                    #expect(!html.lowercased().contains("javascript"), "\(source.debugDescription) → \(html.debugDescription)")
                }
            }
        }
    }

    @Test func scalarsNotGraphemesDelimitMarkup() {
        // "*" followed by a combining mark is still a delimiter; "<" after a Prepend is still escaped.
        #expect(Markdown.html("*\u{301}a*") == "<p><em>\u{301}a</em></p>\n")
        #expect(Markdown.html("\u{600}<b>") == "<p>\u{600}&lt;b&gt;</p>\n")
        #expect(Markdown.html("[a](https://x.vn/\u{301})").contains("rel=\"noopener nofollow\""))
        #expect(Markdown.html("[a](javascript:\u{301}alert(1))") == "<p>a</p>\n")
        #expect(Markdown.normalisedLines("a\n\u{301}b\r\n\u{200D}c").count == 3)
        #expect(Markdown.plainText(fromHTML: "<p>\u{301}x</p><p>y&amp;\u{301}</p>") == "\u{301}xy&\u{301}")
        #expect(Markdown.plainText(fromHTML: "a &b c &amp") == "a &b c &amp")
        #expect(Markdown.headings("#\u{301} không\n## Có\u{301}").map(\.text) == ["Có\u{301}"])
        #expect(Markdown.html("`\u{301}<x>`") == "<p><code>\u{301}&lt;x&gt;</code></p>\n")
    }

    // MARK: Fuzz

    /// Markdown punctuation weighted up, with the scalars that join graphemes, Vietnamese letters,
    /// line breaks and the characters that matter in HTML.
    static let alphabet: [String] = [
        "*", "*", "**", "_", "__", "`", "``", "[", "[", "]", "]", "(", ")", "](", "![", "!", "<", "<", ">", "\\", "#", "## ",
        "-", "- ", "1. ", "|", "---", ":", "&", "&amp;", "\"", "'", " ", " ", "  ", "\t", "    ", "\n", "\n", "\n\n", "\r",
        "\r\n", "> ", ">", "```", "~~~", "\u{0600}", "\u{0D4E}", "\u{110BD}", "\u{0301}", "\u{200D}", "ơ", "ư", "ệ", "đ",
        "Nghị", "a", "b", "x", "1", "http://", "https://a.vn", "javascript:", "mailto:a@b.vn", "/p", "<script>", "<b>",
        "\"onmouseover=", "\u{0}", "\u{7F}",
    ]

    @Test func seededFuzzKeepsOutputWellFormed() {
        var generator = SplitMix64(state: 0x4C6F_6131_3132_3334)
        var total = Duration.zero
        for iteration in 0..<4_000 {
            let length = Int.random(in: 0...120, using: &generator)
            var source = ""
            for _ in 0..<length {
                source += Self.alphabet[Int.random(in: 0..<Self.alphabet.count, using: &generator)]
            }
            var html = ""
            let elapsed = Self.cpuTime { html = Markdown.html(source) }
            total += elapsed
            #expect(elapsed < Self.timeBound, "iteration \(iteration): \(source.debugDescription)")
            if let problem = Self.problem(in: html) {
                Issue.record("iteration \(iteration): \(problem)\n\(source.debugDescription)\n\(html.debugDescription)")
                return
            }
            // Text from the source never comes out as markup: the source's "<" and quotes are all
            // escaped, so there are at most as many of them in the output as the renderer wrote.
            let plain = Markdown.plainText(fromHTML: html)
            #expect(plain.unicodeScalars.filter { $0 == "<" }.count <= source.unicodeScalars.filter { $0 == "<" }.count)
            _ = Markdown.headings(source)
        }
        #expect(total < .seconds(30))
    }

    // MARK: Checker

    static let containers: Set<String> = [
        "p", "a", "strong", "em", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "h4", "h5", "h6", "ul",
        "ol", "li", "blockquote",
    ]
    static let voids: Set<String> = ["br", "hr", "img"]
    static let attributes: Set<String> = ["id", "href", "rel", "src", "alt", "loading", "start", "colspan"]
    static let entities: [String] = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

    /// Why `html` is not what the renderer may write, or nil: scanned by Unicode scalars, every
    /// "<" begins one of the renderer's tags, attributes are double-quoted and hold no "<", ">"
    /// or quote, tags are balanced, and text holds no raw ">", quote or stray "&".
    static func problem(in html: String) -> String? {
        let s = Array(html.unicodeScalars)
        var open: [String] = []
        var index = 0
        func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        }
        while index < s.count {
            switch s[index] {
            case "<":
                var cursor = index + 1
                let closing = cursor < s.count && s[cursor] == "/"
                if closing { cursor += 1 }
                var name = ""
                while cursor < s.count, isNameScalar(s[cursor]) {
                    name.unicodeScalars.append(s[cursor])
                    cursor += 1
                }
                guard containers.contains(name) || (!closing && voids.contains(name)) else {
                    return "unexpected tag <\(closing ? "/" : "")\(name) at \(index)"
                }
                while !closing, cursor < s.count, s[cursor] == " " {
                    cursor += 1
                    var attribute = ""
                    while cursor < s.count, isNameScalar(s[cursor]) {
                        attribute.unicodeScalars.append(s[cursor])
                        cursor += 1
                    }
                    guard attributes.contains(attribute), cursor + 1 < s.count, s[cursor] == "=", s[cursor + 1] == "\"" else {
                        return "bad attribute \(attribute) at \(cursor)"
                    }
                    cursor += 2
                    while cursor < s.count, s[cursor] != "\"" {
                        if s[cursor] == "<" || s[cursor] == ">" || s[cursor] == "'" { return "raw \(s[cursor]) in attribute at \(cursor)" }
                        cursor += 1
                    }
                    guard cursor < s.count else { return "unterminated attribute" }
                    cursor += 1
                }
                guard cursor < s.count, s[cursor] == ">" else { return "unterminated tag <\(name) at \(index)" }
                if closing {
                    guard open.popLast() == name else { return "unbalanced </\(name)> at \(index), open: \(open)" }
                } else if containers.contains(name) {
                    open.append(name)
                }
                index = cursor + 1
            case ">", "\"", "'":
                return "raw \(s[index]) in text at \(index)"
            case "&":
                let rest = String(String.UnicodeScalarView(s[index..<min(s.count, index + 6)]))
                guard entities.contains(where: { rest.unicodeScalars.starts(with: $0.unicodeScalars) }) else {
                    return "stray & at \(index)"
                }
                index += 1
            default:
                index += 1
            }
        }
        return open.isEmpty ? nil : "unclosed \(open)"
    }
}

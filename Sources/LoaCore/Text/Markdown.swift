/// A deliberately small Markdown renderer whose output is safe by construction: every character of
/// the source is escaped, and the only tags in the output are the ones this renderer writes itself.
/// Raw HTML in the source shows as text; links and images keep only http(s), mailto, tel and
/// relative addresses. That is why Loa does not use a general Markdown library plus a sanitiser.
///
/// Supported: ATX headings, paragraphs with hard breaks, bullet and numbered lists (nested by
/// indentation), block quotes, fenced code, thematic breaks, pipe tables, emphasis, strong,
/// code spans, links, images, autolinks and backslash escapes.
///
/// The renderer works on Unicode scalars, never on `Character`s: a Prepend character before `<`
/// or a combining mark after `*` makes one grapheme with it, and a comparison of graphemes with
/// "<" would let markup through or break the parsing. It is also built to stay cheap on hostile
/// input (editors, handlers' answers, imports and consultation pages all render untrusted text):
/// - sources longer than `maxSourceBytes` bytes of UTF-8 are not parsed at all but shown as
///   escaped plain paragraphs;
/// - block quotes and lists nest at most `maxNesting` levels; deeper markers are paragraph text;
/// - inline parsing is linear: code spans, links and images are matched with precomputed
///   positions, emphasis with a delimiter stack (CommonMark's "openers bottom"), and parts of the
///   source are passed as index ranges, never copied;
/// - a work budget (proportional to the source's length) bounds the rest: once it is spent, the
///   remaining lines are shown as escaped plain paragraphs.
public enum Markdown {
    /// Sources longer than this (bytes of UTF-8) are rendered as escaped plain paragraphs, without
    /// Markdown: far above any real page or answer, and a bound on the renderer's time and memory.
    public static let maxSourceBytes = 1_000_000

    /// Block quotes and lists nested deeper than this show the rest of their markers as text.
    public static let maxNesting = 16

    /// Pipe tables with more columns than this are shown as paragraphs.
    static let maxTableColumns = 64

    /// Renders Markdown to HTML. `#` headings become `<h2>` so that a page keeps a single `<h1>`.
    public static func html(_ source: String) -> String {
        html(source, workLimit: nil)
    }

    /// The same, with every line break inside a paragraph kept (as `<br>`): for text written as
    /// people write letters, such as a handler's answer, where a new line is meant as one.
    public static func html(keepingLineBreaks source: String) -> String {
        html(source, workLimit: nil, keepsLineBreaks: true)
    }

    /// `workLimit` overrides the work budget (units of roughly one scalar visited or one cell
    /// written), for tests of what happens when it runs out.
    static func html(_ source: String, workLimit: Int?, keepsLineBreaks: Bool = false) -> String {
        guard source.utf8.count <= maxSourceBytes else { return plainParagraphs(source) }
        let scalars = Array(source.unicodeScalars)
        let renderer = BlockRenderer(
            scalars: scalars, workLimit: workLimit ?? (64 * scalars.count + 100_000), keepsLineBreaks: keepsLineBreaks)
        var output = HTMLBuffer()
        renderer.render(lines: scalarLines(scalars, in: 0..<scalars.count), depth: 0, into: &output)
        return output.string
    }

    /// The text without markup, for summaries, feeds and search.
    public static func plainText(_ source: String) -> String {
        plainText(fromHTML: html(source))
    }

    /// The text of HTML this renderer produced (tags dropped, entities decoded): saves rendering
    /// twice when the HTML is at hand. Reads UTF-8 bytes: "<", ">", "&" and ";" are ASCII, and an
    /// ASCII byte never occurs inside another scalar's encoding, so a combining mark after ">" or a
    /// Prepend character before "<" cannot hide the end or start of a tag (as graphemes would).
    public static func plainText(fromHTML html: String) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(html.utf8.count)
        var inTag = false
        var entity: [UInt8] = []
        for byte in html.utf8 {
            if inTag {
                if byte == UInt8(ascii: ">") { inTag = false }
                continue
            }
            if !entity.isEmpty {
                if byte == UInt8(ascii: ";") {
                    entity.append(byte)
                    text.append(contentsOf: decodeEntity(entity))
                    entity.removeAll(keepingCapacity: true)
                    continue
                }
                // The renderer's entities are short: anything longer is text, not an entity.
                if entity.count < 8, byte != UInt8(ascii: "&"), byte != UInt8(ascii: "<") {
                    entity.append(byte)
                    continue
                }
                text.append(contentsOf: entity)
                entity.removeAll(keepingCapacity: true)
            }
            switch byte {
            case UInt8(ascii: "<"): inTag = true
            case UInt8(ascii: "&"): entity.append(byte)
            default: text.append(byte)
            }
        }
        text.append(contentsOf: entity)
        // Runs of spaces and newlines become one space; none at the ends.
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var pendingSpace = false
        for byte in text {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(UInt8(ascii: " ")) }
            pendingSpace = false
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The headings of a document in order, with the anchor id each gets in the HTML.
    public static func headings(_ source: String) -> [(level: Int, text: String, id: String)] {
        let scalars = Array(source.unicodeScalars)
        var result: [(Int, String, String)] = []
        var inFence = false
        for line in scalarLines(scalars, in: 0..<scalars.count) {
            let trimmed = scalars.trimmingLeadingSpaces(line)
            if scalars.hasPrefix("```", in: trimmed) || scalars.hasPrefix("~~~", in: trimmed) {
                inFence.toggle()
                continue
            }
            if !inFence, let heading = atxHeading(scalars, line) {
                let text = scalars.string(heading.text)
                result.append((heading.level, text, VietnameseText.slug(text)))
            }
        }
        return result
    }

    /// Lines split on "\n", "\r\n" or "\r", looking at Unicode scalars (a combining mark after
    /// "\n" still ends the line).
    static func normalisedLines(_ source: String) -> [Substring] {
        let scalars = source.unicodeScalars
        var lines: [Substring] = []
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard scalar == "\n" || scalar == "\r" else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(Substring(scalars[start..<index]))
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
            start = index
        }
        lines.append(Substring(scalars[start..<scalars.endIndex]))
        return lines
    }

    static func atxHeading(_ line: Substring) -> (level: Int, text: String)? {
        let scalars = Array(line.unicodeScalars)
        guard let heading = atxHeading(scalars, 0..<scalars.count) else { return nil }
        return (heading.level, scalars.string(heading.text))
    }

    fileprivate static func atxHeading(_ s: [Unicode.Scalar], _ line: Range<Int>) -> (level: Int, text: Range<Int>)? {
        let trimmed = s.trimmingLeadingSpaces(line)
        guard trimmed.lowerBound - line.lowerBound < 4, s.first(in: trimmed) == "#" else { return nil }
        var index = trimmed.lowerBound
        while index < trimmed.upperBound, s[index] == "#" { index += 1 }
        let level = index - trimmed.lowerBound
        guard level <= 6 else { return nil }
        guard index == trimmed.upperBound || s[index] == " " || s[index] == "\t" else { return nil }
        var text = s.trimmingSpaces(index..<trimmed.upperBound)
        // An optional closing sequence of #s is not part of the text.
        var lastNonHash = text.upperBound - 1
        while lastNonHash >= text.lowerBound, s[lastNonHash] == "#" { lastNonHash -= 1 }
        if lastNonHash < text.lowerBound {
            text = text.lowerBound..<text.lowerBound
        } else if lastNonHash < text.upperBound - 1, s[lastNonHash] == " " {
            text = s.trimmingSpaces(text.lowerBound..<(lastNonHash + 1))
        }
        return (level, text)
    }

    private static let entities: [(name: [UInt8], text: [UInt8])] = [
        ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    private static func decodeEntity(_ entity: [UInt8]) -> [UInt8] {
        entities.first { $0.name == entity }?.text ?? entity
    }

    /// Runs of spaces and newlines become one space; none at the ends.
    fileprivate static func collapsingSpaces(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar == " " || scalar == "\n" {
                pendingSpace = !result.isEmpty
                continue
            }
            if pendingSpace { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }

    /// A source over `maxSourceBytes`: paragraphs split at blank lines, every byte escaped. Works
    /// on UTF-8 bytes: the escaped characters are ASCII, and ASCII bytes never occur inside the
    /// encoding of another scalar, so this is exact per scalar.
    static func plainParagraphs(_ source: String) -> String {
        let bytes = Array(source.utf8)
        var output = HTMLBuffer()
        output.bytes.reserveCapacity(bytes.count + bytes.count / 8)
        var inParagraph = false
        var lineStart = 0
        while true {
            var end = lineStart
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
            var blank = true
            for index in lineStart..<end where bytes[index] != UInt8(ascii: " ") && bytes[index] != UInt8(ascii: "\t") {
                blank = false
                break
            }
            if blank {
                if inParagraph { output.raw("</p>\n") }
                inParagraph = false
            } else {
                output.raw(inParagraph ? "\n" : "<p>")
                inParagraph = true
                for index in lineStart..<end { output.escapedByte(bytes[index]) }
            }
            guard end < bytes.count else { break }
            lineStart = end + 1
            if bytes[end] == UInt8(ascii: "\r"), lineStart < bytes.count, bytes[lineStart] == UInt8(ascii: "\n") { lineStart += 1 }
        }
        if inParagraph { output.raw("</p>\n") }
        return output.string
    }
}

/// Lines of `range` as index ranges, split on "\n", "\r\n" or "\r".
private func scalarLines(_ s: [Unicode.Scalar], in range: Range<Int>) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var start = range.lowerBound
    var index = start
    while index < range.upperBound {
        let scalar = s[index]
        guard scalar == "\n" || scalar == "\r" else {
            index += 1
            continue
        }
        lines.append(start..<index)
        index += 1
        if scalar == "\r", index < range.upperBound, s[index] == "\n" { index += 1 }
        start = index
    }
    lines.append(start..<range.upperBound)
    return lines
}

// MARK: - Output

/// The HTML being written, as UTF-8 bytes (cheaper to append to than a `String`). Text goes in
/// through `escaped`, one scalar at a time; only the renderer's own markup goes through `raw`.
private struct HTMLBuffer {
    var bytes: [UInt8] = []

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ markup: String) {
        bytes.append(contentsOf: markup.utf8)
    }

    mutating func escapedByte(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "&"): raw("&amp;")
        case UInt8(ascii: "<"): raw("&lt;")
        case UInt8(ascii: ">"): raw("&gt;")
        case UInt8(ascii: "\""): raw("&quot;")
        case UInt8(ascii: "'"): raw("&#39;")
        default: bytes.append(byte)
        }
    }

    mutating func escaped(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        if value < 0x80 {
            escapedByte(UInt8(truncatingIfNeeded: value))
        } else if value < 0x800 {
            bytes.append(0xC0 | UInt8(truncatingIfNeeded: value >> 6))
            bytes.append(0x80 | UInt8(truncatingIfNeeded: value & 0x3F))
        } else if value < 0x1_0000 {
            bytes.append(0xE0 | UInt8(truncatingIfNeeded: value >> 12))
            bytes.append(0x80 | UInt8(truncatingIfNeeded: (value >> 6) & 0x3F))
            bytes.append(0x80 | UInt8(truncatingIfNeeded: value & 0x3F))
        } else {
            bytes.append(0xF0 | UInt8(truncatingIfNeeded: value >> 18))
            bytes.append(0x80 | UInt8(truncatingIfNeeded: (value >> 12) & 0x3F))
            bytes.append(0x80 | UInt8(truncatingIfNeeded: (value >> 6) & 0x3F))
            bytes.append(0x80 | UInt8(truncatingIfNeeded: value & 0x3F))
        }
    }

    mutating func escaped(_ s: [Unicode.Scalar], _ range: Range<Int>) {
        for index in range { escaped(s[index]) }
    }

    mutating func escaped(_ text: String) {
        for scalar in text.unicodeScalars { escaped(scalar) }
    }

    mutating func escaped(_ scalar: Unicode.Scalar, count: Int) {
        for _ in 0..<count { escaped(scalar) }
    }
}

// MARK: - Scalars

extension [Unicode.Scalar] {
    fileprivate func first(in range: Range<Int>) -> Unicode.Scalar? {
        range.isEmpty ? nil : self[range.lowerBound]
    }

    fileprivate func last(in range: Range<Int>) -> Unicode.Scalar? {
        range.isEmpty ? nil : self[range.upperBound - 1]
    }

    fileprivate func trimmingLeadingSpaces(_ range: Range<Int>) -> Range<Int> {
        var start = range.lowerBound
        while start < range.upperBound, self[start] == " " || self[start] == "\t" { start += 1 }
        return start..<range.upperBound
    }

    fileprivate func trimmingSpaces(_ range: Range<Int>) -> Range<Int> {
        let start = trimmingLeadingSpaces(range).lowerBound
        var end = range.upperBound
        while end > start, self[end - 1] == " " || self[end - 1] == "\t" { end -= 1 }
        return start..<end
    }

    fileprivate func isBlank(_ range: Range<Int>) -> Bool {
        trimmingLeadingSpaces(range).isEmpty
    }

    fileprivate func hasPrefix(_ prefix: String, in range: Range<Int>) -> Bool {
        var index = range.lowerBound
        for scalar in prefix.unicodeScalars {
            guard index < range.upperBound, self[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    fileprivate func hasSuffix(_ suffix: String, in range: Range<Int>) -> Bool {
        let scalars = Array(suffix.unicodeScalars)
        guard scalars.count <= range.count else { return false }
        return self[(range.upperBound - scalars.count)..<range.upperBound].elementsEqual(scalars)
    }

    fileprivate func contains(_ scalar: Unicode.Scalar, in range: Range<Int>) -> Bool {
        self[range].contains(scalar)
    }

    fileprivate func string(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: self[range])
        return String(result)
    }
}

extension Unicode.Scalar {
    /// ASCII punctuation and symbols: what a backslash escapes.
    fileprivate var isASCIIPunctuation: Bool {
        switch value {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }

    fileprivate var isMarkdownWhitespace: Bool {
        self == " " || self == "\t" || self == "\n" || self == "\r" || self == "\u{0C}"
            || properties.generalCategory == .spaceSeparator
    }

    /// Unicode punctuation or symbol, as CommonMark's flanking rules use it.
    fileprivate var isMarkdownPunctuation: Bool {
        if isASCII { return isASCIIPunctuation }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    fileprivate var isASCIIDigit: Bool { value >= 0x30 && value <= 0x39 }
}

// MARK: - Blocks

/// Renders lines (index ranges into one array of scalars) to blocks. A class so that nested
/// blocks share the work budget.
private final class BlockRenderer {
    let s: [Unicode.Scalar]
    let workLimit: Int
    let keepsLineBreaks: Bool
    var work = 0

    init(scalars: [Unicode.Scalar], workLimit: Int, keepsLineBreaks: Bool) {
        self.s = scalars
        self.workLimit = workLimit
        self.keepsLineBreaks = keepsLineBreaks
    }

    var overBudget: Bool { work > workLimit }

    func render(lines: [Range<Int>], depth: Int, into output: inout HTMLBuffer) {
        var index = 0
        var paragraph: [Range<Int>] = []
        // Deeper than this, quote and list markers are text: no recursion without bound.
        let nests = depth < Markdown.maxNesting

        while index < lines.count {
            if overBudget {
                flush(&paragraph, into: &output)
                plainParagraphs(lines[index...], into: &output)
                return
            }
            let line = lines[index]
            work += line.count + 1
            let trimmed = s.trimmingLeadingSpaces(line)
            let indent = trimmed.lowerBound - line.lowerBound

            if trimmed.isEmpty {
                flush(&paragraph, into: &output)
                index += 1
                continue
            }

            if indent < 4, s.hasPrefix("```", in: trimmed) || s.hasPrefix("~~~", in: trimmed) {
                flush(&paragraph, into: &output)
                let fence = s[trimmed.lowerBound] == "`" ? "```" : "~~~"
                output.raw("<pre><code>")
                index += 1
                var first = true
                while index < lines.count, !s.hasPrefix(fence, in: s.trimmingLeadingSpaces(lines[index])) {
                    if !first { output.raw("\n") }
                    first = false
                    output.escaped(s, lines[index])
                    work += lines[index].count + 1
                    index += 1
                }
                index += 1  // the closing fence, or past the end
                output.raw("</code></pre>\n")
                continue
            }

            if let heading = Markdown.atxHeading(s, line) {
                flush(&paragraph, into: &output)
                let level = max(2, heading.level)
                let id = VietnameseText.slug(s.string(heading.text))
                output.raw("<h\(level)")
                if !id.isEmpty {
                    output.raw(" id=\"")
                    output.escaped(id)
                    output.raw("\"")
                }
                output.raw(">")
                renderInline(heading.text, into: &output)
                output.raw("</h\(level)>\n")
                index += 1
                continue
            }

            if indent < 4, isThematicBreak(trimmed) {
                flush(&paragraph, into: &output)
                output.raw("<hr>\n")
                index += 1
                continue
            }

            if nests, indent < 4, s.first(in: trimmed) == ">" {
                flush(&paragraph, into: &output)
                var quoted: [Range<Int>] = []
                while index < lines.count {
                    let candidate = s.trimmingLeadingSpaces(lines[index])
                    guard s.first(in: candidate) == ">" else { break }
                    var inner = (candidate.lowerBound + 1)..<candidate.upperBound
                    if s.first(in: inner) == " " { inner = (inner.lowerBound + 1)..<inner.upperBound }
                    quoted.append(inner)
                    index += 1
                }
                output.raw("<blockquote>\n")
                render(lines: quoted, depth: depth + 1, into: &output)
                output.raw("</blockquote>\n")
                continue
            }

            if nests, indent < 4, let marker = listMarker(trimmed) {
                flush(&paragraph, into: &output)
                index = renderList(
                    lines: lines, from: index, ordered: marker.ordered, start: marker.number, depth: depth, into: &output)
                continue
            }

            if paragraph.isEmpty, index + 1 < lines.count, isTableRow(line), isTableDelimiter(lines[index + 1]),
                tableCells(line).count <= Markdown.maxTableColumns
            {
                index = renderTable(lines: lines, from: index, into: &output)
                continue
            }

            paragraph.append(line)
            index += 1
        }
        flush(&paragraph, into: &output)
    }

    /// What is left once the work budget is spent: escaped text, paragraphs split at blank lines.
    private func plainParagraphs(_ lines: ArraySlice<Range<Int>>, into output: inout HTMLBuffer) {
        var inParagraph = false
        for line in lines {
            if s.isBlank(line) {
                if inParagraph { output.raw("</p>\n") }
                inParagraph = false
                continue
            }
            output.raw(inParagraph ? "\n" : "<p>")
            inParagraph = true
            output.escaped(s, line)
        }
        if inParagraph { output.raw("</p>\n") }
    }

    private func flush(_ paragraph: inout [Range<Int>], into output: inout HTMLBuffer) {
        guard !paragraph.isEmpty else { return }
        output.raw("<p>")
        renderParagraphLines(paragraph, into: &output)
        output.raw("</p>\n")
        paragraph.removeAll()
    }

    private func renderList(
        lines: [Range<Int>], from start: Int, ordered: Bool, start number: Int, depth: Int, into output: inout HTMLBuffer
    ) -> Int {
        var index = start
        var items: [[Range<Int>]] = []
        var loose = false
        var sawBlank = false
        while index < lines.count {
            let line = lines[index]
            work += line.count + 1
            let trimmed = s.trimmingLeadingSpaces(line)
            let indent = trimmed.lowerBound - line.lowerBound
            if trimmed.isEmpty {
                sawBlank = true
                index += 1
                continue
            }
            // The first line always opens an item (its marker may be indented up to three spaces):
            // a list that took no line would be started again on the same line, for ever.
            if indent < 2 || index == start, let marker = listMarker(trimmed), marker.ordered == ordered {
                if sawBlank, !items.isEmpty { loose = true }
                sawBlank = false
                items.append([(trimmed.lowerBound + marker.width)..<trimmed.upperBound])
                index += 1
                continue
            }
            if indent >= 2, !items.isEmpty {
                if sawBlank { items[items.count - 1].append(line.lowerBound..<line.lowerBound) }
                sawBlank = false
                items[items.count - 1].append((line.lowerBound + min(indent, 4))..<line.upperBound)
                index += 1
                continue
            }
            if !sawBlank, !items.isEmpty, listMarker(trimmed) == nil, Markdown.atxHeading(s, line) == nil {
                // A lazy continuation line belongs to the item's paragraph.
                items[items.count - 1].append(trimmed)
                index += 1
                continue
            }
            break
        }
        let tag = ordered ? "ol" : "ul"
        let startAttribute = ordered && number != 1 ? " start=\"\(number)\"" : ""
        output.raw("<\(tag)\(startAttribute)>\n")
        for item in items {
            let hasBlocks = item.dropFirst().contains { line in
                let trimmed = s.trimmingLeadingSpaces(line)
                return line.isEmpty || listMarker(trimmed) != nil || s.first(in: trimmed) == ">"
                    || s.hasPrefix("```", in: trimmed)
            }
            output.raw("<li>")
            if hasBlocks || loose {
                var inner = HTMLBuffer()
                render(lines: item, depth: depth + 1, into: &inner)
                if !loose, inner.bytes.starts(with: "<p>".utf8), let end = firstRange(of: Array("</p>\n".utf8), in: inner.bytes) {
                    // A tight item: its first paragraph is not wrapped.
                    output.bytes.append(contentsOf: inner.bytes[3..<end.lowerBound])
                    output.raw("\n")
                    output.bytes.append(contentsOf: inner.bytes[end.upperBound...])
                } else {
                    output.bytes.append(contentsOf: inner.bytes)
                }
            } else {
                renderParagraphLines(item, into: &output)
            }
            output.raw("</li>\n")
        }
        output.raw("</\(tag)>\n")
        return index
    }

    private func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Range<Int>? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = 0
        while index + needle.count <= haystack.count {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index..<(index + needle.count)
            }
            index += 1
        }
        return nil
    }

    private func renderTable(lines: [Range<Int>], from start: Int, into output: inout HTMLBuffer) -> Int {
        let header = tableCells(lines[start])
        var index = start + 2
        output.raw("<table>\n<thead>\n<tr>")
        for cell in header {
            output.raw("<th>")
            renderInline(cell, into: &output)
            output.raw("</th>")
        }
        output.raw("</tr>\n</thead>\n<tbody>\n")
        while index < lines.count, !overBudget, isTableRow(lines[index]) {
            let cells = tableCells(lines[index])
            work += lines[index].count + 1
            output.raw("<tr>")
            for cell in cells.prefix(header.count) {
                output.raw("<td>")
                renderInline(cell, into: &output)
                output.raw("</td>")
            }
            // Short rows are padded to the header's width with one cell: a cell per missing column
            // would let rows of a lone "|" under a wide header multiply the output.
            let missing = header.count - cells.count
            if missing == 1 { output.raw("<td></td>") }
            if missing > 1 { output.raw("<td colspan=\"\(missing)\"></td>") }
            output.raw("</tr>\n")
            index += 1
        }
        output.raw("</tbody>\n</table>\n")
        return index
    }

    private func isThematicBreak(_ trimmed: Range<Int>) -> Bool {
        guard let first = s.first(in: trimmed), first == "-" || first == "*" || first == "_" else { return false }
        var marks = 0
        for index in trimmed where s[index] != " " && s[index] != "\t" {
            guard s[index] == first else { return false }
            marks += 1
        }
        return marks >= 3
    }

    private func listMarker(_ trimmed: Range<Int>) -> (ordered: Bool, number: Int, width: Int)? {
        guard let first = s.first(in: trimmed) else { return nil }
        if first == "-" || first == "*" || first == "+" {
            let next = s.first(in: (trimmed.lowerBound + 1)..<max(trimmed.lowerBound + 1, trimmed.upperBound))
            guard next == " " || next == "\t" else { return nil }
            return (false, 1, 2)
        }
        var end = trimmed.lowerBound
        while end < trimmed.upperBound, s[end].isASCIIDigit, end - trimmed.lowerBound < 10 { end += 1 }
        let digits = end - trimmed.lowerBound
        guard digits > 0, digits <= 9, end + 1 < trimmed.upperBound else { return nil }
        guard s[end] == "." || s[end] == ")", s[end + 1] == " " || s[end + 1] == "\t" else { return nil }
        var number = 0
        for index in trimmed.lowerBound..<end { number = number * 10 + Int(s[index].value - 0x30) }
        return (true, number, digits + 2)
    }

    private func isTableRow(_ line: Range<Int>) -> Bool {
        s.contains("|", in: line) && !s.isBlank(line)
    }

    private func isTableDelimiter(_ line: Range<Int>) -> Bool {
        let cells = tableCells(line)
        return !cells.isEmpty
            && cells.allSatisfy { cell in
                cell.count >= 3 && s[cell].allSatisfy { $0 == "-" || $0 == ":" } && s[cell].contains("-")
            }
    }

    /// The cells of a row, trimmed, without the optional outer pipes.
    private func tableCells(_ line: Range<Int>) -> [Range<Int>] {
        var body = s.trimmingSpaces(line)
        if s.first(in: body) == "|" { body = (body.lowerBound + 1)..<body.upperBound }
        if s.last(in: body) == "|" { body = body.lowerBound..<(body.upperBound - 1) }
        var cells: [Range<Int>] = []
        var start = body.lowerBound
        for index in body where s[index] == "|" {
            cells.append(s.trimmingSpaces(start..<index))
            start = index + 1
        }
        cells.append(s.trimmingSpaces(start..<body.upperBound))
        return cells
    }

    private func renderParagraphLines(_ lines: [Range<Int>], into output: inout HTMLBuffer) {
        for (position, line) in lines.enumerated() {
            var text = s.trimmingLeadingSpaces(line)
            var hardBreak = false
            if position < lines.count - 1 {
                if keepsLineBreaks || s.hasSuffix("  ", in: text) {
                    hardBreak = true
                } else if s.last(in: text) == "\\" {
                    hardBreak = true
                    text = text.lowerBound..<(text.upperBound - 1)
                }
            }
            if position > 0 { output.raw("\n") }
            renderInline(s.trimmingSpaces(text), into: &output)
            if hardBreak { output.raw("<br>") }
        }
    }

    private func renderInline(_ range: Range<Int>, into output: inout HTMLBuffer) {
        var parser = InlineParser(s: s, range: range)
        parser.parse()
        parser.write(into: &output)
        work += range.count + parser.work
    }
}

// MARK: - Inline

/// Inline markup of one range (a line, a heading, a cell), parsed in linear time. The range is
/// cut into a doubly linked list of pieces; emphasis and links then only insert tags between
/// pieces or replace them, so tags always nest, and no part of the source is copied or parsed
/// twice.
private struct InlineParser {
    enum Piece {
        case text(Range<Int>)  // source scalars, escaped when written
        case plain(String)  // text made here (an image's alt text in place of an unsafe image)
        case markup(String)  // the renderer's own tags
        case code(Range<Int>)
        case autolink(url: String, text: Range<Int>)
        case bracket(image: Bool)  // "[" or "![" until it opens a link
        case delimiter(Int)  // a run of * or _: its unused marks are written as text
        case nothing
    }

    struct Node {
        var piece: Piece
        var previous: Int
        var next: Int
    }

    struct Delimiter {
        var node: Int
        var mark: Unicode.Scalar
        var count: Int
        var original: Int
        var canOpen: Bool
        var canClose: Bool
        var previous: Int
        var next: Int
    }

    struct Bracket {
        var node: Int
        var image: Bool
        var delimiterBottom: Int
    }

    let s: [Unicode.Scalar]
    let range: Range<Int>
    /// Node 0 is the head and node 1 the tail of the list; both write nothing.
    var nodes: [Node] = [Node(piece: .nothing, previous: -1, next: 1), Node(piece: .nothing, previous: 0, next: -1)]
    /// Delimiter 0 is the bottom of the stack and never matches.
    var delimiters: [Delimiter] = [
        Delimiter(node: 0, mark: " ", count: 0, original: 0, canOpen: false, canClose: false, previous: -1, next: -1)
    ]
    var delimiterTop = 0
    var brackets: [Bracket] = []
    /// Brackets below this index may not open a link any more: links do not nest. Kept as an
    /// index so that a link does not have to mark every earlier bracket.
    var linkFloor = 0
    var work = 0

    /// Backtick runs by length, each list in source order, and a cursor per length.
    var backtickRuns: [Int: [Int]]?
    var backtickCursor: [Int: Int] = [:]
    /// For each "(" of the range, the index of its matching ")", or -1; built when first needed.
    var parenMatch: [Int]?
    /// The next ">" and " " at or after a position, remembered so that a row of "<" does not
    /// search the same stretch again and again.
    var nextGreater = (from: -1, at: -1)
    var nextSpace = (from: -1, at: -1)

    init(s: [Unicode.Scalar], range: Range<Int>) {
        self.s = s
        self.range = range
    }

    // MARK: List

    @discardableResult
    mutating func append(_ piece: Piece) -> Int {
        insert(piece, after: nodes[1].previous)
    }

    @discardableResult
    mutating func insert(_ piece: Piece, after node: Int) -> Int {
        let next = nodes[node].next
        nodes.append(Node(piece: piece, previous: node, next: next))
        let new = nodes.count - 1
        nodes[node].next = new
        nodes[next].previous = new
        return new
    }

    mutating func removeDelimiter(_ index: Int) {
        let previous = delimiters[index].previous
        let next = delimiters[index].next
        if previous >= 0 { delimiters[previous].next = next }
        if next >= 0 { delimiters[next].previous = previous }
        if delimiterTop == index { delimiterTop = previous }
    }

    // MARK: Parsing

    mutating func parse() {
        var index = range.lowerBound
        var textStart = index
        let end = range.upperBound

        func flushText(_ parser: inout InlineParser, upTo position: Int) {
            if textStart < position { parser.append(.text(textStart..<position)) }
        }

        while index < end {
            let scalar = s[index]
            switch scalar {
            case "\\":
                if index + 1 < end, s[index + 1].isASCIIPunctuation {
                    flushText(&self, upTo: index)
                    textStart = index + 1  // the escaped mark is text
                    index += 2
                } else {
                    index += 1
                }

            case "`":
                let run = runLength(from: index, of: "`")
                if let close = closingBackticks(after: index + run, length: run) {
                    flushText(&self, upTo: index)
                    append(.code(s.trimmingSpaces((index + run)..<close)))
                    index = close + run
                    textStart = index
                } else {
                    index += run
                }

            case "*", "_":
                let run = runLength(from: index, of: scalar)
                let before = index > range.lowerBound ? s[index - 1] : " "
                let after = index + run < end ? s[index + run] : " "
                let leftFlanking =
                    !after.isMarkdownWhitespace
                    && (!after.isMarkdownPunctuation || before.isMarkdownWhitespace || before.isMarkdownPunctuation)
                let rightFlanking =
                    !before.isMarkdownWhitespace
                    && (!before.isMarkdownPunctuation || after.isMarkdownWhitespace || after.isMarkdownPunctuation)
                let canOpen: Bool
                let canClose: Bool
                if scalar == "*" {
                    canOpen = leftFlanking
                    canClose = rightFlanking
                } else {
                    // "_" inside a word (ten_bien_so) is text.
                    canOpen = leftFlanking && (!rightFlanking || before.isMarkdownPunctuation)
                    canClose = rightFlanking && (!leftFlanking || after.isMarkdownPunctuation)
                }
                if canOpen || canClose {
                    flushText(&self, upTo: index)
                    let node = append(.delimiter(delimiters.count))
                    delimiters.append(
                        Delimiter(
                            node: node, mark: scalar, count: run, original: run, canOpen: canOpen, canClose: canClose,
                            previous: delimiterTop, next: -1))
                    delimiters[delimiterTop].next = delimiters.count - 1
                    delimiterTop = delimiters.count - 1
                    textStart = index + run
                }
                index += run

            case "!" where index + 1 < end && s[index + 1] == "[":
                flushText(&self, upTo: index)
                brackets.append(Bracket(node: append(.bracket(image: true)), image: true, delimiterBottom: delimiterTop))
                index += 2
                textStart = index

            case "[":
                flushText(&self, upTo: index)
                brackets.append(Bracket(node: append(.bracket(image: false)), image: false, delimiterBottom: delimiterTop))
                index += 1
                textStart = index

            case "]":
                flushText(&self, upTo: index)
                if let next = closeBracket(at: index) {
                    index = next
                    textStart = index
                } else {
                    textStart = index  // the "]" is text
                    index += 1
                }

            case "<":
                if let link = autolink(at: index) {
                    flushText(&self, upTo: index)
                    append(.autolink(url: link.url, text: (index + 1)..<link.close))
                    index = link.close + 1
                    textStart = index
                } else {
                    index += 1
                }

            default:
                index += 1
            }
        }
        flushText(&self, upTo: end)
        processEmphasis(above: 0)
    }

    func runLength(from start: Int, of mark: Unicode.Scalar) -> Int {
        var end = start
        while end < range.upperBound, s[end] == mark { end += 1 }
        return end - start
    }

    /// The start of the first backtick run of exactly `length` at or after `position`. Openers
    /// come in source order, so each length's cursor only moves forward.
    mutating func closingBackticks(after position: Int, length: Int) -> Int? {
        if backtickRuns == nil {
            var runs: [Int: [Int]] = [:]
            var index = range.lowerBound
            while index < range.upperBound {
                if s[index] == "`" {
                    let run = runLength(from: index, of: "`")
                    runs[run, default: []].append(index)
                    index += run
                } else {
                    index += 1
                }
            }
            backtickRuns = runs
        }
        guard let starts = backtickRuns?[length] else { return nil }
        var cursor = backtickCursor[length] ?? 0
        while cursor < starts.count, starts[cursor] < position {
            cursor += 1
            work += 1
        }
        backtickCursor[length] = cursor
        return cursor < starts.count ? starts[cursor] : nil
    }

    /// `<http://…>` or `<https://…>`: the URL and the index of the closing ">".
    mutating func autolink(at open: Int) -> (url: String, close: Int)? {
        let end = range.upperBound
        if nextGreater.from < 0 || open >= nextGreater.at {
            var index = open + 1
            while index < end, s[index] != ">" { index += 1 }
            work += index - open
            nextGreater = (open, index)
        }
        let close = nextGreater.at
        guard close < end, close > open + 1 else { return nil }
        if nextSpace.from < 0 || open >= nextSpace.at {
            var index = open + 1
            while index < end, s[index] != " " { index += 1 }
            work += index - open
            nextSpace = (open, index)
        }
        guard nextSpace.at > close else { return nil }
        let inner = (open + 1)..<close
        guard hasPrefixIgnoringCase("http://", in: inner) || hasPrefixIgnoringCase("https://", in: inner),
            let url = safeURL(s.string(inner), allowMail: false)
        else { return nil }
        return (url, close)
    }

    func hasPrefixIgnoringCase(_ prefix: String, in range: Range<Int>) -> Bool {
        var index = range.lowerBound
        for scalar in prefix.unicodeScalars {
            guard index < range.upperBound else { return false }
            let value = s[index].value
            let lower = value >= 0x41 && value <= 0x5A ? value + 0x20 : value
            guard lower == scalar.value else { return false }
            index += 1
        }
        return true
    }

    /// For "]" at `index`: if the nearest bracket and a following "(destination)" make a link or
    /// an image, builds it and returns the index after ")".
    mutating func closeBracket(at index: Int) -> Int? {
        guard let bracket = brackets.last else { return nil }
        let active = bracket.image || brackets.count - 1 >= linkFloor
        brackets.removeLast()
        linkFloor = min(linkFloor, brackets.count)
        guard active, index + 1 < range.upperBound, s[index + 1] == "(", let close = matchingParen(index + 1) else {
            return nil
        }
        let destination = linkDestination((index + 2)..<close)
        processEmphasis(above: bracket.delimiterBottom)
        if bracket.image {
            // The alt text is the plain text of the label; the label's pieces are dropped.
            var alt = String.UnicodeScalarView()
            var node = nodes[bracket.node].next
            while node != 1 {
                work += 1
                appendPlainText(of: nodes[node].piece, to: &alt)
                node = nodes[node].next
            }
            nodes[bracket.node].next = 1
            nodes[1].previous = bracket.node
            let altText = Markdown.collapsingSpaces(alt)
            if let url = safeURL(destination, allowMail: false) {
                var tag = HTMLBuffer()
                tag.raw("<img src=\"")
                tag.escaped(url)
                tag.raw("\" alt=\"")
                tag.escaped(altText)
                tag.raw("\" loading=\"lazy\">")
                nodes[bracket.node].piece = .markup(tag.string)
            } else {
                nodes[bracket.node].piece = .plain(altText)
            }
        } else {
            if let url = safeURL(destination, allowMail: true) {
                // Compared as bytes: a combining mark after "//" must not make the link internal.
                let lower = url.utf8.prefix(8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
                let external =
                    lower.starts(with: "http://".utf8) || lower.starts(with: "https://".utf8) || lower.starts(with: "//".utf8)
                var tag = HTMLBuffer()
                tag.raw("<a href=\"")
                tag.escaped(url)
                tag.raw(external ? "\" rel=\"noopener nofollow\">" : "\">")
                nodes[bracket.node].piece = .markup(tag.string)
                append(.markup("</a>"))
            } else {
                nodes[bracket.node].piece = .nothing  // the label stays, as text
            }
            linkFloor = brackets.count
        }
        return close + 1
    }

    func appendPlainText(of piece: Piece, to text: inout String.UnicodeScalarView) {
        switch piece {
        case .text(let part), .code(let part), .autolink(_, let part): text.append(contentsOf: s[part])
        case .plain(let plain): text.append(contentsOf: plain.unicodeScalars)
        case .bracket(let image): text.append(contentsOf: (image ? "![" : "[").unicodeScalars)
        case .delimiter(let index):
            for _ in 0..<delimiters[index].count { text.append(delimiters[index].mark) }
        case .markup, .nothing: break
        }
    }

    /// The index of the ")" matching the "(" at `open`, from one pass over the range.
    mutating func matchingParen(_ open: Int) -> Int? {
        if parenMatch == nil {
            var match = [Int](repeating: -1, count: range.count)
            var stack: [Int] = []
            for index in range {
                if s[index] == "(" {
                    stack.append(index)
                } else if s[index] == ")", let opening = stack.popLast() {
                    match[opening - range.lowerBound] = index
                }
            }
            work += range.count
            parenMatch = match
        }
        guard let close = parenMatch?[open - range.lowerBound], close >= 0 else { return nil }
        return close
    }

    /// The destination of `(destination "title")`: the first whitespace ends it; `<…>` unwrapped.
    func linkDestination(_ inner: Range<Int>) -> String {
        var target = s.trimmingSpaces(inner)
        if let space = s[target].firstIndex(where: { $0 == " " || $0 == "\t" }) {
            target = target.lowerBound..<space
        }
        if target.count >= 2, s[target.lowerBound] == "<", s[target.upperBound - 1] == ">" {
            target = (target.lowerBound + 1)..<(target.upperBound - 1)
        }
        return s.string(target)
    }

    /// Pairs the * and _ runs above `bottom` into <em> and <strong> (CommonMark's algorithm, with
    /// "openers bottom" so that a closer never searches the same openers twice), then drops them
    /// from the stack.
    mutating func processEmphasis(above bottom: Int) {
        // Per kind of closer (mark, can open, length mod 3): below this no opener can match it.
        var openersBottom = [Int](repeating: bottom, count: 12)
        var closer = delimiters[bottom].next
        while closer >= 0 {
            work += 1
            let current = delimiters[closer]
            guard current.canClose else {
                closer = current.next
                continue
            }
            let kind = (current.mark == "*" ? 0 : 6) + (current.canOpen ? 3 : 0) + current.original % 3
            var opener = current.previous
            var found = false
            while opener > 0, opener != bottom, opener != openersBottom[kind] {
                work += 1
                let candidate = delimiters[opener]
                if candidate.canOpen, candidate.mark == current.mark {
                    let oddMatch =
                        (current.canOpen || candidate.canClose) && (candidate.original + current.original) % 3 == 0
                        && !(candidate.original % 3 == 0 && current.original % 3 == 0)
                    if !oddMatch {
                        found = true
                        break
                    }
                }
                opener = candidate.previous
            }
            if found {
                let used = delimiters[closer].count >= 2 && delimiters[opener].count >= 2 ? 2 : 1
                delimiters[opener].count -= used
                delimiters[closer].count -= used
                insert(.markup(used == 2 ? "<strong>" : "<em>"), after: delimiters[opener].node)
                insert(.markup(used == 2 ? "</strong>" : "</em>"), after: nodes[delimiters[closer].node].previous)
                var between = delimiters[opener].next
                while between != closer, between >= 0 {
                    let next = delimiters[between].next
                    removeDelimiter(between)
                    between = next
                }
                if delimiters[opener].count == 0 { removeDelimiter(opener) }
                if delimiters[closer].count == 0 {
                    let next = delimiters[closer].next
                    removeDelimiter(closer)
                    closer = next
                }
            } else {
                openersBottom[kind] = current.previous
                if !current.canOpen { removeDelimiter(closer) }
                closer = current.next
            }
        }
        var rest = delimiters[bottom].next
        while rest >= 0 {
            let next = delimiters[rest].next
            removeDelimiter(rest)
            rest = next
        }
    }

    // MARK: Writing

    func write(into output: inout HTMLBuffer) {
        var node = nodes[0].next
        while node > 1 {
            switch nodes[node].piece {
            case .text(let part): output.escaped(s, part)
            case .plain(let text): output.escaped(text)
            case .markup(let markup): output.raw(markup)
            case .code(let part):
                output.raw("<code>")
                output.escaped(s, part)
                output.raw("</code>")
            case .autolink(let url, let part):
                output.raw("<a href=\"")
                output.escaped(url)
                output.raw("\" rel=\"noopener nofollow\">")
                output.escaped(s, part)
                output.raw("</a>")
            case .bracket(let image): output.raw(image ? "![" : "[")
            case .delimiter(let index): output.escaped(delimiters[index].mark, count: delimiters[index].count)
            case .nothing: break
            }
            node = nodes[node].next
        }
    }
}

/// Returns the URL if it is safe to put in `href` or `src`: relative, or with an allowed scheme.
/// Browsers ignore tabs, newlines and other controls inside a scheme ("java\tscript:"), so the
/// check is made on the URL with those removed, and the cleaned URL is what gets written. The
/// scheme is found among Unicode scalars: a combining mark after ":" must not hide it.
func safeURL(_ raw: String, allowMail: Bool) -> String? {
    let cleaned = raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }
    guard !cleaned.isEmpty else { return nil }
    let url = String(String.UnicodeScalarView(cleaned))
    let schemeEnd = cleaned.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" })
    guard let schemeEnd, cleaned[schemeEnd] == ":" else { return url }  // relative
    let scheme = String(String.UnicodeScalarView(cleaned[..<schemeEnd])).lowercased()
    let allowed: Set<String> = allowMail ? ["http", "https", "mailto", "tel"] : ["http", "https"]
    return allowed.contains(scheme) ? url : nil
}

extension StringProtocol {
    func trimmingLeadingSpaces() -> SubSequence {
        self[(firstIndex(where: { $0 != " " && $0 != "\t" }) ?? endIndex)...]
    }

    func trimmingSpaces() -> SubSequence {
        guard let first = firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return self[endIndex...] }
        return self[first...last]
    }
}

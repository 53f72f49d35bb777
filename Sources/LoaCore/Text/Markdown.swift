/// A deliberately small Markdown renderer whose output is safe by construction: every character of
/// the source is escaped, and the only tags in the output are the ones this renderer writes itself.
/// Raw HTML in the source shows as text; links and images keep only http(s), mailto, tel and
/// relative addresses. That is why Loa does not use a general Markdown library plus a sanitiser.
///
/// Supported: ATX headings, paragraphs with hard breaks, bullet and numbered lists (nested by
/// indentation), block quotes, fenced code, thematic breaks, pipe tables, emphasis, strong,
/// code spans, links, images, autolinks and backslash escapes.
public enum Markdown {
    /// Renders Markdown to HTML. `#` headings become `<h2>` so that a page keeps a single `<h1>`.
    public static func html(_ source: String) -> String {
        var renderer = BlockRenderer()
        return renderer.render(lines: normalisedLines(source))
    }

    /// The text without markup, for summaries, feeds and search.
    public static func plainText(_ source: String) -> String {
        plainText(fromHTML: html(source))
    }

    /// The text of HTML this renderer produced (tags dropped, entities decoded): saves rendering
    /// twice when the HTML is at hand.
    public static func plainText(fromHTML html: String) -> String {
        var output = ""
        var inTag = false
        var entity = ""
        for character in html {
            if inTag {
                if character == ">" { inTag = false }
                continue
            }
            if !entity.isEmpty {
                entity.append(character)
                if character == ";" {
                    output += decodeEntity(entity)
                    entity = ""
                }
                continue
            }
            switch character {
            case "<": inTag = true
            case "&": entity = "&"
            default: output.append(character)
            }
        }
        return output.split(whereSeparator: { $0 == "\n" || $0 == " " }).joined(separator: " ")
    }

    /// The headings of a document in order, with the anchor id each gets in the HTML.
    public static func headings(_ source: String) -> [(level: Int, text: String, id: String)] {
        var result: [(Int, String, String)] = []
        var inFence = false
        for line in normalisedLines(source) {
            let trimmed = line.trimmingLeadingSpaces()
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                continue
            }
            if !inFence, let heading = atxHeading(line) {
                result.append((heading.level, heading.text, VietnameseText.slug(heading.text)))
            }
        }
        return result
    }

    /// Lines split on "\n", "\r\n" (one grapheme in Swift) or "\r".
    static func normalisedLines(_ source: String) -> [Substring] {
        source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    private static func decodeEntity(_ entity: String) -> String {
        switch entity {
        case "&amp;": "&"
        case "&lt;": "<"
        case "&gt;": ">"
        case "&quot;": "\""
        case "&#39;": "'"
        default: entity
        }
    }

    static func atxHeading(_ line: Substring) -> (level: Int, text: String)? {
        let trimmed = line.trimmingLeadingSpaces()
        guard line.count - trimmed.count < 4, trimmed.first == "#" else { return nil }
        let level = trimmed.prefix(while: { $0 == "#" }).count
        guard level <= 6 else { return nil }
        let rest = trimmed.dropFirst(level)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var text = rest.trimmingSpaces()
        // An optional closing sequence of #s is not part of the text.
        if let lastNonHash = text.lastIndex(where: { $0 != "#" }) {
            let closing = text[text.index(after: lastNonHash)...]
            if !closing.isEmpty, text[lastNonHash] == " " {
                text = text[...lastNonHash].trimmingSpaces()
            }
        } else {
            text = ""
        }
        return (level, String(text))
    }
}

// MARK: - Blocks

private struct BlockRenderer {
    var output = ""

    mutating func render(lines: [Substring]) -> String {
        var index = 0
        var paragraph: [Substring] = []

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingLeadingSpaces()
            let indent = line.count - trimmed.count

            if trimmed.allSatisfy({ $0 == " " || $0 == "\t" }) {
                flush(&paragraph)
                index += 1
                continue
            }

            if indent < 4, trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                flush(&paragraph)
                let fence = String(trimmed.prefix(3))
                var code: [Substring] = []
                index += 1
                while index < lines.count, !lines[index].trimmingLeadingSpaces().hasPrefix(fence) {
                    code.append(lines[index])
                    index += 1
                }
                index += 1  // the closing fence, or past the end
                output += "<pre><code>" + escapeHTML(code.joined(separator: "\n")) + "</code></pre>\n"
                continue
            }

            if let heading = Markdown.atxHeading(line) {
                flush(&paragraph)
                let level = max(2, heading.level)
                let id = VietnameseText.slug(heading.text)
                let idAttribute = id.isEmpty ? "" : " id=\"\(id)\""
                output += "<h\(level)\(idAttribute)>" + renderInline(heading.text) + "</h\(level)>\n"
                index += 1
                continue
            }

            if indent < 4, isThematicBreak(trimmed) {
                flush(&paragraph)
                output += "<hr>\n"
                index += 1
                continue
            }

            if indent < 4, trimmed.first == ">" {
                flush(&paragraph)
                var quoted: [Substring] = []
                while index < lines.count {
                    let candidate = lines[index].trimmingLeadingSpaces()
                    guard candidate.first == ">" else { break }
                    var inner = candidate.dropFirst()
                    if inner.first == " " { inner = inner.dropFirst() }
                    quoted.append(inner)
                    index += 1
                }
                var inner = BlockRenderer()
                output += "<blockquote>\n" + inner.render(lines: quoted) + "</blockquote>\n"
                continue
            }

            if indent < 4, let marker = listMarker(trimmed) {
                flush(&paragraph)
                index = renderList(lines: lines, from: index, ordered: marker.ordered, start: marker.number)
                continue
            }

            if paragraph.isEmpty, index + 1 < lines.count, isTableRow(line), isTableDelimiter(lines[index + 1]) {
                index = renderTable(lines: lines, from: index)
                continue
            }

            paragraph.append(line)
            index += 1
        }
        flush(&paragraph)
        return output
    }

    private mutating func flush(_ paragraph: inout [Substring]) {
        guard !paragraph.isEmpty else { return }
        output += "<p>" + renderParagraphLines(paragraph) + "</p>\n"
        paragraph.removeAll()
    }

    private mutating func renderList(lines: [Substring], from start: Int, ordered: Bool, start number: Int) -> Int {
        var index = start
        var items: [[Substring]] = []
        var loose = false
        var sawBlank = false
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingLeadingSpaces()
            let indent = line.count - trimmed.count
            if trimmed.isEmpty {
                sawBlank = true
                index += 1
                continue
            }
            if indent < 2, let marker = listMarker(trimmed), marker.ordered == ordered {
                if sawBlank, !items.isEmpty { loose = true }
                sawBlank = false
                items.append([trimmed.dropFirst(marker.width)])
                index += 1
                continue
            }
            if indent >= 2, !items.isEmpty {
                if sawBlank { items[items.count - 1].append("") }
                sawBlank = false
                items[items.count - 1].append(line.dropFirst(min(indent, 4)))
                index += 1
                continue
            }
            if !sawBlank, !items.isEmpty, listMarker(trimmed) == nil, Markdown.atxHeading(line) == nil {
                // A lazy continuation line belongs to the item's paragraph.
                items[items.count - 1].append(trimmed)
                index += 1
                continue
            }
            break
        }
        let tag = ordered ? "ol" : "ul"
        let startAttribute = ordered && number != 1 ? " start=\"\(number)\"" : ""
        output += "<\(tag)\(startAttribute)>\n"
        for item in items {
            let hasBlocks = item.dropFirst().contains { line in
                let trimmed = line.trimmingLeadingSpaces()
                return line.isEmpty || listMarker(trimmed) != nil || trimmed.first == ">" || trimmed.hasPrefix("```")
            }
            if hasBlocks || loose {
                var inner = BlockRenderer()
                var rendered = inner.render(lines: item)
                if !loose, rendered.hasPrefix("<p>"), let end = rendered.range(of: "</p>\n") {
                    rendered =
                        String(rendered[rendered.index(rendered.startIndex, offsetBy: 3)..<end.lowerBound]) + "\n"
                        + rendered[end.upperBound...]
                }
                output += "<li>" + rendered + "</li>\n"
            } else {
                output += "<li>" + renderParagraphLines(item) + "</li>\n"
            }
        }
        output += "</\(tag)>\n"
        return index
    }

    private mutating func renderTable(lines: [Substring], from start: Int) -> Int {
        let header = tableCells(lines[start])
        var index = start + 2
        output += "<table>\n<thead>\n<tr>"
        for cell in header { output += "<th>" + renderInline(cell) + "</th>" }
        output += "</tr>\n</thead>\n<tbody>\n"
        while index < lines.count, isTableRow(lines[index]) {
            let cells = tableCells(lines[index])
            output += "<tr>"
            for column in 0..<header.count {
                output += "<td>" + renderInline(column < cells.count ? cells[column] : "") + "</td>"
            }
            output += "</tr>\n"
            index += 1
        }
        output += "</tbody>\n</table>\n"
        return index
    }

    private func isThematicBreak(_ trimmed: Substring) -> Bool {
        guard let first = trimmed.first, first == "-" || first == "*" || first == "_" else { return false }
        let marks = trimmed.filter { $0 != " " && $0 != "\t" }
        return marks.count >= 3 && marks.allSatisfy { $0 == first }
    }

    private func listMarker(_ trimmed: Substring) -> (ordered: Bool, number: Int, width: Int)? {
        guard let first = trimmed.first else { return nil }
        if first == "-" || first == "*" || first == "+" {
            let rest = trimmed.dropFirst()
            guard rest.first == " " || rest.first == "\t" else { return nil }
            return (false, 1, 2)
        }
        let digits = trimmed.prefix(while: { $0.isASCII && $0.isNumber })
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        let afterDigits = trimmed.dropFirst(digits.count)
        guard afterDigits.first == "." || afterDigits.first == ")" else { return nil }
        let rest = afterDigits.dropFirst()
        guard rest.first == " " || rest.first == "\t" else { return nil }
        return (true, Int(digits) ?? 1, digits.count + 2)
    }

    private func isTableRow(_ line: Substring) -> Bool {
        line.contains("|") && !line.trimmingSpaces().isEmpty
    }

    private func isTableDelimiter(_ line: Substring) -> Bool {
        let cells = tableCells(line)
        return !cells.isEmpty
            && cells.allSatisfy { cell in
                let core = cell.trimmingSpaces()
                return core.count >= 3 && core.allSatisfy { $0 == "-" || $0 == ":" } && core.contains("-")
            }
    }

    private func tableCells(_ line: Substring) -> [String] {
        var body = line.trimmingSpaces()
        if body.first == "|" { body = body.dropFirst() }
        if body.last == "|" { body = body.dropLast() }
        return body.split(separator: "|", omittingEmptySubsequences: false).map { String($0.trimmingSpaces()) }
    }

    private func renderParagraphLines(_ lines: [Substring]) -> String {
        var parts: [String] = []
        for (position, line) in lines.enumerated() {
            var text = line.trimmingLeadingSpaces()
            var hardBreak = false
            if position < lines.count - 1 {
                if text.hasSuffix("  ") {
                    hardBreak = true
                } else if text.hasSuffix("\\") {
                    hardBreak = true
                    text = text.dropLast()
                }
            }
            parts.append(renderInline(String(text.trimmingSpaces())) + (hardBreak ? "<br>" : ""))
        }
        return parts.joined(separator: "\n")
    }
}

// MARK: - Inline

func renderInline(_ text: String) -> String {
    var output = ""
    renderInline(Array(text), into: &output)
    return output
}

private func renderInline(_ characters: [Character], into output: inout String) {
    var index = 0
    var plain = ""

    func flush(_ output: inout String) {
        output += escapeHTML(plain)
        plain = ""
    }

    while index < characters.count {
        let character = characters[index]
        switch character {
        case "\\" where index + 1 < characters.count && characters[index + 1].isASCII && characters[index + 1].isPunctuationOrSymbol:
            plain.append(characters[index + 1])
            index += 2

        case "`":
            let run = countRun(characters, from: index, of: "`")
            if let close = findRun(characters, from: index + run, of: "`", length: run) {
                flush(&output)
                let code = String(characters[(index + run)..<close]).trimmingSpaces()
                output += "<code>" + escapeHTML(code) + "</code>"
                index = close + run
            } else {
                plain += String(repeating: "`", count: run)
                index += run
            }

        case "*", "_":
            let run = min(countRun(characters, from: index, of: character), 2)
            let previous = index > 0 ? characters[index - 1] : " "
            let next = index + run < characters.count ? characters[index + run] : " "
            let intraword = character == "_" && (previous.isLetter || previous.isNumber)
            if !intraword, !next.isWhitespace,
                let close = findClosingDelimiter(characters, from: index + run, delimiter: character, length: run)
            {
                flush(&output)
                let tag = run == 2 ? "strong" : "em"
                output += "<\(tag)>"
                renderInline(Array(characters[(index + run)..<close]), into: &output)
                output += "</\(tag)>"
                index = close + run
            } else {
                plain += String(repeating: character, count: run)
                index += run
            }

        case "!" where index + 1 < characters.count && characters[index + 1] == "[":
            if let link = parseLink(characters, from: index + 1) {
                flush(&output)
                let alt = String(characters[link.textRange])
                if let url = safeURL(link.destination, allowMail: false) {
                    output += "<img src=\"\(escapeHTML(url))\" alt=\"\(escapeHTML(Markdown.plainText(alt)))\" loading=\"lazy\">"
                } else {
                    output += escapeHTML(alt)
                }
                index = link.end
            } else {
                plain.append(character)
                index += 1
            }

        case "[":
            if let link = parseLink(characters, from: index) {
                flush(&output)
                let label = Array(characters[link.textRange])
                if let url = safeURL(link.destination, allowMail: true) {
                    let external = url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("//")
                    output += "<a href=\"\(escapeHTML(url))\"" + (external ? " rel=\"noopener nofollow\"" : "") + ">"
                    renderInline(label, into: &output)
                    output += "</a>"
                } else {
                    renderInline(label, into: &output)
                }
                index = link.end
            } else {
                plain.append(character)
                index += 1
            }

        case "<":
            if let close = characters[index...].firstIndex(of: ">"), close > index + 1 {
                let inner = String(characters[(index + 1)..<close])
                let lower = inner.lowercased()
                if !inner.contains(" "), lower.hasPrefix("http://") || lower.hasPrefix("https://"),
                    let url = safeURL(inner, allowMail: false)
                {
                    flush(&output)
                    output += "<a href=\"\(escapeHTML(url))\" rel=\"noopener nofollow\">\(escapeHTML(inner))</a>"
                    index = close + 1
                    continue
                }
            }
            plain.append(character)
            index += 1

        default:
            plain.append(character)
            index += 1
        }
    }
    flush(&output)
}

private func countRun(_ characters: [Character], from start: Int, of mark: Character) -> Int {
    var end = start
    while end < characters.count, characters[end] == mark { end += 1 }
    return end - start
}

private func findRun(_ characters: [Character], from start: Int, of mark: Character, length: Int) -> Int? {
    var index = start
    while index < characters.count {
        if characters[index] == mark {
            let run = countRun(characters, from: index, of: mark)
            if run == length { return index }
            index += run
        } else {
            index += 1
        }
    }
    return nil
}

private func findClosingDelimiter(_ characters: [Character], from start: Int, delimiter: Character, length: Int) -> Int? {
    var index = start
    while index < characters.count {
        let character = characters[index]
        if character == "\\" {
            index += 2
            continue
        }
        if character == "`" {
            let run = countRun(characters, from: index, of: "`")
            index = (findRun(characters, from: index + run, of: "`", length: run).map { $0 + run }) ?? (index + run)
            continue
        }
        if character == delimiter {
            let run = countRun(characters, from: index, of: delimiter)
            let previous = characters[index - 1]
            let next = index + run < characters.count ? characters[index + run] : " "
            let closesWord = !(delimiter == "_" && (next.isLetter || next.isNumber))
            if index > start, !previous.isWhitespace, closesWord, run >= length, run == length || length == 1 && run != 2 {
                return index
            }
            index += run
            continue
        }
        index += 1
    }
    return nil
}

private struct InlineLink {
    var textRange: Range<Int>
    var destination: String
    var end: Int
}

/// `[text](destination "title")`, with balanced brackets in the text and parentheses in the destination.
private func parseLink(_ characters: [Character], from open: Int) -> InlineLink? {
    var depth = 0
    var index = open
    var closeBracket: Int?
    while index < characters.count {
        switch characters[index] {
        case "\\": index += 1
        case "[": depth += 1
        case "]":
            depth -= 1
            if depth == 0 { closeBracket = index }
        default: break
        }
        if closeBracket != nil { break }
        index += 1
    }
    guard let closeBracket, closeBracket + 1 < characters.count, characters[closeBracket + 1] == "(" else { return nil }
    var parenDepth = 1
    index = closeBracket + 2
    var destination = ""
    while index < characters.count {
        let character = characters[index]
        if character == "(" { parenDepth += 1 }
        if character == ")" {
            parenDepth -= 1
            if parenDepth == 0 { break }
        }
        destination.append(character)
        index += 1
    }
    guard index < characters.count else { return nil }
    var target = destination.trimmingSpaces()
    // Drop an optional title: the first whitespace ends the destination.
    if let space = target.firstIndex(where: { $0 == " " || $0 == "\t" }) {
        target = target[..<space]
    }
    if target.first == "<", target.last == ">" { target = target.dropFirst().dropLast() }
    return InlineLink(textRange: (open + 1)..<closeBracket, destination: String(target), end: index + 1)
}

/// Returns the URL if it is safe to put in `href` or `src`: relative, or with an allowed scheme.
/// Browsers ignore tabs, newlines and other controls inside a scheme ("java\tscript:"), so the
/// check is made on the URL with those removed, and the cleaned URL is what gets written.
func safeURL(_ raw: String, allowMail: Bool) -> String? {
    let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
    guard !cleaned.isEmpty else { return nil }
    let schemeEnd = cleaned.firstIndex(where: { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" })
    guard let schemeEnd, cleaned[schemeEnd] == ":" else { return cleaned }  // relative
    let scheme = cleaned[..<schemeEnd].lowercased()
    let allowed: Set<String> = allowMail ? ["http", "https", "mailto", "tel"] : ["http", "https"]
    return allowed.contains(scheme) ? cleaned : nil
}

extension Character {
    fileprivate var isPunctuationOrSymbol: Bool { isPunctuation || isSymbol }
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

/// A passage of the original, accented text around the words that matched, with those words
/// marked, as HTML (escaped). People recognise their words with their tone marks.
public enum Snippet {
    public static func html(_ text: String, matching query: SearchText.Query, words windowSize: Int = 32) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        guard !words.isEmpty else { return "" }
        let wanted = Set(query.syllables.flatMap(SearchText.variants))
        // Texts repeat their words; each distinct word is folded once.
        var known: [Substring: Bool] = [:]
        let matches = words.map { word in
            if let answer = known[word] { return answer }
            let answer = SearchText.syllables(String(word)).contains { wanted.contains($0) }
            known[word] = answer
            return answer
        }
        // The window with the most matching words; the start of the text when nothing matches.
        var bestStart = 0
        var bestCount = -1
        var count = 0
        for index in words.indices {
            if matches[index] { count += 1 }
            if index >= windowSize, matches[index - windowSize] { count -= 1 }
            let start = max(0, index - windowSize + 1)
            if count > bestCount {
                bestCount = count
                bestStart = start
            }
        }
        if bestCount <= 0 { bestStart = 0 }
        let end = min(words.count, bestStart + windowSize)
        var parts: [String] = []
        for index in bestStart..<end {
            let escaped = escapeHTML(words[index])
            parts.append(matches[index] ? "<mark>\(escaped)</mark>" : escaped)
        }
        return (bestStart > 0 ? "… " : "") + parts.joined(separator: " ") + (end < words.count ? " …" : "")
    }

    /// The title with the matched words marked, as HTML.
    public static func highlight(_ text: String, matching query: SearchText.Query) -> String {
        let wanted = Set(query.syllables.flatMap(SearchText.variants))
        return text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            let escaped = escapeHTML(word)
            return SearchText.syllables(String(word)).contains(where: { wanted.contains($0) }) ? "<mark>\(escaped)</mark>" : escaped
        }.joined(separator: " ")
    }
}

/// A passage of the original, accented text around the words that matched, with those words
/// marked, as HTML (escaped). People recognise their words with their tone marks.
public enum Snippet {
    public static func html(_ text: String, matching query: SearchText.Query, words windowSize: Int = 32) -> String {
        // Split on the UTF-8 bytes of ASCII spaces: no grapheme breaking, and every cut falls
        // between characters.
        let words = text.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }).map { Substring($0) }
        guard !words.isEmpty else { return "" }
        let wanted = Set(query.syllables.flatMap(SearchText.variants))
        // Texts repeat their words; each distinct word is folded once, keyed by its bytes (hashing
        // a String would normalise it first).
        var known: [[UInt8]: Bool] = [:]
        let matches = words.map { word in
            let key = Array(word.utf8)
            if let answer = known[key] { return answer }
            let answer = SearchText.syllables(String(word)).contains { wanted.contains($0) }
            known[key] = answer
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
        let marked = markRuns(words[bestStart..<end].map { String($0) }, matches: Array(matches[bestStart..<end]))
        return (bestStart > 0 ? "… " : "") + marked + (end < words.count ? " …" : "")
    }

    /// Joins words with spaces, one `<mark>` around each run of matched words ("<mark>bảo hiểm
    /// xã hội</mark>" rather than four marks), every word escaped.
    static func markRuns(_ words: [String], matches: [Bool]) -> String {
        var output = ""
        for (index, word) in words.enumerated() {
            let opens = matches[index] && (index == 0 || !matches[index - 1])
            let closes = matches[index] && (index == words.count - 1 || !matches[index + 1])
            if index > 0 { output += " " }
            output += (opens ? "<mark>" : "") + escapeHTML(word) + (closes ? "</mark>" : "")
        }
        return output
    }

    /// The title with the matched words marked, as HTML.
    public static func highlight(_ text: String, matching query: SearchText.Query) -> String {
        let wanted = Set(query.syllables.flatMap(SearchText.variants))
        let words = text.split(separator: " ").map(String.init)
        return markRuns(words, matches: words.map { SearchText.syllables($0).contains(where: wanted.contains) })
    }
}

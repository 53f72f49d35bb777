/// A passage of the original, accented text around the words that matched, with those words
/// marked, as HTML (escaped). People recognise their words with their tone marks.
public enum Snippet {
    public static func html(_ text: String, matching query: SearchText.Query, words windowSize: Int = 32) -> String {
        // Split on the UTF-8 bytes of ASCII spaces: no grapheme breaking, and every cut falls
        // between characters.
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }
        let words = text.utf8.split(whereSeparator: isSpace).map { Substring($0) }
        guard !words.isEmpty else { return "" }
        let wanted = Set(query.syllables.flatMap(SearchText.variants))
        // Folding maps scalar to scalar and keeps ASCII spaces, so the folded text, folded once,
        // splits into the same words in the same order: the n-th folded word is the n-th word.
        let folded = VietnameseText.fold(text).utf8.split(whereSeparator: isSpace)
        let matches: [Bool]
        if folded.count == words.count {
            matches = folded.map { containsWanted($0, wanted) }
        } else {
            matches = words.map { SearchText.syllables(String($0)).contains(where: wanted.contains) }
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
        if bestCount <= 0 {
            bestStart = 0
        } else if let first = (bestStart..<min(words.count, bestStart + windowSize)).first(where: { matches[$0] }),
            let last = (bestStart..<min(words.count, bestStart + windowSize)).last(where: { matches[$0] })
        {
            // The matched words in the middle of the passage, with their context on both sides.
            let margin = (windowSize - (last - first + 1)) / 2
            bestStart = max(0, min(first - margin, words.count - windowSize))
        }
        let end = min(words.count, bestStart + windowSize)
        let marked = markRuns(words[bestStart..<end].map { String($0) }, matches: Array(matches[bestStart..<end]))
        return (bestStart > 0 ? "… " : "") + marked + (end < words.count ? " …" : "")
    }

    /// Whether a folded word holds a wanted syllable. Folded Vietnamese is ASCII: its letter and
    /// digit runs are compared as they are (short strings, no allocation); anything else takes
    /// the general path.
    static func containsWanted(_ word: Substring.UTF8View, _ wanted: Set<String>) -> Bool {
        var runStart: Substring.UTF8View.Index?
        var index = word.startIndex
        while index != word.endIndex {
            let byte = word[index]
            if byte >= 0x80 { return SearchText.syllables(String(Substring(word))).contains(where: wanted.contains) }
            let isWordByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
            if isWordByte {
                if runStart == nil { runStart = index }
            } else if let start = runStart {
                if wanted.contains(String(Substring(word[start..<index]))) { return true }
                runStart = nil
            }
            index = word.index(after: index)
        }
        if let start = runStart, wanted.contains(String(Substring(word[start..<word.endIndex]))) { return true }
        return false
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

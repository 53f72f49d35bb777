/// A passage of the original, accented text around the words that matched, with those words
/// marked, as HTML (escaped). People recognise their words with their tone marks.
public enum Snippet {
    public static func html(_ text: String, matching query: SearchText.Query, words windowSize: Int = 32) -> String {
        // Words are cut at ASCII spaces in the UTF-8 bytes: no grapheme breaking, and every cut
        // falls between characters. Folding maps scalar to scalar and keeps ASCII spaces, so the
        // n-th word of the folded bytes is the n-th word of the text; matching compares bytes.
        let original = Array(text.utf8)
        let words = wordRanges(original)
        guard !words.isEmpty else { return "" }
        let wanted = query.syllables.flatMap(SearchText.variants).map { Array($0.utf8) }
        let folded = VietnameseText.foldedUTF8(text)
        let foldedWords = wordRanges(folded)
        let matches: [Bool]
        if foldedWords.count == words.count {
            matches = foldedWords.map { containsWanted(folded[$0], wanted) }
        } else {
            let wantedSet = Set(query.syllables.flatMap(SearchText.variants))
            matches = words.map { range in
                SearchText.syllables(String(decoding: original[range], as: UTF8.self)).contains(where: wantedSet.contains)
            }
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
        let marked = markRuns(
            words[bestStart..<end].map { String(decoding: original[$0], as: UTF8.self) }, matches: Array(matches[bestStart..<end]))
        return (bestStart > 0 ? "… " : "") + marked + (end < words.count ? " …" : "")
    }

    /// The byte ranges of the words: runs between ASCII spaces, tabs and line breaks.
    static func wordRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(bytes.count / 5)
        var start = -1
        for (index, byte) in bytes.enumerated() {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                if start >= 0 { ranges.append(start..<index) }
                start = -1
            } else if start < 0 {
                start = index
            }
        }
        if start >= 0 { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// Whether a folded word holds a wanted syllable: its runs of ASCII letters and digits are
    /// compared byte for byte with the wanted ones (a dozen at most). Anything not ASCII takes
    /// the general path.
    static func containsWanted(_ word: ArraySlice<UInt8>, _ wanted: [[UInt8]]) -> Bool {
        var runStart = -1
        var index = word.startIndex
        func matches(_ run: ArraySlice<UInt8>) -> Bool { wanted.contains { $0.count == run.count && $0.elementsEqual(run) } }
        while index < word.endIndex {
            let byte = word[index]
            if byte >= 0x80 {
                let syllables = SearchText.syllables(String(decoding: word, as: UTF8.self))
                return syllables.contains { syllable in wanted.contains { $0.elementsEqual(syllable.utf8) } }
            }
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) {
                if runStart < 0 { runStart = index }
            } else if runStart >= 0 {
                if matches(word[runStart..<index]) { return true }
                runStart = -1
            }
            index += 1
        }
        return runStart >= 0 && matches(word[runStart..<word.endIndex])
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

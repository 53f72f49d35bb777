import Foundation

/// Finds the topic (policy area) a follower means when they type its name in a chat, as they
/// type it: "tien luong", "Tiền lương cơ sở", "bhxh", "viên chức". A wrong guess would subscribe
/// someone to news they did not ask for or file a petition under the wrong area, so when two
/// topics fit equally well it answers nil and the chat asks again.
public struct TopicMatcher: Sendable {
    public struct Topic: Sendable, Equatable {
        public var slug: String
        public var name: String

        public init(slug: String, name: String) {
            self.slug = slug
            self.name = name
        }
    }

    public let topics: [Topic]
    /// The words of each topic's name, in order.
    let names: [[ChatWords.Word]]

    public init(topics: [Topic]) {
        self.topics = topics
        names = topics.map { Self.tokens($0.name) }
    }

    /// The topics of `DefaultTopics`, for the default installation and tests.
    public static var defaultTopics: [Topic] { DefaultTopics.all.map { Topic(slug: $0.slug, name: $0.name) } }

    /// The topic a person means: by slug, by folded name ("tien luong", "Tiền lương", "tiền lương cơ sở" → tien-luong), by abbreviation
    /// ("bhxh" → bao-hiem-xa-hoi, "ccvc" → cong-chuc-vien-chuc; use SearchText's abbreviation expansion if available), or by the best word
    /// overlap when unambiguous; nil otherwise.
    ///
    /// In that order: the slug or the whole name; a known abbreviation or the initials of a name of
    /// three words or more ("tdkt" → thi-dua-khen-thuong); the longest name written out inside the
    /// text; then the topic sharing the most name words with the text, if only one does.
    public func match(_ text: String) -> Topic? {
        let trimmed = String(text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
        guard !trimmed.isEmpty, !topics.isEmpty else { return nil }

        let slug = VietnameseText.slug(trimmed, maxLength: 200)
        if let topic = topics.first(where: { $0.slug == slug }) { return topic }

        let typed = Self.expanded(Self.tokens(trimmed))
        guard !typed.isEmpty else { return nil }
        let expandedSlug = typed.map(\.folded).joined(separator: "-")
        if let topic = topics.first(where: { $0.slug == expandedSlug }) { return topic }
        if typed.count == 1,
            let initials = unique(where: { index in
                let words = names[index]
                return words.count >= 3 && !typed[0].hasMarks && typed[0].folded == String(words.compactMap(\.folded.first))
            })
        {
            return initials
        }

        // The name written out in the text; the longest wins ("tổ chức biên chế" over a shorter name).
        var longest = 0
        var written: [Int] = []
        for (index, words) in names.enumerated() where !words.isEmpty && Self.contains(typed, words) {
            if words.count > longest {
                longest = words.count
                written = [index]
            } else if words.count == longest {
                written.append(index)
            }
        }
        if written.count == 1 { return topics[written[0]] }

        // The most name words in common, counted once each; a tie is no answer, and neither is a
        // single shared word in a longer phrase ("thiên văn học" is not "Văn thư, lưu trữ").
        let scores = names.map { words in
            Set(words.indices.filter { position in typed.contains { ChatWords.same($0, words[position]) } }.map { words[$0].folded }).count
        }
        let typedWords = Set(typed.map(\.folded)).count
        guard let best = scores.max(), best > 0, scores.filter({ $0 == best }).count == 1, let index = scores.firstIndex(of: best) else {
            return nil
        }
        // One word in common within a longer phrase counts only when it is the name's last,
        // defining word ("chậm nâng lương" → Tiền lương), not its first ("thiên văn học").
        if best * 2 < typedWords {
            guard best == 1, typedWords <= 4, let last = names[index].last, typed.contains(where: { ChatWords.same($0, last) }) else {
                return nil
            }
        }
        return topics[index]
    }

    /// The only topic for which `condition` holds, if exactly one does.
    func unique(where condition: (Int) -> Bool) -> Topic? {
        let indices = topics.indices.filter(condition)
        return indices.count == 1 ? topics[indices[0]] : nil
    }

    /// Runs of letters and digits, so that "Công chức, viên chức" and "tien-luong" give their syllables.
    static func tokens(_ text: String) -> [ChatWords.Word] {
        var result: [ChatWords.Word] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let isWordCharacter = text[index].isLetter || text[index].isNumber
            if isWordCharacter, start == nil { start = index }
            if !isWordCharacter, let first = start {
                result.append(ChatWords.word(text[first..<index]))
                start = nil
            }
            index = text.index(after: index)
        }
        if let first = start { result.append(ChatWords.word(text[first...])) }
        return result
    }

    /// Abbreviations replaced by the syllables they stand for (SearchText's list: "bhxh", "ccvc", "cchc" …).
    static func expanded(_ words: [ChatWords.Word]) -> [ChatWords.Word] {
        words.flatMap { word -> [ChatWords.Word] in
            guard !word.hasMarks, let expansion = SearchText.abbreviations[word.folded] else { return [word] }
            return expansion.split(separator: " ").map { ChatWords.word($0) }
        }
    }

    /// Whether `phrase` appears as consecutive words of `words`.
    static func contains(_ words: [ChatWords.Word], _ phrase: [ChatWords.Word]) -> Bool {
        guard phrase.count <= words.count else { return false }
        return (0...(words.count - phrase.count)).contains { start in ChatWords.starts(words[start...], with: phrase) }
    }
}

import Foundation

/// How the chat compares what people type with the words of a command or a topic name.
///
/// People type with and without tone marks, in NFC or NFD, so a word typed without any mark
/// matches by its folded form ("huy" is "hủy"). A word typed with marks must carry the same ones,
/// wherever the tone mark sits ("huỷ" is "hủy"), because folding alone would make "đúng" (yes)
/// cancel a petition as "dừng" (stop) does, and "thành" match "Thanh niên".
enum ChatWords {
    /// A word of a message: its position in the original text, with the punctuation around it left out.
    struct Word {
        var text: Substring
        var folded: String
        var hasMarks: Bool
        /// The letters with their vowel marks (ă, â, ê, ô, ơ, ư, đ) and the tone mark apart, so
        /// that old and new tone placement ("hoà", "hòa") compare equal.
        var marked: String
    }

    /// The words of a text, split at whitespace, with punctuation at the start and end of each word dropped.
    static func words(_ text: some StringProtocol) -> [Word] {
        var result: [Word] = []
        var index = text.startIndex
        while index < text.endIndex {
            while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
            var start = index
            while index < text.endIndex, !text[index].isWhitespace { index = text.index(after: index) }
            var end = index
            while start < end, isEdgePunctuation(text[start]) { start = text.index(after: start) }
            while start < end, isEdgePunctuation(text[text.index(before: end)]) { end = text.index(before: end) }
            if start < end { result.append(word(Substring(text[start..<end]))) }
        }
        return result
    }

    static func word(_ text: Substring) -> Word {
        let lower = text.lowercased()
        let folded = VietnameseText.fold(lower)
        let hasMarks = !lower.unicodeScalars.allSatisfy(\.isASCII)
        return Word(text: text, folded: folded, hasMarks: hasMarks, marked: hasMarks ? marked(lower) : folded)
    }

    static func isEdgePunctuation(_ character: Character) -> Bool {
        character.isPunctuation || character.isSymbol || character == "\u{FEFF}"
    }

    /// The Vietnamese tone marks (grave, acute, tilde, hook above, dot below), as combining marks.
    static let toneMarks: Set<UInt32> = [0x0300, 0x0301, 0x0303, 0x0309, 0x0323, 0x0340, 0x0341]

    static func marked(_ lower: String) -> String {
        var letters = String.UnicodeScalarView()
        var tones = String.UnicodeScalarView()
        for scalar in lower.decomposedStringWithCanonicalMapping.unicodeScalars {
            if toneMarks.contains(scalar.value) { tones.append(scalar) } else { letters.append(scalar) }
        }
        return String(letters).precomposedStringWithCanonicalMapping + String(tones)
    }

    /// Whether a typed word is the pattern word (see the type's comment).
    static func same(_ typed: Word, _ pattern: Word) -> Bool {
        guard typed.folded == pattern.folded else { return false }
        return !typed.hasMarks || typed.marked == pattern.marked
    }

    /// A phrase as a list of pattern words.
    static func phrase(_ text: String) -> [Word] { words(text) }

    /// Whether `typed` begins with the phrase.
    static func starts(_ typed: ArraySlice<Word>, with phrase: [Word]) -> Bool {
        guard typed.count >= phrase.count else { return false }
        return zip(typed, phrase).allSatisfy { same($0, $1) }
    }

    /// The longest of the phrases that `typed` begins with, as a number of words.
    static func prefixLength(_ typed: ArraySlice<Word>, phrases: [[Word]]) -> Int? {
        phrases.filter { starts(typed, with: $0) }.map(\.count).max()
    }

    /// Whether `typed` is exactly one of the phrases.
    static func isOne(_ typed: ArraySlice<Word>, of phrases: [[Word]]) -> Bool {
        phrases.contains { $0.count == typed.count && starts(typed, with: $0) }
    }

    /// The original text from the first to the last of `words` ("" when there are none), so that what
    /// follows a command keeps its punctuation and marks.
    static func text(of words: ArraySlice<Word>, in source: String) -> String {
        guard let first = words.first, let last = words.last else { return "" }
        return String(source[first.text.startIndex..<last.text.endIndex])
    }
}

import Foundation

/// How search sees Vietnamese text: folded syllables, plus each pair of adjacent syllables joined,
/// so that "tiền lương" ranks a text with the phrase above one with the two words apart.
/// Both index backends store and query these tokens, so they agree on what matches.
public enum SearchText {
    /// Common abbreviations people type, expanded to the syllables they stand for.
    public static let abbreviations: [String: String] = [
        "bhxh": "bao hiem xa hoi", "bhyt": "bao hiem y te", "bhtn": "bao hiem that nghiep", "ubnd": "uy ban nhan dan",
        "hdnd": "hoi dong nhan dan", "cbccvc": "can bo cong chuc vien chuc", "ccvc": "cong chuc vien chuc", "cchc": "cai cach hanh chinh",
        "tthc": "thu tuc hanh chinh", "cqdp": "chinh quyen dia phuong", "bnv": "bo noi vu", "nd": "nghi dinh", "tt": "thong tu",
        "qd": "quyet dinh", "vbqppl": "van ban quy pham phap luat", "cccd": "can cuoc cong dan", "dvhc": "don vi hanh chinh",
    ]

    /// Small numbers are written both ways ("2 cấp", "hai cấp"); a query for one finds the other.
    public static let numerals: [String: String] = ["2": "hai", "hai": "2", "3": "ba", "ba": "3", "4": "bon", "bon": "4"]

    /// A syllable and the other ways of writing it.
    public static func variants(_ syllable: String) -> [String] {
        numerals[syllable].map { [syllable, $0] } ?? [syllable]
    }

    /// The folded syllables of a text, in order: letters and digits; everything else separates.
    public static func syllables(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in VietnameseText.fold(text).unicodeScalars {
            // Folded Vietnamese is almost all ASCII: decide those without Unicode's property tables.
            let value = scalar.value
            let isWordScalar =
                value < 0x80
                ? (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A) || (value >= 0x30 && value <= 0x39)
                : scalar.properties.isAlphabetic
            if isWordScalar {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The pair token of two adjacent syllables.
    public static func pair(_ first: String, _ second: String) -> String { first + second }

    /// What goes into the index for a text: its syllables and its adjacent pairs, space-separated.
    public static func indexTokens(_ text: String) -> String {
        let words = syllables(text)
        var tokens = words
        if words.count > 1 {
            for index in 0..<(words.count - 1) { tokens.append(pair(words[index], words[index + 1])) }
        }
        return tokens.joined(separator: " ")
    }

    /// A parsed query: the syllables that must all appear, and the pairs that raise the rank.
    public struct Query: Equatable, Sendable {
        public var syllables: [String]
        public var pairs: [String]
        /// The last syllable as typed so far, for suggestions (prefix match).
        public var prefix: String?
        /// The query as a document number ("06/2025/tt-bnv", "178/2024"), when it looks like one.
        public var documentNumber: String?

        public var isEmpty: Bool { syllables.isEmpty && documentNumber == nil }
    }

    /// Limits keep a hostile query cheap: at most 12 syllables of at most 40 characters.
    public static func query(_ text: String) -> Query {
        let trimmed = String(text.prefix(500))
        var words: [String] = []
        for word in syllables(trimmed) {
            if let expansion = abbreviations[word] {
                words += expansion.split(separator: " ").map(String.init)
            } else {
                words.append(String(word.prefix(40)))
            }
        }
        words = Array(words.prefix(12))
        var unique: [String] = []
        for word in words where !unique.contains(word) { unique.append(word) }
        var pairs: [String] = []
        if words.count > 1 {
            for index in 0..<(words.count - 1) {
                let token = pair(words[index], words[index + 1])
                if !pairs.contains(token) { pairs.append(token) }
            }
        }
        let endsInSpace = trimmed.last.map { $0 == " " } ?? true
        return Query(
            syllables: unique, pairs: pairs, prefix: endsInSpace ? nil : unique.last,
            documentNumber: documentNumberKey(ifNumberLike: trimmed))
    }

    /// "178/2024/NĐ-CP" → "178/2024/nd-cp": folded, spaces removed, only letters, digits, "/" and "-".
    public static func documentNumberKey(_ number: String) -> String {
        String(
            VietnameseText.fold(number).unicodeScalars.filter { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "/" || scalar == "-"
            }.map(Character.init))
    }

    /// A query is a document number when it has digits and a "/" or a "-" between them and letters,
    /// as in "06/2025", "178/2024/NĐ-CP" or "1234/BNV-CCVC".
    static func documentNumberKey(ifNumberLike text: String) -> String? {
        let key = documentNumberKey(text.trimmingCharacters(in: .whitespaces))
        guard key.count >= 3, key.contains("/"), key.first?.isNumber == true,
            !text.trimmingCharacters(in: .whitespaces).contains(" ")
        else { return nil }
        return key
    }
}

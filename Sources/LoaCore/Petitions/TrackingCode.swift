import Foundation

/// The code a submitter quotes to follow a petition: "PA-2026-000123" (phản ánh, year, number).
/// Short enough to read over the phone, and found again in a chat message or a search box.
public struct TrackingCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    public init(year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// Accepts "PA-2026-000123", "pa-2026-123", " PA 2026 000123 "; nil otherwise.
    public init?(_ text: String) {
        let characters = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let (code, end) = TrackingCode.parse(characters, at: 0), end == characters.count else { return nil }
        self = code
    }

    /// "PA-2026-000123" (6 digits, more if the number needs them)
    public var description: String {
        let digits = String(number)
        return "PA-\(year)-\(String(repeating: "0", count: max(0, 6 - digits.count)))\(digits)"
    }

    /// The first code written anywhere inside a chat message such as "tra cứu PA-2026-000123 giúp tôi".
    public static func find(in text: String) -> TrackingCode? {
        let characters = Array(text)
        for start in characters.indices where characters[start] == "P" || characters[start] == "p" {
            if start > 0, characters[start - 1].isLetter || characters[start - 1].isNumber { continue }
            if let (code, _) = parse(characters, at: start) { return code }
        }
        return nil
    }

    public static func < (lhs: TrackingCode, rhs: TrackingCode) -> Bool {
        (lhs.year, lhs.number) < (rhs.year, rhs.number)
    }

    /// Most digits a number may have; more cannot be a code we issued and could overflow.
    static let maximumDigits = 9

    /// A code starting at `start`: "PA", separators, four digits of year, separators, the number,
    /// and then no further letter or digit. Returns the code and where it ends.
    static func parse(_ characters: [Character], at start: Int) -> (TrackingCode, Int)? {
        var index = start
        guard index + 1 < characters.count, "pP".contains(characters[index]), "aA".contains(characters[index + 1]) else { return nil }
        index += 2
        func separators() -> Bool {
            let before = index
            while index < characters.count, characters[index] == "-" || characters[index] == " " { index += 1 }
            return index > before && index - before <= 3
        }
        func digits() -> (value: Int, count: Int)? {
            let before = index
            while index < characters.count, characters[index].asciiDigit != nil { index += 1 }
            let count = index - before
            guard count > 0, count <= maximumDigits else { return nil }
            return (Int(String(characters[before..<index]))!, count)
        }
        guard separators() else { return nil }
        guard let year = digits(), year.count == 4, separators(), let number = digits(), number.value > 0 else { return nil }
        if index < characters.count, characters[index].isLetter || characters[index].isNumber { return nil }
        return (TrackingCode(year: year.value, number: number.value), index)
    }
}

extension Character {
    /// The value of an ASCII digit; other digits (Arabic-Indic, full-width) are not codes or phone numbers.
    var asciiDigit: Int? {
        guard let ascii = asciiValue, ascii >= 48, ascii <= 57 else { return nil }
        return Int(ascii) - 48
    }
}

/// The private key that, with the tracking code, lets a submitter read the answer.
public enum AccessKey {
    /// Upper-case letters and digits without look-alikes (0/O, 1/I/L), so a key read aloud or
    /// copied by hand still works.
    public static let alphabet: [Character] = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")

    public static let length = 12

    /// 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L), upper case, from SystemRandomNumberGenerator.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }

    /// Upper-cases and drops spaces and dashes, so keys read over the phone still match.
    public static func normalise(_ text: String) -> String {
        String(text.uppercased().filter { !$0.isWhitespace && !"-‐‑–—".contains($0) })
    }

    /// "ABCD-EFGH-JKMN": the key in groups of four, easier to read and copy.
    public static func formatted(_ key: String) -> String {
        let characters = Array(normalise(key))
        return stride(from: 0, to: characters.count, by: 4)
            .map { String(characters[$0..<min($0 + 4, characters.count)]) }
            .joined(separator: "-")
    }

    /// The text with every access key written as "ABCD-EFGH-JKMN" hidden, for what Loa keeps of
    /// a message it sent (the Zalo transcript staff read): the key is the person's alone.
    public static func masked(in text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let keyScalars = Set(alphabet.flatMap(\.unicodeScalars))
        let groupLength = 4
        let groups = length / groupLength
        let span = length + groups - 1
        func isKeyScalar(_ index: Int) -> Bool { index >= 0 && index < scalars.count && keyScalars.contains(scalars[index]) }
        func isWordScalar(_ index: Int) -> Bool {
            index >= 0 && index < scalars.count && (scalars[index].properties.isAlphabetic || scalars[index].properties.numericType != nil)
        }
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            var matches = index + span <= scalars.count && !isWordScalar(index - 1) && !isWordScalar(index + span)
            var offset = 0
            while matches, offset < span {
                let position = index + offset
                matches = (offset + 1) % (groupLength + 1) == 0 ? scalars[position] == "-" : isKeyScalar(position)
                offset += 1
            }
            if matches {
                output.append(contentsOf: Array(repeating: "••••", count: groups).joined(separator: "-").unicodeScalars)
                index += span
            } else {
                output.append(scalars[index])
                index += 1
            }
        }
        return String(output)
    }

    /// Whether `given` (as typed) is `stored`, comparing in time that does not depend on where they
    /// differ, so that timing does not reveal a key.
    public static func matches(_ given: String, stored: String) -> Bool {
        let left = Array(normalise(given).utf8)
        let right = Array(normalise(stored).utf8)
        guard left.count == right.count, !right.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

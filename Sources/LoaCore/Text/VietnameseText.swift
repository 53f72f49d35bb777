import Foundation

/// Folding makes "Tiền lương", "tien luong", "TIỀN LƯƠNG" and the NFD spelling of the same words compare equal:
/// NFC → lower case → tone and vowel marks (ă, â, ê, ô, ơ, ư) stripped → "đ" → "d", as DESIGN.md
/// says, done in one pass: combining marks (NFD input) are dropped and precomposed letters (NFC
/// input) are looked up to their base letter, which gives the same result for both forms.
public enum VietnameseText {
    public static func fold(_ text: String) -> String {
        String(decoding: foldedUTF8(text), as: UTF8.self)
    }

    /// The folded text as UTF-8 bytes, for callers that compare bytes (search snippets). Built as
    /// bytes: folded Vietnamese is nearly all ASCII, and appending bytes to a buffer is several
    /// times faster than appending scalars to a string.
    public static func foldedUTF8(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                // ASCII: lower-case letters, keep the rest.
                bytes.append(UInt8(value >= 0x41 && value <= 0x5A ? value + 0x20 : value))
            } else if (0x0300...0x036F).contains(value) {
                continue  // a combining mark, as in NFD input
            } else if let base = baseLetter(value) {
                bytes.append(base)
            } else {
                bytes.append(contentsOf: String(scalar).lowercased().utf8)
            }
        }
        return bytes
    }

    /// The ASCII base letter of a precomposed Latin letter, from flat tables (no hashing).
    @inline(__always)
    static func baseLetter(_ value: UInt32) -> UInt8? {
        let byte: UInt8
        if value >= 0x00C0 && value <= 0x024F {
            byte = latinBases[Int(value - 0x00C0)]
        } else if value >= 0x1E00 && value <= 0x1EFF {
            byte = extendedBases[Int(value - 0x1E00)]
        } else {
            return nil
        }
        return byte == 0 ? nil : byte
    }

    private static let latinBases: [UInt8] = (0x00C0...0x024F).map { UInt8(baseLetters[UInt32($0)].map { $0.value } ?? 0) }
    private static let extendedBases: [UInt8] = (0x1E00...0x1EFF).map { UInt8(baseLetters[UInt32($0)].map { $0.value } ?? 0) }

    /// Every precomposed Latin letter with marks (Latin-1, Latin Extended A and B, Latin Extended
    /// Additional, where the Vietnamese letters with tone marks live) mapped to its lower-case base
    /// letter, computed once from the Unicode decompositions. Folding is then one lookup a scalar,
    /// whatever the normalisation form of the input.
    static let baseLetters: [UInt32: Unicode.Scalar] = {
        var table: [UInt32: Unicode.Scalar] = [0x0110: "d", 0x0111: "d"]
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for value in range {
                guard let scalar = Unicode.Scalar(UInt32(value)), table[UInt32(value)] == nil else { continue }
                let lower = String(scalar).lowercased().decomposedStringWithCanonicalMapping.unicodeScalars
                guard let base = lower.first, base.value < 0x80, base.properties.isAlphabetic else { continue }
                table[UInt32(value)] = base
            }
        }
        return table
    }()

    /// A URL slug from a Vietnamese title: "Tiền lương cơ sở" → "tien-luong-co-so".
    /// Only ASCII letters and digits survive; every other run of characters becomes one hyphen.
    public static func slug(_ text: String, maxLength: Int = 80) -> String {
        var result = ""
        var pendingHyphen = false
        for scalar in fold(text).unicodeScalars {
            let isWordScalar = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
            if isWordScalar {
                if pendingHyphen && !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        if result.count > maxLength {
            result = String(result.prefix(maxLength))
            if let lastHyphen = result.lastIndex(of: "-"), result.distance(from: result.startIndex, to: lastHyphen) > maxLength / 2 {
                result = String(result[..<lastHyphen])
            }
            while result.hasSuffix("-") { result.removeLast() }
        }
        return result
    }
}

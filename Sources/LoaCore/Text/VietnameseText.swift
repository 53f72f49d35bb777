import Foundation

/// Folding makes "Tiền lương", "tien luong", "TIỀN LƯƠNG" and the NFD spelling of the same words compare equal.
///
/// The order matters: NFC first so that NFD and NFC input behave the same, lower-casing next,
/// then canonical decomposition so that every tone mark and vowel mark (ă, â, ê, ô, ơ, ư) becomes a
/// separate combining scalar that can be dropped; "đ" has no decomposition and is mapped by hand.
public enum VietnameseText {
    public static func fold(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        let decomposed = text.precomposedStringWithCanonicalMapping.lowercased()
            .decomposedStringWithCanonicalMapping
        for scalar in decomposed.unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F:  // combining diacritical marks
                continue
            case 0x0111:  // đ (Đ is already lower-cased)
                scalars.append("d")
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

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

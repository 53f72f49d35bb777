/// Escapes text for HTML and XML element content and for double- or single-quoted attribute
/// values.
///
/// The work is done on UTF-8 bytes, never on Swift `Character`s: a grapheme cluster can join `<`
/// or `"` with a Prepend character before it (U+0600, U+0D4E, U+110BD) or a combining mark or
/// ZWJ after it, and a comparison of `Character`s with "<" would then let the markup through raw.
/// Every byte below 0x80 is a whole scalar in UTF-8, so matching bytes matches scalars.
///
/// Characters that XML 1.0 forbids (C0 controls other than tab, line feed and carriage return;
/// U+FFFE and U+FFFF) are dropped, so that a feed or an Open311 answer stays well-formed whatever
/// a petition or a title contains; HTML ignores them anyway.
public func escapeHTML(_ text: some StringProtocol) -> String {
    let utf8 = text.utf8
    guard utf8.contains(where: Escaping.needsWork) else { return String(text) }
    var output: [UInt8] = []
    output.reserveCapacity(utf8.count + 16)
    var pendingEF = 0  // bytes of a possible U+FFFE/U+FFFF sequence held back
    for byte in utf8 {
        if pendingEF == 1 {
            if byte == 0xBF {
                pendingEF = 2
                continue
            }
            output.append(0xEF)
            pendingEF = 0
        } else if pendingEF == 2 {
            pendingEF = 0
            if byte == 0xBE || byte == 0xBF { continue }
            output += [0xEF, 0xBF]
        }
        switch byte {
        case 0x26: output += Escaping.amp
        case 0x3C: output += Escaping.lt
        case 0x3E: output += Escaping.gt
        case 0x22: output += Escaping.quot
        case 0x27: output += Escaping.apos
        case 0x09, 0x0A, 0x0D: output.append(byte)
        case 0x00..<0x20, 0x7F: continue
        case 0xEF: pendingEF = 1
        default: output.append(byte)
        }
    }
    if pendingEF >= 1 { output.append(0xEF) }
    if pendingEF == 2 { output.append(0xBF) }
    return String(decoding: output, as: UTF8.self)
}

/// Text for a single header line (a file name in `Content-Disposition`, a mail header): line
/// breaks and other controls are removed per scalar, so no text can start a header of its own.
public func headerSafe(_ text: some StringProtocol) -> String {
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        // U+0085, U+2028 and U+2029 are line breaks to some readers.
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
            continue
        }
        result.append(scalar)
    }
    return String(result)
}

enum Escaping {
    static let amp = Array("&amp;".utf8)
    static let lt = Array("&lt;".utf8)
    static let gt = Array("&gt;".utf8)
    static let quot = Array("&quot;".utf8)
    static let apos = Array("&#39;".utf8)

    @inline(__always)
    static func needsWork(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xEF || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27
    }
}

/// `Content-Disposition` for a download: an ASCII name for old clients and the exact name as
/// RFC 5987 `filename*`, percent-encoded byte by byte, so neither can end the header or add one.
public func contentDisposition(_ disposition: String = "attachment", fileName: String) -> String {
    let folded = VietnameseText.fold(fileName)
    var ascii = ""
    for scalar in folded.unicodeScalars {
        let value = scalar.value
        let plain =
            (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) || value == 0x2E
            || value == 0x2D || value == 0x5F
        ascii.unicodeScalars.append(plain ? scalar : "-")
    }
    if ascii.isEmpty || ascii.unicodeScalars.allSatisfy({ $0 == "-" || $0 == "." }) { ascii = "tep" }
    var encoded = ""
    for byte in headerSafe(fileName).utf8 {
        let isAttrChar =
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || "!#$&+-.^_`|~".utf8.contains(byte)
        if isAttrChar {
            encoded.unicodeScalars.append(Unicode.Scalar(byte))
        } else {
            let hex = Array("0123456789ABCDEF".unicodeScalars)
            encoded.unicodeScalars.append("%")
            encoded.unicodeScalars.append(hex[Int(byte >> 4)])
            encoded.unicodeScalars.append(hex[Int(byte & 0x0F)])
        }
    }
    return "\(disposition); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
}

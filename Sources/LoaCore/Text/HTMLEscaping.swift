/// Escapes text for HTML element content and for double- or single-quoted attribute values.
public func escapeHTML(_ text: some StringProtocol) -> String {
    var needsEscaping = false
    for byte in text.utf8
    where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
        || byte == UInt8(ascii: "'")
    {
        needsEscaping = true
        break
    }
    guard needsEscaping else { return String(text) }
    var result = ""
    result.reserveCapacity(text.utf8.count + 16)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.append(character)
        }
    }
    return result
}

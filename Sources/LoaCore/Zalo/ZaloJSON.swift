/// A JSON value as Zalo sent it, with every number kept as the text of its literal.
///
/// Zalo's ids exceed 2^53. Foundation's JSON reader turns a number into a Double and silently
/// changes the last digits of such an id, so a follower could be mistaken for another; reading
/// numbers as text keeps them exact whether Zalo quotes them or not. The reader is small on purpose
/// and refuses what a webhook never needs: bodies over 256 KB and nesting deeper than 32 levels,
/// which would otherwise let a hostile sender exhaust memory or the stack.
public enum ZaloJSON: Sendable, Equatable {
    case string(String)
    /// The literal exactly as written ("1234567890123456789", "-1.5e3").
    case number(String)
    case bool(Bool)
    case null
    case array([ZaloJSON])
    /// Members by key; when a key repeats, the last one wins, as in most readers.
    case object([String: ZaloJSON])

    public static let maximumBytes = 256 * 1024
    public static let maximumDepth = 32

    /// Reads one JSON value (RFC 8259, UTF-8, surrounded only by whitespace).
    public static func parse(_ bytes: [UInt8]) throws(ZaloEventError) -> ZaloJSON {
        guard bytes.count <= maximumBytes else {
            throw ZaloEventError(message: "Nội dung quá lớn: tối đa \(maximumBytes / 1024) KB.")
        }
        var reader = Reader(bytes: bytes)
        // A UTF-8 byte order mark is not JSON, but some senders add one; it carries no meaning.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.position = 3 }
        reader.skipWhitespace()
        let value = try reader.value(depth: 1)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.failure("có nội dung thừa sau giá trị JSON") }
        return value
    }

    /// The member `key` of an object; nil for other values.
    public subscript(key: String) -> ZaloJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The text of a string.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// An id or other whole number as text, whether it was sent as a string or as a bare number:
    /// the digits come from the literal, never through Double. Nil for anything else, and for an
    /// empty string.
    public var identifier: String? {
        switch self {
        case .string(let text): return text.isEmpty ? nil : text
        case .number(let literal):
            let digits = literal.hasPrefix("-") ? literal.dropFirst() : Substring(literal)
            return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } ? literal : nil
        default: return nil
        }
    }

    /// Compact JSON with object keys sorted (by their UTF-8 bytes), so that the same value always
    /// gives the same text; numbers are written back exactly as they were read.
    public var serialised: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .string(let text): Self.writeString(text, to: &output)
        case .number(let literal): output += literal
        case .bool(let value): output += value ? "true" : "false"
        case .null: output += "null"
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                element.write(to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key]!.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// A recursive-descent reader over the raw bytes.
    struct Reader {
        let bytes: [UInt8]
        var position = 0

        func failure(_ reason: String) -> ZaloEventError {
            ZaloEventError(message: "Nội dung không phải JSON hợp lệ: \(reason) (byte \(position)).")
        }

        var current: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { position += 1 }
        }

        mutating func value(depth: Int) throws(ZaloEventError) -> ZaloJSON {
            guard let byte = current else { throw failure("thiếu giá trị") }
            switch byte {
            case UInt8(ascii: "{"):
                guard depth <= ZaloJSON.maximumDepth else { throw failure("lồng nhau quá \(ZaloJSON.maximumDepth) cấp") }
                return try object(depth: depth)
            case UInt8(ascii: "["):
                guard depth <= ZaloJSON.maximumDepth else { throw failure("lồng nhau quá \(ZaloJSON.maximumDepth) cấp") }
                return try array(depth: depth)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
            default: throw failure("ký tự không mong đợi")
            }
        }

        mutating func literal(_ word: String, _ value: ZaloJSON) throws(ZaloEventError) -> ZaloJSON {
            let expected = Array(word.utf8)
            guard position + expected.count <= bytes.count, bytes[position..<position + expected.count].elementsEqual(expected) else {
                throw failure("ký tự không mong đợi")
            }
            position += expected.count
            return value
        }

        mutating func object(depth: Int) throws(ZaloEventError) -> ZaloJSON {
            position += 1  // {
            var members: [String: ZaloJSON] = [:]
            skipWhitespace()
            if current == UInt8(ascii: "}") {
                position += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw failure("thiếu tên thuộc tính") }
                let key = try string()
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw failure("thiếu dấu hai chấm") }
                position += 1
                skipWhitespace()
                members[key] = try value(depth: depth + 1)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                default: throw failure("thiếu dấu phẩy hoặc dấu đóng ngoặc nhọn")
                }
            }
        }

        mutating func array(depth: Int) throws(ZaloEventError) -> ZaloJSON {
            position += 1  // [
            var elements: [ZaloJSON] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                elements.append(try value(depth: depth + 1))
                skipWhitespace()
                switch current {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(elements)
                default: throw failure("thiếu dấu phẩy hoặc dấu đóng ngoặc vuông")
                }
            }
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
        mutating func number() throws(ZaloEventError) -> String {
            let start = position
            func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
            if current == UInt8(ascii: "-") { position += 1 }
            if current == UInt8(ascii: "0") {
                position += 1
            } else if isDigit(current) {
                while isDigit(current) { position += 1 }
            } else {
                throw failure("số không hợp lệ")
            }
            if current == UInt8(ascii: ".") {
                position += 1
                guard isDigit(current) else { throw failure("số không hợp lệ") }
                while isDigit(current) { position += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                position += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
                guard isDigit(current) else { throw failure("số không hợp lệ") }
                while isDigit(current) { position += 1 }
            }
            return String(decoding: bytes[start..<position], as: UTF8.self)
        }

        /// A string with its escapes resolved; the bytes must be valid UTF-8 and control
        /// characters must be escaped, as JSON requires.
        mutating func string() throws(ZaloEventError) -> String {
            position += 1  // "
            var buffer: [UInt8] = []
            while true {
                guard let byte = current else { throw failure("chuỗi chưa đóng") }
                position += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: buffer, as: UTF8.self) else { throw failure("chuỗi không phải UTF-8") }
                    return text
                case UInt8(ascii: "\\"):
                    guard let escape = current else { throw failure("chuỗi chưa đóng") }
                    position += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                    case UInt8(ascii: "b"): buffer.append(0x08)
                    case UInt8(ascii: "f"): buffer.append(0x0C)
                    case UInt8(ascii: "n"): buffer.append(0x0A)
                    case UInt8(ascii: "r"): buffer.append(0x0D)
                    case UInt8(ascii: "t"): buffer.append(0x09)
                    case UInt8(ascii: "u"): buffer.append(contentsOf: try unicodeEscape())
                    default: throw failure("ký tự thoát không hợp lệ")
                    }
                case 0..<0x20: throw failure("ký tự điều khiển trong chuỗi")
                default: buffer.append(byte)
                }
            }
        }

        /// The UTF-8 bytes of `\uXXXX`, or of a surrogate pair `\uD83D\uDE00`; a lone surrogate is refused.
        mutating func unicodeEscape() throws(ZaloEventError) -> [UInt8] {
            var value = try hexQuad()
            if (0xD800...0xDBFF).contains(value) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw failure("cặp thay thế UTF-16 không đầy đủ")
                }
                position += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure("cặp thay thế UTF-16 không hợp lệ") }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw failure("cặp thay thế UTF-16 không hợp lệ")
            }
            return Array(String(Character(Unicode.Scalar(value)!)).utf8)
        }

        mutating func hexQuad() throws(ZaloEventError) -> UInt32 {
            guard position + 4 <= bytes.count else { throw failure("ký tự thoát \\u không đầy đủ") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[position]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("ký tự thoát \\u không hợp lệ")
                }
                value = value << 4 | UInt32(digit)
                position += 1
            }
            return value
        }
    }
}

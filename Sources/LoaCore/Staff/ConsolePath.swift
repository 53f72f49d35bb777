/// Where a console page may send someone after signing in (`?next=`).
public enum ConsolePath {
    /// The path itself when it is a console path made only of bytes that a URL path and query may
    /// hold as they are; nil otherwise. Checked per byte: no control character (so no CR or LF
    /// that could end the `Location` header and start another), no backslash, no `//` that a
    /// browser reads as another host, no `..` that leaves the console.
    public static func safe(_ raw: String?) -> String? {
        guard let raw, raw.utf8.count <= 2_000 else { return nil }
        guard raw == "/staff" || raw.hasPrefix("/staff/") || raw.hasPrefix("/staff?") else { return nil }
        guard raw.utf8.allSatisfy(isAllowed), !raw.contains("//"), !raw.contains("/../"), !raw.hasSuffix("/..") else { return nil }
        return raw
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "?"),
            UInt8(ascii: "="), UInt8(ascii: "&"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ":"):
            true
        default: false
        }
    }
}

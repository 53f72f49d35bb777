import CQRencode

/// A QR code drawn by libqrencode, kept as a plain matrix of modules so that it can be sent to
/// any thread and drawn as SVG without touching C memory again.
public struct QRCode: Sendable, Hashable {
    /// How much of the symbol may be damaged and still read (ISO/IEC 18004 levels).
    public enum Correction: Sendable, Hashable {
        /// About 7 % of the code words.
        case low
        /// About 15 %: the usual choice for a code shown on a screen.
        case medium
        /// About 25 %.
        case quartile
        /// About 30 %.
        case high

        var level: QRecLevel {
            switch self {
            case .low: QR_ECLEVEL_L
            case .medium: QR_ECLEVEL_M
            case .quartile: QR_ECLEVEL_Q
            case .high: QR_ECLEVEL_H
            }
        }
    }

    /// Modules per side, without the quiet zone: 21 for version 1, 4 more for each version after.
    public let width: Int
    /// The symbol's version, 1 to 40.
    public let version: Int
    /// Row by row from the top left, `width * width` entries; true for a dark module.
    public let modules: [Bool]

    /// Modules of light margin around the symbol that ISO/IEC 18004 requires for readers.
    public static let quietZone = 4

    /// Encodes the UTF-8 bytes of `text` in 8-bit mode, the smallest version that holds them.
    /// Nil when the text is empty, does not fit in version 40 (2,331 bytes at level M), or
    /// libqrencode fails.
    ///
    /// 8-bit mode rather than libqrencode's guess of modes from the string: the bytes read back
    /// are exactly the UTF-8 of `text`, and a NUL byte does not end the input.
    public init?(_ text: String, correction: Correction = .medium) {
        let bytes = Array(text.utf8)
        // 2,953 bytes is the most that any version holds, at level L; larger input is refused
        // before it reaches C, where the size is an `Int32`.
        guard !bytes.isEmpty, bytes.count <= 2_953 else { return nil }
        guard let symbol = QRcode_encodeData(Int32(bytes.count), bytes, 0, correction.level) else { return nil }
        defer { QRcode_free(symbol) }
        let width = Int(symbol.pointee.width)
        let version = Int(symbol.pointee.version)
        guard (21...177).contains(width), width == 17 + 4 * version, let data = symbol.pointee.data else { return nil }
        // Each byte describes one module; bit 0 is set for a dark one (qrencode.h).
        let cells = UnsafeBufferPointer(start: UnsafePointer(data), count: width * width)
        self.width = width
        self.version = version
        self.modules = cells.map { $0 & 1 == 1 }
    }

    /// Whether the module in column `x` and row `y` is dark; false outside the symbol, which is
    /// where the quiet zone is.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < width else { return false }
        return modules[y * width + x]
    }

    /// The code as a standalone SVG element for inline use in a page: a white square with the
    /// quiet zone, and one black path that draws every run of dark modules in a row as one
    /// rectangle. `moduleSize` is the side of a module in CSS pixels (at least 1).
    ///
    /// `title` is the accessible name (what a screen reader says, and a tooltip); it is escaped
    /// here. Colours are `fill` attributes, not `style`, since the site's Content Security
    /// Policy refuses inline styles. The `id` of the title is derived from the code and the
    /// title, so that two different codes on one page do not share it.
    public func svg(title: String, moduleSize: Int = 4) -> String {
        let size = width + 2 * Self.quietZone
        let pixels = size * max(1, min(moduleSize, 64))
        var path = ""
        path.reserveCapacity(modules.count * 3)
        for y in 0..<width {
            var x = 0
            while x < width {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < width, isDark(x: x, y: y) { x += 1 }
                let run = x - start
                path += "M\(start + Self.quietZone) \(y + Self.quietZone)h\(run)v1h-\(run)z"
            }
        }
        let titleID = "qr-\(identifier(title: title))"
        return
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(size) \(size)\" width=\"\(pixels)\" height=\"\(pixels)\""
            + " role=\"img\" aria-labelledby=\"\(titleID)\" shape-rendering=\"crispEdges\">"
            + "<title id=\"\(titleID)\">\(escapeXML(title))</title>"
            + "<rect width=\"\(size)\" height=\"\(size)\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\"\(path)\"/></svg>"
    }

    /// Eight hex digits of FNV-1a over the modules and the title's UTF-8: stable for the same
    /// code, and different codes on one page almost surely differ.
    private func identifier(title: String) -> String {
        var hash: UInt32 = 0x811C_9DC5
        func mix(_ byte: UInt8) {
            hash = (hash ^ UInt32(byte)) &* 0x0100_0193
        }
        for dark in modules { mix(dark ? 1 : 0) }
        for byte in title.utf8 { mix(byte) }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.utf8.count) + hex
    }
}

/// Text for XML element content or a quoted attribute. The work is done per Unicode scalar, never
/// on `Character`s: a grapheme cluster can join "<" to a Prepend character before it (U+0600)
/// or a combining mark after it, and a `Character` comparison with "<" would let it through raw.
/// Scalars that XML 1.0 forbids (C0 controls other than tab, line feed and carriage return;
/// U+FFFE, U+FFFF) are dropped so the SVG stays well-formed.
private func escapeXML(_ text: String) -> String {
    var output = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
        switch scalar.value {
        case 0x26: output.append(contentsOf: "&amp;".unicodeScalars)
        case 0x3C: output.append(contentsOf: "&lt;".unicodeScalars)
        case 0x3E: output.append(contentsOf: "&gt;".unicodeScalars)
        case 0x22: output.append(contentsOf: "&quot;".unicodeScalars)
        case 0x27: output.append(contentsOf: "&#39;".unicodeScalars)
        case 0x09, 0x0A, 0x0D: output.append(scalar)
        case 0x00..<0x20, 0xFFFE, 0xFFFF: continue
        default: output.append(scalar)
        }
    }
    return String(output)
}

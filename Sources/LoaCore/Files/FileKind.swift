/// The file types staff may upload as attachments, recognised from the file's content (never its name).
public enum FileKind: String, Sendable, CaseIterable {
    case pdf, docx, xlsx, png, jpeg, gif, webp

    public var mimeType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        }
    }

    /// The extension to store or serve the file under (without the dot).
    public var fileExtension: String {
        switch self {
        case .pdf: "pdf"
        case .docx: "docx"
        case .xlsx: "xlsx"
        case .png: "png"
        case .jpeg: "jpg"
        case .gif: "gif"
        case .webp: "webp"
        }
    }

    /// A short label for people (Vietnamese).
    public var name: String {
        switch self {
        case .pdf: "PDF"
        case .docx: "Word (DOCX)"
        case .xlsx: "Excel (XLSX)"
        case .png: "Ảnh PNG"
        case .jpeg: "Ảnh JPEG"
        case .gif: "Ảnh GIF"
        case .webp: "Ảnh WebP"
        }
    }

    /// Sniffs the bytes and returns the kind, or nil when the content is not one of the allowed kinds
    /// (executables, scripts, HTML, plain or macro-enabled ZIPs, empty or truncated data, …).
    ///
    /// - PDF: "%PDF-" at offset 0.
    /// - PNG, JPEG, GIF, WebP: their magic numbers (WebP: "RIFF", 4 size bytes, "WEBP").
    /// - DOCX, XLSX: a ZIP starting with a local file header whose entries include "[Content_Types].xml"
    ///   and entries under "word/" (DOCX) or "xl/" (XLSX), but not both, and no "vbaProject.bin" (macros).
    ///   Entry names come from the central directory, or, if that cannot be read, from a scan for
    ///   local file headers.
    public static func detect(_ bytes: some Collection<UInt8>) -> FileKind? {
        let data = bytes as? [UInt8] ?? Array(bytes)
        let reader = ByteReader(bytes: data)

        if reader.has(Signature.pdf, at: 0) { return .pdf }
        if reader.has(Signature.png, at: 0) { return .png }
        if reader.has(Signature.jpeg, at: 0) { return .jpeg }
        if reader.has(Signature.gif87a, at: 0) || reader.has(Signature.gif89a, at: 0) { return .gif }
        if reader.has(Signature.riff, at: 0) && reader.has(Signature.webp, at: 8) { return .webp }
        if reader.has(Signature.zipLocalHeader, at: 0) { return officeKind(reader) }
        return nil
    }

    // MARK: - ZIP / Office Open XML

    private static func officeKind(_ reader: ByteReader) -> FileKind? {
        var names = centralDirectoryNames(reader) ?? []
        if names.isEmpty { names = localHeaderNames(reader) }
        let lowercased = names.map { String(decoding: $0, as: UTF8.self).lowercased() }

        guard lowercased.contains("[content_types].xml") else { return nil }
        if lowercased.contains(where: { $0.hasSuffix("vbaproject.bin") }) { return nil }
        let isWord = lowercased.contains { $0.hasPrefix("word/") }
        let isExcel = lowercased.contains { $0.hasPrefix("xl/") }
        switch (isWord, isExcel) {
        case (true, false): return .docx
        case (false, true): return .xlsx
        default: return nil
        }
    }

    /// Entry names listed in the central directory, or nil when it is missing or malformed.
    private static func centralDirectoryNames(_ reader: ByteReader) -> [ArraySlice<UInt8>]? {
        let endRecordSize = 22
        let count = reader.bytes.count
        guard count >= endRecordSize else { return nil }
        // The end-of-central-directory record is followed only by a comment of at most 65,535 bytes.
        let lowest = max(0, count - endRecordSize - 0xFFFF)
        var position = count - endRecordSize
        while position >= lowest && reader.uint32(at: position) != Signature.zipEndOfCentralDirectory {
            position -= 1
        }
        guard position >= lowest,
            let entryCount = reader.uint16(at: position + 10),
            let directorySize = reader.uint32(at: position + 12),
            let directoryOffset = reader.uint32(at: position + 16),
            entryCount != 0xFFFF, directoryOffset != 0xFFFF_FFFF,  // ZIP64: not expected for attachments
            directoryOffset + directorySize <= position
        else { return nil }

        var names: [ArraySlice<UInt8>] = []
        var entry = directoryOffset
        for _ in 0..<entryCount {
            guard reader.uint32(at: entry) == Signature.zipCentralDirectoryEntry,
                let nameLength = reader.uint16(at: entry + 28),
                let extraLength = reader.uint16(at: entry + 30),
                let commentLength = reader.uint16(at: entry + 32),
                let name = reader.slice(at: entry + 46, count: nameLength)
            else { return nil }
            names.append(name)
            entry += 46 + nameLength + extraLength + commentLength
        }
        return names
    }

    /// Entry names found by scanning the whole buffer for local file headers. Sizes in the headers
    /// are not trusted (they are zero when general-purpose flag bit 3 is set).
    private static func localHeaderNames(_ reader: ByteReader) -> [ArraySlice<UInt8>] {
        var names: [ArraySlice<UInt8>] = []
        let bytes = reader.bytes
        var position = 0
        while position + 30 <= bytes.count {
            if bytes[position] == 0x50 && reader.uint32(at: position) == Signature.zipLocalHeader32,
                let nameLength = reader.uint16(at: position + 26),
                let name = reader.slice(at: position + 30, count: nameLength)
            {
                names.append(name)
                position += 30 + nameLength
            } else {
                position += 1
            }
        }
        return names
    }
}

private enum Signature {
    static let pdf: [UInt8] = Array("%PDF-".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
    static let gif87a: [UInt8] = Array("GIF87a".utf8)
    static let gif89a: [UInt8] = Array("GIF89a".utf8)
    static let riff: [UInt8] = Array("RIFF".utf8)
    static let webp: [UInt8] = Array("WEBP".utf8)
    static let zipLocalHeader: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    static let zipLocalHeader32 = 0x0403_4B50
    static let zipCentralDirectoryEntry = 0x0201_4B50
    static let zipEndOfCentralDirectory = 0x0605_4B50
}

/// Bounds-checked little-endian reads; every accessor returns nil instead of reading past the end.
private struct ByteReader {
    let bytes: [UInt8]

    func has(_ signature: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + signature.count <= bytes.count else { return false }
        return bytes[offset..<offset + signature.count].elementsEqual(signature)
    }

    func uint16(at offset: Int) -> Int? {
        guard offset >= 0, offset + 2 <= bytes.count else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    func uint32(at offset: Int) -> Int? {
        guard offset >= 0, offset + 4 <= bytes.count else { return nil }
        return Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
    }

    func slice(at offset: Int, count: Int) -> ArraySlice<UInt8>? {
        guard offset >= 0, count >= 0, offset + count <= bytes.count else { return nil }
        return bytes[offset..<offset + count]
    }
}

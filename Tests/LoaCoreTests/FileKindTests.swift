import Foundation
import Testing

@testable import LoaCore

@Suite struct FileKindTests {
    // MARK: - Samples

    static let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]
    static let gif = Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x00]
    static let webp = Array("RIFF".utf8) + [0x1A, 0x00, 0x00, 0x00] + Array("WEBPVP8 ".utf8) + [0x00, 0x00]

    static let contentTypes = Array(
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>
        """.utf8)

    static var docx: [UInt8] {
        storedZip([
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", Array("<Relationships/>".utf8)),
            ("word/document.xml", Array("<w:document>Xin chào</w:document>".utf8)),
        ])
    }

    static var xlsx: [UInt8] {
        storedZip([
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", Array("<Relationships/>".utf8)),
            ("xl/workbook.xml", Array("<workbook/>".utf8)),
            ("xl/worksheets/sheet1.xml", Array("<worksheet/>".utf8)),
        ])
    }

    // MARK: - Recognised kinds

    @Test func recognisesEachKind() {
        #expect(FileKind.detect(Self.pdf) == .pdf)
        #expect(FileKind.detect(Self.png) == .png)
        #expect(FileKind.detect(Self.jpeg) == .jpeg)
        #expect(FileKind.detect(Self.gif) == .gif)
        #expect(FileKind.detect(Array("GIF87a".utf8) + [0, 0]) == .gif)
        #expect(FileKind.detect(Self.webp) == .webp)
        #expect(FileKind.detect(Self.docx) == .docx)
        #expect(FileKind.detect(Self.xlsx) == .xlsx)
    }

    @Test func acceptsOtherByteCollections() {
        #expect(FileKind.detect(Data(Self.png)) == .png)
        #expect(FileKind.detect(Self.docx[...]) == .docx)
        #expect(FileKind.detect(([0x00] + Self.pdf).dropFirst()) == .pdf)
    }

    @Test func metadata() {
        #expect(FileKind.pdf.mimeType == "application/pdf")
        #expect(FileKind.docx.mimeType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(FileKind.xlsx.mimeType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(FileKind.jpeg.mimeType == "image/jpeg")
        #expect(FileKind.jpeg.fileExtension == "jpg")
        #expect(FileKind.webp.name == "Ảnh WebP")
        #expect(FileKind.docx.name == "Word (DOCX)")
        #expect(FileKind.allCases.count == 7)
        #expect(Set(FileKind.allCases.map(\.mimeType)).count == 7)
    }

    @Test func officeDetectionFallsBackToLocalHeaders() {
        // Cut off the central directory: names must come from the local file headers.
        let docx = Self.docx
        let lastLocalEnd = Self.localEntriesLength(docx)
        #expect(FileKind.detect(docx[..<lastLocalEnd]) == .docx)

        // A central directory offset pointing nowhere also falls back.
        var broken = Self.xlsx
        let end = broken.count - 22
        broken[end + 16] = 0xFF
        broken[end + 17] = 0xFF
        #expect(FileKind.detect(broken) == .xlsx)
    }

    // MARK: - Rejected content

    @Test func executablesRenamedAsDocumentsAreRejected() {
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00] + Array(repeating: 0, count: 56)
        let mz: [UInt8] = Array("MZ".utf8) + [0x90, 0x00, 0x03, 0x00] + Array(repeating: 0, count: 58)
        #expect(FileKind.detect(elf) == nil)
        #expect(FileKind.detect(mz) == nil)
        // "%PDF-" somewhere later does not count.
        #expect(FileKind.detect(mz + Self.pdf) == nil)
        #expect(FileKind.detect(Array(" ".utf8) + Self.pdf) == nil)
    }

    @Test func scriptsTextAndHTMLAreRejected() {
        #expect(FileKind.detect(Array("#!/bin/sh\nrm -rf /\n".utf8)) == nil)
        #expect(FileKind.detect(Array("<!DOCTYPE html><html><body>Xin chào</body></html>".utf8)) == nil)
        #expect(FileKind.detect(Array("Chỉ là văn bản thường.\n".utf8)) == nil)
        #expect(FileKind.detect(Array("%PDF".utf8)) == nil)
        #expect(FileKind.detect(Array("RIFF\u{0}\u{0}\u{0}\u{0}WAVE".utf8)) == nil)
    }

    @Test func emptyDataIsRejected() {
        #expect(FileKind.detect([UInt8]()) == nil)
        #expect(FileKind.detect(Data()) == nil)
    }

    @Test func plainAndAmbiguousZipsAreRejected() {
        #expect(FileKind.detect(Self.storedZip([("readme.txt", Array("xin chào".utf8))])) == nil)
        // Office folders without [Content_Types].xml.
        #expect(FileKind.detect(Self.storedZip([("word/document.xml", [0x3C])])) == nil)
        // Content types but neither word/ nor xl/ (e.g. PowerPoint).
        #expect(FileKind.detect(Self.storedZip([("[Content_Types].xml", Self.contentTypes), ("ppt/presentation.xml", [])])) == nil)
        // Both word/ and xl/.
        let both = Self.storedZip([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", []), ("xl/workbook.xml", [])])
        #expect(FileKind.detect(both) == nil)
        // Macro-enabled documents.
        let docm = Self.storedZip([("[Content_Types].xml", Self.contentTypes), ("word/document.xml", []), ("word/vbaProject.bin", [0])])
        #expect(FileKind.detect(docm) == nil)
        // An empty ZIP (end record only) does not start with a local file header.
        #expect(FileKind.detect(Self.storedZip([])) == nil)
    }

    @Test func truncatedOrCorruptZipsDoNotCrash() {
        let docx = Self.docx
        for length in 0...docx.count {
            let result = FileKind.detect(docx[..<length])
            #expect(result == nil || result == .docx)
        }
        // Header fields claiming huge lengths.
        var corrupt = Self.xlsx
        for offset in stride(from: 0, to: corrupt.count, by: 7) {
            corrupt[offset] = 0xFF
            _ = FileKind.detect(corrupt)
        }
        #expect(FileKind.detect([0x50, 0x4B, 0x03, 0x04]) == nil)
        #expect(FileKind.detect([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0xFF, count: 40)) == nil)
    }

    // MARK: - ZIP helpers

    /// A ZIP archive with stored (uncompressed) entries and a proper central directory.
    static func storedZip(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var archive: [UInt8] = []
        var directory: [UInt8] = []
        for (name, data) in entries {
            let nameBytes = Array(name.utf8)
            let checksum = crc32(data)
            let offset = archive.count

            archive += le32(0x0403_4B50) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            archive += le32(checksum) + le32(data.count) + le32(data.count) + le16(nameBytes.count) + le16(0)
            archive += nameBytes + data

            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21)
            directory += le32(checksum) + le32(data.count) + le32(data.count) + le16(nameBytes.count) + le16(0) + le16(0)
            directory += le16(0) + le16(0) + le32(0) + le32(offset) + nameBytes
        }
        let directoryOffset = archive.count
        archive += directory
        archive += le32(0x0605_4B50) + le16(0) + le16(0) + le16(entries.count) + le16(entries.count)
        archive += le32(directory.count) + le32(directoryOffset) + le16(0)
        return archive
    }

    /// Length of the local-header part of an archive made by `storedZip` (offset of its central directory).
    static func localEntriesLength(_ archive: [UInt8]) -> Int {
        let end = archive.count - 22
        return (16..<20).reversed().reduce(0) { $0 << 8 | Int(archive[end + $1]) }
    }

    private static func le16(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)]
    }

    private static func le32(_ value: Int) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24 & 0xFF)]
    }

    private static func crc32(_ data: [UInt8]) -> Int {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 {
                crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
            }
        }
        return Int(crc ^ 0xFFFF_FFFF)
    }
}

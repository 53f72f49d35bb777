import Fluent
import Foundation
import LoaCore
import Vapor

/// The demo content written for Loa: articles and documents in every topic and the information
/// pages, loaded through the same importer as an agency's own files, with a PDF for each document.
enum DemoContent {
    struct Report: Sendable {
        var articles = 0
        var documents = 0
        var pages = 0
        var petitions = 0
    }

    struct Missing: Error, CustomStringConvertible {
        var file: String
        var description: String { "Không tìm thấy tệp nội dung mẫu \(file)" }
    }

    static func load(into app: Application, console: (any Console)? = nil) async throws -> Report {
        let importer = ContentImporter(context: .system("nội dung mẫu", app: app))
        var report = Report()
        for kind in [ContentImporter.Kind.pages, .articles, .documents] {
            guard let url = Bundle.module.url(forResource: kind.rawValue, withExtension: "jsonl", subdirectory: "Content"),
                let data = FileManager.default.contents(atPath: url.path)
            else { throw Missing(file: "\(kind.rawValue).jsonl") }
            let progress = console.map { ProgressLine(console: $0, label: "Nội dung mẫu: \(kind.rawValue)") }
            let result = try await importer.importLines(kind, from: data) { done, total in
                progress?.update(done: done, total: total)
            }
            progress?.finish()
            if let first = result.rejected.first {
                app.logger.error("demo \(kind.rawValue).jsonl line \(first.line): \(first.reason)")
            }
            let count = result.created + result.updated
            switch kind {
            case .articles: report.articles = count
            case .documents: report.documents = count
            case .pages: report.pages = count
            }
        }
        try await attachPDFs(app)
        try await relateDocuments(app)
        try await DemoPetitions.load(into: app)
        try await DemoConsultations.load(into: app)
        report.petitions = try await Petition.query(on: app.db).count()
        app.contentChanged()
        return report
    }

    /// Links between demo documents as the register records them, once.
    private static func relateDocuments(_ app: Application) async throws {
        guard try await DocumentRelation.query(on: app.db).count() == 0 else { return }
        let context = OperationContext.system("nội dung mẫu", app: app)
        let links: [(String, DocumentRelationKind, String)] = [
            ("73/2024/NĐ-CP", .replaces, "24/2023/NĐ-CP"), ("98/2023/NĐ-CP", .guides, "06/2022/QH15"),
            ("05/HD-BNV", .guides, "41/2024/QH15"), ("06/2025/TT-BNV", .guides, "80/2025/QH15"),
        ]
        for (number, kind, other) in links {
            guard let document = try await LegalDocument.query(on: app.db).filter(\.$number == number).first() else { continue }
            try await DocumentRelations.add(kind, from: document, toNumber: other, context: context)
        }
    }

    /// Gives every demo document without an attachment a small PDF of its own.
    private static func attachPDFs(_ app: Application) async throws {
        let documents = try await LegalDocument.query(on: app.db).with(\.$attachments).all()
        for document in documents where document.attachments.isEmpty {
            let lines =
                [
                    "\(document.type.name.uppercased()) SO \(document.number)",
                    "Co quan ban hanh: \(document.issuer)",
                    "Ngay ban hanh: \(document.issuedDay?.vietnamese ?? document.issuedOn)",
                    "",
                ] + wrap(document.title, width: 80) + [""] + wrap(document.summary, width: 80) + [
                    "", "Ban dien tu phuc vu tra cuu - Loa (noi dung mau).",
                ]
            let pdf = MinimalPDF.make(lines: lines.map(VietnameseText.fold))
            let hash = try await app.loa.files.store(pdf)
            let attachment = Attachment()
            attachment.$document.id = try document.requireID()
            attachment.fileName = "\(VietnameseText.slug(document.number)).pdf"
            attachment.contentType = "application/pdf"
            attachment.byteCount = pdf.count
            attachment.sha256 = hash
            try await attachment.create(on: app.db)
        }
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.count + word.count + 1 > width, !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

/// A one-page PDF of plain ASCII lines in Helvetica: enough for demo attachments that open in
/// any reader, without a PDF library.
enum MinimalPDF {
    static func make(lines: [String]) -> Data {
        var content = "BT\n/F1 11 Tf\n14 TL\n56 786 Td\n"
        for line in lines.prefix(52) {
            let ascii = String(line.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.map(Character.init))
            let escaped = ascii.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
            content += "(\(escaped)) Tj T*\n"
        }
        content += "ET\n"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            pdf += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}

import Fluent
import Foundation
import LoaCore
import Vapor

/// Files attached by staff (a document's PDF, an article's cover image, a draft's files): checked
/// by their content, stored by hash, recorded with their audit entry in one transaction, and the
/// public pages rendered afresh. The console's editors and the drafts' page share this.
enum AttachmentFiles {
    /// What a file belongs to.
    enum Owner {
        case article(Article)
        case document(LegalDocument)
        case consultation(Consultation)

        var recordType: String {
            switch self {
            case .article: Article.recordType
            case .document: LegalDocument.recordType
            case .consultation: Consultation.recordType
            }
        }

        /// The audit log's record id: the draft's code, the others' id.
        var auditID: String? {
            switch self {
            case .article(let article): article.id?.uuidString
            case .document(let document): document.id?.uuidString
            case .consultation(let consultation): consultation.code
            }
        }

        var uploadAction: String {
            if case .consultation = self { return "consultation.attachment" }
            return "attachment.upload"
        }

        var deleteAction: String {
            if case .consultation = self { return "consultation.attachment.delete" }
            return "attachment.delete"
        }
    }

    /// Checks an upload (present, within size, of an allowed kind by its content), stores its
    /// bytes and attaches it; a refused type is audited. Returns the attachment.
    @discardableResult
    static func attach(_ file: File?, to owner: Owner, allowed: [FileKind], context: OperationContext) async throws -> Attachment {
        guard let file, file.data.readableBytes > 0 else { throw Abort(.badRequest, reason: "Hãy chọn một tệp để tải lên.") }
        guard file.data.readableBytes <= StaffLimits.maxUploadBytes else { throw Abort(.payloadTooLarge, reason: "Tệp lớn hơn 20 MB.") }
        let bytes = Data(file.data.readableBytesView)
        let names = allowed.map(\.name).joined(separator: ", ")
        // The type comes from the content: a program renamed to .pdf is refused.
        guard let kind = FileKind.detect(bytes), allowed.contains(kind) else {
            try await Audit.record(
                context, "attachment.refused", recordType: owner.recordType, recordID: owner.auditID,
                summary: "\(file.filename.prefix(150)): nội dung không phải \(names)")
            throw Abort(
                .unsupportedMediaType,
                reason: "Tệp không được chấp nhận. Chỉ nhận \(names); loại tệp được xác định từ nội dung, không từ tên tệp.")
        }
        let attachment = Attachment()
        attachment.fileName = EditorController.safeFileName(file.filename, kind: kind)
        attachment.contentType = kind.mimeType
        attachment.byteCount = bytes.count
        attachment.sha256 = try await context.app.loa.files.store(bytes)
        try await context.db.transaction { db in
            let context = context.on(db)
            switch owner {
            case .document(let document):
                attachment.$document.id = try document.requireID()
                try await attachment.create(on: db)
            case .consultation(let consultation):
                attachment.consultationID = try consultation.requireID()
                try await attachment.create(on: db)
            case .article(let article):
                // An article's upload is its cover image.
                try await Attachment.query(on: db).filter(\.$article.$id == article.requireID()).delete()
                attachment.$article.id = try article.requireID()
                try await attachment.create(on: db)
                article.coverImage = SiteURL.attachment(id: try attachment.requireID(), fileName: attachment.fileName).path
                try await article.save(on: db)
                try await Editorial.recordRevision(article, note: "Ảnh đại diện mới", by: context)
            }
            try await Audit.record(
                context, owner.uploadAction, recordType: owner.recordType, recordID: owner.auditID,
                summary: "\(attachment.fileName) (\(kind.name), \(bytes.count) B)")
        }
        context.app.contentChanged()
        return attachment
    }

    /// Takes a file off its record (an article loses its cover image with it).
    static func remove(_ attachment: Attachment, from owner: Owner, context: OperationContext) async throws {
        try await context.db.transaction { db in
            try await attachment.delete(on: db)
            if case .article(let article) = owner {
                article.coverImage = nil
                try await article.save(on: db)
            }
            try await Audit.record(
                context.on(db), owner.deleteAction, recordType: owner.recordType, recordID: owner.auditID, summary: attachment.fileName)
        }
        context.app.contentChanged()
    }
}

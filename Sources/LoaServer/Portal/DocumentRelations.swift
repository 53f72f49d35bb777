import Fluent
import Foundation
import LoaCore
import Vapor

/// One link between two legal documents of the register: `document` amends, replaces or guides
/// `related`. Each link is stored once and read from both ends.
final class DocumentRelation: Model, @unchecked Sendable {
    static let schema = "document_relations"

    @ID(key: .id) var id: UUID?
    @Field(key: "document_id") var documentID: UUID
    @Field(key: "related_id") var relatedID: UUID
    @Field(key: "kind") var kind: DocumentRelationKind
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

struct CreateDocumentRelations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DocumentRelation.schema)
            .id()
            .field("document_id", .uuid, .required, .references(LegalDocument.schema, "id", onDelete: .cascade))
            .field("related_id", .uuid, .required, .references(LegalDocument.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "document_id", "related_id", "kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DocumentRelation.schema).delete()
    }
}

/// A link as one end sees it: the words for the direction, and the other document.
struct RelatedDocument: Sendable {
    var relationID: UUID
    var label: String
    var kind: DocumentRelationKind
    /// True when this document is the one that amends, replaces or guides.
    var outgoing: Bool
    var document: LegalDocument
}

enum DocumentRelations {
    /// The links of a document in both directions; only published documents unless `drafts`.
    static func related(
        to document: LegalDocument, includingDrafts drafts: Bool = false, on db: any Database
    ) async throws
        -> [RelatedDocument]
    {
        let id = try document.requireID()
        let links = try await DocumentRelation.query(on: db).group(.or) { $0.filter(\.$documentID == id).filter(\.$relatedID == id) }
            .sort(\.$createdAt).all()
        let otherIDs = links.map { $0.documentID == id ? $0.relatedID : $0.documentID }
        guard !otherIDs.isEmpty else { return [] }
        let query = LegalDocument.query(on: db).filter(\.$id ~~ otherIDs)
        if !drafts { query.filter(\.$status == .published) }
        let others = Dictionary(try await query.all().compactMap { doc in doc.id.map { ($0, doc) } }, uniquingKeysWith: { a, _ in a })
        return links.compactMap { link in
            let outgoing = link.documentID == id
            guard let linkID = link.id, let other = others[outgoing ? link.relatedID : link.documentID] else { return nil }
            return RelatedDocument(
                relationID: linkID, label: outgoing ? link.kind.name : link.kind.inverseName, kind: link.kind, outgoing: outgoing,
                document: other)
        }
    }

    /// Links `document` to the document numbered `number` (as written on it, any case).
    static func add(
        _ kind: DocumentRelationKind, from document: LegalDocument, toNumber number: String, context: OperationContext
    ) async throws {
        try context.require(.editContent)
        let id = try document.requireID()
        let wanted = number.trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty else { throw invalid("Hãy nhập số, ký hiệu của văn bản liên quan.") }
        // Numbers are written in capitals ("178/2024/NĐ-CP"); one typed in small letters still finds it.
        let spellings = Array(Set([wanted, wanted.uppercased()]))
        let matching = try await LegalDocument.query(on: context.db).filter(\.$number ~~ spellings).sort(\.$number).all()
        guard let other = matching.first, let otherID = other.id else {
            throw invalid("Không có văn bản số \(wanted.prefix(60)) trong hệ thống văn bản. Hãy nhập văn bản đó trước.")
        }
        guard otherID != id else { throw invalid("Một văn bản không thể liên quan đến chính nó.") }
        let existing = try await DocumentRelation.query(on: context.db).filter(\.$documentID == id).filter(\.$relatedID == otherID)
            .filter(\.$kind == kind).count()
        guard existing == 0 else { throw invalid("Liên kết này đã có.") }
        try await context.db.transaction { db in
            let link = DocumentRelation()
            link.documentID = id
            link.relatedID = otherID
            link.kind = kind
            link.createdAt = context.now
            try await link.create(on: db)
            try await Audit.record(
                context.on(db), "document.relate", recordType: LegalDocument.recordType, recordID: id.uuidString,
                summary: "\(document.number): \(kind.name.lowercased()) \(other.number)")
        }
        context.app.contentChanged()
    }

    static func remove(_ relationID: UUID, of document: LegalDocument, context: OperationContext) async throws {
        try context.require(.editContent)
        let id = try document.requireID()
        guard let link = try await DocumentRelation.find(relationID, on: context.db), link.documentID == id || link.relatedID == id
        else { throw Abort(.notFound) }
        try await context.db.transaction { db in
            try await link.delete(on: db)
            try await Audit.record(
                context.on(db), "document.unrelate", recordType: LegalDocument.recordType, recordID: id.uuidString,
                summary: "\(document.number): bỏ liên kết \(link.kind.name.lowercased())")
        }
        context.app.contentChanged()
    }

    private static func invalid(_ message: String) -> APIError {
        APIError(status: .unprocessableEntity, code: "invalid_related", message: message)
    }
}

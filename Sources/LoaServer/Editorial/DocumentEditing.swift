import Fluent
import Foundation
import LoaCore
import Vapor

/// A legal document as the console form and the write API send it; every field optional for PATCH.
struct DocumentInput: Content, APIDocumented {
    var number: String?
    var title: String?
    var type: String?
    var issuer: String?
    var signer: String?
    var issuedOn: String?
    var effectiveOn: String?
    var effectStatus: String?
    var summary: String?
    var body: String?
    var topics: [String]?
    /// The topic that decides breadcrumbs, related items and the home page section; one of `topics`.
    var mainTopic: String?

    enum CodingKeys: String, CodingKey {
        case number, title, type, issuer, signer
        case issuedOn = "issued_on"
        case effectiveOn = "effective_on"
        case effectStatus = "effect_status"
        case summary, body, topics
        case mainTopic = "main_topic"
    }

    static let apiFields = [
        "type": APIField.values(of: DocumentType.self),
        "issued_on": APIField(format: .date),
        "effective_on": APIField(format: .date),
        "effect_status": APIField.values(of: EffectStatus.self),
        "topics": APIField(minItems: 1, maxItems: ContentLimits.topics),
        "main_topic": APIField("The main topic, one of topics (added to them if missing); default: the first of topics"),
    ]
}

struct DocumentFields: Equatable {
    var number = ""
    var title = ""
    var type = DocumentType.congVan
    var issuer = ""
    var signer: String?
    var issuedOn: CalendarDay?
    var effectiveOn: CalendarDay?
    var effectStatus = EffectStatus.inForce
    var summary = ""
    var body = ""
    var topics: [String] = []

    init() {}

    init(_ document: LegalDocument) {
        number = document.number
        title = document.title
        type = document.type
        issuer = document.issuer
        signer = document.signer
        issuedOn = document.issuedDay
        effectiveOn = document.effectiveDay
        effectStatus = document.effectStatus
        summary = document.summary
        body = document.body
        topics = (document.$topics.value ?? []).map(\.slug)
    }

    static func merging(
        _ input: DocumentInput, into base: DocumentFields, knownTopics: Set<String>
    ) throws(ValidationFailure) -> DocumentFields {
        var fields = base
        var problems: [String: String] = [:]
        func clean(_ text: String) -> String { text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let number = input.number { fields.number = clean(number) }
        if let title = input.title { fields.title = clean(title) }
        if let type = input.type {
            if let parsed = DocumentType(lenient: type) { fields.type = parsed } else { problems["type"] = "Loại văn bản không hợp lệ." }
        }
        if let issuer = input.issuer { fields.issuer = clean(issuer) }
        if let signer = input.signer { fields.signer = clean(signer).isEmpty ? nil : clean(signer) }
        if let issued = input.issuedOn {
            if let day = CalendarDay(issued) {
                fields.issuedOn = day
            } else {
                problems["issued_on"] = "Ngày ban hành không hợp lệ (YYYY-MM-DD)."
            }
        }
        if let effective = input.effectiveOn {
            if clean(effective).isEmpty {
                fields.effectiveOn = nil
            } else if let day = CalendarDay(effective) {
                fields.effectiveOn = day
            } else {
                problems["effective_on"] = "Ngày có hiệu lực không hợp lệ (YYYY-MM-DD)."
            }
        }
        if let status = input.effectStatus {
            if let parsed = EffectStatus(lenient: status) {
                fields.effectStatus = parsed
            } else {
                problems["effect_status"] = "Tình trạng hiệu lực không hợp lệ."
            }
        }
        if let summary = input.summary { fields.summary = clean(summary) }
        if let body = input.body { fields.body = body.precomposedStringWithCanonicalMapping }
        if let topics = input.topics { fields.topics = topics.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        fields.topics = MainTopic.ordered(fields.topics, main: input.mainTopic)

        if fields.number.isEmpty || fields.number.count > 100 { problems["number"] = "Hãy nhập số, ký hiệu (tối đa 100 ký tự)." }
        if fields.title.isEmpty || fields.title.count > ContentLimits.title * 2 {
            problems["title"] = "Hãy nhập trích yếu (tối đa 600 ký tự)."
        }
        if fields.issuer.isEmpty || fields.issuer.count > ContentLimits.shortText { problems["issuer"] = "Hãy nhập cơ quan ban hành." }
        if fields.issuedOn == nil, problems["issued_on"] == nil { problems["issued_on"] = "Hãy nhập ngày ban hành." }
        if fields.summary.count > ContentLimits.summary { problems["summary"] = "Tóm tắt dài quá \(ContentLimits.summary) ký tự." }
        if fields.body.count > ContentLimits.body { problems["body"] = "Nội dung dài quá \(ContentLimits.body) ký tự." }
        if fields.topics.isEmpty { problems["topics"] = "Hãy chọn ít nhất một lĩnh vực." }
        if fields.topics.count > ContentLimits.topics { problems["topics"] = "Chọn nhiều nhất \(ContentLimits.topics) lĩnh vực." }
        if let unknown = fields.topics.first(where: { !knownTopics.contains($0) }) {
            problems["topics"] = "Lĩnh vực không tồn tại: \(unknown.prefix(60))."
        }
        guard problems.isEmpty else { throw ValidationFailure(fields: problems) }
        return fields
    }
}

extension LegalDocument: EditorialRecord {
    static let recordType = "document"

    func snapshot(on db: any Database) async throws -> [String: String] {
        try await PortalQueries.loadTopics(of: [self], on: db)
        return [
            "number": number, "title": title, "type": type.rawValue, "issuer": issuer, "signer": signer ?? "", "issued_on": issuedOn,
            "effective_on": effectiveOn ?? "", "effect_status": effectStatus.rawValue, "summary": summary, "body": body,
            "topics": topics.map(\.slug).joined(separator: ", "),
        ]
    }

    func restore(_ fields: [String: String], on db: any Database) async throws {
        var values = DocumentFields(self)
        values.number = fields["number"] ?? number
        values.title = fields["title"] ?? title
        values.type = fields["type"].flatMap(DocumentType.init(rawValue:)) ?? type
        values.issuer = fields["issuer"] ?? issuer
        values.signer = fields["signer"].flatMap { $0.isEmpty ? nil : $0 }
        values.issuedOn = fields["issued_on"].flatMap(CalendarDay.init) ?? issuedDay
        values.effectiveOn = fields["effective_on"].flatMap(CalendarDay.init)
        values.effectStatus = fields["effect_status"].flatMap(EffectStatus.init(rawValue:)) ?? effectStatus
        values.summary = fields["summary"] ?? summary
        values.body = fields["body"] ?? body
        values.topics = (fields["topics"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        try await DocumentEditing.apply(values, to: self, on: db)
    }

    func refreshSearch(on db: any Database) async throws {
        try await SearchIndex.refresh(self, on: db)
    }
}

enum DocumentEditing {
    static func apply(_ fields: DocumentFields, to document: LegalDocument, on db: any Database) async throws {
        document.number = fields.number
        document.title = fields.title
        document.type = fields.type
        document.issuer = fields.issuer
        document.signer = fields.signer
        document.issuedOn = fields.issuedOn?.description ?? document.issuedOn
        document.effectiveOn = fields.effectiveOn?.description
        document.effectStatus = fields.effectStatus
        document.summary = fields.summary
        document.body = fields.body
        document.bodyHTML = fields.body.isEmpty ? "" : Markdown.html(fields.body)
        if document.id == nil {
            document.slug = try await uniqueSlug(for: fields.number, in: LegalDocument.self, on: db)
        }
        try await document.save(on: db)
        let id = try document.requireID()
        try await DocumentTopic.query(on: db).filter(\.$document.$id == id).delete()
        let topics = try await Topic.query(on: db).filter(\.$slug ~~ fields.topics).all()
        for (position, slug) in fields.topics.enumerated() {
            guard let topic = topics.first(where: { $0.slug == slug }) else { continue }
            try await DocumentTopic(documentID: id, topicID: try topic.requireID(), position: position).create(on: db)
        }
        document.$topics.value = fields.topics.compactMap { slug in topics.first { $0.slug == slug } }
        try await SearchIndex.refresh(document, on: db)
    }

    static func create(_ input: DocumentInput, context: OperationContext) async throws -> LegalDocument {
        try context.require(.editContent)
        let fields = try DocumentFields.merging(
            input, into: DocumentFields(), knownTopics: try await ArticleEditing.knownTopics(on: context.db))
        let document = LegalDocument()
        document.status = .draft
        document.createdBy = context.userID
        try await Editorial.save(document, action: "create", note: "Tạo mới", context: context) { db in
            try await apply(fields, to: document, on: db)
        }
        document.$attachments.value = []
        return document
    }

    static func update(_ document: LegalDocument, with input: DocumentInput, context: OperationContext) async throws {
        let role = try context.require(.editContent)
        guard context.app.loa.workflow.mayEdit(document.status, role: role) else {
            throw APIError(status: .forbidden, code: "forbidden", message: "Văn bản đang công khai hoặc hẹn giờ; chỉ người duyệt được sửa.")
        }
        try await PortalQueries.loadTopics(of: [document], on: context.db)
        let fields = try DocumentFields.merging(
            input, into: DocumentFields(document), knownTopics: try await ArticleEditing.knownTopics(on: context.db))
        guard fields != DocumentFields(document) else { return }
        try await Editorial.save(document, action: "update", note: "Chỉnh sửa", context: context) { db in
            try await apply(fields, to: document, on: db)
        }
    }
}

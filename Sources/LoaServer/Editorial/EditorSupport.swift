import Fluent
import LoaCore
import Vapor

enum EditorKind: Sendable {
    case article, document

    var path: String { routes.list.path() }

    /// The console's pages for this kind, from the route table.
    struct Routes {
        var list, new, record, workflow, delete, revisions, compare, restore, attachments, attachmentDelete: SiteRoute
        var all: [SiteRoute] { [list, new, record, workflow, delete, revisions, compare, restore, attachments, attachmentDelete] }
    }

    var routes: Routes {
        switch self {
        case .article:
            Routes(
                list: .staffArticles, new: .staffArticleNew, record: .staffArticle, workflow: .staffArticleWorkflow,
                delete: .staffArticleDelete, revisions: .staffArticleRevisions, compare: .staffArticleCompare,
                restore: .staffArticleRestore, attachments: .staffArticleAttachments, attachmentDelete: .staffArticleAttachmentDelete)
        case .document:
            Routes(
                list: .staffDocuments, new: .staffDocumentNew, record: .staffDocument, workflow: .staffDocumentWorkflow,
                delete: .staffDocumentDelete, revisions: .staffDocumentRevisions, compare: .staffDocumentCompare,
                restore: .staffDocumentRestore, attachments: .staffDocumentAttachments, attachmentDelete: .staffDocumentAttachmentDelete)
        }
    }
    var recordType: String { self == .article ? Article.recordType : LegalDocument.recordType }
    var name: String { self == .article ? "Bài viết" : "Văn bản" }
    var plural: String { self == .article ? "Bài viết" : "Văn bản" }
}

/// One line of a console list.
struct EditorRow {
    var kind: EditorKind
    var id: UUID
    var title: String
    var status: PublicationStatus
    var updatedAt: Date?
    var publishedAt: Date?

    static func rows(on db: any Database, statuses: [PublicationStatus], createdBy: UUID? = nil, limit: Int) async throws -> [EditorRow] {
        let articles = Article.query(on: db).filter(\.$status ~~ statuses)
        let documents = LegalDocument.query(on: db).filter(\.$status ~~ statuses)
        if let createdBy {
            articles.filter(\.$createdBy == createdBy)
            documents.filter(\.$createdBy == createdBy)
        }
        let a = try await articles.sort(\.$updatedAt, .descending).limit(limit).all().map(row)
        let d = try await documents.sort(\.$updatedAt, .descending).limit(limit).all().map(row)
        return (a + d).sorted { ($0.updatedAt ?? .distantPast) > ($1.updatedAt ?? .distantPast) }.prefix(limit).map { $0 }
    }

    static func row(_ article: Article) -> EditorRow {
        EditorRow(
            kind: .article, id: article.id!, title: article.title, status: article.status, updatedAt: article.updatedAt,
            publishedAt: article.publishedAt)
    }

    static func row(_ document: LegalDocument) -> EditorRow {
        EditorRow(
            kind: .document, id: document.id!, title: "\(document.number) – \(document.title)", status: document.status,
            updatedAt: document.updatedAt,
            publishedAt: document.publishedAt)
    }

    static let perPage = 30

    /// A page of one kind, filtered. Title search folds tone marks, so "tien luong" finds "Tiền lương".
    static func page(
        _ kind: EditorKind, on db: any Database, status: PublicationStatus?, search: String?, topicSlug: String?, createdBy: UUID?,
        page: Int
    ) async throws -> (rows: [EditorRow], total: Int) {
        var rows: [EditorRow]
        let topicID = try await topicSlug.asyncMap { try await PortalQueries.topic(slug: $0, on: db)?.id } ?? nil
        switch kind {
        case .article:
            let query = Article.query(on: db)
            if let status { query.filter(\.$status == status) }
            if let createdBy { query.filter(\.$createdBy == createdBy) }
            if let topicID {
                query.join(ArticleTopic.self, on: \Article.$id == \ArticleTopic.$article.$id).filter(
                    ArticleTopic.self, \.$topic.$id == topicID)
            }
            rows = try await query.sort(\.$updatedAt, .descending).all().map(row)
        case .document:
            let query = LegalDocument.query(on: db)
            if let status { query.filter(\.$status == status) }
            if let createdBy { query.filter(\.$createdBy == createdBy) }
            if let topicID {
                query.join(DocumentTopic.self, on: \LegalDocument.$id == \DocumentTopic.$document.$id).filter(
                    DocumentTopic.self, \.$topic.$id == topicID)
            }
            rows = try await query.sort(\.$updatedAt, .descending).all().map(row)
        }
        if let search {
            let needle = VietnameseText.fold(search)
            rows = rows.filter { VietnameseText.fold($0.title).contains(needle) }
        }
        let start = (page - 1) * perPage
        return (Array(rows.dropFirst(start).prefix(perPage)), rows.count)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// Everything the editor page shows: the record, the values in the fields, errors, preview.
struct EditorForm {
    enum Record {
        case article(Article)
        case document(LegalDocument)
    }

    /// What the record's files belong to; 404 for a form with no record yet.
    func attachmentOwner() throws -> AttachmentFiles.Owner {
        switch record {
        case .article(let article): .article(article)
        case .document(let document): .document(document)
        case nil: throw Abort(.notFound)
        }
    }

    struct PreviewRequested: Error {}

    var kind: EditorKind
    var record: Record?
    var values: [String: String] = [:]
    var topics: [String] = []
    var allTopics: [Topic] = []
    var errors: [String: String] = [:]
    var preview: String?
    var attachments: [Attachment] = []
    /// A document's links to others (amends, replaces, guides), drafts included.
    var related: [RelatedDocument] = []
    var flash: String?
    var errorFlash: String?
    /// The newest revision when the page was built, sent back with workflow actions.
    var revision = 0

    var id: UUID? {
        switch record {
        case .article(let article): article.id
        case .document(let document): document.id
        case nil: nil
        }
    }

    var status: PublicationStatus {
        switch record {
        case .article(let article): article.status
        case .document(let document): document.status
        case nil: .draft
        }
    }

    var reviewNote: String? {
        switch record {
        case .article(let article): article.reviewNote
        case .document(let document): document.reviewNote
        case nil: nil
        }
    }

    var publishedAt: Date? {
        switch record {
        case .article(let article): article.publishedAt
        case .document(let document): document.publishedAt
        case nil: nil
        }
    }

    var publicPath: String? {
        switch record {
        case .article(let article): SiteURL.article(article.slug).path
        case .document(let document): SiteURL.document(document.slug).path
        case nil: nil
        }
    }

    var heading: String {
        guard record != nil else { return kind == .article ? "Bài viết mới" : "Văn bản mới" }
        return kind == .article ? (values["title"] ?? "") : "\(values["number"] ?? "") – \(values["title"] ?? "")"
    }

    static func empty(_ kind: EditorKind, on db: any Database) async throws -> EditorForm {
        var form = EditorForm(kind: kind)
        form.allTopics = try await PortalQueries.topics(on: db)
        if kind == .document {
            form.values = ["type": DocumentType.congVan.rawValue, "effect_status": EffectStatus.inForce.rawValue]
        }
        return form
    }

    static func load(_ kind: EditorKind, id: UUID?, on db: any Database) async throws -> EditorForm {
        guard let id else { throw Abort(.notFound) }
        var form = try await empty(kind, on: db)
        switch kind {
        case .article:
            guard let article = try await Article.find(id, on: db) else { throw Abort(.notFound) }
            form.record = .article(article)
            form.values = try await article.snapshot(on: db)
            form.attachments = try await Attachment.query(on: db).filter(\.$article.$id == id).all()
            form.revision = try await Editorial.latestRevision(of: article, on: db)
        case .document:
            guard let document = try await LegalDocument.find(id, on: db) else { throw Abort(.notFound) }
            form.record = .document(document)
            form.values = try await document.snapshot(on: db)
            form.attachments = try await Attachment.query(on: db).filter(\.$document.$id == id).sort(\.$createdAt).all()
            form.revision = try await Editorial.latestRevision(of: document, on: db)
            form.related = try await DocumentRelations.related(to: document, includingDrafts: true, on: db)
        }
        form.topics = (form.values["topics"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return form
    }

    /// The form as it was submitted, to show again with its errors or its preview.
    static func submitted(
        _ kind: EditorKind, req: Request, record: Record?, errors: [String: String], preview: Bool = false
    ) async throws
        -> EditorForm
    {
        var form = try await empty(kind, on: req.db)
        form.record = record
        form.errors = errors
        if let id = form.id {
            form.attachments = try await Attachment.query(on: req.db).group(.or) {
                $0.filter(\.$article.$id == id).filter(\.$document.$id == id)
            }.all()
        }
        let fields =
            kind == .article
            ? ["title", "summary", "body", "author", "cover_image", "cover_alt"]
            : ["number", "title", "type", "issuer", "signer", "issued_on", "effective_on", "effect_status", "summary", "body"]
        for field in fields {
            form.values[field] = (try? req.content.get(String.self, at: field)) ?? ""
        }
        form.values["featured"] = (try? req.content.get(Bool.self, at: "featured")) == true ? "có" : "không"
        form.topics = MainTopic.ordered(
            (try? req.content.get([String].self, at: "topics")) ?? [], main: try? req.content.get(String.self, at: "main_topic"))
        if preview { form.preview = Markdown.html(form.values["body"] ?? "") }
        return form
    }

    func revisions(on db: any Database) async throws -> [Revision] {
        switch record {
        case .article(let article): try await Editorial.revisions(of: article, on: db)
        case .document(let document): try await Editorial.revisions(of: document, on: db)
        case nil: []
        }
    }
}

/// What a member of staff may do with a record on its editor page, decided by the editorial
/// workflow: save its fields, and which steps to offer (submit, publish, schedule, send back,
/// unpublish). The view shows what this says and nothing else.
struct EditorOffer: Equatable {
    var mayEdit: Bool
    var actions: [EditorialAction]

    init(status: PublicationStatus, isNew: Bool, role: Role, workflow: EditorialWorkflow) {
        mayEdit = isNew || workflow.mayEdit(status, role: role)
        // A step is offered when the workflow would take it with its inputs given: a comment and a
        // time comfortably ahead (the form asks for the real ones).
        let ahead = Date(timeIntervalSinceNow: 365 * 86_400)
        actions =
            isNew
            ? []
            : EditorialAction.allCases.filter { action in
                (try? workflow.apply(action, to: status, by: role, comment: "x", publishAt: ahead)) != nil
            }
    }
}

extension EditorForm {
    func offer(to staff: StaffIdentity, policy: PermissionPolicy) -> EditorOffer {
        EditorOffer(status: status, isNew: record == nil, role: staff.role, workflow: EditorialWorkflow(policy: policy))
    }
}

import Fluent
import LoaCore
import Vapor

/// The console's editing pages for articles and legal documents: lists, editor with preview,
/// workflow buttons, revisions with diffs and restore, attachments.
struct EditorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffHome, use: dashboard)
        for kind in [EditorKind.article, .document] {
            let routes = kind.routes
            staff.get(routes.list, use: list)
            staff.get(routes.new, use: newForm)
            staff.post(routes.list, use: create)
            staff.get(routes.record, use: edit)
            staff.post(routes.record, use: save)
            staff.post(routes.workflow, use: workflow)
            staff.post(routes.delete, use: delete)
            staff.get(routes.revisions, use: revisions)
            staff.get(routes.compare, use: compare)
            staff.post(routes.restore, use: restore)
            staff.on(.POST, routes.attachments, body: .collect(maxSize: "21mb"), use: upload)
            staff.post(routes.attachmentDelete, use: deleteAttachment)
        }
        staff.post(.staffDocumentRelations, use: relate)
        staff.post(.staffDocumentRelationDelete, use: unrelate)
    }

    // MARK: Related documents

    struct RelationForm: Content {
        var kind: String?
        var number: String?
    }

    @Sendable func relate(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let loaded = try await EditorForm.load(.document, id: req.parameters.get("id", as: UUID.self), on: req.db)
        guard case .document(let document) = loaded.record else { throw Abort(.notFound) }
        let form = try req.content.decode(RelationForm.self)
        guard let kind = form.kind.flatMap(DocumentRelationKind.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Hãy chọn văn bản này sửa đổi, thay thế hay hướng dẫn văn bản kia.")
        }
        do {
            try await DocumentRelations.add(kind, from: document, toNumber: form.number ?? "", context: OperationContext(req))
        } catch let error as APIError where error.status == .unprocessableEntity {
            var page = try await EditorForm.load(.document, id: loaded.id, on: req.db)
            page.errorFlash = error.message
            return .html(EditorViews.editor(staff, form: page, permissions: req.application.loa.permissions), status: error.status)
        }
        return req.redirect(to: EditorConfirmation.related.address(.document, id: loaded.id))
    }

    @Sendable func unrelate(req: Request) async throws -> Response {
        try req.consoleStaff(.editContent)
        let loaded = try await EditorForm.load(.document, id: req.parameters.get("id", as: UUID.self), on: req.db)
        guard case .document(let document) = loaded.record, let relationID = req.parameters.get("relation", as: UUID.self) else {
            throw Abort(.notFound)
        }
        try await DocumentRelations.remove(relationID, of: document, context: OperationContext(req))
        return req.redirect(to: EditorConfirmation.unrelated.address(.document, id: loaded.id))
    }

    /// Which kind of record the page is for, from the route it was registered as.
    private func kind(_ req: Request) -> EditorKind {
        EditorKind.document.routes.all.contains { $0 == req.route?.siteRoute } ? .document : .article
    }

    // MARK: Dashboard and lists

    @Sendable func dashboard(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        let permissions = req.application.loa.permissions
        var sections: [(String, [EditorRow])] = []
        if permissions.role(staff.role, may: .editContent) {
            let mine = try await EditorRow.rows(on: req.db, statuses: [.draft, .unpublished], createdBy: staff.userID, limit: 20)
            let waiting = try await EditorRow.rows(on: req.db, statuses: [.inReview], limit: 50)
            let scheduled = try await EditorRow.rows(on: req.db, statuses: [.scheduled], limit: 20)
            sections = [("Bản nháp của tôi", mine), ("Chờ duyệt", waiting), ("Hẹn giờ đăng", scheduled)]
        }
        var petitions: (open: Int, overdue: Int)?
        if Petitions.canSeePetitions(staff.role, policy: permissions) {
            petitions = (
                try await PetitionInbox.query(.init(), for: staff, on: req.db).count(),
                try await PetitionInbox.query(.init(overdueOnly: true), for: staff, on: req.db).count()
            )
        }
        return .html(EditorViews.dashboard(staff, sections: sections, petitions: petitions, permissions: permissions))
    }

    @Sendable func list(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let kind = kind(req)
        let page = try req.pageNumber()
        let status = req.nonEmptyQuery("status").flatMap(PublicationStatus.init(rawValue:))
        let search = req.nonEmptyQuery("q")
        let topic = req.nonEmptyQuery("topic")
        let mine = req.nonEmptyQuery("mine") == "1"
        let result = try await EditorRow.page(
            kind, on: req.db, status: status, search: search, topicSlug: topic, createdBy: mine ? staff.userID : nil, page: page)
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(
            EditorViews.list(
                staff, kind: kind, rows: result.rows, total: result.total, page: page, status: status, search: search, topic: topic,
                mine: mine, topics: topics, permissions: req.application.loa.permissions,
                flash: req.nonEmptyQuery("xong").flatMap(EditorConfirmation.init(rawValue:))?.message(kind)))
    }

    // MARK: Editing

    @Sendable func newForm(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let form = try await EditorForm.empty(kind(req), on: req.db)
        return .html(EditorViews.editor(staff, form: form, permissions: req.application.loa.permissions))
    }

    @Sendable func create(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let kind = kind(req)
        let intent = try? req.content.get(String.self, at: "intent")
        do {
            if intent == "preview" { throw EditorForm.PreviewRequested() }
            switch kind {
            case .article:
                let article = try await ArticleEditing.create(try req.articleForm(), context: OperationContext(req))
                return req.redirect(to: EditorConfirmation.saved.address(kind, id: article.id))
            case .document:
                let document = try await DocumentEditing.create(try req.documentForm(), context: OperationContext(req))
                return req.redirect(to: EditorConfirmation.saved.address(kind, id: document.id))
            }
        } catch let failure as ValidationFailure {
            let form = try await EditorForm.submitted(kind, req: req, record: nil, errors: failure.fields)
            return .html(EditorViews.editor(staff, form: form, permissions: req.application.loa.permissions), status: .unprocessableEntity)
        } catch is EditorForm.PreviewRequested {
            let form = try await EditorForm.submitted(kind, req: req, record: nil, errors: [:], preview: true)
            return .html(EditorViews.editor(staff, form: form, permissions: req.application.loa.permissions))
        }
    }

    @Sendable func edit(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        var form = try await EditorForm.load(kind(req), id: req.parameters.get("id", as: UUID.self), on: req.db)
        form.flash = req.nonEmptyQuery("xong").flatMap(EditorConfirmation.init(rawValue:))?.message(form.kind)
        return .html(EditorViews.editor(staff, form: form, permissions: req.application.loa.permissions))
    }

    @Sendable func save(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let kind = kind(req)
        let id = req.parameters.get("id", as: UUID.self)
        let existing = try await EditorForm.load(kind, id: id, on: req.db)
        let intent = try? req.content.get(String.self, at: "intent")
        do {
            if intent == "preview" { throw EditorForm.PreviewRequested() }
            switch existing.record {
            case .article(let article):
                try await ArticleEditing.update(article, with: try req.articleForm(), context: OperationContext(req))
            case .document(let document):
                try await DocumentEditing.update(document, with: try req.documentForm(), context: OperationContext(req))
            case nil: throw Abort(.notFound)
            }
            return req.redirect(to: EditorConfirmation.saved.address(kind, id: id))
        } catch let failure as ValidationFailure {
            let form = try await EditorForm.submitted(kind, req: req, record: existing.record, errors: failure.fields)
            return .html(EditorViews.editor(staff, form: form, permissions: req.application.loa.permissions), status: .unprocessableEntity)
        } catch is EditorForm.PreviewRequested {
            let form = try await EditorForm.submitted(kind, req: req, record: existing.record, errors: [:], preview: true)
            return .html(EditorViews.editor(staff, form: form, permissions: req.application.loa.permissions))
        }
    }

    struct WorkflowForm: Content {
        var action: String?
        var comment: String?
        var publishAt: String?
        /// The revision shown when the approver pressed the button.
        var revision: Int?

        enum CodingKeys: String, CodingKey {
            case action, comment, revision
            case publishAt = "publish_at"
        }
    }

    @Sendable func workflow(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let kind = kind(req)
        let form = try req.content.decode(WorkflowForm.self)
        guard let action = form.action.flatMap(EditorialAction.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Thao tác không hợp lệ.")
        }
        let loaded = try await EditorForm.load(kind, id: req.parameters.get("id", as: UUID.self), on: req.db)
        let publishAt = form.publishAt.flatMap(ConsoleLayout.parseLocalInput)
        do {
            switch loaded.record {
            case .article(let article):
                try await Editorial.transition(
                    article, action, comment: form.comment, publishAt: publishAt, seenRevision: form.revision,
                    context: OperationContext(req))
            case .document(let document):
                try await Editorial.transition(
                    document, action, comment: form.comment, publishAt: publishAt, seenRevision: form.revision,
                    context: OperationContext(req))
            case nil: throw Abort(.notFound)
            }
        } catch let error as APIError where error.status != .forbidden {
            var page = try await EditorForm.load(kind, id: loaded.id, on: req.db)
            page.flash = nil
            page.errorFlash = error.message
            return .html(EditorViews.editor(staff, form: page, permissions: req.application.loa.permissions), status: error.status)
        }
        return req.redirect(to: EditorConfirmation(action).address(kind, id: loaded.id))
    }

    @Sendable func delete(req: Request) async throws -> Response {
        try req.consoleStaff(.editContent)
        let kind = kind(req)
        let form = try await EditorForm.load(kind, id: req.parameters.get("id", as: UUID.self), on: req.db)
        switch form.record {
        case .article(let article): try await Editorial.delete(article, context: OperationContext(req))
        case .document(let document): try await Editorial.delete(document, context: OperationContext(req))
        case nil: throw Abort(.notFound)
        }
        return req.redirect(to: kind.path + "?xong=\(EditorConfirmation.deleted.rawValue)")
    }

    // MARK: Revisions

    @Sendable func revisions(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let form = try await EditorForm.load(kind(req), id: req.parameters.get("id", as: UUID.self), on: req.db)
        let revisions = try await form.revisions(on: req.db)
        return .html(EditorViews.revisions(staff, form: form, revisions: revisions, permissions: req.application.loa.permissions))
    }

    @Sendable func compare(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let form = try await EditorForm.load(kind(req), id: req.parameters.get("id", as: UUID.self), on: req.db)
        let revisions = try await form.revisions(on: req.db)
        guard let fromNumber = req.query[Int.self, at: "from"], let toNumber = req.query[Int.self, at: "to"],
            let from = revisions.first(where: { $0.number == fromNumber }), let to = revisions.first(where: { $0.number == toNumber })
        else { throw Abort(.badRequest, reason: "Chọn hai phiên bản để so sánh (from, to).") }
        return .html(EditorViews.compare(staff, form: form, from: from, to: to, permissions: req.application.loa.permissions))
    }

    @Sendable func restore(req: Request) async throws -> Response {
        try req.consoleStaff(.editContent)
        let kind = kind(req)
        let form = try await EditorForm.load(kind, id: req.parameters.get("id", as: UUID.self), on: req.db)
        guard let number = req.parameters.get("number", as: Int.self),
            let revision = try await form.revisions(on: req.db).first(where: { $0.number == number })
        else { throw Abort(.notFound) }
        switch form.record {
        case .article(let article): try await Editorial.restore(article, revision: revision, context: OperationContext(req))
        case .document(let document): try await Editorial.restore(document, revision: revision, context: OperationContext(req))
        case nil: throw Abort(.notFound)
        }
        return req.redirect(to: EditorConfirmation.restored.address(kind, id: form.id))
    }

    // MARK: Attachments

    struct UploadForm: Content {
        var file: File
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let kind = kind(req)
        let form = try await EditorForm.load(kind, id: req.parameters.get("id", as: UUID.self), on: req.db)
        try Self.requireMayChangeFiles(form, staff: staff, req: req)
        let owner = try form.attachmentOwner()
        let allowed: [FileKind] = kind == .article ? [.png, .jpeg, .gif, .webp] : FileKind.allCases
        try await AttachmentFiles.attach(
            try? req.content.decode(UploadForm.self).file, to: owner, allowed: allowed, context: OperationContext(req))
        return req.redirect(to: EditorConfirmation.uploaded.address(kind, id: form.id))
    }

    @Sendable func deleteAttachment(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let kind = kind(req)
        let form = try await EditorForm.load(kind, id: req.parameters.get("id", as: UUID.self), on: req.db)
        try Self.requireMayChangeFiles(form, staff: staff, req: req)
        guard let attachmentID = req.parameters.get("attachment", as: UUID.self),
            let attachment = try await Attachment.find(attachmentID, on: req.db),
            attachment.$document.id == form.id || attachment.$article.id == form.id
        else { throw Abort(.notFound) }
        let owner = try form.attachmentOwner()
        try await AttachmentFiles.remove(attachment, from: owner, context: OperationContext(req))
        return req.redirect(to: EditorConfirmation.fileRemoved.address(kind, id: form.id))
    }

    /// The files of a published or scheduled record are part of what the public reads (for a legal
    /// document the PDF is the document): changing them is publishing, as editing its text is.
    static func requireMayChangeFiles(_ form: EditorForm, staff: StaffIdentity, req: Request) throws {
        let status: PublicationStatus
        switch form.record {
        case .article(let article): status = article.status
        case .document(let document): status = document.status
        case nil: throw Abort(.notFound)
        }
        guard req.application.loa.workflow.mayEdit(status, role: staff.role) else {
            throw Abort(
                .forbidden,
                reason: "\(form.kind.name) đang công khai hoặc hẹn giờ; chỉ người duyệt được thêm, thay hoặc xóa tệp đính kèm.")
        }
    }

    /// The name people gave the file, without folders or control characters, with the extension
    /// of what the file really is.
    static func safeFileName(_ name: String, kind: FileKind) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        stem = String(String.UnicodeScalarView(stem.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }))
            .trimmingCharacters(in: .whitespaces)
        if stem.isEmpty || stem.hasPrefix(".") { stem = "tep" }
        return String(stem.prefix(150)) + "." + kind.fileExtension
    }
}

extension Request {
    /// The editor form: unlike the API, a form leaves out unchecked boxes, so their absence means
    /// "none" rather than "unchanged".
    func articleForm() throws -> ArticleInput {
        var input = try content.decode(ArticleInput.self)
        input.featured = input.featured ?? false
        input.topics = input.topics ?? []
        return input
    }

    func documentForm() throws -> DocumentInput {
        var input = try content.decode(DocumentInput.self)
        input.topics = input.topics ?? []
        return input
    }
}

/// What the editor page confirms after an action, named in its address (`?xong=da-dang`) so that
/// a reload does not repeat the action and no text from the address reaches the page.
enum EditorConfirmation: String, CaseIterable {
    case saved = "da-luu"
    case submitted = "da-gui-duyet"
    case published = "da-dang"
    case scheduled = "da-hen-gio"
    case sentBack = "da-tra-lai"
    case unpublished = "da-go"
    case deleted = "da-xoa"
    case restored = "da-khoi-phuc"
    case uploaded = "da-tai-len"
    case fileRemoved = "da-xoa-tep"
    case related = "da-lien-ket"
    case unrelated = "da-bo-lien-ket"

    init(_ action: EditorialAction) {
        switch action {
        case .submit: self = .submitted
        case .publish: self = .published
        case .schedule: self = .scheduled
        case .sendBack: self = .sentBack
        case .unpublish: self = .unpublished
        }
    }

    func message(_ kind: EditorKind) -> String {
        let name = kind.name
        switch self {
        case .saved: return "Đã lưu \(name.lowercased())."
        case .submitted: return "Đã gửi duyệt. Người duyệt được báo trong mục Việc chờ bạn và qua thư."
        case .published: return "Đã đăng: \(name.lowercased()) đã hiện trên cổng thông tin và được gửi tới người theo dõi."
        case .scheduled: return "Đã hẹn giờ đăng; \(name.lowercased()) sẽ tự hiện đúng giờ đã chọn."
        case .sentBack: return "Đã trả lại cho người soạn kèm yêu cầu sửa."
        case .unpublished: return "Đã gỡ \(name.lowercased()) khỏi cổng thông tin."
        case .deleted: return "Đã xóa \(name.lowercased())."
        case .restored: return "Đã khôi phục phiên bản đã chọn (lưu thành phiên bản mới)."
        case .uploaded: return "Đã tải tệp lên."
        case .fileRemoved: return "Đã xóa tệp."
        case .related: return "Đã thêm văn bản liên quan."
        case .unrelated: return "Đã bỏ liên kết với văn bản kia."
        }
    }

    func address(_ kind: EditorKind, id: UUID?) -> String {
        "\(kind.routes.record.path(id?.uuidString ?? ""))?xong=\(rawValue)"
    }
}

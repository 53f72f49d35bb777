import Fluent
import LoaCore
import Vapor

/// `/staff/consultations`: writing and publishing drafts, the moderation queue, the agency's
/// responses per section, and publishing the synthesis once commenting has closed.
struct ConsultationConsoleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffConsultations, use: index)
        staff.get(.staffConsultationNew, use: newForm)
        staff.post(.staffConsultations, use: create)
        staff.get(.staffConsultation, use: show)
        staff.post(.staffConsultation, use: update)
        staff.post(.staffConsultationPublish, use: publish)
        staff.post(.staffConsultationComment, use: moderate)
        staff.post(.staffConsultationResponses, use: respond)
        staff.get(.staffConsultationSynthesis, use: preview)
        staff.post(.staffConsultationSynthesis, use: publishSynthesis)
        staff.on(.POST, .staffConsultationAttachments, body: .collect(maxSize: "21mb"), use: upload)
        staff.post(.staffConsultationAttachmentDelete, use: deleteAttachment)
    }

    struct DraftForm: Content {
        var title: String?
        var summary: String?
        var body: String?
        var topics: [String]?
        var opensAt: String?
        var closesAt: String?
        var unit: String?

        enum CodingKeys: String, CodingKey {
            case title, summary, body, topics, unit
            case opensAt = "opens_at"
            case closesAt = "closes_at"
        }

        var draft: ConsultationDraft {
            ConsultationDraft(
                title: title ?? "", summary: summary ?? "", body: body ?? "", topics: topics ?? [],
                opensAt: (opensAt ?? "").isEmpty ? nil : ConsoleLayout.parseLocalInput(opensAt ?? ""),
                closesAt: (closesAt ?? "").isEmpty ? nil : ConsoleLayout.parseLocalInput(closesAt ?? ""))
        }

        var unitID: UUID? { unit.flatMap(UUID.init(uuidString:)) }
    }

    private func consultation(_ req: Request) async throws -> Consultation {
        guard let id = req.parameters.get("id", as: UUID.self), let found = try await Consultation.find(id, on: req.db) else {
            throw Abort(.notFound)
        }
        return found
    }

    @Sendable func index(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let items = try await Consultation.query(on: req.db).sort(\.$createdAt, .descending).limit(200).all()
        let pending = try await ConsultationComment.query(on: req.db).filter(\.$status == .pending).field(\.$consultationID).all()
        let counts = Dictionary(pending.map { ($0.consultationID, 1) }, uniquingKeysWith: +)
        return .html(
            ConsultationConsoleViews.index(
                staff, items: items, pending: counts, flash: req.nonEmptyQuery("flash"), permissions: req.application.loa.permissions,
                now: req.now))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        return try await form(req, staff: staff, consultation: nil, draft: ConsultationDraft(), unitID: nil, errors: [:])
    }

    private func form(
        _ req: Request, staff: StaffIdentity, consultation: Consultation?, draft: ConsultationDraft, unitID: UUID?,
        errors: [String: String],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let topics = try await PortalQueries.topics(on: req.db)
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        return .html(
            ConsultationConsoleViews.form(
                staff, consultation: consultation, draft: draft, unitID: unitID, topics: topics, units: units, errors: errors,
                permissions: req.application.loa.permissions),
            status: status)
    }

    private static func fieldErrors(_ error: APIError) -> [String: String] {
        var errors: [String: String] = [:]
        for field in error.fields ?? [] where errors[field.field] == nil { errors[field.field] = field.message }
        if error.fields == nil { errors["form"] = error.message }
        return errors
    }

    @Sendable func create(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let input = try req.content.decode(DraftForm.self)
        do {
            let consultation = try await Consultations.create(
                input.draft, unitID: input.unitID, context: try OperationContext(req))
            return req.redirect(to: "\(SiteRoute.staffConsultation.path(try consultation.requireID().uuidString))?flash=created")
        } catch let error as APIError {
            return try await form(
                req, staff: staff, consultation: nil, draft: input.draft, unitID: input.unitID, errors: Self.fieldErrors(error),
                status: error.status)
        }
    }

    @Sendable func update(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let consultation = try await consultation(req)
        let input = try req.content.decode(DraftForm.self)
        do {
            try await Consultations.update(
                consultation, with: input.draft, unitID: input.unitID, context: try OperationContext(req))
        } catch let error as APIError {
            return try await detail(
                req, staff: staff, consultation: consultation, draft: input.draft, errors: Self.fieldErrors(error), status: error.status)
        }
        return req.redirect(to: "\(SiteRoute.staffConsultation.path(try consultation.requireID().uuidString))?flash=saved")
    }

    @Sendable func show(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        return try await detail(req, staff: staff, consultation: try await consultation(req), draft: nil, errors: [:])
    }

    private func detail(
        _ req: Request, staff: StaffIdentity, consultation: Consultation, draft: ConsultationDraft?, errors: [String: String],
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let id = try consultation.requireID()
        let sections = try await Consultations.sections(of: consultation, on: req.db)
        let comments = try await ConsultationComment.query(on: req.db).filter(\.$consultationID == id).sort(\.$submittedAt).all()
        let responses = try await ConsultationResponse.query(on: req.db).filter(\.$consultationID == id).all()
        let topics = try await PortalQueries.topics(on: req.db)
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        let attachments = try await Attachment.query(on: req.db).filter(\.$consultationID == id).sort(\.$createdAt).all()
        let current = ConsultationDraft(
            title: consultation.title, summary: consultation.summary, body: consultation.body, topics: consultation.topicList,
            opensAt: consultation.opensAt, closesAt: consultation.closesAt)
        return .html(
            ConsultationConsoleViews.detail(
                staff, consultation: consultation, draft: draft ?? current, sections: sections, comments: comments,
                responses: Dictionary(responses.map { ($0.section, $0.text) }, uniquingKeysWith: { a, _ in a }), attachments: attachments,
                topics: topics,
                units: units, errors: errors, flash: req.nonEmptyQuery("flash"), now: req.now,
                offer: ConsultationConsoleOffer(
                    consultation, role: staff.role, policy: req.application.loa.permissions, now: req.now),
                permissions: req.application.loa.permissions),
            status: status)
    }

    struct UploadForm: Content {
        var file: File
    }

    /// A file for the draft: PDF or Word only, its type read from its content.
    @Sendable func upload(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let consultation = try await consultation(req)
        try Self.requireMayChangeFiles(consultation, staff: staff, req: req)
        let id = try consultation.requireID()
        try await AttachmentFiles.attach(
            try? req.content.decode(UploadForm.self).file, to: .consultation(consultation), allowed: [.pdf, .docx],
            context: OperationContext(req))
        return req.redirect(to: "\(SiteRoute.staffConsultation.path(id.uuidString.lowercased()))?flash=tep")
    }

    @Sendable func deleteAttachment(req: Request) async throws -> Response {
        let staff = try req.consoleStaff(.editContent)
        let consultation = try await consultation(req)
        try Self.requireMayChangeFiles(consultation, staff: staff, req: req)
        let id = try consultation.requireID()
        guard let attachmentID = req.parameters.get("attachment", as: UUID.self),
            let attachment = try await Attachment.query(on: req.db).filter(\.$id == attachmentID).filter(\.$consultationID == id).first()
        else { throw Abort(.notFound) }
        try await AttachmentFiles.remove(attachment, from: .consultation(consultation), context: OperationContext(req))
        return req.redirect(to: "\(SiteRoute.staffConsultation.path(id.uuidString.lowercased()))?flash=tep-xoa")
    }

    /// A draft's files, once it is public, are what people comment on: only those who publish may
    /// change them.
    static func requireMayChangeFiles(_ consultation: Consultation, staff: StaffIdentity, req: Request) throws {
        guard !consultation.isPublic || req.application.loa.permissions.role(staff.role, may: .publishContent) else {
            throw Abort(.forbidden, reason: "Dự thảo đã đăng; chỉ người duyệt được thêm hoặc xóa tệp đính kèm.")
        }
    }

    /// Runs a staff action; an APIError is shown on the draft's page instead of an error page.
    private func act(
        _ req: Request, permission: Permission, flash: String, _ action: @Sendable (OperationContext, Consultation) async throws -> Void
    ) async throws -> Response {
        let staff = try req.consoleStaff(permission)
        let consultation = try await consultation(req)
        do {
            try await action(try OperationContext(req), consultation)
        } catch let error as APIError {
            return try await detail(
                req, staff: staff, consultation: consultation, draft: nil, errors: ["form": error.message], status: error.status)
        }
        return req.redirect(to: "\(SiteRoute.staffConsultation.path(try consultation.requireID().uuidString))?flash=\(flash)")
    }

    @Sendable func publish(req: Request) async throws -> Response {
        try await act(req, permission: .publishContent, flash: "published") { actor, consultation in
            try await Consultations.publish(consultation, context: actor)
        }
    }

    struct ModerationForm: Content {
        var to: String
        var reason: String?
    }

    @Sendable func moderate(req: Request) async throws -> Response {
        let input = try req.content.decode(ModerationForm.self)
        guard let target = CommentStatus(rawValue: input.to), target == .approved || target == .hidden else {
            throw Abort(.badRequest, reason: "Thao tác duyệt không hợp lệ.")
        }
        return try await act(req, permission: .editContent, flash: target.rawValue) { actor, consultation in
            guard let id = req.parameters.get("comment", as: UUID.self),
                let comment = try await ConsultationComment.query(on: req.db).filter(\.$id == id)
                    .filter(\.$consultationID == consultation.requireID()).first()
            else { throw APIError.notFound("Không có góp ý này.") }
            try await Consultations.moderate(comment, to: target, reason: input.reason, context: actor)
        }
    }

    struct ResponseForm: Content {
        var section: String?
        var text: String?
    }

    @Sendable func respond(req: Request) async throws -> Response {
        let input = try req.content.decode(ResponseForm.self)
        return try await act(req, permission: .editContent, flash: "response") { actor, consultation in
            try await Consultations.respond(
                to: consultation, section: input.section ?? "", text: input.text ?? "", context: actor)
        }
    }

    @Sendable func preview(req: Request) async throws -> Response {
        _ = try req.consoleStaff(.editContent)
        let consultation = try await consultation(req)
        let synthesis = try await Consultations.synthesis(of: consultation, on: req.db)
        let response = Response.html(
            ConsultationViews.synthesis(try await req.siteContext(), consultation: consultation, synthesis: synthesis, preview: true))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    @Sendable func publishSynthesis(req: Request) async throws -> Response {
        try await act(req, permission: .publishContent, flash: "synthesis") { actor, consultation in
            try await Consultations.publishSynthesis(consultation, context: actor)
        }
    }
}

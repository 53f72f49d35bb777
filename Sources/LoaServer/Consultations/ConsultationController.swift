import Fluent
import LoaCore
import Vapor

/// The public side of drafts for comment: the list, each draft, the synthesis, the feed.
struct ConsultationController: RouteCollection {
    /// Pages that are the same for everyone, cached like the rest of the portal.
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.consultations, use: list)
        routes.get(.consultation, use: show)
        routes.get(.consultationFile, use: synthesis)
        routes.get(.consultationsFeed, use: feed)
        routes.post(.comment, use: ConsultationController.comment)
        routes.get(.commentConfirmation, use: ConsultationController.confirm)
    }

    /// Comment forms and confirmation links: never cached.
    @Sendable func list(req: Request) async throws -> Response {
        let now = req.now
        let open = try await Consultations.list(.open, at: now, on: req.db)
        let upcoming = try await Consultations.list(.upcoming, at: now, on: req.db)
        let closed = try await Consultations.list(.closed, at: now, limit: 50, on: req.db)
        let counts = try await Self.approvedCounts(of: (open + upcoming + closed).compactMap(\.id), on: req.db)
        return .html(
            ConsultationViews.list(try await req.siteContext(), open: open, upcoming: upcoming, closed: closed, counts: counts, now: now))
    }

    /// Approved comments per draft, in one query.
    static func approvedCounts(of ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let comments = try await ConsultationComment.query(on: db).filter(\.$consultationID ~~ ids).filter(\.$status == .approved)
            .field(\.$consultationID).all()
        return Dictionary(comments.map { ($0.consultationID, 1) }, uniquingKeysWith: +)
    }

    static func render(
        _ req: Request, consultation: Consultation, state: ConsultationViews.FormState? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let topics = try await PortalQueries.topics(on: req.db)
        let sections = try await Consultations.sections(of: consultation, on: req.db)
        let comments = try await Consultations.approvedComments(of: consultation, on: req.db)
        let attachments = try await Attachment.query(on: req.db).filter(\.$consultationID == consultation.requireID()).sort(\.$createdAt)
            .all()
        var unitName: String?
        if let unitID = consultation.unitID { unitName = try await OrganisationUnit.find(unitID, on: req.db)?.name }
        let response = Response.html(
            ConsultationViews.page(
                req.siteContext(topics: topics), consultation: consultation, sections: sections, comments: comments,
                attachments: attachments, topics: topics,
                unitName: unitName, now: req.now, state: state, emailRequired: req.application.loa.settings.consultationConfirmEmail),
            status: status)
        if state != nil { response.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
        return response
    }

    @Sendable func show(req: Request) async throws -> Response {
        guard let consultation = try await Consultations.find(req.parameters.get("slug") ?? "", on: req.db) else { throw Abort(.notFound) }
        return try await Self.render(req, consultation: consultation)
    }

    struct FormInput: Content {
        var section: String?
        var name: String?
        var organisation: String?
        var email: String?
        var text: String?
        /// Hidden from people; software that fills every field fills it.
        var website: String?

        var submission: CommentSubmission {
            CommentSubmission(
                section: section ?? "", name: name ?? "", organisation: organisation ?? "", email: email ?? "", text: text ?? "")
        }
    }

    @Sendable static func comment(req: Request) async throws -> Response {
        if req.headers.first(name: "Sec-Fetch-Site") == "cross-site" {
            throw Abort(.forbidden, reason: "Biểu mẫu phải được gửi từ chính cổng thông tin.")
        }
        guard let consultation = try await Consultations.find(req.parameters.get("slug") ?? "", on: req.db) else { throw Abort(.notFound) }
        let input: FormInput
        do {
            input = try req.content.decode(FormInput.self)
        } catch {
            throw Abort(.badRequest, reason: "Biểu mẫu gửi lên không đúng định dạng. Hãy tải lại trang và gửi lại.")
        }
        let section = String((input.section ?? "").prefix(20))
        guard (input.website ?? "").isEmpty else {
            let errors = ["form": "Biểu mẫu có một trường ẩn bị điền tự động nên chưa được gửi. Hãy tắt tính năng tự điền và gửi lại."]
            return try await render(
                req, consultation: consultation, state: .init(section: section, values: input.submission, errors: errors),
                status: .unprocessableEntity)
        }
        do {
            let receipt = try await CommentIntake.submit(input.submission, on: consultation, channel: .web, request: req)
            let response = Response.html(
                ConsultationViews.receipt(
                    try await req.siteContext(), consultation: consultation, needsConfirmation: receipt.needsConfirmation),
                status: .created)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let error as APIError {
            var errors: [String: String] = [:]
            for field in error.fields ?? [] { errors[field.field] = field.message }
            if error.fields == nil { errors["form"] = error.message }
            // A closed draft has no forms left to show the message beside: the error page says it.
            guard consultation.window.isOpen(at: req.now) else { throw error }
            return try await render(
                req, consultation: consultation, state: .init(section: section, values: input.submission, errors: errors),
                status: error.status)
        }
    }

    @Sendable static func confirm(req: Request) async throws -> Response {
        let confirmed = try await Consultations.confirm(token: req.parameters.get("token") ?? "", on: req.db, at: req.now)
        let response = Response.html(
            ConsultationViews.confirmation(try await req.siteContext(), consultation: confirmed?.1),
            status: confirmed == nil ? .notFound : .ok)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// `/du-thao/{slug}/tong-hop`, `.csv`, `.json`: once staff have published it.
    @Sendable func synthesis(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        guard ["tong-hop", "tong-hop.csv", "tong-hop.json"].contains(file),
            let consultation = try await Consultations.find(req.parameters.get("slug") ?? "", on: req.db),
            consultation.synthesisPublishedAt != nil
        else { throw Abort(.notFound) }
        let synthesis = try await Consultations.synthesis(of: consultation, on: req.db)
        let publicURL = req.application.loa.settings.publicURL
        switch file {
        case "tong-hop.json":
            return try .json(SynthesisDTO(consultation, synthesis: synthesis, publicURL: publicURL))
        case "tong-hop.csv":
            return Self.csv(consultation, synthesis: synthesis).response(fileName: "tong-hop-\(consultation.code.lowercased()).csv")
        default:
            return .html(ConsultationViews.synthesis(try await req.siteContext(), consultation: consultation, synthesis: synthesis))
        }
    }

    /// One row a comment; a section without comments but with a response gets a row of its own.
    static func csv(_ consultation: Consultation, synthesis: ConsultationSynthesis) -> CSV {
        var csv = CSV(header: [
            "Mã dự thảo", "Phần", "Tiêu đề phần", "Số góp ý", "Người góp ý", "Cơ quan, tổ chức", "Thời điểm gửi", "Nội dung góp ý",
            "Tiếp thu, giải trình",
        ])
        for entry in synthesis.discussed {
            let rows = entry.comments.isEmpty ? [nil] : entry.comments.map(Optional.some)
            for comment in rows {
                csv.append([
                    consultation.code, entry.section, entry.heading, String(entry.count), comment?.name ?? "", comment?.organisation ?? "",
                    comment.map { DateFields.text($0.submittedAt) } ?? "", comment?.text ?? "", entry.response,
                ])
            }
        }
        return csv
    }

    @Sendable func feed(req: Request) async throws -> Response {
        let settings = req.application.loa.settings
        let items = try await Consultation.query(on: req.db).filter(\.$status == .published).sort(\.$publishedAt, .descending).limit(50)
            .all()
        let topics = Dictionary(try await PortalQueries.topics(on: req.db).map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let entries = items.map { consultation in
            let published = consultation.publishedAt ?? consultation.createdAt
            let window = "Lấy ý kiến từ \(VietnamTime.dateTime(consultation.opensAt)) đến \(VietnamTime.dateTime(consultation.closesAt))."
            return FeedsController.Entry(
                url: SiteURL.consultation(consultation.slug).absolute(settings.publicURL), title: "Dự thảo: \(consultation.title)",
                published: published, updated: max(consultation.synthesisPublishedAt ?? published, published), author: settings.siteName,
                categories: consultation.topicList.map { ($0, topics[$0] ?? $0) },
                summary: consultation.summary.isEmpty ? window : "\(consultation.summary) \(window)",
                contentHTML: "<p>\(escapeHTML(window))</p>" + Markdown.html(consultation.body))
        }
        return FeedsController.atomResponse(
            FeedsController.feed(
                title: "Lấy ý kiến dự thảo – \(settings.siteName)", selfPath: SiteURL.consultationsFeed.path,
                alternatePath: SiteURL.consultations.path, entries: entries, settings: settings))
    }
}

import Fluent
import LoaCore
import Vapor

/// `/api/v1/consultations`: anyone reads published drafts and comments on open ones; staff tokens
/// create (editors) and publish (approvers) them.
struct ConsultationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let consultations = routes.grouped(StaffAuthenticator())
        consultations.get(.apiConsultations, use: list)
        consultations.get(.apiConsultation, use: show)
        consultations.post(.apiConsultationComments, use: comment)
        let staff = consultations.grouped(RequireBearer())
        // A draft of 200,000 characters, each up to six bytes once escaped in JSON.
        staff.on(.POST, .apiConsultations, body: .collect(maxSize: "2mb"), use: create)
        staff.post(.apiConsultationPublish, use: publish)
    }

    static let operations: [APIOperation] = {
        let consultation = APIType(ConsultationDTO.self, "Consultation")
        let key = APIParameter.path("consultation", .string, "Id, slug or code (DT-2026-001)")
        return [
            APIOperation(
                method: .POST, route: .apiConsultations, id: "createConsultation",
                summary: "Tạo dự thảo lấy ý kiến (editor, approver, administrator). "
                    + "The Markdown body's headings (# chương, ## điều, ### khoản) become the sections.",
                signedIn: true, body: APIType(DraftInput.self, "ConsultationInput"),
                answers: [APIAnswer(201, "The draft with its sections", consultation)], problems: [.unauthorized, .forbidden, .invalid]),
            APIOperation(
                method: .GET, route: .apiConsultations, id: "listConsultations", summary: "Dự thảo đã đăng, mới mở trước",
                parameters: [.values("phase", CommentWindow.Phase.self), .page, .perPage],
                answers: [APIAnswer(200, "A page of drafts", APIType(ListDTO<ConsultationDTO>.self, "ConsultationList"))],
                problems: [.badRequest]),
            APIOperation(
                method: .GET, route: .apiConsultation, id: "getConsultation",
                summary: "Một dự thảo đã đăng với các phần và số góp ý đã duyệt của từng phần (a staff token also sees unpublished drafts)",
                parameters: [key], answers: [APIAnswer(200, "The draft", consultation)], problems: [.unauthorized, .notFound]),
            APIOperation(
                method: .POST, route: .apiConsultationPublish, id: "publishConsultation",
                summary: "Đăng dự thảo (approver, administrator): public, open for comment within its window, "
                    + "broadcast to Zalo followers of its topics",
                signedIn: true, parameters: [key], answers: [APIAnswer(200, "The published draft", consultation)],
                problems: [.unauthorized, .forbidden, .notFound, .conflict]),
            APIOperation(
                method: .POST, route: .apiConsultationComments, id: "commentOnConsultation",
                summary: "Góp ý (public; rate limited per address). Open from opens_at (inclusive) to closes_at (exclusive); outside, 409. "
                    + "The comment waits for moderation; with LOA_CONSULTATION_CONFIRM_EMAIL=1, e-mail is required and the comment "
                    + "is unconfirmed until its link is followed.",
                parameters: [key], body: APIType(CommentInput.self, "CommentInput"),
                answers: [
                    APIAnswer(201, "Received", APIType(CommentDTO.self, "Comment")),
                    APIAnswer(409, "Not open for comment (before opening or after closing)", .error),
                    APIAnswer(429, "Too many comments from this address", .error),
                ], problems: [.notFound, .invalid]),
        ]
    }()

    struct DraftInput: Decodable, APIDocumented {
        var title: String?
        var summary: String?
        var body: String?
        var topics: [String]?
        var opensAt: Date?
        var closesAt: Date?

        enum CodingKeys: String, CodingKey {
            case title, summary, body, topics
            case opensAt = "opens_at"
            case closesAt = "closes_at"
        }

        static let apiFields = [
            "title": APIField(minLength: 5, maxLength: ContentLimits.title, required: true),
            "summary": APIField(maxLength: ContentLimits.summary),
            "body": APIField("Markdown: # chương, ## điều, ### khoản", maxLength: ContentLimits.body, required: true),
            "topics": APIField(minItems: 1, maxItems: ContentLimits.topics, required: true),
            "opens_at": APIField(required: true),
            "closes_at": APIField("At least an hour after opens_at, at most a year", required: true),
        ]

        var draft: ConsultationDraft {
            ConsultationDraft(
                title: title ?? "", summary: summary ?? "", body: body ?? "", topics: topics ?? [], opensAt: opensAt, closesAt: closesAt)
        }
    }

    @Sendable func create(req: Request) async throws -> Response {
        try req.requireStaff(.editContent)
        let input = try req.decodeJSON(DraftInput.self)
        let consultation = try await Consultations.create(input.draft, context: try OperationContext(req))
        return try .json(try await ConsultationDTO.load(consultation, request: req), status: .created)
    }

    @Sendable func publish(req: Request) async throws -> Response {
        try req.requireStaff(.publishContent)
        let consultation = try await Self.find(req, includeDrafts: true)
        try await Consultations.publish(consultation, context: try OperationContext(req))
        return try .json(try await ConsultationDTO.load(consultation, request: req))
    }

    /// A published draft for anyone; a staff token also sees drafts.
    static func find(_ req: Request, includeDrafts: Bool = false) async throws -> Consultation {
        let staffMayEdit = req.staff.map { req.application.loa.permissions.role($0.role, may: .editContent) } ?? false
        guard
            let consultation = try await Consultations.find(
                req.parameters.get("consultation") ?? "", includeDrafts: includeDrafts || staffMayEdit, on: req.db)
        else { throw APIError.notFound("Không có dự thảo với mã này.") }
        return consultation
    }

    @Sendable func list(req: Request) async throws -> Response {
        let (page, perPage) = try req.paging()
        let query = Consultation.query(on: req.db).filter(\.$status == .published)
        let now = req.now
        if let raw = req.nonEmptyQuery("phase") {
            guard let phase = CommentWindow.Phase(rawValue: raw) else {
                throw APIError.badRequest("phase phải là open, upcoming hoặc closed.", code: "invalid_phase")
            }
            switch phase {
            case .upcoming: query.filter(\.$opensAt > now)
            case .open: query.filter(\.$opensAt <= now).filter(\.$closesAt > now)
            case .closed: query.filter(\.$closesAt <= now)
            }
        }
        let total = try await query.count()
        let items = try await query.sort(\.$opensAt, .descending).range(((page - 1) * perPage)..<(page * perPage)).all()
        var dtos: [ConsultationDTO] = []
        for consultation in items { dtos.append(try await ConsultationDTO.load(consultation, request: req, detail: false)) }
        return try .json(ListDTO(items: dtos, total: total, page: page, perPage: perPage))
    }

    @Sendable func show(req: Request) async throws -> Response {
        try .json(try await ConsultationDTO.load(try await Self.find(req), request: req))
    }

    struct CommentInput: Decodable, APIDocumented {
        var section: String?
        var name: String?
        var organisation: String?
        var email: String?
        var text: String?

        static let apiFields = [
            "section": APIField("A section key (s3); empty or absent for the whole draft"),
            "name": APIField("Shown with the comment", maxLength: 100, required: true),
            "organisation": APIField("Shown with the comment", maxLength: 200),
            "email": APIField("Never shown; required when comments are confirmed by e-mail", maxLength: 254),
            "text": APIField(minLength: 10, maxLength: 5000, required: true),
        ]

        var submission: CommentSubmission {
            CommentSubmission(
                section: section ?? "", name: name ?? "", organisation: organisation ?? "", email: email ?? "", text: text ?? "")
        }
    }

    @Sendable func comment(req: Request) async throws -> Response {
        guard let consultation = try await Consultations.find(req.parameters.get("consultation") ?? "", on: req.db) else {
            throw APIError.notFound("Không có dự thảo với mã này.")
        }
        let input = try req.decodeJSON(CommentInput.self)
        let receipt = try await CommentIntake.submit(input.submission, on: consultation, channel: .api, request: req)
        return try .json(CommentDTO(receipt.comment, consultation: consultation), status: .created)
    }
}

struct SectionDTO: Codable, APIDocumented {
    var key: String
    var level: Int
    var levelName: String
    var heading: String
    var text: String
    var commentCount: Int

    static let apiFields = [
        "key": APIField("s0 (preamble), s1, s2…"),
        "text": APIField("Markdown"),
        "comment_count": APIField("Approved comments"),
    ]
}

/// A draft as the API shows it; body and sections only in the single-draft answer.
struct ConsultationDTO: Codable, APIDocumented {
    var id: UUID
    var code: String
    var slug: String
    var title: String
    var summary: String
    var topics: [String]
    var opensAt: Date
    var closesAt: Date
    var status: Consultation.Status
    var phase: CommentWindow.Phase
    @Nullable var publishedAt: Date?
    @Nullable var synthesisPublishedAt: Date?
    var commentCount: Int
    var url: String
    @Nullable var synthesisUrl: String?
    var body: String?
    var sections: [SectionDTO]?

    static let apiFields = [
        "comment_count": APIField("Approved comments"),
        "url": .url,
        "synthesis_url": APIField("The synthesis as JSON, once published", format: .uri),
        "body": APIField("Markdown; only in the single-draft answer"),
        "sections": APIField("Only in the single-draft answer"),
    ]

    static func load(_ consultation: Consultation, request: Request, detail: Bool = true) async throws -> ConsultationDTO {
        let publicURL = request.application.loa.settings.publicURL
        let approved = try await Consultations.approvedComments(of: consultation, on: request.db)
        var sections: [SectionDTO]?
        if detail {
            let counts = Dictionary(approved.map { ($0.section, 1) }, uniquingKeysWith: +)
            sections = try await Consultations.sections(of: consultation, on: request.db).map { section in
                SectionDTO(
                    key: section.key, level: section.level, levelName: section.draftSection.level.name, heading: section.heading,
                    text: section.text, commentCount: counts[section.key] ?? 0)
            }
        }
        return ConsultationDTO(
            id: try consultation.requireID(), code: consultation.code, slug: consultation.slug, title: consultation.title,
            summary: consultation.summary, topics: consultation.topicList, opensAt: consultation.opensAt, closesAt: consultation.closesAt,
            status: consultation.status, phase: consultation.window.phase(at: request.now),
            publishedAt: consultation.publishedAt, synthesisPublishedAt: consultation.synthesisPublishedAt, commentCount: approved.count,
            url: SiteURL.consultation(consultation.slug).absolute(publicURL),
            synthesisUrl: consultation.synthesisPublishedAt == nil
                ? nil : SiteURL.synthesis(consultation.slug, format: "json").absolute(publicURL),
            body: detail ? consultation.body : nil, sections: sections)
    }
}

/// A comment as its sender gets it back: what they wrote and where it stands; the e-mail is not
/// repeated.
struct CommentDTO: Codable, APIDocumented {
    var id: UUID
    var consultation: String
    var section: String
    var name: String
    var organisation: String
    var text: String
    var status: CommentStatus
    var submittedAt: Date

    static let apiFields = ["consultation": APIField("The draft's code")]

    init(_ comment: ConsultationComment, consultation: Consultation) {
        id = comment.id!
        self.consultation = consultation.code
        section = comment.section
        name = comment.name
        organisation = comment.organisation
        text = comment.text
        status = comment.status
        submittedAt = comment.submittedAt
    }
}

/// The published synthesis as open data.
struct SynthesisDTO: Encodable {
    struct Comment: Encodable {
        var name: String
        var organisation: String
        var text: String
        var submittedAt: Date
    }

    struct Entry: Encodable {
        var section: String
        var heading: String
        var commentCount: Int
        var response: String
        var comments: [Comment]
    }

    var licence: String
    var code: String
    var title: String
    var url: String
    var opensAt: Date
    var closesAt: Date
    var publishedAt: Date?
    var received: Int
    var total: Int
    var hidden: Int
    var sections: [Entry]

    init(_ consultation: Consultation, synthesis: ConsultationSynthesis, publicURL: String) {
        licence = OpenData.licence
        code = consultation.code
        title = consultation.title
        url = SiteURL.consultation(consultation.slug).absolute(publicURL)
        opensAt = consultation.opensAt
        closesAt = consultation.closesAt
        publishedAt = consultation.synthesisPublishedAt
        received = synthesis.received
        total = synthesis.total
        hidden = synthesis.hidden
        sections = synthesis.entries.map { entry in
            Entry(
                section: entry.section, heading: entry.heading, commentCount: entry.count, response: entry.response,
                comments: entry.comments.map {
                    Comment(name: $0.name, organisation: $0.organisation, text: $0.text, submittedAt: $0.submittedAt)
                })
        }
    }
}

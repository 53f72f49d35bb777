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

    struct DraftInput: Decodable {
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
        let now = Date()
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

    struct CommentInput: Decodable {
        var section: String?
        var name: String?
        var organisation: String?
        var email: String?
        var text: String?

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

struct SectionDTO: Encodable {
    var key: String
    var level: Int
    var levelName: String
    var heading: String
    var text: String
    var commentCount: Int
}

/// A draft as the API shows it; sections only in the single-draft answer.
struct ConsultationDTO: Encodable {
    var id: UUID
    var code: String
    var slug: String
    var title: String
    var summary: String
    var topics: [String]
    var opensAt: Date
    var closesAt: Date
    var status: String
    var phase: String
    var publishedAt: Date?
    var synthesisPublishedAt: Date?
    var commentCount: Int
    var url: String
    var synthesisUrl: String?
    var body: String?
    var sections: [SectionDTO]?

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
            status: consultation.status.rawValue, phase: consultation.window.phase(at: Date()).rawValue,
            publishedAt: consultation.publishedAt, synthesisPublishedAt: consultation.synthesisPublishedAt, commentCount: approved.count,
            url: SiteURL.consultation(consultation.slug).absolute(publicURL),
            synthesisUrl: consultation.synthesisPublishedAt == nil
                ? nil : SiteURL.synthesis(consultation.slug, format: "json").absolute(publicURL),
            body: detail ? consultation.body : nil, sections: sections)
    }

    enum CodingKeys: String, CodingKey {
        case id, code, slug, title, summary, topics, opensAt, closesAt, status, phase, publishedAt, synthesisPublishedAt, commentCount, url,
            synthesisUrl, body, sections
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(code, forKey: .code)
        try container.encode(slug, forKey: .slug)
        try container.encode(title, forKey: .title)
        try container.encode(summary, forKey: .summary)
        try container.encode(topics, forKey: .topics)
        try container.encode(opensAt, forKey: .opensAt)
        try container.encode(closesAt, forKey: .closesAt)
        try container.encode(status, forKey: .status)
        try container.encode(phase, forKey: .phase)
        try container.encode(publishedAt, forKey: .publishedAt)
        try container.encode(synthesisPublishedAt, forKey: .synthesisPublishedAt)
        try container.encode(commentCount, forKey: .commentCount)
        try container.encode(url, forKey: .url)
        try container.encode(synthesisUrl, forKey: .synthesisUrl)
        try container.encodeIfPresent(body, forKey: .body)
        try container.encodeIfPresent(sections, forKey: .sections)
    }
}

/// A comment as its sender gets it back: what they wrote and where it stands; the e-mail is not
/// repeated.
struct CommentDTO: Encodable {
    var id: UUID
    var consultation: String
    var section: String
    var name: String
    var organisation: String
    var text: String
    var status: String
    var submittedAt: Date

    init(_ comment: ConsultationComment, consultation: Consultation) {
        id = comment.id!
        self.consultation = consultation.code
        section = comment.section
        name = comment.name
        organisation = comment.organisation
        text = comment.text
        status = comment.status.rawValue
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

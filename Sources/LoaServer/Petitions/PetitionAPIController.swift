import Fluent
import LoaCore
import SQLKit
import Vapor

/// `/api/v1/petitions`: anyone submits and follows their petition with its key; staff tokens
/// list, move and answer them.
struct PetitionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let petitions = routes.grouped(StaffAuthenticator())
        petitions.post(.apiPetitions, use: submit)
        petitions.get(.apiPetition, use: show)
        let staff = petitions.grouped(RequireBearer())
        staff.get(.apiPetitions, use: list)
        staff.get(.apiPetitionStats, use: stats)
        staff.post(.apiPetitionTransitions, use: transition)
        staff.post(.apiPetitionAnswer, use: answer)
    }

    static let operations: [APIOperation] = {
        let code = APIParameter.path("code", .string, "Tracking code, e.g. PA-2026-000123")
        let staffView = APIType(PetitionStaffDTO.self, "PetitionStaff")
        let moving: [APIProblem] = [.unauthorized, .forbidden, .notFound, .conflict, .invalid]
        return [
            APIOperation(
                method: .POST, route: .apiPetitions, id: "submitPetition",
                summary: "Gửi phản ánh, kiến nghị (public; rate limited per address). Send `Idempotency-Key` to make retries safe.",
                parameters: [.header("Idempotency-Key", .string(maxLength: 200))], body: APIType(SubmissionInput.self, "PetitionInput"),
                answers: [
                    APIAnswer(201, "Received: keep the code and the access key", APIType(ReceiptDTO.self, "PetitionReceipt")),
                    APIAnswer(429, "Too many submissions from this address", .error),
                ], problems: [.invalid]),
            APIOperation(
                method: .GET, route: .apiPetitions, id: "listPetitions",
                summary: "Hộp phản ánh của cán bộ (handler, approver, administrator), most urgent first; "
                    + "a handler in a unit sees that unit's work",
                signedIn: true,
                parameters: [
                    .values("state", ["all"] + PetitionState.allCases.map(\.rawValue), "Default: every open state"),
                    .query("unit", .string(format: .uuid)), .query("topic"), .query("overdue", .boolean), .page, .perPage,
                ],
                answers: [APIAnswer(200, "A page of petitions", APIType(ListDTO<PetitionStaffDTO>.self, "PetitionList"))],
                problems: [.badRequest, .unauthorized, .forbidden]),
            APIOperation(
                method: .GET, route: .apiPetitionStats, id: "petitionFigures",
                summary: "Số liệu: by state, topic and unit; overdue; on-time share; median working days to answer", signedIn: true,
                answers: [APIAnswer(200, "Figures", APIType(PetitionFigures.self, "PetitionFigures"))],
                problems: [.unauthorized, .forbidden]),
            APIOperation(
                method: .GET, route: .apiPetition, id: "getPetition",
                summary: "Tra cứu: with the access key (X-Access-Key header or ?key=) the submitter's view; "
                    + "with a staff token the staff view. Anything else: 404.",
                parameters: [
                    code, .header("X-Access-Key"),
                    APIParameter(
                        name: "key", place: .query, schema: .string,
                        description:
                            "Kept for old clients; a key in the URL ends up in proxy and server logs, so send X-Access-Key instead.",
                        deprecated: true),
                ],
                answers: [APIAnswer(200, "The petition", APIType(TrackingDTO.self, "PetitionTracking"), staffView)],
                problems: [.unauthorized, .notFound]),
            APIOperation(
                method: .POST, route: .apiPetitionTransitions, id: "movePetition",
                summary: "Chuyển trạng thái: received → accepted | rejected (note required) → assigned (unit required) → answered → "
                    + "published | closed",
                signedIn: true, parameters: [code], body: APIType(PetitionTransitionInput.self, "PetitionTransition"),
                answers: [APIAnswer(200, "The petition after the step", staffView)], problems: moving),
            APIOperation(
                method: .POST, route: .apiPetitionAnswer, id: "answerPetition",
                summary: "Trả lời (handler): moves an assigned petition to answered, or waits for an approver when LOA_PETITION_APPROVAL=1",
                signedIn: true, parameters: [code], body: APIType(AnswerInput.self, "PetitionAnswer"),
                answers: [APIAnswer(200, "The petition", staffView)], problems: moving),
        ]
    }()

    struct SubmissionInput: Decodable, APIDocumented {
        var topic: String?
        var title: String?
        var content: String?
        var name: String?
        var phone: String?
        var email: String?
        var address: String?
        var consentPublish: Bool?

        enum CodingKeys: String, CodingKey {
            case topic, title, content, name, phone, email, address
            case consentPublish = "consent_publish"
        }

        static let apiFields = [
            "topic": APIField("Topic slug (/api/v1/topics)", required: true),
            "title": APIField(minLength: 5, maxLength: 200, required: true),
            "content": APIField(minLength: 20, maxLength: 10000, required: true),
            "name": APIField(maxLength: 100, required: true),
            "phone": APIField("A Vietnamese phone number; phone or email is required"),
            "email": APIField(maxLength: 254),
            "address": APIField(maxLength: 300),
            "consent_publish": APIField("May the answer be published, with personal data removed"),
        ]

        var submission: PetitionSubmission {
            PetitionSubmission(
                topic: topic ?? "", title: title ?? "", content: content ?? "", name: name ?? "", phone: phone ?? "", email: email ?? "",
                address: address ?? "", consentPublish: consentPublish ?? false)
        }
    }

    @Sendable func submit(req: Request) async throws -> Response {
        let input = try req.decodeJSON(SubmissionInput.self)
        let submission = try await PetitionIntake.validate(input.submission, request: req)
        let key = req.headers.first(name: "Idempotency-Key").map { "api:" + String($0.prefix(200)) }
        let receipt = try await PetitionIntake.submit(submission, channel: .api, idempotencyKey: key, request: req)
        return try .json(ReceiptDTO(receipt, publicURL: req.application.loa.settings.publicURL), status: .created)
    }

    /// The submitter's view with the key; a staff token sees the staff view instead.
    @Sendable func show(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        if req.staff != nil, req.headers.bearerAuthorization != nil {
            let petition = try await Petitions.findForStaff(code: code, request: req)
            return try .json(try await PetitionStaffDTO.load(petition, request: req, detail: true))
        }
        let key = req.headers.first(name: "X-Access-Key") ?? req.query[String.self, at: "key"]
        guard let petition = try await Petitions.find(code: code, key: key, on: req.db) else {
            throw APIError.notFound("Không tìm thấy phản ánh, kiến nghị với mã và mã truy cập này.")
        }
        let history = try await Petitions.history(of: petition, on: req.db)
        return try .json(TrackingDTO(petition, history: history))
    }

    @Sendable func list(req: Request) async throws -> Response {
        let staff = try Petitions.requireViewer(req)
        let (page, perPage) = try req.paging()
        let filter = try PetitionInbox.Filter(
            state: req.nonEmptyQuery("state"), unit: req.nonEmptyQuery("unit"), topic: req.nonEmptyQuery("topic"),
            overdue: req.nonEmptyQuery("overdue"))
        let result = try await PetitionInbox.list(filter, for: staff, now: req.now, page: page, perPage: perPage, on: req.db)
        var items: [PetitionStaffDTO] = []
        for petition in result.items { items.append(try await PetitionStaffDTO.load(petition, request: req, detail: false)) }
        return try .json(ListDTO(items: items, total: result.total, page: page, perPage: perPage))
    }

    @Sendable func transition(req: Request) async throws -> Response {
        let petition = try await Petitions.findForStaff(code: req.parameters.get("code") ?? "", request: req)
        let input = try req.decodeJSON(PetitionTransitionInput.self)
        try await input.apply(to: petition, request: req)
        return try .json(try await PetitionStaffDTO.load(petition, request: req, detail: true))
    }

    struct AnswerInput: Decodable, APIDocumented {
        var text: String

        static let apiFields = ["text": APIField(minLength: 10)]
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let petition = try await Petitions.findForStaff(code: req.parameters.get("code") ?? "", request: req)
        let input = try req.decodeJSON(AnswerInput.self)
        try await Petitions.answer(petition, text: input.text, context: OperationContext(req))
        return try .json(try await PetitionStaffDTO.load(petition, request: req, detail: true))
    }

    @Sendable func stats(req: Request) async throws -> Response {
        try Petitions.requireViewer(req)
        return try .json(try await PetitionFigures.compute(on: req.db, settings: req.application.loa.settings, now: req.now))
    }
}

/// The checks every public channel shares: the rate limit per address, the honeypot and the
/// fields. Nothing is stored when any of them fails.
enum PetitionIntake {
    static func validate(
        _ submission: PetitionSubmission, contactRequired: Bool = true, request: Request
    ) async throws -> PetitionSubmission {
        let settings = request.application.loa.settings
        if try await RateLimit.isExhausted(
            RateLimit.key("petition", address: request.clientAddress), limit: settings.petitionsPerHour, window: 3600, on: request.db)
        {
            throw rateLimited(settings)
        }
        let topics = Set(try await PortalQueries.topics(on: request.db).map(\.slug))
        do {
            return try submission.validated(topics: topics, contactRequired: contactRequired)
        } catch {
            throw APIError(
                status: .unprocessableEntity, code: "invalid_fields", message: error.fields.first?.message ?? "Dữ liệu không hợp lệ.",
                fields: error.fields.map { ErrorBody.Field(field: $0.field, message: $0.message) })
        }
    }

    /// Counts the submission against the address's allowance and stores it.
    static func submit(
        _ submission: PetitionSubmission, channel: PetitionChannel, attachments: [IncomingFile] = [], idempotencyKey: String? = nil,
        request: Request
    ) async throws -> Petitions.Receipt {
        let settings = request.application.loa.settings
        let key = RateLimit.key("petition", address: request.clientAddress)
        // A replay of an acknowledged request is not a new submission: it is not counted.
        var isReplay = false
        if let idempotencyKey {
            isReplay = try await Petition.query(on: request.db).filter(\.$idempotencyKey == idempotencyKey).count() > 0
        }
        if !isReplay, !(try await RateLimit.hit(key, limit: settings.petitionsPerHour, window: 3600, on: request.db)) {
            throw rateLimited(settings)
        }
        return try await Petitions.submit(
            submission, channel: channel, attachments: attachments, idempotencyKey: idempotencyKey, app: request.application,
            on: request.db)
    }

    static func rateLimited(_ settings: Settings) -> APIError {
        APIError(
            status: .tooManyRequests, code: "rate_limited",
            message: "Địa chỉ mạng này đã gửi \(settings.petitionsPerHour) phản ánh trong một giờ qua. Xin vui lòng thử lại sau.")
    }
}

/// A step in the workflow as the API's JSON and the console's form send it.
struct PetitionTransitionInput: Content, APIDocumented {
    var to: String
    var note: String?
    var unit: String?
    /// When publishing: the public text as reviewed; missing parts keep the automatic proposal.
    var publicTitle: String?
    var publicQuestion: String?
    var publicAnswer: String?

    enum CodingKeys: String, CodingKey {
        case to, note, unit
        case publicTitle = "public_title"
        case publicQuestion = "public_question"
        case publicAnswer = "public_answer"
    }

    static let apiFields = [
        "to": APIField.values(of: PetitionState.self),
        "note": APIField("Required to reject or to return an answer"),
        "unit": APIField("Required to assign", format: .uuid),
        "public_title": APIField(
            "When publishing: the public text as reviewed (personal data is removed again); default: the automatic proposal"),
    ]

    func apply(to petition: Petition, request: Request) async throws {
        guard let target = PetitionState(rawValue: to) else {
            throw APIError.badRequest(
                "to phải là một trong: \(PetitionState.allCases.map(\.rawValue).joined(separator: ", ")).", code: "invalid_state")
        }
        var unitID: UUID?
        if let unit, !unit.isEmpty {
            guard let id = UUID(uuidString: unit) else { throw APIError.badRequest("unit phải là mã đơn vị (UUID).", code: "invalid_unit") }
            unitID = id
        }
        var publicText: Petitions.PublicText?
        if publicTitle != nil || publicQuestion != nil || publicAnswer != nil {
            let proposal = Petitions.proposedPublicText(petition)
            publicText = .init(
                title: publicTitle ?? proposal.title, question: publicQuestion ?? proposal.question, answer: publicAnswer ?? proposal.answer
            )
        }
        try await Petitions.transition(
            petition, to: target, note: note, unitID: unitID, publicText: publicText, context: OperationContext(request))
    }
}

struct ReceiptDTO: Codable, APIDocumented {
    var code: String
    var accessKey: String
    var status: PetitionState
    @Nullable var dueAt: Date?
    var trackingUrl: String

    init(_ receipt: Petitions.Receipt, publicURL: String) {
        code = receipt.petition.code
        accessKey = receipt.accessKey
        status = receipt.petition.state
        dueAt = receipt.petition.dueAt
        trackingUrl = SiteURL.tracking.absolute(publicURL) + "?ma=\(code)"
    }

    static let apiFields = ["tracking_url": APIField.url]
}

struct HistoryDTO: Codable, APIDocumented {
    var status: PetitionState
    var statusName: String
    var at: Date
    @Nullable var note: String?

    /// What the submitter may read: the steps, and the reason when not accepted. Staff notes
    /// and who did what stay internal.
    init(_ event: PetitionEvent) {
        status = event.toState
        statusName = event.toState.name
        at = event.createdAt
        note = event.toState == .rejected ? event.note : nil
    }

    static let apiFields = ["note": APIField("The reason, for a rejection")]
}

struct AnswerDTO: Codable {
    var text: String
    @Nullable var answeredAt: Date?
}

/// What the holder of the code and key sees.
struct TrackingDTO: Codable {
    var code: String
    var status: PetitionState
    var statusName: String
    var topic: String
    var title: String
    var content: String
    var receivedAt: Date
    @Nullable var dueAt: Date?
    var history: [HistoryDTO]
    @Nullable var answer: AnswerDTO?

    init(_ petition: Petition, history: [PetitionEvent]) {
        code = petition.code
        status = petition.state
        statusName = petition.state.name
        topic = petition.topic
        title = petition.title
        content = petition.content
        receivedAt = petition.receivedAt
        dueAt = petition.dueAt
        self.history = history.map(HistoryDTO.init)
        let answered: Set<PetitionState> = [.answered, .published, .closed]
        answer = answered.contains(petition.state) ? petition.answer.map { AnswerDTO(text: $0, answeredAt: petition.answeredAt) } : nil
    }
}

struct UnitDTO: Codable {
    var id: UUID
    var name: String
}

struct SubmitterDTO: Codable {
    var name: String
    var phone: String
    var email: String
    var address: String
}

/// What staff see; the submitter's details only for roles that may see personal data.
struct PetitionStaffDTO: Codable, APIDocumented {
    var code: String
    var status: PetitionState
    var statusName: String
    var channel: PetitionChannel
    var topic: String
    var title: String
    /// In the single-petition answers only.
    var content: String?
    @Nullable var unit: UnitDTO?
    var receivedAt: Date
    @Nullable var dueAt: Date?
    var overdue: Bool
    var consentPublish: Bool
    @Nullable var submitter: SubmitterDTO?
    @Nullable var answer: String?
    @Nullable var publicUrl: String?
    /// In the single-petition answers only.
    var history: [StaffHistoryDTO]?

    struct StaffHistoryDTO: Codable {
        @Nullable var from: PetitionState?
        var to: PetitionState
        var note: String
        var actor: String
        var at: Date
    }

    static let apiFields = [
        "content": APIField("In the single-petition answers"),
        "submitter": APIField("Only for roles that may see personal data"),
        "public_url": APIField(format: .uri),
    ]

    static func load(_ petition: Petition, request: Request, detail: Bool) async throws -> PetitionStaffDTO {
        let staff = try request.requireStaff()
        let services = request.application.loa
        var unit: UnitDTO?
        if let id = petition.unitID, let found = try await OrganisationUnit.find(id, on: request.db) {
            unit = UnitDTO(id: id, name: found.name)
        }
        var history: [StaffHistoryDTO]?
        if detail {
            history = try await Petitions.history(of: petition, on: request.db).map {
                StaffHistoryDTO(
                    from: $0.fromState, to: $0.toState,
                    note: Petitions.shownNote($0.note, of: petition, to: staff.role, policy: services.permissions), actor: $0.actor,
                    at: $0.createdAt)
            }
        }
        let mayViewPersonalData = services.permissions.role(staff.role, may: .viewPersonalData)
        let shown = Petitions.shownText(petition, to: staff.role, policy: services.permissions)
        return PetitionStaffDTO(
            code: petition.code, status: petition.state, statusName: petition.state.name, channel: petition.channel,
            topic: petition.topic, title: shown.title, content: detail ? shown.question : nil, unit: unit,
            receivedAt: petition.receivedAt, dueAt: petition.dueAt, overdue: petition.isOverdue(at: request.now),
            consentPublish: petition.consentPublish,
            submitter: mayViewPersonalData
                ? SubmitterDTO(name: petition.name, phone: petition.phone, email: petition.email, address: petition.address) : nil,
            answer: petition.answer.map { _ in shown.answer },
            publicUrl: petition.state == .published ? SiteURL.answer(petition.code).absolute(services.settings.publicURL) : nil,
            history: history)
    }
}

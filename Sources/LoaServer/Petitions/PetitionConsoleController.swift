import Fluent
import LoaCore
import Vapor

/// The handlers' console: the inbox, one petition with its history and actions, bulk
/// assignment, organisational units, figures and the CSV export.
struct PetitionConsoleController: RouteCollection {
    static let perPage = 30

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(StaffAuthenticator(), CSRFProtection())
        staff.get(.staffPetitions, use: inbox)
        staff.post(.staffPetitionsAssign, use: bulkAssign)
        staff.get(.staffPetitionFigures, use: figures)
        staff.get(.staffPetitionsExport, use: export)
        staff.get(.staffPetition, use: show)
        staff.post(.staffPetitionTransition, use: transition)
        staff.post(.staffPetitionAnswer, use: answer)
        staff.get(.staffPetitionAttachment, use: attachment)
        staff.get(.staffUnits, use: units)
        staff.post(.staffUnits, use: createUnit)
        staff.post(.staffUnitMembers, use: setMember)
    }

    private func requireHandlerView(_ req: Request) throws -> StaffIdentity {
        _ = try req.consoleStaff()
        return try Petitions.requireViewer(req)
    }

    @Sendable func inbox(req: Request) async throws -> Response {
        let staff = try requireHandlerView(req)
        let filter = try PetitionInbox.Filter(
            state: req.nonEmptyQuery("state"), unit: req.nonEmptyQuery("unit"), topic: req.nonEmptyQuery("topic"),
            overdue: req.nonEmptyQuery("overdue"))
        let page = try req.pageNumber()
        let result = try await PetitionInbox.list(filter, for: staff, now: req.now, page: page, perPage: Self.perPage, on: req.db)
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(
            PetitionConsoleViews.inbox(
                staff, items: result.items, total: result.total, page: page, filter: filter, rawState: req.nonEmptyQuery("state"),
                units: units, topics: topics, flash: req.nonEmptyQuery("flash"), permissions: req.application.loa.permissions,
                now: req.now))
    }

    struct BulkInput: Content {
        var codes: [String]?
        var unit: UUID?
    }

    /// Assigns several petitions to one unit; those still `received` are accepted first (the
    /// submitter hears once, of the assignment). Those that cannot move are skipped and counted.
    @Sendable func bulkAssign(req: Request) async throws -> Response {
        _ = try requireHandlerView(req)
        try req.requireStaff(.handlePetitions)
        let input = try req.content.decode(BulkInput.self)
        guard let unit = input.unit, try await OrganisationUnit.find(unit, on: req.db) != nil else {
            return req.redirect(to: "\(SiteRoute.staffPetitions.path())?flash=no-unit")
        }
        let actor = try OperationContext(req)
        var moved = 0
        var skipped = 0
        for code in (input.codes ?? []).prefix(200) {
            guard let petition = try? await Petitions.findForStaff(code: code, request: req),
                [.received, .accepted, .assigned].contains(petition.state), petition.unitID != unit || petition.state != .assigned
            else {
                skipped += 1
                continue
            }
            do {
                if petition.state == .received {
                    try await Petitions.transition(
                        petition, to: .accepted, note: "Thụ lý khi phân công hàng loạt", unitID: nil, context: actor,
                        notify: false)
                }
                try await Petitions.transition(
                    petition, to: .assigned, note: "Phân công hàng loạt", unitID: unit, context: actor)
                moved += 1
            } catch is APIError {
                skipped += 1
            }
        }
        return req.redirect(to: "\(SiteRoute.staffPetitions.path())?flash=assigned-\(moved)-\(skipped)")
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await detail(req, petition: try await Petitions.findForStaff(code: req.parameters.get("code") ?? "", request: req))
    }

    private func detail(_ req: Request, petition: Petition, error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response
    {
        let staff = try requireHandlerView(req)
        let services = req.application.loa
        let id = try petition.requireID()
        let history = try await Petitions.history(of: petition, on: req.db)
        let attachments = try await PetitionAttachment.query(on: req.db).filter(\.$petitionID == id).all()
        let notices = try await PetitionNotification.query(on: req.db).filter(\.$petitionID == id).sort(\.$createdAt).all()
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        let topics = try await PortalQueries.topics(on: req.db)
        return .html(
            PetitionConsoleViews.detail(
                PetitionDetailPage(
                    .init(
                        staff: staff, petition: petition, history: history, attachments: attachments, notices: notices, units: units,
                        topics: topics, flash: req.nonEmptyQuery("flash"), error: error,
                        approvalRequired: services.settings.petitionApprovalRequired, workflow: services.petitionWorkflow,
                        permissions: services.permissions, now: req.now)),
                permissions: services.permissions, now: req.now),
            status: status)
    }

    @Sendable func transition(req: Request) async throws -> Response {
        let petition = try await Petitions.findForStaff(code: req.parameters.get("code") ?? "", request: req)
        let input = try req.content.decode(PetitionTransitionInput.self)
        do {
            try await input.apply(to: petition, request: req)
        } catch let error as APIError {
            return try await detail(req, petition: petition, error: error.message, status: error.status)
        }
        return req.redirect(to: "\(SiteRoute.staffPetition.path(petition.code))?flash=\(input.to)")
    }

    struct AnswerInput: Content {
        var text: String
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let petition = try await Petitions.findForStaff(code: req.parameters.get("code") ?? "", request: req)
        let input = try req.content.decode(AnswerInput.self)
        do {
            try await Petitions.answer(petition, text: input.text, context: OperationContext(req))
        } catch let error as APIError {
            return try await detail(req, petition: petition, error: error.message, status: error.status)
        }
        return req.redirect(to: "\(SiteRoute.staffPetition.path(petition.code))?flash=answer")
    }

    /// Attachments may hold identity papers: only those who handle petitions open them.
    @Sendable func attachment(req: Request) async throws -> Response {
        try req.requireStaff(.handlePetitions)
        let petition = try await Petitions.findForStaff(code: req.parameters.get("code") ?? "", request: req)
        guard let id = req.parameters.get("id", as: UUID.self),
            let file = try await PetitionAttachment.query(on: req.db).filter(\.$id == id).filter(\.$petitionID == petition.requireID())
                .first(),
            let bytes = try await req.application.loa.files.read(sha256: file.sha256)
        else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(buffer: bytes))
        response.headers.replaceOrAdd(name: .contentType, value: file.contentType)
        // Sent by the public: always a download, never rendered in the console's origin.
        response.headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(fileName: file.fileName))
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    @Sendable func figures(req: Request) async throws -> Response {
        let staff = try requireHandlerView(req)
        let figures = try await PetitionFigures.compute(on: req.db, settings: req.application.loa.settings, now: req.now)
        return .html(PetitionConsoleViews.figures(staff, figures: figures, permissions: req.application.loa.permissions))
    }

    /// Every petition the staff member may see, for a spreadsheet; personal data only for roles
    /// that may see it.
    @Sendable func export(req: Request) async throws -> Response {
        let staff = try requireHandlerView(req)
        let permissions = req.application.loa.permissions
        let withPersonalData = permissions.role(staff.role, may: .viewPersonalData)
        let items = try await PetitionInbox.query(PetitionInbox.Filter(states: PetitionState.allCases), for: staff, on: req.db)
            .sort(\.$receivedAt).all()
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        let topicNames = Dictionary(try await PortalQueries.topics(on: req.db).map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        // For people opening it in a spreadsheet: Vietnamese headers and words, Vietnam's time
        // written as on the console pages.
        let when: (Date?) -> String = { $0.map(DateFields.text) ?? "" }
        var header = [
            "Mã tra cứu", "Trạng thái", "Kênh tiếp nhận", "Lĩnh vực", "Tiêu đề", "Đơn vị xử lý", "Ngày tiếp nhận",
            "Hạn xử lý bước hiện tại",
            "Quá hạn", "Ngày trả lời", "Ngày công khai",
        ]
        if withPersonalData { header += ["Họ và tên", "Điện thoại", "E-mail", "Địa chỉ"] }
        var csv = CSV(header: header)
        for petition in items {
            var row = [
                petition.code, petition.state.name, petition.channel.name, topicNames[petition.topic] ?? petition.topic,
                withPersonalData ? petition.title : Petitions.shownText(petition, to: staff.role, policy: permissions).title,
                units.name(of: petition.unitID) ?? "", when(petition.receivedAt), when(petition.dueAt),
                petition.isOverdue(at: req.now) ? "Có" : "Không", when(petition.answeredAt), when(petition.publishedAt),
            ]
            if withPersonalData { row += [petition.name, petition.phone, petition.email, petition.address] }
            csv.append(row)
        }
        try await Audit.record(req, "petition.export", recordType: "petition", summary: "\(items.count) dòng", on: req.db)
        let response = csv.response(fileName: "phan-anh.csv")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"phan-anh.csv\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    // MARK: Units

    @Sendable func units(req: Request) async throws -> Response {
        let staff = try req.consoleStaff()
        let units = UnitTree(try await OrganisationUnit.query(on: req.db).all())
        let people = try await StaffUser.query(on: req.db).filter(\.$disabled == false).sort(\.$name).all()
        return .html(
            PetitionConsoleViews.units(
                staff, units: units, people: people, flash: req.nonEmptyQuery("flash"),
                mayManage: req.application.loa.permissions.role(staff.role, may: .manageUsers), permissions: req.application.loa.permissions
            ))
    }

    struct UnitInput: Content {
        var name: String
        var parent: String?
    }

    @Sendable func createUnit(req: Request) async throws -> Response {
        try req.consoleStaff(.manageUsers)
        let input = try req.content.decode(UnitInput.self)
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...200).contains(name.count) else { throw Abort(.unprocessableEntity, reason: "Tên đơn vị phải từ 2 đến 200 ký tự.") }
        var parentID: UUID?
        if let raw = input.parent, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), try await OrganisationUnit.find(id, on: req.db) != nil else {
                throw Abort(.unprocessableEntity, reason: "Đơn vị cấp trên không tồn tại.")
            }
            parentID = id
        }
        let unit = OrganisationUnit(name: name, parentID: parentID, position: try await OrganisationUnit.query(on: req.db).count())
        try await req.db.transaction { db in
            try await unit.create(on: db)
            try await Audit.record(req, "unit.create", recordType: "unit", recordID: unit.id?.uuidString, summary: name, on: db)
        }
        return req.redirect(to: "\(SiteRoute.staffUnits.path())?flash=created")
    }

    struct MemberInput: Content {
        var user: UUID
        var unit: String?
    }

    @Sendable func setMember(req: Request) async throws -> Response {
        try req.consoleStaff(.manageUsers)
        let input = try req.content.decode(MemberInput.self)
        guard let user = try await StaffUser.find(input.user, on: req.db) else { throw Abort(.notFound) }
        var chosen: OrganisationUnit?
        if let raw = input.unit, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let found = try await OrganisationUnit.find(id, on: req.db) else {
                throw Abort(.unprocessableEntity, reason: "Đơn vị không tồn tại.")
            }
            chosen = found
        }
        let unit = chosen
        try await req.db.transaction { db in
            user.unitID = unit?.id
            try await user.save(on: db)
            try await Audit.record(
                req, "user.unit", recordType: "user", recordID: user.id?.uuidString,
                summary: "\(user.email) → \(unit?.name ?? "không thuộc đơn vị")",
                on: db)
        }
        return req.redirect(to: "\(SiteRoute.staffUnits.path())?flash=member")
    }
}

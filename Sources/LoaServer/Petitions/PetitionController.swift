import Fluent
import LoaCore
import Vapor

/// The public side of petitions: the form, tracking, published answers, their feed and open data.
struct PetitionController: RouteCollection {
    static let perPage = 15

    /// Public pages that are the same for everyone, cached like the rest of the portal.
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.petitionForm, use: form)
        routes.get(.answers, use: answers)
        routes.get(.answer, use: answer)
        routes.get(.answersFeed, use: feed)
        // Streamed: the body's shape is checked as it arrives (`MultipartIntake`).
        routes.on(.POST, .petitionForm, body: .stream, use: PetitionController.submit)
        routes.get(.tracking, use: PetitionController.trackingForm)
        routes.post(.tracking, use: PetitionController.track)
    }

    struct FormInput: Content {
        var topic: String?
        var title: String?
        var content: String?
        var name: String?
        var phone: String?
        var email: String?
        var address: String?
        var consent: String?
        /// Hidden from people; software that fills every field fills it.
        var website: String?
        /// Made by the page's script when the form opens: sending the same form twice (a double
        /// click, a reload of the receipt) gives the same receipt instead of a second petition.
        var submissionID: String?
        var attachments: [File]?

        enum CodingKeys: String, CodingKey {
            case topic, title, content, name, phone, email, address, consent, website, attachments
            case submissionID = "submission_id"
        }

        var submission: PetitionSubmission {
            PetitionSubmission(
                topic: topic ?? "", title: title ?? "", content: content ?? "", name: name ?? "", phone: phone ?? "", email: email ?? "",
                address: address ?? "", consentPublish: consent != nil)
        }
    }

    @Sendable func form(req: Request) async throws -> Response {
        let topics = try await PortalQueries.topics(on: req.db)
        let chosen = req.nonEmptyQuery("linh-vuc").map { PetitionSubmission(topic: $0) } ?? PetitionSubmission()
        return .html(PetitionViews.form(req.siteContext(topics: topics), topics: topics, values: chosen, errors: [:]))
    }

    @Sendable static func submit(req: Request) async throws -> Response {
        // A form posted from another site is not a person using this portal.
        if req.headers.first(name: "Sec-Fetch-Site") == "cross-site" {
            throw Abort(.forbidden, reason: "Biểu mẫu phải được gửi từ chính cổng thông tin.")
        }
        // An address over its allowance is refused before its body is read, let alone decoded.
        let settings = req.application.loa.settings
        if try await RateLimit.isExhausted(
            RateLimit.key("petition", address: req.clientAddress), limit: settings.petitionsPerHour, window: 3600, on: req.db)
        {
            throw PetitionIntake.rateLimited(settings)
        }
        let topics = try await PortalQueries.topics(on: req.db)
        let site = req.siteContext(topics: topics)
        let input: FormInput
        do {
            input = try await MultipartIntake.decode(FormInput.self, from: req, maxBytes: Self.maxFormBytes, limits: Self.formLimits)
        } catch let refusal as MultipartIntake.Refusal {
            throw refusal
        } catch {
            throw Abort(.badRequest, reason: "Biểu mẫu gửi lên không đúng định dạng. Hãy tải lại trang và gửi lại.")
        }
        var errors: [String: String] = [:]
        let rendered: (HTTPResponseStatus) -> Response = { status in
            let response = Response.html(
                PetitionViews.form(site, topics: topics, values: input.submission, errors: errors), status: status)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        guard (input.website ?? "").isEmpty else {
            errors["form"] = "Biểu mẫu có một trường ẩn bị điền tự động nên chưa được gửi. Hãy tắt tính năng tự điền và gửi lại."
            return rendered(.unprocessableEntity)
        }
        let files = (input.attachments ?? []).filter { $0.data.readableBytes > 0 || !$0.filename.isEmpty }
        var incoming: [IncomingFile] = []
        if files.count > Petitions.maxAttachments {
            errors["attachments"] = "Chỉ gửi kèm tối đa \(Petitions.maxAttachments) tệp."
        }
        for file in files.prefix(Petitions.maxAttachments) {
            // A browser sends a file's own name; a path in it is someone probing for a way out
            // of the upload folder.
            if file.filename.contains("/") || file.filename.contains("\\") || file.filename.contains("..")
                || file.filename.unicodeScalars.contains(where: { $0.value < 0x20 })
            {
                errors["attachments"] = "Tên tệp “\(file.filename.prefix(80))” không hợp lệ; hãy đổi tên tệp rồi gửi lại."
                continue
            }
            let bytes = Data(buffer: file.data)
            guard bytes.count <= Petitions.maxAttachmentBytes else {
                errors["attachments"] = "Tệp “\(file.filename.prefix(80))” lớn hơn 5 MB."
                continue
            }
            guard let kind = FileKind.detect(bytes), Petitions.allowedAttachmentKinds.contains(kind) else {
                errors["attachments"] = "Tệp “\(file.filename.prefix(80))” không phải PDF, Word (DOCX), JPEG hoặc PNG."
                continue
            }
            incoming.append(IncomingFile(fileName: EditorController.safeFileName(file.filename, kind: kind), data: bytes, kind: kind))
        }
        let submission: PetitionSubmission
        do {
            submission = try await PetitionIntake.validate(input.submission, request: req)
        } catch let error as APIError {
            if let fields = error.fields {
                for field in fields { errors[field.field] = field.message }
            } else {
                errors["form"] = error.message
            }
            return rendered(error.status)
        }
        guard errors.isEmpty else { return rendered(.unprocessableEntity) }
        let submissionID = input.submissionID.flatMap(UUID.init(uuidString:)).map { "web:\($0.uuidString.lowercased())" }
        let receipt: Petitions.Receipt
        do {
            receipt = try await PetitionIntake.submit(
                submission, channel: .web, attachments: incoming, idempotencyKey: submissionID, request: req)
        } catch {
            // A full disk or a busy database: nothing was stored, and the citizen keeps what they typed.
            guard let unavailable = Unavailability(error) else { throw error }
            req.application.loa.metrics.recordRefusal(unavailable.reason)
            errors["form"] =
                unavailable.message
                + (incoming.isEmpty ? "" : " Nội dung bạn đã nhập vẫn còn dưới đây; khi gửi lại, hãy chọn lại tệp đính kèm.")
            let response = rendered(.serviceUnavailable)
            response.headers.replaceOrAdd(name: .retryAfter, value: "\(unavailable.retryAfterSeconds)")
            return response
        }
        let response = Response.html(PetitionViews.receipt(site, receipt: receipt), status: .created)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Three attachments of 5 MB and the text fields, with room for the multipart framing.
    static let maxFormBytes = Petitions.maxAttachments * Petitions.maxAttachmentBytes + 512 * 1024
    /// The form's dozen fields and its file fields, with some to spare; a browser never sends more.
    static let formLimits = MultipartScanner.Limits(parts: 24)

    @Sendable static func trackingForm(req: Request) async throws -> Response {
        let response = Response.html(
            PetitionViews.tracking(try await req.siteContext(), code: req.nonEmptyQuery("ma") ?? "", result: nil, notFound: false))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct TrackingInput: Content {
        var code: String?
        var key: String?
    }

    @Sendable static func track(req: Request) async throws -> Response {
        let input = (try? req.content.decode(TrackingInput.self)) ?? TrackingInput()
        let site = try await req.siteContext()
        let code = String((input.code ?? "").prefix(40))
        var result: (Petition, [PetitionEvent], [PetitionAttachment])?
        if let petition = try await Petitions.find(code: code, key: input.key.map { String($0.prefix(40)) }, on: req.db) {
            let attachments = try await PetitionAttachment.query(on: req.db).filter(\.$petitionID == petition.requireID()).all()
            result = (petition, try await Petitions.history(of: petition, on: req.db), attachments)
        }
        let response = Response.html(
            PetitionViews.tracking(site, code: code, result: result, notFound: result == nil), status: result == nil ? .notFound : .ok)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func publishedAnswers(on db: any Database) -> QueryBuilder<Petition> {
        Petition.query(on: db).filter(\.$state == .published).filter(\.$publishedAt != nil)
    }

    @Sendable func answers(req: Request) async throws -> Response {
        let page = try req.pageNumber()
        let topics = try await PortalQueries.topics(on: req.db)
        let topic = req.nonEmptyQuery("linh-vuc").flatMap { slug in topics.first { $0.slug == slug } }
        if req.nonEmptyQuery("linh-vuc") != nil, topic == nil { throw Abort(.notFound) }
        let query = Self.publishedAnswers(on: req.db)
        if let topic { query.filter(\.$topic == topic.slug) }
        let total = try await query.count()
        let items = try await query.sort(\.$publishedAt, .descending).range(((page - 1) * Self.perPage)..<(page * Self.perPage)).all()
        if page > 1, items.isEmpty { throw Abort(.notFound) }
        return .html(
            PetitionViews.answers(
                req.siteContext(topics: topics), items: items, topics: topics, topic: topic, page: page,
                pageCount: max(1, (total + Self.perPage - 1) / Self.perPage), total: total))
    }

    @Sendable func answer(req: Request) async throws -> Response {
        guard let code = TrackingCode(req.parameters.get("code") ?? ""),
            let petition = try await Self.publishedAnswers(on: req.db).filter(\.$code == code.description).first()
        else { throw Abort(.notFound) }
        let topics = try await PortalQueries.topics(on: req.db)
        let related = try await SearchService.suggest(petition.publicTitle ?? "", kind: Petition.recordType, limit: 6, on: req.db)
            .filter { $0.recordID != petition.id }.prefix(4)
        var unit: String?
        if let unitID = petition.unitID { unit = try await OrganisationUnit.find(unitID, on: req.db)?.name }
        return .html(
            PetitionViews.answer(
                req.siteContext(topics: topics), petition: petition, unit: unit, topics: topics, related: Array(related)))
    }

    @Sendable func feed(req: Request) async throws -> Response {
        let settings = req.application.loa.settings
        let items = try await Self.publishedAnswers(on: req.db).sort(\.$publishedAt, .descending).limit(50).all()
        let topics = Dictionary(try await PortalQueries.topics(on: req.db).map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let entries = items.map { petition in
            FeedsController.Entry(
                url: SiteURL.answer(petition.code).absolute(settings.publicURL), title: petition.publicTitle ?? "",
                published: petition.publishedAt ?? petition.receivedAt, updated: petition.publishedAt ?? petition.receivedAt,
                author: settings.siteName, categories: [(petition.topic, topics[petition.topic] ?? petition.topic)],
                summary: petition.publicQuestion ?? "",
                contentHTML: Markdown.html(keepingLineBreaks: petition.publicAnswer ?? ""))
        }
        return FeedsController.atomResponse(
            FeedsController.feed(
                title: "Hỏi đáp – \(settings.siteName)", selfPath: SiteURL.answersFeed.path, alternatePath: SiteURL.answers.path,
                entries: entries, settings: settings))
    }
}

import Foundation
import LoaCore

/// What the console page of one petition offers a member of staff: what they may read, the steps
/// they may take with what each asks for, and whether they may write the answer. Decided here,
/// from plain values, so that the view only lays it out and a test can check it without HTTP.
struct PetitionDetailPage {
    /// One step the member of staff may take, with what its form asks for.
    struct Step: Equatable {
        var target: PetitionState
        var label: String
        var needsUnit: Bool
        var needsNote: Bool
        var isRefusal: Bool
        /// Publishing: the public text as proposed (personal data removed), to read and correct.
        var publicText: Petitions.PublicText?
    }

    struct Answer: Equatable {
        var heading: String
        /// Markdown, as the staff member may see it.
        var text: String
        var by: String?
    }

    struct AnswerForm: Equatable {
        var text: String
        var hint: String
    }

    struct HistoryLine: Equatable {
        var at: Date
        var actor: String
        var from: String?
        var to: String
        /// The unit and the note, as this member of staff may read them.
        var detail: String
    }

    var staff: StaffIdentity
    var code: String
    var title: String
    var state: PetitionState
    var dueAt: Date?
    var isOverdue: Bool
    var facts: [(String, String)]
    var question: String
    /// Files sent with the petition: only for those who handle petitions.
    var attachments: [(name: String, path: String, kilobytes: Int)]?
    var answer: Answer?
    var publicAnswerPath: String?
    var answerForm: AnswerForm?
    /// The submitter's details, or nil for roles that may not see personal data.
    var submitter: [(String, String)]?
    var steps: [Step]
    var units: [(value: String, title: String)]
    var currentUnit: String?
    var history: [HistoryLine]
    var notices: [(at: Date, subject: String, outcome: String)]
    var flash: String?
    var error: String?

    struct Inputs {
        var staff: StaffIdentity
        var petition: Petition
        var history: [PetitionEvent]
        var attachments: [PetitionAttachment]
        var notices: [PetitionNotification]
        var units: UnitTree
        var topics: [Topic]
        var flash: String?
        var error: String?
        var approvalRequired: Bool
        var workflow: PetitionWorkflow
        var permissions: PermissionPolicy
        var now: Date
    }

    init(_ inputs: Inputs) {
        let (petition, staff, permissions) = (inputs.petition, inputs.staff, inputs.permissions)
        let handles = permissions.role(staff.role, may: .handlePetitions)
        let shown = Petitions.shownText(petition, to: staff.role, policy: permissions)
        self.staff = staff
        code = petition.code
        title = shown.title
        state = petition.state
        dueAt = petition.dueAt
        isOverdue = petition.isOverdue(at: inputs.now)
        facts = [
            ("Lĩnh vực", inputs.topics.first { $0.slug == petition.topic }?.name ?? petition.topic),
            ("Kênh", petition.channel.name),
            ("Ngày nhận", VietnamTime.dateTime(petition.receivedAt)),
            ("Đơn vị", inputs.units.name(of: petition.unitID) ?? "—"),
            ("Đồng ý công khai", petition.consentPublish ? "Có" : "Không"),
        ]
        question = shown.question
        attachments =
            handles
            ? inputs.attachments.map { file in
                (file.fileName, SiteRoute.staffPetitionAttachment.path(petition.code, file.id?.uuidString ?? ""), file.size / 1024)
            } : nil
        answer = petition.answer.map { text in
            let state = petition.answerPending ? " (chờ duyệt)" : petition.state == .assigned ? " (cũ, cần soạn lại)" : ""
            return Answer(heading: "Câu trả lời" + state, text: handles ? text : shown.answer, by: petition.answeredBy)
        }
        publicAnswerPath = petition.publicAnswer.map { _ in SiteURL.answer(petition.code).path }
        answerForm =
            petition.state == .assigned && handles
            ? AnswerForm(
                text: petition.answer ?? "",
                hint: (inputs.approvalRequired
                    ? "Câu trả lời được gửi sau khi người duyệt phê duyệt." : "Câu trả lời được gửi cho người gửi ngay khi lưu.")
                    + " Có thể dùng Markdown.")
            : nil
        submitter =
            permissions.role(staff.role, may: .viewPersonalData)
            ? [
                ("Họ tên", petition.name), ("Điện thoại", petition.phone.isEmpty ? "—" : petition.phone),
                ("E-mail", petition.email.isEmpty ? "—" : petition.email), ("Địa chỉ", petition.address.isEmpty ? "—" : petition.address),
            ] : nil
        // An answer is written in the answer form; the step to `answered` is the approver's
        // sign-off of an answer that waits for it.
        let awaitingSignOff = inputs.approvalRequired && petition.answerPending
        let proposal = Petitions.proposedPublicText(petition)
        steps = inputs.workflow.targets(from: petition.state, by: staff.role, consentPublish: petition.consentPublish)
            .filter { !(petition.state == .assigned && $0 == .answered && !awaitingSignOff) }
            .map { target in
                Step(
                    target: target, label: PetitionConsoleViews.actionName(from: petition.state, to: target),
                    needsUnit: target == .assigned && petition.state != .answered,
                    needsNote: target == .rejected || (petition.state == .answered && target == .assigned) || petition.state == .published,
                    isRefusal: target == .rejected, publicText: target == .published ? proposal : nil)
            }
        units = inputs.units.ordered().map { node in
            (node.unit.id?.uuidString ?? "", String(repeating: "— ", count: node.depth) + node.unit.name)
        }
        currentUnit = petition.unitID?.uuidString
        history = inputs.history.map { event in
            let unit = inputs.units.name(of: event.unitID).map { " · \($0)" } ?? ""
            let note =
                event.note.isEmpty ? "" : " — " + Petitions.shownNote(event.note, of: petition, to: staff.role, policy: permissions)
            return HistoryLine(
                at: event.createdAt, actor: event.actor, from: event.fromState?.name, to: event.toState.name, detail: unit + note)
        }
        notices = inputs.notices.map { ($0.createdAt, $0.subject, PetitionConsoleViews.noticeOutcome($0)) }
        flash = inputs.flash
        error = inputs.error
    }
}

import Foundation

/// Why a petition transition is refused, in words that tell the member of staff what to do.
public struct PetitionWorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case forbidden
        case invalidTransition
        case missingReason
        case missingUnit
        case missingAnswer
        case noConsent
        /// Forwarding (assigned → assigned) to the unit that already holds the petition.
        case sameUnit
    }

    public var kind: Kind
    /// Vietnamese, says what to do.
    public var message: String
    public var description: String { message }

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// What the member of staff supplied with a transition; the workflow checks it is enough.
public struct PetitionTransitionContext: Sendable, Equatable {
    /// The reason or comment given.
    public var note: String?
    /// A unit was named for this transition.
    public var unitGiven: Bool
    /// An answer text is stored.
    public var hasAnswer: Bool
    /// The submitter agreed to publish the answer.
    public var consentPublish: Bool
    /// The unit named is the one the petition is already assigned to.
    public var sameUnit: Bool

    public init(
        note: String? = nil, unitGiven: Bool = false, hasAnswer: Bool = false, consentPublish: Bool = false, sameUnit: Bool = false
    ) {
        self.note = note
        self.unitGiven = unitGiven
        self.hasAnswer = hasAnswer
        self.consentPublish = consentPublish
        self.sameUnit = sameUnit
    }

    var hasNote: Bool {
        !(note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}

/// The petition states of DESIGN.md and who may move between them. `approvalRequired` is the
/// agency's setting that an approver signs off every answer before it goes out.
public struct PetitionWorkflow: Sendable {
    public var policy: PermissionPolicy
    public var approvalRequired: Bool

    public init(policy: PermissionPolicy, approvalRequired: Bool = false) {
        self.policy = policy
        self.approvalRequired = approvalRequired
    }

    /// Every allowed move; anything else is refused as an invalid transition.
    static let allowed: Set<Move> = [
        Move(.received, .accepted), Move(.received, .rejected), Move(.accepted, .rejected),
        Move(.accepted, .assigned), Move(.assigned, .assigned), Move(.assigned, .answered),
        Move(.answered, .assigned), Move(.answered, .published), Move(.answered, .closed),
        // "Gỡ công khai": withdrawing a published answer that turned out to contain something it should not.
        Move(.published, .closed),
    ]

    struct Move: Hashable {
        var from: PetitionState
        var to: PetitionState
        init(_ from: PetitionState, _ to: PetitionState) {
            self.from = from
            self.to = to
        }
    }

    /// Throws why `from → to` by `role` is refused; returns normally when allowed.
    public func check(
        from: PetitionState, to: PetitionState, by role: Role, context: PetitionTransitionContext
    ) throws(PetitionWorkflowError) {
        // Permission first, so that a role without access learns nothing about the petition's state.
        // Handlers (and administrators) move petitions. Approvers only sign off answers, where the
        // agency asks for it: they approve a pending answer (assigned → answered) or return a
        // signed-off one for rework (answered → assigned); triage, assignment, publication and
        // closing stay with the handlers who see the whole petition.
        let handles = policy.role(role, may: .handlePetitions)
        let signsOff = approvalRequired && policy.role(role, may: .approvePetitionAnswers)
        let isSignOffMove = (from == .assigned && to == .answered) || (from == .answered && to == .assigned)
        if from == .assigned, to == .answered, approvalRequired {
            guard signsOff else {
                throw PetitionWorkflowError(
                    kind: .forbidden,
                    message: "Theo quy định của cơ quan, câu trả lời phải được người duyệt phê duyệt trước khi gửi; "
                        + "vai trò \(role.name) không được duyệt câu trả lời. Hãy chuyển câu trả lời cho người duyệt.")
            }
        } else if !(handles || (signsOff && isSignOffMove)) {
            throw PetitionWorkflowError(kind: .forbidden, message: Self.refusal(role, approvalRequired: approvalRequired))
        }

        guard Self.allowed.contains(Move(from, to)) else {
            let why = from.isFinal ? " Phản ánh đã kết thúc xử lý." : ""
            throw PetitionWorkflowError(
                kind: .invalidTransition, message: "Không thể chuyển phản ánh từ trạng thái \"\(from.name)\" sang \"\(to.name)\".\(why)")
        }

        switch (from, to) {
        case (_, .rejected) where !context.hasNote:
            throw PetitionWorkflowError(
                kind: .missingReason, message: "Khi không thụ lý, hãy ghi rõ lý do; lý do được gửi cho người phản ánh.")
        case (.accepted, .assigned) where !context.unitGiven:
            throw PetitionWorkflowError(kind: .missingUnit, message: "Hãy chọn đơn vị xử lý phản ánh.")
        case (.assigned, .assigned) where !context.unitGiven:
            throw PetitionWorkflowError(kind: .missingUnit, message: "Hãy chọn đơn vị mới để chuyển phản ánh đến.")
        case (.assigned, .assigned) where context.sameUnit:
            throw PetitionWorkflowError(kind: .sameUnit, message: "Phản ánh đã ở đơn vị này.")
        case (.assigned, .answered) where !context.hasAnswer:
            throw PetitionWorkflowError(kind: .missingAnswer, message: "Hãy nhập nội dung trả lời trước khi chuyển sang \"\(to.name)\".")
        case (.answered, .assigned) where !context.hasNote:
            throw PetitionWorkflowError(kind: .missingReason, message: "Khi trả lại để xử lý lại, hãy ghi rõ cần sửa gì.")
        case (.answered, .published) where !context.consentPublish:
            throw PetitionWorkflowError(
                kind: .noConsent,
                message: "Người gửi không đồng ý công khai câu trả lời; hãy kết thúc phản ánh (trả lời riêng) thay vì công khai.")
        case (.published, .closed) where !context.hasNote:
            throw PetitionWorkflowError(
                kind: .missingReason, message: "Khi gỡ công khai câu trả lời, hãy ghi rõ lý do (nội dung nào không được công khai).")
        default:
            return
        }
    }

    static func refusal(_ role: Role, approvalRequired: Bool) -> String {
        if role == .approver {
            return approvalRequired
                ? """
                Người duyệt chỉ phê duyệt hoặc trả lại câu trả lời; việc tiếp nhận, phân công, công khai và kết thúc do cán bộ xử lý \
                thực hiện.
                """
                : "Người duyệt không xử lý phản ánh, kiến nghị; cơ quan không yêu cầu duyệt câu trả lời."
        }
        return "Vai trò \(role.name) không được xử lý phản ánh, kiến nghị."
    }

    /// The states `role` could move to from `state` (ignoring missing note/unit/answer, and assuming a
    /// forward goes to another unit), for buttons.
    public func targets(from state: PetitionState, by role: Role, consentPublish: Bool) -> [PetitionState] {
        let everything = PetitionTransitionContext(note: "-", unitGiven: true, hasAnswer: true, consentPublish: consentPublish)
        return PetitionState.allCases.filter { target in
            do {
                try check(from: state, to: target, by: role, context: everything)
                return true
            } catch {
                return false
            }
        }
    }
}

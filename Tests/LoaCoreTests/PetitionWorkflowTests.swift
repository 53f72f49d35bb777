import Testing

@testable import LoaCore

@Suite struct PetitionStateTests {
    @Test func namesAreVietnamese() {
        #expect(
            PetitionState.allCases.map(\.name) == [
                "Đã tiếp nhận", "Đã thụ lý", "Không thụ lý", "Đang xử lý", "Đã trả lời", "Đã công khai trả lời", "Đã kết thúc",
            ])
        #expect(PetitionChannel.allCases.map(\.name) == ["Cổng thông tin", "API", "Open311", "Zalo"])
        #expect(PetitionChannel.allCases.map(\.rawValue) == ["web", "api", "open311", "zalo"])
    }

    @Test func finalAndPublicStates() {
        #expect(PetitionState.allCases.filter(\.isFinal) == [.rejected, .closed])
        #expect(PetitionState.allCases.filter(\.isPublic) == [.published])
    }

    @Test func rawValuesAreStable() {
        #expect(
            PetitionState.allCases.map(\.rawValue) == ["received", "accepted", "rejected", "assigned", "answered", "published", "closed"])
    }
}

@Suite struct PetitionPermissionTests {
    let policy = PermissionPolicy()

    @Test func handlersHandleAndSeePersonalData() {
        #expect(policy.role(.handler, may: .handlePetitions))
        #expect(policy.role(.handler, may: .viewPersonalData))
        #expect(!policy.role(.handler, may: .approvePetitionAnswers))
    }

    @Test func approversSignOffAnswersButDoNotSeePersonalData() {
        #expect(policy.role(.approver, may: .approvePetitionAnswers))
        #expect(!policy.role(.approver, may: .viewPersonalData))
        #expect(!policy.role(.approver, may: .handlePetitions))
    }

    @Test func administratorsMayEverything() {
        #expect(Permission.allCases.allSatisfy { policy.role(.administrator, may: $0) })
    }

    @Test(arguments: [Role.editor, .communications])
    func otherRolesHaveNoPetitionPermissions(role: Role) {
        for permission in [Permission.handlePetitions, .approvePetitionAnswers, .viewPersonalData] {
            #expect(!policy.role(role, may: permission))
            #expect(!PermissionPolicy(editorsMayPublish: true).role(role, may: permission))
        }
    }

    @Test func theRestOfTheMatrixIsUnchanged() {
        #expect(policy.role(.editor, may: .editContent))
        #expect(!policy.role(.editor, may: .publishContent))
        #expect(PermissionPolicy(editorsMayPublish: true).role(.editor, may: .publishContent))
        #expect(policy.role(.approver, may: .publishContent))
        #expect(policy.role(.communications, may: .manageZalo))
        #expect(!policy.role(.handler, may: .manageUsers))
    }
}

@Suite struct PetitionWorkflowTests {
    let workflow = PetitionWorkflow(policy: PermissionPolicy())
    let full = PetitionTransitionContext(note: "Đã xác minh", unitGiven: true, hasAnswer: true, consentPublish: true)

    /// What each pair gives with nothing supplied: nil when allowed, otherwise the refusal.
    static let expectedWithNothing: [String: PetitionWorkflowError.Kind?] = [
        "received>accepted": nil,
        "received>rejected": .missingReason,
        "accepted>rejected": .missingReason,
        "accepted>assigned": .missingUnit,
        "assigned>assigned": .missingUnit,
        "assigned>answered": .missingAnswer,
        "answered>assigned": .missingReason,
        "answered>published": .noConsent,
        "answered>closed": nil,
        "published>closed": .missingReason,
    ]

    static let pairs = PetitionState.allCases.flatMap { from in PetitionState.allCases.map { (from, $0) } }

    func outcome(
        _ from: PetitionState, _ to: PetitionState, _ role: Role, _ context: PetitionTransitionContext, approval: Bool = false
    )
        -> PetitionWorkflowError?
    {
        do {
            try PetitionWorkflow(policy: PermissionPolicy(), approvalRequired: approval).check(
                from: from, to: to, by: role, context: context)
            return nil
        } catch {
            return error
        }
    }

    @Test func thereAreFortyNinePairs() {
        #expect(Self.pairs.count == 49)
    }

    @Test(arguments: pairs)
    func everyPairWithNothingSupplied(from: PetitionState, to: PetitionState) {
        let error = outcome(from, to, .handler, PetitionTransitionContext())
        if let expected = Self.expectedWithNothing["\(from.rawValue)>\(to.rawValue)"] {
            #expect(error?.kind == expected, "\(from) → \(to)")
        } else {
            #expect(error?.kind == .invalidTransition, "\(from) → \(to)")
            #expect(error?.message.contains("\"\(from.name)\"") == true)
            #expect(error?.message.contains("\"\(to.name)\"") == true)
        }
    }

    @Test(arguments: pairs)
    func everyPairWithEverythingSupplied(from: PetitionState, to: PetitionState) {
        let allowed = Self.expectedWithNothing.keys.contains("\(from.rawValue)>\(to.rawValue)")
        for role in [Role.handler, .administrator] {
            let error = outcome(from, to, role, full)
            #expect((error == nil) == allowed, "\(role): \(from) → \(to)")
            if !allowed { #expect(error?.kind == .invalidTransition) }
        }
    }

    @Test(arguments: pairs)
    func rolesWithoutPetitionPermissionsAreRefusedFirst(from: PetitionState, to: PetitionState) {
        for role in [Role.editor, .communications] {
            let error = outcome(from, to, role, full)
            #expect(error?.kind == .forbidden)
            #expect(error?.message.contains(role.name) == true)
            #expect(outcome(from, to, role, PetitionTransitionContext(), approval: true)?.kind == .forbidden)
        }
    }

    @Test func finalStatesAllowNothing() {
        for from in PetitionState.allCases where from.isFinal {
            for to in PetitionState.allCases {
                #expect(outcome(from, to, .administrator, full)?.kind == .invalidTransition)
            }
            #expect(workflow.targets(from: from, by: .administrator, consentPublish: true).isEmpty)
        }
    }

    @Test(arguments: [nil, "", "   ", "\n\t"] as [String?])
    func rejectingNeedsAReason(note: String?) {
        let context = PetitionTransitionContext(note: note)
        let error = outcome(.received, .rejected, .handler, context)
        #expect(error?.kind == .missingReason)
        #expect(error?.message.contains("lý do") == true)
        #expect(outcome(.accepted, .rejected, .handler, context)?.kind == .missingReason)
        #expect(outcome(.answered, .assigned, .handler, context)?.kind == .missingReason)
    }

    @Test func aReasonIsEnoughToReject() {
        let context = PetitionTransitionContext(note: "Nội dung không thuộc thẩm quyền của Bộ Nội vụ.")
        #expect(outcome(.received, .rejected, .handler, context) == nil)
        #expect(outcome(.accepted, .rejected, .handler, context) == nil)
    }

    @Test func assigningAndReassigningNeedAUnit() {
        #expect(outcome(.accepted, .assigned, .handler, PetitionTransitionContext(note: "Giao Vụ Tiền lương"))?.kind == .missingUnit)
        #expect(outcome(.accepted, .assigned, .handler, PetitionTransitionContext(unitGiven: true)) == nil)
        #expect(outcome(.assigned, .assigned, .handler, PetitionTransitionContext())?.kind == .missingUnit)
        #expect(outcome(.assigned, .assigned, .handler, PetitionTransitionContext(unitGiven: true)) == nil)
    }

    @Test func forwardingToTheSameUnitIsRefused() {
        let error = outcome(.assigned, .assigned, .handler, PetitionTransitionContext(unitGiven: true, sameUnit: true))
        #expect(error?.kind == .sameUnit)
        #expect(error?.message == "Phản ánh đã ở đơn vị này.")
        #expect(
            outcome(.assigned, .assigned, .administrator, PetitionTransitionContext(note: "Chuyển lại", unitGiven: true, sameUnit: true))?
                .kind == .sameUnit)
        // No unit named at all: that is what the member of staff is told first.
        #expect(outcome(.assigned, .assigned, .handler, PetitionTransitionContext(sameUnit: true))?.kind == .missingUnit)
        // Only a forward is refused: the first assignment and other moves do not look at it.
        #expect(outcome(.accepted, .assigned, .handler, PetitionTransitionContext(unitGiven: true, sameUnit: true)) == nil)
        #expect(outcome(.answered, .assigned, .handler, PetitionTransitionContext(note: "Sửa lại", sameUnit: true)) == nil)
        #expect(outcome(.assigned, .answered, .handler, PetitionTransitionContext(hasAnswer: true, sameUnit: true)) == nil)
        // Permission is still checked first.
        #expect(outcome(.assigned, .assigned, .editor, PetitionTransitionContext(unitGiven: true, sameUnit: true))?.kind == .forbidden)
    }

    @Test func theDefaultContextIsAnotherUnit() {
        #expect(PetitionTransitionContext().sameUnit == false)
        #expect(PetitionTransitionContext(unitGiven: true) != PetitionTransitionContext(unitGiven: true, sameUnit: true))
    }

    @Test(arguments: [nil, "", "   ", "\n\t"] as [String?])
    func withdrawingAPublishedAnswerNeedsAReason(note: String?) {
        let error = outcome(.published, .closed, .handler, PetitionTransitionContext(note: note, consentPublish: true))
        #expect(error?.kind == .missingReason)
        #expect(error?.message.contains("gỡ công khai") == true)
        #expect(error?.message.contains("lý do") == true)
    }

    @Test func withdrawingAPublishedAnswer() {
        let context = PetitionTransitionContext(note: "Câu trả lời có số điện thoại của người dân, gỡ để sửa.")
        #expect(outcome(.published, .closed, .handler, context) == nil)
        #expect(outcome(.published, .closed, .approver, context)?.kind == .forbidden)
        #expect(outcome(.published, .closed, .administrator, context) == nil)
        #expect(outcome(.published, .closed, .handler, context, approval: true) == nil)
        for role in [Role.editor, .communications] {
            #expect(outcome(.published, .closed, role, context)?.kind == .forbidden)
        }
        // Withdrawing only closes: the answer is not published again, nor sent back for rework.
        for to in PetitionState.allCases where to != .closed {
            let error = outcome(.published, to, .administrator, context)
            #expect(error?.kind == .invalidTransition, "published → \(to)")
            #expect(error?.message.contains("kết thúc xử lý") == false)
        }
        #expect(PetitionState.published.isPublic && !PetitionState.published.isFinal)
        #expect(!PetitionState.closed.isPublic && PetitionState.closed.isFinal)
    }

    @Test func answeringNeedsAnAnswer() {
        let error = outcome(.assigned, .answered, .handler, PetitionTransitionContext(note: "Xong"))
        #expect(error?.kind == .missingAnswer)
        #expect(outcome(.assigned, .answered, .handler, PetitionTransitionContext(hasAnswer: true)) == nil)
        #expect(outcome(.assigned, .answered, .administrator, PetitionTransitionContext(hasAnswer: true)) == nil)
    }

    @Test func sendingBackNeedsAComment() {
        #expect(outcome(.answered, .assigned, .handler, PetitionTransitionContext(note: "Bổ sung căn cứ pháp lý")) == nil)
        #expect(outcome(.answered, .assigned, .handler, PetitionTransitionContext(unitGiven: true))?.kind == .missingReason)
        // Where answers are signed off, the approver may return one, with a comment.
        #expect(outcome(.answered, .assigned, .approver, PetitionTransitionContext(note: "Bổ sung căn cứ"), approval: true) == nil)
        #expect(outcome(.answered, .assigned, .approver, PetitionTransitionContext(), approval: true)?.kind == .missingReason)
    }

    @Test func publishingNeedsConsent() {
        let error = outcome(.answered, .published, .handler, PetitionTransitionContext(hasAnswer: true))
        #expect(error?.kind == .noConsent)
        #expect(error?.message.contains("kết thúc") == true)
        #expect(outcome(.answered, .published, .handler, PetitionTransitionContext(consentPublish: true)) == nil)
        #expect(outcome(.answered, .closed, .handler, PetitionTransitionContext()) == nil)
    }

    @Test func whenApprovalIsRequiredOnlyApproversAnswer() {
        let context = PetitionTransitionContext(hasAnswer: true)
        let error = outcome(.assigned, .answered, .handler, context, approval: true)
        #expect(error?.kind == .forbidden)
        #expect(error?.message.contains("người duyệt") == true)
        #expect(error?.message.contains(Role.handler.name) == true)
        #expect(outcome(.assigned, .answered, .approver, context, approval: true) == nil)
        #expect(outcome(.assigned, .answered, .administrator, context, approval: true) == nil)
        // The approver still needs the answer to be there.
        #expect(outcome(.assigned, .answered, .approver, PetitionTransitionContext(), approval: true)?.kind == .missingAnswer)
    }

    @Test func approvalDoesNotChangeTheOtherTransitions() {
        for (from, to) in Self.pairs where !(from == .assigned && to == .answered) {
            #expect(outcome(from, to, .handler, full, approval: true)?.kind == outcome(from, to, .handler, full)?.kind)
        }
    }

    @Test func permissionIsCheckedBeforeTheTransition() {
        // A final state and a missing reason: the role is what is reported.
        #expect(outcome(.closed, .received, .editor, PetitionTransitionContext())?.kind == .forbidden)
        #expect(outcome(.published, .closed, .communications, PetitionTransitionContext())?.kind == .forbidden)
        #expect(outcome(.received, .rejected, .communications, PetitionTransitionContext())?.kind == .forbidden)
        // The transition is checked before what it needs.
        #expect(outcome(.received, .assigned, .handler, PetitionTransitionContext())?.kind == .invalidTransition)
    }

    @Test func messagesSayWhatToDoInVietnamese() {
        let error = outcome(.received, .answered, .handler, full)
        #expect(error?.message == "Không thể chuyển phản ánh từ trạng thái \"Đã tiếp nhận\" sang \"Đã trả lời\".")
        #expect(
            outcome(.closed, .published, .handler, full)?.message
                == "Không thể chuyển phản ánh từ trạng thái \"Đã kết thúc\" sang \"Đã công khai trả lời\". Phản ánh đã kết thúc xử lý.")
        #expect(error?.description == error?.message)
        #expect(outcome(.received, .accepted, .editor, full)?.message == "Vai trò Biên tập viên không được xử lý phản ánh, kiến nghị.")
    }

    @Test func targetsForButtons() {
        #expect(workflow.targets(from: .received, by: .handler, consentPublish: false) == [.accepted, .rejected])
        #expect(workflow.targets(from: .accepted, by: .handler, consentPublish: false) == [.rejected, .assigned])
        #expect(workflow.targets(from: .assigned, by: .handler, consentPublish: false) == [.assigned, .answered])
        #expect(workflow.targets(from: .answered, by: .handler, consentPublish: false) == [.assigned, .closed])
        #expect(workflow.targets(from: .answered, by: .handler, consentPublish: true) == [.assigned, .published, .closed])
        #expect(workflow.targets(from: .published, by: .handler, consentPublish: true) == [.closed])
        #expect(workflow.targets(from: .published, by: .approver, consentPublish: false).isEmpty)
        #expect(workflow.targets(from: .published, by: .editor, consentPublish: true).isEmpty)
        #expect(workflow.targets(from: .closed, by: .administrator, consentPublish: true).isEmpty)
        #expect(workflow.targets(from: .rejected, by: .administrator, consentPublish: true).isEmpty)
        #expect(workflow.targets(from: .received, by: .editor, consentPublish: true).isEmpty)
        #expect(workflow.targets(from: .received, by: .communications, consentPublish: true).isEmpty)
    }

    /// Approvers sign off answers; they do not triage, assign, publish or close (issue 13, 5).
    @Test(arguments: pairs)
    func approversOnlySignOff(from: PetitionState, to: PetitionState) {
        let signOff = (from == .assigned && to == .answered) || (from == .answered && to == .assigned)
        #expect(outcome(from, to, .approver, full)?.kind == .forbidden, "\(from) → \(to) without approval")
        let withApproval = outcome(from, to, .approver, full, approval: true)
        if signOff {
            #expect(withApproval == nil, "\(from) → \(to)")
        } else {
            #expect(withApproval?.kind == .forbidden, "\(from) → \(to)")
            #expect(withApproval?.message.contains("cán bộ xử lý") == true)
        }
    }

    @Test func targetsFollowTheApprovalSetting() {
        let approval = PetitionWorkflow(policy: PermissionPolicy(), approvalRequired: true)
        #expect(approval.targets(from: .assigned, by: .handler, consentPublish: true) == [.assigned])
        #expect(approval.targets(from: .assigned, by: .approver, consentPublish: true) == [.answered])
        #expect(approval.targets(from: .answered, by: .approver, consentPublish: true) == [.assigned])
    }
}

@Suite struct AuditVocabularyTests {
    @Test func everyActionLoaRecordsIsNamedInVietnamese() {
        var actions = ["login", "logout", "login.failed", "login.lockout", "user.create", "user.update", "user.password", "token.create"]
        actions += ["two_factor.enrol", "two_factor.use", "two_factor.failed", "two_factor.recovery_used", "two_factor.disable"]
        actions += ["attachment.upload", "attachment.delete", "unit.create", "job.retry", "zalo.broadcast", "petition.export"]
        for record in ["article", "document"] {
            actions += (EditorialAction.allCases.map(\.rawValue) + ["create", "update", "delete", "restore"]).map { "\(record).\($0)" }
        }
        actions += PetitionState.allCases.map { "petition.\($0.rawValue)" }
        actions += CommentStatus.allCases.map { "consultation.comment.\($0.rawValue)" }
        actions += ["consultation.create", "consultation.update", "consultation.publish", "consultation.synthesis"]
        for action in actions {
            let words = AuditVocabulary.describe(action)
            #expect(words != "Thao tác khác", "\(action)")
            #expect(!words.contains("."), "\(action): \(words)")
        }
        #expect(AuditVocabulary.describe("article.publish") == "Bài viết: đăng")
        #expect(AuditVocabulary.describe("something.new") == "Thao tác khác")
    }
}

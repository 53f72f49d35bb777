import Foundation
import LoaCore
import Testing

@testable import LoaServer

/// The petition page's model decides what a member of staff may read and do; checked here from
/// plain values, without a database or HTTP.
@Suite struct PetitionDetailPageTests {
    static let now = Date(timeIntervalSince1970: 1_772_418_600)

    static func petition(_ state: PetitionState, answer: String? = nil, pending: Bool = false) -> Petition {
        let petition = Petition()
        petition.code = "PA-2026-000007"
        petition.channel = .web
        petition.topic = "tien-luong"
        petition.title = "Lương của Nguyễn Văn An"
        petition.content = "Tôi là Nguyễn Văn An, điện thoại 0912345678, hỏi về lương cơ sở năm 2026."
        petition.name = "Nguyễn Văn An"
        petition.phone = "0912345678"
        petition.email = "an@example.vn"
        petition.address = "Hà Nội"
        petition.consentPublish = true
        petition.state = state
        petition.answer = answer
        petition.answerPending = pending
        petition.receivedAt = now.addingTimeInterval(-10 * 86400)
        petition.dueAt = now.addingTimeInterval(-86400)
        return petition
    }

    static func page(_ petition: Petition, role: Role, approval: Bool = false) -> PetitionDetailPage {
        let staff = StaffIdentity(
            userID: UUID(), email: "\(role.rawValue)@bo.example.vn", name: "Cán bộ", role: role, sessionID: UUID(), csrfToken: "t")
        let permissions = PermissionPolicy()
        return PetitionDetailPage(
            .init(
                staff: staff, petition: petition, history: [], attachments: [], notices: [], units: UnitTree([]), topics: [],
                flash: nil, error: nil, approvalRequired: approval,
                workflow: PetitionWorkflow(policy: permissions, approvalRequired: approval), permissions: permissions, now: now))
    }

    @Test func aHandlerWritesTheAnswerRatherThanSteppingToAnswered() {
        let page = Self.page(Self.petition(.assigned), role: .handler)
        #expect(page.answerForm != nil)
        #expect(!page.steps.map(\.target).contains(.answered))
        #expect(page.submitter?.first?.1 == "Nguyễn Văn An")
        #expect(page.isOverdue)
        #expect(page.answerForm?.hint.hasPrefix("Câu trả lời được gửi cho người gửi ngay khi lưu.") == true)
    }

    @Test func withApprovalTheApproverSignsOffAPendingAnswer() {
        let waiting = Self.petition(.assigned, answer: "Trả lời", pending: true)
        let approver = Self.page(waiting, role: .approver, approval: true)
        #expect(approver.steps.contains { $0.target == .answered && $0.label == "Duyệt và gửi câu trả lời" })
        #expect(approver.answer?.heading == "Câu trả lời (chờ duyệt)")
        let handler = Self.page(waiting, role: .handler, approval: true)
        #expect(handler.answerForm?.hint.hasPrefix("Câu trả lời được gửi sau khi người duyệt phê duyệt.") == true)
    }

    @Test func refusingNeedsAReasonAndAssigningAUnit() {
        let page = Self.page(Self.petition(.received), role: .handler)
        let refusal = page.steps.first { $0.target == .rejected }
        #expect(refusal?.needsNote == true && refusal?.isRefusal == true && refusal?.label == "Không thụ lý")
        let accepted = Self.page(Self.petition(.accepted), role: .handler)
        #expect(accepted.steps.first { $0.target == .assigned }?.needsUnit == true)
        #expect(accepted.answerForm == nil)
    }

    @Test func publishingOffersTheTextWithoutPersonalData() throws {
        let page = Self.page(Self.petition(.answered, answer: "Gửi ông Nguyễn Văn An: mức lương cơ sở là 2,34 triệu đồng."), role: .handler)
        let publish = try #require(page.steps.first { $0.target == .published })
        let text = try #require(publish.publicText)
        #expect(!text.question.contains("0912345678"))
        #expect(publish.label == "Công khai câu trả lời")
    }

    @Test func rolesThatMayNotSeePersonalDataDoNot() {
        let page = Self.page(Self.petition(.assigned), role: .communications)
        #expect(page.submitter == nil)
        #expect(page.attachments == nil)
        #expect(page.answerForm == nil)
    }
}

/// The draft's console page offers publishing, the synthesis and e-mail addresses by role and time.
@Suite struct ConsultationConsoleOfferTests {
    static let now = Date(timeIntervalSince1970: 1_772_418_600)

    static func draft(published: Bool, closed: Bool, synthesis: Bool = false) -> Consultation {
        let consultation = Consultation()
        consultation.status = published ? .published : .draft
        consultation.opensAt = now.addingTimeInterval(-30 * 86_400)
        consultation.closesAt = now.addingTimeInterval(closed ? -86_400 : 86_400)
        consultation.synthesisPublishedAt = synthesis ? now : nil
        return consultation
    }

    @Test func offersFollowRoleAndTime() {
        let policy = PermissionPolicy()
        let unpublished = ConsultationConsoleOffer(
            Self.draft(published: false, closed: false), role: .approver, policy: policy, now: Self.now)
        #expect(unpublished.mayPublish && !unpublished.mayPublishSynthesis)
        let byEditor = ConsultationConsoleOffer(Self.draft(published: false, closed: false), role: .editor, policy: policy, now: Self.now)
        #expect(!byEditor.mayPublish && !byEditor.showsEmails)
        let open = ConsultationConsoleOffer(Self.draft(published: true, closed: false), role: .approver, policy: policy, now: Self.now)
        #expect(!open.mayPublish && !open.mayPublishSynthesis)
        let closed = ConsultationConsoleOffer(Self.draft(published: true, closed: true), role: .approver, policy: policy, now: Self.now)
        #expect(closed.mayPublishSynthesis && !closed.isFrozen)
        let done = ConsultationConsoleOffer(
            Self.draft(published: true, closed: true, synthesis: true), role: .approver, policy: policy, now: Self.now)
        #expect(done.isFrozen && !done.mayPublishSynthesis)
        let administrator = ConsultationConsoleOffer(
            Self.draft(published: true, closed: false), role: .administrator, policy: policy, now: Self.now)
        #expect(administrator.showsEmails)
    }
}

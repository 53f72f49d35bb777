/// Work waiting for a member of staff, and who is told of it. Decided here, without I/O; the
/// server writes a notice in the same transaction as the step that causes it.
public enum StaffNoticeKind: String, Codable, Sendable, CaseIterable {
    /// An editor submitted something for review: for those who may publish.
    case reviewRequested = "review_requested"
    /// An approver sent it back with a comment: for its author.
    case sentBack = "sent_back"
    /// Someone else published it: for its author.
    case published
    /// A petition was assigned to a unit: for the unit's handlers.
    case petitionAssigned = "petition_assigned"
    /// A handler's answer waits for sign-off (`LOA_PETITION_APPROVAL`): for approvers.
    case answerToApprove = "answer_to_approve"

    /// The words before the record's title, for the console and the mail's subject.
    public var name: String {
        switch self {
        case .reviewRequested: "Chờ bạn duyệt"
        case .sentBack: "Được trả lại để sửa"
        case .published: "Đã được đăng"
        case .petitionAssigned: "Phản ánh giao cho đơn vị của bạn"
        case .answerToApprove: "Câu trả lời chờ bạn duyệt"
        }
    }

    /// The editorial steps that tell someone.
    public static func after(_ action: EditorialAction) -> StaffNoticeKind? {
        switch action {
        case .submit: .reviewRequested
        case .sendBack: .sentBack
        case .publish: .published
        case .schedule, .unpublish: nil
        }
    }
}

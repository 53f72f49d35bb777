import Foundation

/// Where an article or document stands; only `published` is public.
public enum PublicationStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case inReview = "in_review"
    case scheduled
    case published
    case unpublished

    public var name: String {
        switch self {
        case .draft: "Bản nháp"
        case .inReview: "Chờ duyệt"
        case .scheduled: "Hẹn giờ đăng"
        case .published: "Đã đăng"
        case .unpublished: "Đã gỡ"
        }
    }
}

/// The steps of the editorial workflow.
public enum EditorialAction: String, Codable, Sendable, CaseIterable {
    case submit
    case publish
    case schedule
    case sendBack = "send_back"
    case unpublish

    public var name: String {
        switch self {
        case .submit: "Gửi duyệt"
        case .publish: "Đăng"
        case .schedule: "Hẹn giờ đăng"
        case .sendBack: "Trả lại biên tập"
        case .unpublish: "Gỡ bài"
        }
    }
}

public struct WorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case forbidden
        case invalidTransition
        case missingComment
        case scheduleInPast
    }

    public var kind: Kind
    public var message: String
    public var description: String { message }
}

/// draft → in review → published, or scheduled (publishes itself at its time) → unpublished.
/// An approver may send an item back to draft with a comment; editors publish only when the
/// policy allows it.
public struct EditorialWorkflow: Sendable {
    public var policy: PermissionPolicy

    public init(policy: PermissionPolicy) {
        self.policy = policy
    }

    /// The state after `action`, or why it is refused.
    public func apply(
        _ action: EditorialAction, to state: PublicationStatus, by role: Role, comment: String? = nil, publishAt: Date? = nil,
        now: Date = Date()
    ) throws(WorkflowError) -> PublicationStatus {
        let needed: Permission = action == .submit ? .editContent : .publishContent
        guard policy.role(role, may: needed) else {
            throw WorkflowError(
                kind: .forbidden,
                message: action == .submit
                    ? "Vai trò \(role.name) không được biên tập nội dung."
                    : "Vai trò \(role.name) không được \(action.name.lowercased()); cần người duyệt.")
        }
        let allowedFrom: Set<PublicationStatus>
        let target: PublicationStatus
        switch action {
        case .submit: (allowedFrom, target) = ([.draft, .unpublished], .inReview)
        case .publish: (allowedFrom, target) = ([.draft, .inReview, .scheduled, .unpublished], .published)
        case .schedule: (allowedFrom, target) = ([.draft, .inReview, .unpublished, .scheduled], .scheduled)
        case .sendBack: (allowedFrom, target) = ([.inReview, .scheduled], .draft)
        case .unpublish: (allowedFrom, target) = ([.published, .scheduled], .unpublished)
        }
        guard allowedFrom.contains(state) else {
            throw WorkflowError(
                kind: .invalidTransition, message: "Không thể \(action.name.lowercased()) khi nội dung đang ở trạng thái \"\(state.name)\"."
            )
        }
        if action == .sendBack, (comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw WorkflowError(kind: .missingComment, message: "Khi trả lại, hãy ghi rõ cần sửa gì.")
        }
        if action == .schedule {
            guard let publishAt, publishAt > now else {
                throw WorkflowError(kind: .scheduleInPast, message: "Thời điểm hẹn đăng phải ở tương lai.")
            }
            guard publishAt.timeIntervalSince(now) <= Self.longestSchedule else {
                throw WorkflowError(kind: .scheduleInPast, message: "Chỉ hẹn đăng trong vòng 5 năm tới.")
            }
        }
        return target
    }

    /// A date further ahead is a typing mistake (2301 for 2031), not a plan.
    public static let longestSchedule: TimeInterval = 5 * 366 * 86_400

    /// Who may change the text: anyone who edits, while it is not public; once it is published or
    /// scheduled, only someone who may publish, since the change goes out without review.
    public func mayEdit(_ state: PublicationStatus, role: Role) -> Bool {
        switch state {
        case .draft, .inReview, .unpublished: policy.role(role, may: .editContent)
        case .published, .scheduled: policy.role(role, may: .publishContent)
        }
    }
}

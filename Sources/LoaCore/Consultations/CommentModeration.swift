import Foundation

/// Where a comment stands. A comment is public only when `approved`.
///
/// - `unconfirmed`: sent with e-mail confirmation on, link not yet followed; not in the
///   moderation queue, so moderators never spend time on comments nobody stands behind.
/// - `pending` → `approved` or `hidden` (a reason is required, and kept).
/// - `approved` → `hidden`: an approval can be withdrawn (abuse noticed later).
/// - `hidden` → `approved`: a hiding can be reconsidered; the reason stays in the record.
///
/// Nothing moves once the synthesis is published: the published counts must stay those of the
/// stored comments.
public enum CommentStatus: String, Sendable, Codable, CaseIterable {
    case unconfirmed, pending, approved, hidden

    public var name: String {
        switch self {
        case .unconfirmed: "Chờ xác nhận e-mail"
        case .pending: "Chờ duyệt"
        case .approved: "Đã duyệt"
        case .hidden: "Đã ẩn"
        }
    }
}

public struct ModerationError: Error, Sendable, Equatable {
    public var message: String
}

public enum CommentModeration {
    public static let reasonMaximum = 500

    /// Checks a moderator's decision; returns the reason to store (trimmed), nil when approving.
    public static func check(
        from current: CommentStatus, to target: CommentStatus, reason: String?, synthesisPublished: Bool
    ) throws(ModerationError) -> String? {
        if synthesisPublished {
            throw ModerationError(message: "Bản tổng hợp ý kiến đã được công bố; không thể thay đổi trạng thái góp ý.")
        }
        let reason = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch (current, target) {
        case (.pending, .approved), (.hidden, .approved):
            return nil
        case (.pending, .hidden), (.approved, .hidden):
            guard !reason.isEmpty else { throw ModerationError(message: "Hãy ghi lý do ẩn góp ý.") }
            guard reason.count <= reasonMaximum else {
                throw ModerationError(message: "Lý do ẩn không được dài quá \(reasonMaximum) ký tự.")
            }
            return reason
        case (.unconfirmed, _):
            throw ModerationError(message: "Góp ý chưa được người gửi xác nhận qua e-mail nên chưa thể duyệt.")
        default:
            throw ModerationError(message: "Góp ý đang ở trạng thái “\(current.name)”, không thể chuyển sang “\(target.name)”.")
        }
    }
}

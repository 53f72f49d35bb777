import Foundation

/// Whether a new policy post goes to a follower, and if not, why: the reason is recorded per
/// follower, so that the communications officer sees how many a broadcast reached and why the rest did not.
public enum DeliveryDecision: String, Sendable, Codable {
    case send
    case outsideWindow = "outside_window"
    case unfollowed
    case notSubscribed = "not_subscribed"
}

/// Who receives a post over Zalo. Zalo delivers customer-service messages only to followers who
/// wrote to the OA within the last 7 days; sending to anyone else costs a call and fails with -230.
public enum BroadcastRules {
    public static let window: TimeInterval = 7 * 86_400

    /// In this order: someone who left the OA gets nothing (`unfollowed`); someone who did not ask
    /// for any of the post's topics gets nothing (`notSubscribed`; a post without topics reaches no
    /// one); a subscriber who has not written within the window, or never, cannot be reached
    /// (`outsideWindow`). Exactly 7 days after the last message still counts as within.
    public static func decide(
        following: Bool, lastInteraction: Date?, subscribedTopics: Set<String>, articleTopics: Set<String>, now: Date
    ) -> DeliveryDecision {
        guard following else { return .unfollowed }
        guard !subscribedTopics.isDisjoint(with: articleTopics) else { return .notSubscribed }
        guard let lastInteraction, now.timeIntervalSince(lastInteraction) <= window else { return .outsideWindow }
        return .send
    }
}

/// What the sender does after Zalo answered with a non-zero `error`.
public enum ZaloErrorAction: Sendable, Equatable {
    /// The access token is invalid or expired: refresh it (under the lock) and send again.
    case refreshToken
    /// The follower has not written within 7 days: record it, do not retry.
    case outsideWindow
    /// The follower no longer follows the OA: mark them, do not retry.
    case unfollowed
    /// Send again after this many seconds.
    case retry(after: TimeInterval)
    /// Stop sending anything of this kind (the OA's quota is used up); the reason in Vietnamese.
    case stop(String)
    /// This message failed for a reason retrying will not change; the reason in Vietnamese.
    case fail(String)
}

/// Zalo's error codes (DESIGN.md, "Replies"): a failure usually still comes with HTTP 200, so the
/// sender must read `error` and act on it.
public enum ZaloErrors {
    /// What to do about an `error` code in Zalo's reply: an invalid or expired token is refreshed;
    /// outside the window or never interacted counts as outside the window; an unfollower is marked;
    /// a rate limit waits 60 s; an article still processing is asked again after 30 s; no messages at
    /// night waits for the next 06:00 Vietnam time (from `now`); out of quota stops; anything else
    /// fails with a Vietnamese description. Callers check for success first; success gives `.fail`.
    public static func action(for code: Int, now: Date) -> ZaloErrorAction {
        switch ZaloErrorCode(rawValue: code) {
        case .invalidToken, .tokenExpired: .refreshToken
        case .outsideWindow, .neverInteracted: .outsideWindow
        case .notFollowing: .unfollowed
        case .rateLimited: .retry(after: 60)
        case .articleProcessing: .retry(after: 30)
        case .notAtNight: .retry(after: secondsUntilMorning(after: now))
        case .outOfQuota: .stop(describe(code))
        default: .fail(describe(code))
        }
    }

    /// Seconds from `now` to the next 06:00 in Vietnam (UTC+7 all year), when Zalo allows messages
    /// again; a full day when it is 06:00 exactly.
    static func secondsUntilMorning(after now: Date) -> TimeInterval {
        let day: TimeInterval = 86_400
        let local = now.timeIntervalSince1970 + TimeInterval(VietnamTime.zone.secondsFromGMT())
        let sinceMidnight = local - (local / day).rounded(.down) * day
        let wait = 6 * 3600 - sinceMidnight
        return wait > 0 ? wait : wait + day
    }

    /// The meaning of a code in Vietnamese, for logs and the communications officer's screen.
    public static func describe(_ code: Int) -> String {
        ZaloErrorCode(rawValue: code)?.meaning ?? "Zalo báo lỗi mã \(code)."
    }
}

/// Zalo's error codes by name (DESIGN.md, "Replies"), so that code reads `.invalidToken`, not -216.
public enum ZaloErrorCode: Int, CaseIterable, Sendable {
    case success = 0
    case rateLimited = -32
    case invalidParameter = -201
    case accountDisabled = -204
    case accountMissing = -205
    case unsupportedAPI = -209
    case parameterOverLimit = -210
    case outOfQuota = -211
    case appNotRegistered = -212
    case notFollowing = -213
    case articleProcessing = -214
    case invalidToken = -216
    case invitationBlocked = -217
    case recipientQuotaReached = -218
    case tokenExpired = -220
    case verificationNeeded = -221
    case upgradeNeeded = -224
    case userInactive = -227
    case outsideWindow = -230
    case neverInteracted = -232
    case unsupportedMessageType = -233
    case notAtNight = -234
    case unsupportedAccountType = -235
    case messageAPIv2Retired = -240
    case cloudAccountNeeded = -320
    case cloudAccountUnpaid = -321

    /// What the code means, in Vietnamese.
    public var meaning: String {
        switch self {
        case .success: "Thành công."
        case .rateLimited: "Vượt giới hạn số lần gọi API của ứng dụng; cần chờ rồi gửi lại."
        case .invalidParameter: "Tham số gửi lên không hợp lệ."
        case .accountDisabled: "Official Account đã bị vô hiệu hóa."
        case .accountMissing: "Official Account không tồn tại."
        case .unsupportedAPI: "API này không được hỗ trợ."
        case .parameterOverLimit: "Tham số vượt quá giới hạn cho phép."
        case .outOfQuota: "Đã hết hạn mức (quota) gửi tin của Official Account."
        case .appNotRegistered: "Ứng dụng chưa đăng ký sử dụng API này."
        case .notFollowing: "Người dùng chưa quan tâm hoặc đã bỏ quan tâm Official Account."
        case .articleProcessing: "Bài viết đang được xử lý."
        case .invalidToken: "Access token không hợp lệ."
        case .invitationBlocked: "Người dùng đã chặn lời mời từ Official Account."
        case .recipientQuotaReached: "Người dùng đã hết hạn mức nhận tin."
        case .tokenExpired: "Access token đã hết hạn."
        case .verificationNeeded: "Official Account cần được xác thực để dùng tính năng này."
        case .upgradeNeeded: "Official Account cần nâng cấp gói dịch vụ để dùng tính năng này."
        case .userInactive: "Tài khoản người dùng bị khóa hoặc không hoạt động quá 45 ngày."
        case .outsideWindow: "Người dùng không tương tác với Official Account trong 7 ngày qua."
        case .neverInteracted: "Người dùng chưa từng tương tác với Official Account."
        case .unsupportedMessageType: "Loại tin nhắn không hợp lệ hoặc không được hỗ trợ."
        case .notAtNight: "Không được gửi loại tin này vào ban đêm (22:00–06:00)."
        case .unsupportedAccountType: "API không hỗ trợ loại Official Account này."
        case .messageAPIv2Retired: "API gửi tin phiên bản 2 đã ngừng; cần dùng phiên bản 3."
        case .cloudAccountNeeded: "Ứng dụng cần liên kết Zalo Cloud Account để dùng tính năng trả phí."
        case .cloudAccountUnpaid: "Zalo Cloud Account của ứng dụng đã hết tiền hoặc không thanh toán được."
        }
    }
}

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
    /// What to do about an `error` code in Zalo's reply: -216/-220 refresh the token; -230 outside window; -213 unfollowed; -32 retry after
    /// 60 s; -234 (not allowed at night) retry at the next 06:00 Vietnam time (compute from `now`); -211 stop (out of quota); other
    /// non-zero fail with a Vietnamese description. Known codes have Vietnamese descriptions.
    ///
    /// Also: -232 (never interacted) counts as outside the window, and -214 (an article still being
    /// processed) is retried after 30 s. Callers check for 0 (success) first; 0 gives `.fail`.
    public static func action(for code: Int, now: Date) -> ZaloErrorAction {
        switch code {
        case -216, -220: .refreshToken
        case -230, -232: .outsideWindow
        case -213: .unfollowed
        case -32: .retry(after: 60)
        case -214: .retry(after: 30)
        case -234: .retry(after: secondsUntilMorning(after: now))
        case -211: .stop(describe(code))
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
        switch code {
        case 0: "Thành công."
        case -32: "Vượt giới hạn số lần gọi API của ứng dụng; cần chờ rồi gửi lại."
        case -201: "Tham số gửi lên không hợp lệ."
        case -204: "Official Account đã bị vô hiệu hóa."
        case -205: "Official Account không tồn tại."
        case -209: "API này không được hỗ trợ."
        case -210: "Tham số vượt quá giới hạn cho phép."
        case -211: "Đã hết hạn mức (quota) gửi tin của Official Account."
        case -212: "Ứng dụng chưa đăng ký sử dụng API này."
        case -213: "Người dùng chưa quan tâm hoặc đã bỏ quan tâm Official Account."
        case -214: "Bài viết đang được xử lý."
        case -216: "Access token không hợp lệ."
        case -217: "Người dùng đã chặn lời mời từ Official Account."
        case -218: "Người dùng đã hết hạn mức nhận tin."
        case -220: "Access token đã hết hạn."
        case -221: "Official Account cần được xác thực để dùng tính năng này."
        case -224: "Official Account cần nâng cấp gói dịch vụ để dùng tính năng này."
        case -227: "Tài khoản người dùng bị khóa hoặc không hoạt động quá 45 ngày."
        case -230: "Người dùng không tương tác với Official Account trong 7 ngày qua."
        case -232: "Người dùng chưa từng tương tác với Official Account."
        case -233: "Loại tin nhắn không hợp lệ hoặc không được hỗ trợ."
        case -234: "Không được gửi loại tin này vào ban đêm (22:00–06:00)."
        case -235: "API không hỗ trợ loại Official Account này."
        case -240: "API gửi tin phiên bản 2 đã ngừng; cần dùng phiên bản 3."
        case -320: "Ứng dụng cần liên kết Zalo Cloud Account để dùng tính năng trả phí."
        case -321: "Zalo Cloud Account của ứng dụng đã hết tiền hoặc không thanh toán được."
        default: "Zalo báo lỗi mã \(code)."
        }
    }
}

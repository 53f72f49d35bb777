import Foundation

/// When a draft takes comments. Open from `opensAt` inclusive to `closesAt` exclusive: a comment
/// sent at 17:00:00 on a window that closes at 17:00 is late, one at 16:59:59.999 is on time. The
/// half-open interval makes consecutive windows (a second round starting when the first ends)
/// share no instant, and "closes at 17:00" means what people read it to mean.
public struct CommentWindow: Sendable, Equatable {
    public enum Phase: String, Sendable, Equatable, CaseIterable, Codable {
        case upcoming, open, closed

        public var name: String {
            switch self {
            case .upcoming: "Sắp lấy ý kiến"
            case .open: "Đang lấy ý kiến"
            case .closed: "Đã hết hạn lấy ý kiến"
            }
        }
    }

    public var opensAt: Date
    public var closesAt: Date

    public init(opensAt: Date, closesAt: Date) {
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    public func phase(at now: Date) -> Phase {
        if now < opensAt { return .upcoming }
        if now < closesAt { return .open }
        return .closed
    }

    public func isOpen(at now: Date) -> Bool { phase(at: now) == .open }

    /// Why a comment sent at `now` is refused, in the words the person reads; nil while open.
    public func refusal(at now: Date) -> String? {
        switch phase(at: now) {
        case .open: nil
        case .upcoming: "Dự thảo chưa mở lấy ý kiến; thời gian góp ý bắt đầu từ \(VietnamTime.dateTime(opensAt))."
        case .closed: "Đã hết thời gian lấy ý kiến dự thảo này (kết thúc lúc \(VietnamTime.dateTime(closesAt)))."
        }
    }

    /// The window must last at least an hour and at most a year: anything else is a typing mistake.
    public static let shortest: TimeInterval = 3600
    public static let longest: TimeInterval = 366 * 24 * 3600

    /// Field errors for a window staff enter (`opens_at`, `closes_at`).
    public static func problems(opensAt: Date?, closesAt: Date?, now: Date = Date()) -> [FieldError] {
        var errors: [FieldError] = []
        // A year typed wrong (1850, 2301) would otherwise be stored and shown on every page.
        if let opensAt, !VietnamTime.isPlausible(opensAt, now: now, yearsAhead: 5) {
            errors.append(FieldError(field: "opens_at", message: "Thời điểm bắt đầu phải sau năm 1990 và trong vòng 5 năm tới."))
            return errors
        }
        if let closesAt, !VietnamTime.isPlausible(closesAt, now: now, yearsAhead: 6) {
            errors.append(FieldError(field: "closes_at", message: "Thời điểm kết thúc phải sau năm 1990 và trong vòng 6 năm tới."))
            return errors
        }
        if opensAt == nil {
            errors.append(
                FieldError(field: "opens_at", message: "Hãy nhập thời điểm bắt đầu lấy ý kiến (ISO 8601, ví dụ 2026-03-01T08:00:00+07:00).")
            )
        }
        if closesAt == nil {
            errors.append(
                FieldError(
                    field: "closes_at", message: "Hãy nhập thời điểm kết thúc lấy ý kiến (ISO 8601, ví dụ 2026-04-30T17:00:00+07:00)."))
        }
        if let opensAt, let closesAt {
            let length = closesAt.timeIntervalSince(opensAt)
            if length < shortest {
                errors.append(FieldError(field: "closes_at", message: "Thời điểm kết thúc phải sau thời điểm bắt đầu ít nhất một giờ."))
            } else if length > longest {
                errors.append(FieldError(field: "closes_at", message: "Thời gian lấy ý kiến không được dài quá một năm."))
            }
        }
        return errors
    }
}

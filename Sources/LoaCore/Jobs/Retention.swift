import Foundation

/// How long what strangers can make Loa write is kept, so that no table grows without bound:
/// searches that found nothing, failed sign-ins, webhook events, expired sessions and links.
/// Everything an agency must keep (petitions, content, the rest of the audit log) is not here.
public struct Retention: Sendable {
    /// Searches that found nothing, by last time asked; the dashboard shows at most 52 weeks.
    public var searchMissDays = 400
    /// At most this many distinct missed searches, the most recent kept.
    public var searchMissRows = 50_000
    /// Failed and paused sign-ins in the audit log.
    public var failedSignInDays = 90
    /// Zalo events once processed (their bodies can hold what followers wrote).
    public var processedZaloEventDays = 90
    /// Sign-in counters, rate-limit windows, sessions, two-factor challenges and reset links, after they end.
    public var expiredAccessDays = 2

    public init() {}

    /// The clean-up runs at 03:00 Vietnam time (UTC+7), when the portal is quietest.
    public static func nextRun(after now: Date) -> Date {
        let offset = 7.0 * 3600
        let seconds = now.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e12 else { return now.addingTimeInterval(86_400) }
        let localMidnight = ((seconds + offset) / 86_400).rounded(.down) * 86_400 - offset
        let run = localMidnight + 3 * 3600
        return Date(timeIntervalSince1970: run > seconds ? run : run + 86_400)
    }
}

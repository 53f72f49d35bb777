import Foundation
import Testing

@testable import LoaCore

@Suite struct ZaloRulesTests {
    let now = Date(timeIntervalSince1970: 1_773_500_000)
    let day: TimeInterval = 86_400

    func decide(
        following: Bool = true, lastInteraction: Date?, subscribed: Set<String> = ["tien-luong"],
        article: Set<String> = ["tien-luong", "thanh-nien"]
    ) -> DeliveryDecision {
        BroadcastRules.decide(
            following: following, lastInteraction: lastInteraction, subscribedTopics: subscribed, articleTopics: article, now: now)
    }

    @Test func sendsToASubscriberWhoWroteWithinSevenDays() {
        #expect(BroadcastRules.window == 604_800)
        #expect(decide(lastInteraction: now) == .send)
        #expect(decide(lastInteraction: now.addingTimeInterval(-day)) == .send)
        #expect(decide(lastInteraction: now.addingTimeInterval(-6 * day)) == .send)
        // A clock a little ahead of Zalo's is no reason to stop.
        #expect(decide(lastInteraction: now.addingTimeInterval(30)) == .send)
    }

    @Test func theSevenDayEdge() {
        #expect(decide(lastInteraction: now.addingTimeInterval(-7 * day + 1)) == .send)
        #expect(decide(lastInteraction: now.addingTimeInterval(-7 * day)) == .send)
        #expect(decide(lastInteraction: now.addingTimeInterval(-7 * day - 1)) == .outsideWindow)
        #expect(decide(lastInteraction: now.addingTimeInterval(-7 * day - 0.001)) == .outsideWindow)
        #expect(decide(lastInteraction: now.addingTimeInterval(-30 * day)) == .outsideWindow)
        #expect(decide(lastInteraction: nil) == .outsideWindow)
    }

    @Test func anUnfollowerGetsNothingWhateverElseHolds() {
        #expect(decide(following: false, lastInteraction: now) == .unfollowed)
        #expect(decide(following: false, lastInteraction: nil, subscribed: []) == .unfollowed)
    }

    @Test func onlyTheTopicsAskedFor() {
        #expect(decide(lastInteraction: now, subscribed: ["ton-giao"]) == .notSubscribed)
        #expect(decide(lastInteraction: now, subscribed: []) == .notSubscribed)
        #expect(decide(lastInteraction: now, article: []) == .notSubscribed)
        #expect(decide(lastInteraction: nil, subscribed: ["ton-giao"]) == .notSubscribed)
        #expect(decide(lastInteraction: now, subscribed: ["ton-giao", "thanh-nien"]) == .send)
    }

    @Test func decisionsAreStoredByTheirNames() throws {
        #expect(DeliveryDecision.outsideWindow.rawValue == "outside_window")
        #expect(DeliveryDecision.notSubscribed.rawValue == "not_subscribed")
        #expect(DeliveryDecision.send.rawValue == "send")
        #expect(DeliveryDecision.unfollowed.rawValue == "unfollowed")
        #expect(String(decoding: try JSONEncoder().encode([DeliveryDecision.outsideWindow]), as: UTF8.self) == #"["outside_window"]"#)
    }

    @Test func errorActions() {
        #expect(ZaloErrors.action(for: -216, now: now) == .refreshToken)
        #expect(ZaloErrors.action(for: -220, now: now) == .refreshToken)
        #expect(ZaloErrors.action(for: -230, now: now) == .outsideWindow)
        #expect(ZaloErrors.action(for: -232, now: now) == .outsideWindow)
        #expect(ZaloErrors.action(for: -213, now: now) == .unfollowed)
        #expect(ZaloErrors.action(for: -32, now: now) == .retry(after: 60))
        #expect(ZaloErrors.action(for: -214, now: now) == .retry(after: 30))
        #expect(ZaloErrors.action(for: -211, now: now) == .stop(ZaloErrors.describe(-211)))
        #expect(ZaloErrors.action(for: -201, now: now) == .fail("Tham số gửi lên không hợp lệ."))
        #expect(ZaloErrors.action(for: -124, now: now) == .fail("Zalo báo lỗi mã -124."))
        #expect(ZaloErrors.action(for: 42, now: now) == .fail("Zalo báo lỗi mã 42."))
    }

    /// A moment given in Vietnam's time (UTC+7).
    func vietnam(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0, _ second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = VietnamTime.zone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
    }

    @Test(arguments: [
        (22, 0, 8 * 3600), (23, 0, 7 * 3600), (23, 59, 6 * 3600 + 60), (0, 0, 6 * 3600), (3, 15, 2 * 3600 + 45 * 60), (5, 30, 30 * 60),
        (5, 59, 60), (6, 0, 24 * 3600), (6, 1, 24 * 3600 - 60), (12, 0, 18 * 3600), (21, 59, 8 * 3600 + 60),
    ])
    func atNightRetryAtSixInTheMorningVietnamTime(hour: Int, minute: Int, wait: Int) {
        let at = vietnam(2026, 3, 14, hour, minute)
        #expect(ZaloErrors.action(for: -234, now: at) == .retry(after: TimeInterval(wait)))
        let morning = at.addingTimeInterval(TimeInterval(wait))
        #expect(Calendar.current.dateComponents(in: VietnamTime.zone, from: morning).hour == 6)
        #expect(Calendar.current.dateComponents(in: VietnamTime.zone, from: morning).minute == 0)
    }

    @Test func theNightRuleCountsFractionsOfASecondAndCrossesMonthsAndYears() {
        let justBefore = vietnam(2026, 12, 31, 23, 59, 59).addingTimeInterval(0.5)
        #expect(ZaloErrors.action(for: -234, now: justBefore) == .retry(after: 6 * 3600 + 0.5))
        #expect(ZaloErrors.action(for: -234, now: vietnam(2026, 2, 28, 5, 0)) == .retry(after: 3600))
    }

    @Test func knownCodesHaveVietnameseDescriptions() {
        let known = [
            0, -32, -201, -204, -205, -209, -210, -211, -212, -213, -214, -216, -217, -218, -220, -221, -224, -227, -230, -232, -233, -234,
            -235,
        ]
        for code in known {
            let text = ZaloErrors.describe(code)
            #expect(!text.contains("mã \(code)"), "code \(code)")
            #expect(text.hasSuffix("."))
        }
        #expect(ZaloErrors.describe(-216) == "Access token không hợp lệ.")
        #expect(ZaloErrors.describe(-230) == "Người dùng không tương tác với Official Account trong 7 ngày qua.")
        #expect(ZaloErrors.describe(-234).contains("ban đêm"))
        #expect(ZaloErrors.describe(-999) == "Zalo báo lỗi mã -999.")
    }
}

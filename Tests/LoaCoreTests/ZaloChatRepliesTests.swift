import Foundation
import Testing

@testable import LoaCore

@Suite struct ZaloChatRepliesTests {
    let topics = TopicMatcher.defaultTopics
    let publicURL = "https://loa.example.gov.vn/"

    func buttons(_ replies: [ChatReply]) -> [ChatButton] {
        replies.flatMap { reply -> [ChatButton] in
            if case .buttons(_, let buttons) = reply { return buttons }
            return []
        }
    }

    func text(_ replies: [ChatReply]) -> String {
        replies.compactMap { reply -> String? in
            switch reply {
            case .text(let text), .buttons(let text, _): text
            default: nil
            }
        }.joined(separator: "\n")
    }

    @Test func welcomeAndMenuOfferTheFourThings() {
        let expected = [
            ChatButton(title: "Đăng ký nhận tin", type: "oa.query.hide", payload: "#linh-vuc"),
            ChatButton(title: "Gửi phản ánh", type: "oa.query.hide", payload: "#gui-phan-anh"),
            ChatButton(title: "Tra cứu phản ánh", type: "oa.query.hide", payload: "#tra-cuu"),
            ChatButton(title: "Hỏi đáp", type: "oa.open.url", payload: "https://loa.example.gov.vn/hoi-dap"),
        ]
        #expect(buttons(ChatReplies.welcome(publicURL: publicURL)) == expected)
        #expect(buttons(ChatReplies.menu(publicURL: "https://loa.example.gov.vn")) == expected)
        #expect(text(ChatReplies.welcome(publicURL: publicURL)).contains("Cảm ơn Ông/bà đã quan tâm trang Zalo."))
        #expect(text(ChatReplies.welcome(publicURL: publicURL, agencyName: "Bộ Nội vụ")).contains("trang Zalo của Bộ Nội vụ."))
    }

    @Test func everyButtonPayloadIsUnderstoodByTheIntentParser() {
        let replies =
            ChatReplies.menu(publicURL: publicURL) + ChatReplies.subscriptions(current: Array(topics.prefix(2)), all: topics)
            + ChatReplies.answers(question: "lương", results: []) + ChatReplies.conversationExpired
        for button in buttons(replies) where button.type == "oa.query.hide" {
            #expect(ChatIntent.parse(button.payload) != .menu || button.payload == "#menu", "\(button.payload)")
            #expect(ChatIntent.parse(button.payload) != .question(button.payload))
        }
        #expect(ChatIntent.parse("#dang-ky tien-luong") == .subscribe("tien-luong"))
        #expect(ChatIntent.parse("#huy-dang-ky tien-luong") == .unsubscribe("tien-luong"))
    }

    @Test func trackingStatus() {
        let full = ChatReplies.trackingStatus(
            code: "PA-2026-000123", stateName: "Đã trả lời", due: "20/03/2026", answer: "Đơn vị đã nâng lương từ tháng 3.",
            trackingURL: "https://loa.example.gov.vn/phan-anh/PA-2026-000123")
        #expect(
            text(full)
                == "Phản ánh PA-2026-000123\nTình trạng: Đã trả lời\nHạn xử lý: 20/03/2026\nTrả lời: Đơn vị đã nâng lương từ tháng 3.")
        #expect(buttons(full) == [.link("Xem chi tiết", url: "https://loa.example.gov.vn/phan-anh/PA-2026-000123")])
        let bare = ChatReplies.trackingStatus(code: "PA-2026-000124", stateName: "Đang xử lý", due: nil, answer: " ", trackingURL: "u")
        #expect(text(bare) == "Phản ánh PA-2026-000124\nTình trạng: Đang xử lý")
        let long = ChatReplies.trackingStatus(
            code: "PA-2026-000125", stateName: "Đã trả lời", due: nil, answer: String(repeating: "trả lời dài ", count: 1000),
            trackingURL: "u")
        #expect(text(long).count <= ChatReplies.textLimit)
        #expect(text(long).hasSuffix("…"))
    }

    @Test func codesAndTopics() {
        #expect(text(ChatReplies.unknownCode("PA-2026-999999")).contains("“PA-2026-999999”"))
        #expect(text(ChatReplies.unknownCode(nil)).contains("PA-2026-000123"))
        #expect(text(ChatReplies.unknownCode("  ")) == text(ChatReplies.unknownCode(nil)))
        #expect(text(ChatReplies.askForCode).contains("mã tra cứu"))
        #expect(text(ChatReplies.subscribed(topicName: "Tiền lương")).contains("“Tiền lương”"))
        #expect(text(ChatReplies.alreadySubscribed(topicName: "Tiền lương")).contains("đã đăng ký"))
        #expect(text(ChatReplies.unsubscribed(topicName: "Tiền lương")).contains("Đã hủy đăng ký"))
        #expect(text(ChatReplies.notSubscribed(topicName: "Tiền lương")).contains("chưa đăng ký"))
        let unknown = text(ChatReplies.unknownTopic(text: "thời tiết", topics: topics))
        #expect(unknown.hasPrefix("Chưa rõ lĩnh vực “thời tiết”."))
        for topic in topics { #expect(unknown.contains(topic.name)) }
        #expect(text(ChatReplies.unknownTopic(text: "", topics: topics)).hasPrefix("Xin Ông/bà cho biết tên lĩnh vực."))
        #expect(text(ChatReplies.unknownTopic(text: "x", topics: [])) == "Chưa rõ lĩnh vực “x”.")
    }

    @Test(arguments: [(0, 0, 5), (1, 1, 4), (3, 2, 3), (10, 3, 2), (11, 4, 1), (12, 5, 0)])
    func subscriptionButtons(subscribed: Int, leave: Int, join: Int) {
        let current = Array(topics.prefix(subscribed))
        let replies = ChatReplies.subscriptions(current: current, all: topics)
        let buttons = buttons(replies)
        #expect(buttons.count <= ChatReplies.buttonLimit)
        #expect(buttons.filter { $0.payload.hasPrefix("#huy-dang-ky ") }.count == leave)
        #expect(buttons.filter { $0.payload.hasPrefix("#dang-ky ") }.count == join)
        for button in buttons where button.payload.hasPrefix("#huy-dang-ky ") {
            #expect(current.contains { "#huy-dang-ky \($0.slug)" == button.payload && "Hủy: \($0.name)" == button.title })
        }
        for button in buttons where button.payload.hasPrefix("#dang-ky ") {
            #expect(!current.contains { "#dang-ky \($0.slug)" == button.payload })
        }
        let text = text(replies)
        for topic in topics { #expect(text.contains(topic.name)) }
        #expect(text.contains(subscribed == 0 ? "chưa đăng ký" : "đang nhận tin"))
    }

    @Test func subscriptionsWithoutTopicsIsPlainText() {
        #expect(ChatReplies.subscriptions(current: [], all: []).count == 1)
        #expect(buttons(ChatReplies.subscriptions(current: [], all: [])).isEmpty)
    }

    @Test func petitionReceivedGivesBothCodes() {
        let replies = ChatReplies.petitionReceived(code: "PA-2026-000123", accessKey: "ABCDEFGHJKMN", trackingURL: "https://x/y")
        #expect(text(replies).contains("Mã tra cứu: PA-2026-000123"))
        #expect(text(replies).contains("Mã truy cập: ABCD-EFGH-JKMN"))
        #expect(buttons(replies) == [.link("Xem tiến độ", url: "https://x/y")])
    }

    @Test func answersLinkTheBestAndOfferToAsk() {
        let results = (1...6).map { (title: "Câu trả lời số \($0) về lương cơ sở", url: "https://x/hoi-dap/\($0)") }
        let replies = ChatReplies.answers(question: "lương cơ sở bao nhiêu?", results: results)
        let buttons = buttons(replies)
        #expect(buttons.count == 5)
        #expect(buttons.prefix(4).map(\.payload) == (1...4).map { "https://x/hoi-dap/\($0)" })
        #expect(buttons.prefix(4).allSatisfy { $0.type == "oa.open.url" })
        #expect(buttons.last == ChatButton(title: "Gửi thành câu hỏi", type: "oa.query.hide", payload: "#gui-phan-anh"))
        #expect(text(replies).contains("“lương cơ sở bao nhiêu?”"))

        let none = ChatReplies.answers(question: "  thời tiết  ", results: [])
        #expect(text(none).contains("Chưa có câu trả lời sẵn cho câu hỏi “thời tiết”"))
        #expect(self.buttons(none) == [.command("Gửi thành câu hỏi", "#gui-phan-anh")])

        let longTitle = ChatReplies.answers(question: "q", results: [(title: String(repeating: "dài ", count: 50), url: "u")])
        #expect(self.buttons(longTitle)[0].title.count <= 80)
    }

    @Test func everyReplyKeepsZalosLimits() {
        let long = String(repeating: "Rất dài ", count: 500)
        let many = (1...40).map { TopicMatcher.Topic(slug: "t-\($0)", name: "Lĩnh vực số \($0)") }
        let all: [[ChatReply]] = [
            ChatReplies.welcome(publicURL: publicURL), ChatReplies.menu(publicURL: publicURL), ChatReplies.askForCode,
            ChatReplies.unknownCode(long), ChatReplies.unknownTopic(text: long, topics: topics),
            ChatReplies.subscriptions(current: many, all: many),
            ChatReplies.subscriptions(current: [], all: topics), ChatReplies.answers(question: long, results: []),
            ChatReplies.cancelled, ChatReplies.nothingToCancel, ChatReplies.conversationExpired, ChatReplies.unsupportedMessage,
            ChatReplies.submissionFailed, GuidedPetition.start(topics: many).1,
        ]
        for replies in all {
            #expect(!replies.isEmpty)
            for reply in replies {
                switch reply {
                case .text(let text): #expect(text.count <= ChatReplies.textLimit && !text.isEmpty)
                case .buttons(let text, let buttons):
                    #expect(text.count <= ChatReplies.textLimit && !text.isEmpty)
                    #expect(!buttons.isEmpty && buttons.count <= ChatReplies.buttonLimit)
                default: break
                }
            }
        }
    }

    @Test func shortenedCutsBetweenWords() {
        #expect(ChatReplies.shortened("ngắn", to: 10) == "ngắn")
        #expect(ChatReplies.shortened("một hai ba bốn năm", to: 10) == "một hai…")
        #expect(ChatReplies.shortened("một, hai ba bốn", to: 6) == "một…")
        #expect(ChatReplies.shortened("abcdefghij", to: 5) == "abcd…")
        #expect(ChatReplies.shortened("abc", to: 1) == "a")
        #expect(ChatReplies.shortened(String(repeating: "a ", count: 100), to: 50).count <= 50)
    }
}

import Foundation

/// What the OA says in its chat, in one place, so that the wording stays short, polite and the
/// same in every situation ("Ông/bà", as an agency writes to a citizen). Every reply is a list of
/// messages to send in order; buttons are at most five, as Zalo allows.
public enum ChatReplies {
    /// Zalo shows at most five buttons under a message.
    public static let buttonLimit = 5
    /// Zalo refuses text messages longer than this.
    public static let textLimit = 2000

    /// The buttons of the main menu: subscribe, send a petition, track one, and the answers on the portal.
    public static func menuButtons(publicURL: String) -> [ChatButton] {
        [
            .command("Đăng ký nhận tin", "#linh-vuc"),
            .command("Gửi phản ánh", "#gui-phan-anh"),
            .command("Tra cứu phản ánh", "#tra-cuu"),
            .link("Hỏi đáp", url: "\(base(publicURL))/hoi-dap"),
        ]
    }

    /// On follow: what the account offers, with the menu buttons. `agencyName` ("Bộ Nội vụ") names
    /// the agency when given.
    public static func welcome(publicURL: String, agencyName: String? = nil) -> [ChatReply] {
        let whose = agencyName.map { " của \($0)" } ?? ""
        let text = """
            Cảm ơn Ông/bà đã quan tâm trang Zalo\(whose). Tại đây Ông/bà có thể:
            • đăng ký nhận tin chính sách theo lĩnh vực;
            • gửi phản ánh, kiến nghị và tra cứu kết quả;
            • hỏi đáp về chính sách, pháp luật.
            Xin chọn một mục bên dưới, hoặc gõ câu hỏi.
            """
        return [.buttons(text, menuButtons(publicURL: publicURL))]
    }

    /// The menu, on "menu", "trợ giúp", "xin chào" and the like.
    public static func menu(publicURL: String) -> [ChatReply] {
        [.buttons("Ông/bà cần hỗ trợ việc gì? Xin chọn một mục bên dưới, hoặc gõ câu hỏi.", menuButtons(publicURL: publicURL))]
    }

    /// Where a petition stands. `due` is the deadline as shown ("20/03/2026"), `answer` the answer
    /// when the person may read it; both nil leave their lines out. The button opens the tracking page.
    public static func trackingStatus(code: String, stateName: String, due: String?, answer: String?, trackingURL: String) -> [ChatReply] {
        var lines = ["Phản ánh \(code)", "Tình trạng: \(stateName)"]
        if let due, !due.isEmpty { lines.append("Hạn xử lý: \(due)") }
        if let answer = answer?.trimmingCharacters(in: .whitespacesAndNewlines), !answer.isEmpty {
            lines.append("Trả lời: \(shortened(answer, to: 1200))")
        }
        return [.buttons(lines.joined(separator: "\n"), [.link("Xem chi tiết", url: trackingURL)])]
    }

    /// A code that matches no petition (`text` as typed or as parsed), or a wrong code (nil).
    public static func unknownCode(_ text: String?) -> [ChatReply] {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            return [.text("Mã tra cứu chưa đúng. Xin Ông/bà gõ lại mã theo dạng PA-2026-000123.")]
        }
        return [.text("Không tìm thấy phản ánh có mã “\(shortened(text, to: 40))”. Xin Ông/bà kiểm tra lại mã (dạng PA-2026-000123).")]
    }

    /// On "tra cứu" without a code.
    public static let askForCode: [ChatReply] = [
        .text("Xin Ông/bà gõ mã tra cứu của phản ánh, ví dụ: PA-2026-000123. Mã có trong tin nhắn xác nhận khi gửi phản ánh.")
    ]

    public static func subscribed(topicName: String) -> [ChatReply] {
        [
            .text(
                "Đã đăng ký nhận tin lĩnh vực “\(topicName)”. Khi có chính sách mới, Ông/bà sẽ nhận tin tại đây. "
                    + "Gõ “hủy đăng ký \(topicName)” nếu không muốn nhận nữa.")
        ]
    }

    public static func alreadySubscribed(topicName: String) -> [ChatReply] {
        [.text("Ông/bà đã đăng ký nhận tin lĩnh vực “\(topicName)” rồi.")]
    }

    public static func unsubscribed(topicName: String) -> [ChatReply] {
        [.text("Đã hủy đăng ký lĩnh vực “\(topicName)”. Ông/bà sẽ không nhận tin lĩnh vực này nữa.")]
    }

    public static func notSubscribed(topicName: String) -> [ChatReply] {
        [.text("Ông/bà chưa đăng ký nhận tin lĩnh vực “\(topicName)”.")]
    }

    /// A topic name that matched none (`text` as typed, "" when none was given), with the names to choose from.
    public static func unknownTopic(text: String, topics: [TopicMatcher.Topic]) -> [ChatReply] {
        let typed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var message = typed.isEmpty ? "Xin Ông/bà cho biết tên lĩnh vực." : "Chưa rõ lĩnh vực “\(shortened(typed, to: 60))”."
        if let example = topics.first {
            message += " Các lĩnh vực hiện có:\n" + topics.map { "• \($0.name)" }.joined(separator: "\n")
            message += "\nVí dụ, gõ: đăng ký \(example.name)"
        }
        return [.text(shortened(message, to: textLimit))]
    }

    /// The topics a follower receives, with buttons to subscribe to others and to unsubscribe
    /// (five at most: unsubscribe buttons for up to two current topics, or more when few remain to
    /// subscribe to; the text names every topic so that the rest can be typed).
    public static func subscriptions(current: [TopicMatcher.Topic], all: [TopicMatcher.Topic]) -> [ChatReply] {
        let currentSlugs = Set(current.map(\.slug))
        let others = all.filter { !currentSlugs.contains($0.slug) }
        let leave = current.map { ChatButton.command("Hủy: \($0.name)", "#huy-dang-ky \($0.slug)") }
        let join = others.map { ChatButton.command("Đăng ký: \($0.name)", "#dang-ky \($0.slug)") }
        let leaveCount = min(leave.count, max(2, buttonLimit - join.count))
        let buttons = Array(leave.prefix(leaveCount)) + Array(join.prefix(buttonLimit - leaveCount))

        var text =
            current.isEmpty
            ? "Ông/bà chưa đăng ký nhận tin lĩnh vực nào."
            : "Ông/bà đang nhận tin các lĩnh vực:\n" + current.map { "• \($0.name)" }.joined(separator: "\n")
        if !others.isEmpty {
            text += "\nCó thể đăng ký thêm:\n" + others.map { "• \($0.name)" }.joined(separator: "\n")
        }
        text += "\nBấm nút bên dưới, hoặc gõ “đăng ký <tên lĩnh vực>” hay “hủy đăng ký <tên lĩnh vực>”."
        text = shortened(text, to: textLimit)
        return [buttons.isEmpty ? .text(text) : .buttons(text, buttons)]
    }

    /// After the server filed the petition from `.submit`: the two codes to keep, and the tracking page.
    public static func petitionReceived(code: String, accessKey: String, trackingURL: String) -> [ChatReply] {
        let text = """
            Cơ quan đã nhận phản ánh, kiến nghị của Ông/bà.
            Mã tra cứu: \(code)
            Mã truy cập: \(AccessKey.formatted(accessKey))
            Xin giữ hai mã này. Để xem tình trạng, Ông/bà gõ mã tra cứu vào đây hoặc bấm “Xem tiến độ”.
            """
        return [.buttons(text, [.link("Xem tiến độ", url: trackingURL)])]
    }

    /// Published answers that match a question: up to four, each a button that opens it, and
    /// always the offer to send it as a question of one's own.
    public static func answers(question: String, results: [(title: String, url: String)]) -> [ChatReply] {
        let asked = shortened(question.trimmingCharacters(in: .whitespacesAndNewlines), to: 80)
        let offer = ChatButton.command("Gửi thành câu hỏi", "#gui-phan-anh")
        guard !results.isEmpty else {
            return [
                .buttons(
                    "Chưa có câu trả lời sẵn cho câu hỏi “\(asked)”. Ông/bà có thể gửi thành câu hỏi để cơ quan trả lời.", [offer])
            ]
        }
        let links = results.prefix(buttonLimit - 1).map { ChatButton.link(shortened($0.title, to: 80), url: $0.url) }
        return [
            .buttons(
                "Một số câu trả lời liên quan đến “\(asked)”, bấm để xem. Nếu chưa đúng ý, Ông/bà có thể gửi thành câu hỏi.",
                links + [offer])
        ]
    }

    /// The petition conversation was cancelled.
    public static let cancelled: [ChatReply] = [.text("Đã hủy, phản ánh chưa được gửi. Khi cần, Ông/bà gõ “menu” để xem các chức năng.")]

    /// "hủy" with nothing under way.
    public static let nothingToCancel: [ChatReply] = [
        .text("Hiện không có việc nào đang làm dở. Ông/bà gõ “menu” để xem các chức năng.")
    ]

    /// A petition conversation left unanswered too long: the next message starts afresh.
    public static let conversationExpired: [ChatReply] = [
        .buttons(
            "Phiên gửi phản ánh trước đã hết hạn vì lâu không có trả lời, nên phản ánh chưa được gửi. Xin Ông/bà bắt đầu lại.",
            [.command("Gửi phản ánh", "#gui-phan-anh")])
    ]

    /// An image, sticker, file or location: the chat reads text only.
    public static let unsupportedMessage: [ChatReply] = [
        .text("Xin lỗi, hiện kênh này chỉ đọc được tin nhắn chữ. Ông/bà vui lòng gõ nội dung, hoặc gõ “menu” để xem các chức năng.")
    ]

    /// The server could not file the petition from `.submit`; it can put the conversation back at
    /// `.confirm`, so that "Gửi" tries again.
    public static let submissionFailed: [ChatReply] = [
        .text("Xin lỗi, hệ thống chưa gửi được phản ánh. Xin Ông/bà thử lại sau ít phút.")
    ]

    /// Text cut between words to at most `limit` characters, "…" included, so that a quoted
    /// message or a title never breaks a word or Zalo's limits.
    public static func shortened(_ text: String, to limit: Int) -> String {
        guard text.count > limit else { return text }
        guard limit > 1 else { return String(text.prefix(limit)) }
        var cut = String(text.prefix(limit - 1))
        if let space = cut.lastIndex(where: \.isWhitespace), cut.distance(from: cut.startIndex, to: space) >= limit / 2 {
            cut = String(cut[..<space])
        }
        while let last = cut.last, last.isWhitespace || ",;:-–".contains(last) { cut.removeLast() }
        return cut + "…"
    }

    static func base(_ url: String) -> String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}

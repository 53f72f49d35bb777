import Foundation

/// A button under a chat message, as Zalo's template sends it.
///
/// `type` is "oa.query.hide" (the payload comes back as a message the person does not see, which
/// is how the "#…" commands arrive), "oa.query.show" (the payload comes back and shows as their
/// message), "oa.open.url" (`payload` is the URL) or "oa.open.phone" (`payload` is the number);
/// the server wraps the last two into Zalo's `{"url": …}` and `{"phone_code": …}` objects.
public struct ChatButton: Sendable, Equatable, Codable {
    public var title: String
    public var type: String
    public var payload: String

    public init(title: String, type: String, payload: String) {
        self.title = title
        self.type = type
        self.payload = payload
    }

    /// A button that sends a "#…" command back without showing it in the chat.
    public static func command(_ title: String, _ payload: String) -> ChatButton {
        ChatButton(title: title, type: "oa.query.hide", payload: payload)
    }

    /// A button that opens a page.
    public static func link(_ title: String, url: String) -> ChatButton {
        ChatButton(title: title, type: "oa.open.url", payload: url)
    }
}

/// One message the OA sends back, in the order given.
public enum ChatReply: Sendable, Equatable {
    case text(String)
    /// A text with buttons under it: at most 5 buttons (Zalo's limit).
    case buttons(String, [ChatButton])
    /// Asks for name and phone through Zalo's form (`request_user_info`); the answer arrives as a
    /// `user_submit_info` event.
    case requestUserInfo(title: String, subtitle: String)
    /// The server submits it and replies with the code itself
    case submit(PetitionSubmission)
}

/// The guided petition conversation in Zalo: topic, content, contact, confirmation.
///
/// A chat cannot show a form, so the petition is asked for one part at a time; the server keeps
/// this state as JSON between messages, so that any server process can take the next message.
/// Everything the conversation builds passes `PetitionSubmission.validated(topics:contactRequired: false)`:
/// a Zalo petition needs no phone, since the answer can go back through Zalo.
public struct GuidedPetition: Sendable, Equatable, Codable {
    public enum Step: String, Sendable, Codable {
        case topic
        case content
        case contact
        case confirm
        case done
        case cancelled
    }

    public var step: Step
    /// The slug of the chosen topic.
    public var topic: String?
    /// Its name, kept so that the summary after Zalo's form (which arrives without the topic list) names it.
    public var topicName: String?
    public var content: String?
    /// The name from Zalo's form, or the Zalo name when the person skipped the form.
    public var name: String?
    /// National form ("0912345678").
    public var phone: String?

    public init(
        step: Step = .topic, topic: String? = nil, topicName: String? = nil, content: String? = nil, name: String? = nil,
        phone: String? = nil
    ) {
        self.step = step
        self.topic = topic
        self.topicName = topicName
        self.content = content
        self.name = name
        self.phone = phone
    }

    /// Whether the conversation still expects a message; the server stops routing messages to it otherwise.
    public var isActive: Bool { step != .done && step != .cancelled }

    /// Starts the conversation: asks for the topic with up to 5 topic buttons (payload "#chon <slug>") plus a hint to type it.
    public static func start(topics: [TopicMatcher.Topic]) -> (GuidedPetition, [ChatReply]) {
        (GuidedPetition(), topicQuestion(topics))
    }

    /// The next message of the person. "#huy"/"hủy" cancels at any step. Topic step: match via TopicMatcher or "#chon <slug>"; unknown →
    /// say so and list topics again. Content step: at least PetitionLimits.contentMinimum characters, at most contentMaximum; too short →
    /// explain. Then the contact step: a requestUserInfo reply plus a text saying they may type "bỏ qua" to use their Zalo name
    /// (displayName) without a phone. Confirm step: a summary and buttons "Gửi" (#gui) and "Hủy" (#huy); "#gui"/"gửi"/"đồng ý"/"ok" →
    /// .submit(PetitionSubmission with topic, a title made from the first sentence of the content cut at a word boundary to ≤ 100 chars (at
    /// least PetitionLimits.titleMinimum; pad by using the topic name if shorter), content, name (or displayName), phone, consentPublish
    /// false) and step .done.
    ///
    /// A button of another feature pressed meanwhile ("#menu", "#tra-cuu" …) gets a reminder and
    /// the current question again, and "#gui-phan-anh" starts over. A finished conversation
    /// answers nothing.
    public mutating func handle(text: String, displayName: String, topics: [TopicMatcher.Topic]) -> [ChatReply] {
        guard isActive else { return [] }
        let trimmed = text.precomposedStringWithCanonicalMapping.trimmingCharacters(in: .whitespacesAndNewlines)
        let intent = ChatIntent.parse(trimmed)

        if step == .confirm {
            // "dung" typed without marks is both "đúng" (yes) and "dừng" (stop): ask rather than guess.
            let confirms = ChatWords.isOne(ChatIntent.Phrases.core(ChatWords.words(trimmed)[...]), of: Self.confirmations)
            if confirms && intent == .cancel { return [Self.confirmQuestion] }
        }
        if intent == .cancel {
            step = .cancelled
            return ChatReplies.cancelled
        }
        if trimmed.hasPrefix("#") {
            let command = VietnameseText.fold(String(trimmed.prefix { !$0.isWhitespace }))
            if command == "#gui-phan-anh" {
                let (fresh, replies) = Self.start(topics: topics)
                self = fresh
                return replies
            }
            // A topic button pressed again while the content is asked for changes the topic.
            if command == "#chon", step == .content { return chooseTopic(trimmed, topics: topics) }
            if ["#menu", "#tra-cuu", "#dang-ky", "#huy-dang-ky", "#linh-vuc"].contains(command) {
                return [.text("Ông/bà đang gửi phản ánh dở. Xin trả lời câu hỏi trên, hoặc gõ “hủy” để dừng rồi chọn việc khác.")]
                    + question(displayName: displayName, topics: topics)
            }
        }

        switch step {
        case .topic: return chooseTopic(trimmed, topics: topics)
        case .content: return takeContent(trimmed, displayName: displayName)
        case .contact: return takeContact(typed: trimmed, displayName: displayName, topics: topics)
        case .confirm: return confirm(trimmed, displayName: displayName, topics: topics)
        case .done, .cancelled: return []
        }
    }

    /// Zalo's user_submit_info answer during the contact step: keeps name and a phone normalised with PersonalData.normalisedPhone (invalid
    /// → ask again), moves to confirm.
    ///
    /// At the confirmation step it replaces the contact and shows the summary again; at other
    /// steps the form was not asked for, and the answer is ignored.
    public mutating func handle(info: ZaloEvent.SubmittedInfo) -> [ChatReply] {
        guard step == .contact || step == .confirm else { return [] }
        let given = Self.cleanName(info.name)
        guard let national = PersonalData.normalisedPhone(info.phone) else {
            step = .contact
            let typed = info.phone.trimmingCharacters(in: .whitespacesAndNewlines)
            let problem = typed.isEmpty ? "Chưa có số điện thoại." : "Số điện thoại “\(ChatReplies.shortened(typed, to: 30))” chưa đúng."
            return [
                .text("\(problem) \(Self.phoneHint), hoặc gõ “bỏ qua” để gửi không kèm số điện thoại."),
                Self.contactForm,
            ]
        }
        if let given { name = given }
        phone = national
        step = .confirm
        return [summary(displayName: "", topics: [])]
    }

    // MARK: Steps

    static let phoneHint = "Xin Ông/bà nhập số di động 10 chữ số (ví dụ 0912345678) hoặc số cố định kèm mã vùng"

    static func topicQuestion(_ topics: [TopicMatcher.Topic]) -> [ChatReply] {
        let shown = topics.prefix(ChatReplies.buttonLimit)
        var text = "Ông/bà muốn gửi phản ánh, kiến nghị về lĩnh vực nào? Xin bấm chọn bên dưới hoặc gõ tên lĩnh vực."
        if topics.count > shown.count {
            text += "\nCác lĩnh vực khác:\n" + topics.dropFirst(shown.count).map { "• \($0.name)" }.joined(separator: "\n")
        }
        text = ChatReplies.shortened(text, to: ChatReplies.textLimit - 20) + "\nGõ “hủy” để dừng."
        let buttons = shown.map { ChatButton.command($0.name, "#chon \($0.slug)") }
        return [buttons.isEmpty ? .text(text) : .buttons(text, buttons)]
    }

    /// The question of the current step, asked again.
    func question(displayName: String, topics: [TopicMatcher.Topic]) -> [ChatReply] {
        switch step {
        case .topic: Self.topicQuestion(topics)
        case .content: [Self.contentQuestion(topicName: topicTitle(topics))]
        case .contact: Self.contactQuestion(displayName: displayName)
        case .confirm: [summary(displayName: displayName, topics: topics)]
        case .done, .cancelled: []
        }
    }

    mutating func chooseTopic(_ text: String, topics: [TopicMatcher.Topic]) -> [ChatReply] {
        var chosen: TopicMatcher.Topic?
        let words = text.split(maxSplits: 1, whereSeparator: \.isWhitespace)
        if let first = words.first, VietnameseText.fold(String(first)) == "#chon" {
            let slug = words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : ""
            chosen = topics.first { $0.slug == slug }
        } else {
            chosen = TopicMatcher(topics: topics).match(text)
        }
        guard let chosen else {
            let what =
                text.hasPrefix("#") || text.isEmpty ? "Chưa rõ lĩnh vực." : "Chưa rõ lĩnh vực “\(ChatReplies.shortened(text, to: 60))”."
            return [.text(what)] + Self.topicQuestion(topics)
        }
        topic = chosen.slug
        topicName = chosen.name
        step = .content
        return [Self.contentQuestion(topicName: chosen.name)]
    }

    static func contentQuestion(topicName: String) -> ChatReply {
        .text(
            "Lĩnh vực: \(topicName).\nXin Ông/bà gõ nội dung phản ánh, kiến nghị trong một tin nhắn: việc gì, ở đâu, từ khi nào "
                + "(ít nhất \(PetitionLimits.contentMinimum) ký tự). Gõ “hủy” để dừng.")
    }

    mutating func takeContent(_ text: String, displayName: String) -> [ChatReply] {
        let cleaned = Self.cleanContent(text)
        if cleaned.count < PetitionLimits.contentMinimum {
            let length = cleaned.isEmpty ? "" : " (\(cleaned.count) ký tự)"
            return [
                .text(
                    "Nội dung còn ngắn quá\(length). Xin Ông/bà viết rõ hơn, ít nhất \(PetitionLimits.contentMinimum) ký tự, "
                        + "để cơ quan hiểu đúng vấn đề.")
            ]
        }
        if cleaned.count > PetitionLimits.contentMaximum {
            return [
                .text(
                    "Nội dung dài quá \(PetitionSubmission.number(PetitionLimits.contentMaximum)) ký tự. "
                        + "Xin Ông/bà rút gọn rồi gửi lại, hoặc gửi phần còn lại thành phản ánh khác.")
            ]
        }
        content = cleaned
        step = .contact
        return Self.contactQuestion(displayName: displayName)
    }

    static let contactFormSubtitle = "Để cơ quan trả lời phản ánh, xin Ông/bà cho biết họ tên và số điện thoại."
    static let contactForm = ChatReply.requestUserInfo(title: "Thông tin liên hệ", subtitle: contactFormSubtitle)

    static func contactQuestion(displayName: String) -> [ChatReply] {
        let zaloName = cleanName(displayName).map { "tên Zalo “\($0)”" } ?? "tên Zalo của Ông/bà"
        return [
            contactForm,
            .text(
                "Xin bấm vào thẻ trên để gửi họ tên và số điện thoại, hoặc gõ số điện thoại. Nếu không muốn để lại số điện thoại, "
                    + "Ông/bà gõ “bỏ qua”: phản ánh sẽ gửi với \(zaloName)."),
        ]
    }

    static let skipWords = ChatIntent.Phrases.list(["bỏ qua", "#bo-qua", "không", "không cần", "skip"])

    /// The contact step answered by typing: "bỏ qua", a phone number, or a name and a phone
    /// ("Nguyễn Văn An 0912 345 678"), for people who do not use the form.
    mutating func takeContact(typed text: String, displayName: String, topics: [TopicMatcher.Topic]) -> [ChatReply] {
        let words = ChatWords.words(text)
        if ChatWords.isOne(ChatIntent.Phrases.core(words[...]), of: Self.skipWords) {
            name = Self.cleanName(displayName)
            phone = nil
            step = .confirm
            return [summary(displayName: displayName, topics: topics)]
        }
        if let found = PersonalData.findings(in: text).first(where: { $0.kind == .phone }),
            let national = PersonalData.normalisedPhone(String(text[found.range]))
        {
            let rest = (text[..<found.range.lowerBound] + " " + text[found.range.upperBound...])
            if let typedName = Self.properName(rest) { name = typedName }
            phone = national
            step = .confirm
            return [summary(displayName: displayName, topics: topics)]
        }
        if text.filter(\.isNumber).count >= 6 {
            return [.text("Số điện thoại chưa đúng. \(Self.phoneHint), hoặc gõ “bỏ qua”."), Self.contactForm]
        }
        return Self.contactQuestion(displayName: displayName)
    }

    /// A name as people write one: two to six capitalised words of letters ("Nguyễn Văn An"), so
    /// that "sđt của tôi là" is not taken for a name.
    static func properName(_ text: some StringProtocol) -> String? {
        let words = ChatWords.words(text)
        guard (2...6).contains(words.count),
            words.allSatisfy({ word in word.text.allSatisfy(\.isLetter) && word.text.first?.isUppercase == true })
        else { return nil }
        return cleanName(words.map { String($0.text) }.joined(separator: " "))
    }

    static let confirmations = ChatIntent.Phrases.list([
        "gửi", "gửi đi", "gửi luôn", "đồng ý", "ok", "okay", "oke", "đúng", "đúng rồi", "có", "xác nhận", "yes", "được",
    ])

    static let confirmQuestion = ChatReply.buttons(
        "Xin Ông/bà bấm “Gửi” để gửi phản ánh, hoặc “Hủy” để bỏ.", [.command("Gửi", "#gui"), .command("Hủy", "#huy")])

    mutating func confirm(_ text: String, displayName: String, topics: [TopicMatcher.Topic]) -> [ChatReply] {
        guard ChatWords.isOne(ChatIntent.Phrases.core(ChatWords.words(text)[...]), of: Self.confirmations) else {
            return [Self.confirmQuestion]
        }
        guard let submission = submission(displayName: displayName, topics: topics) else {
            // The state was edited or lost a field: ask again from the start of what is missing.
            step = topic == nil ? .topic : .content
            return question(displayName: displayName, topics: topics)
        }
        step = .done
        return [.submit(submission)]
    }

    func summary(displayName: String, topics: [TopicMatcher.Topic]) -> ChatReply {
        let sender = name ?? Self.cleanName(displayName) ?? "tên Zalo của Ông/bà"
        let text = """
            Xin Ông/bà kiểm tra lại trước khi gửi:
            • Lĩnh vực: \(topicTitle(topics))
            • Nội dung: \(ChatReplies.shortened(content ?? "", to: 300))
            • Người gửi: \(sender)
            • Điện thoại: \(phone ?? "không để lại")
            Bấm “Gửi” để gửi phản ánh, hoặc “Hủy” để bỏ.
            """
        return .buttons(text, [.command("Gửi", "#gui"), .command("Hủy", "#huy")])
    }

    /// The petition as the server submits it; nil when the state lacks the topic or the content.
    public func submission(displayName: String, topics: [TopicMatcher.Topic]) -> PetitionSubmission? {
        guard let topic, let content, !content.isEmpty else { return nil }
        return PetitionSubmission(
            topic: topic, title: Self.title(content: content, topicName: topicTitle(topics)), content: content,
            name: name ?? Self.cleanName(displayName) ?? "Người dùng Zalo", phone: phone ?? "", consentPublish: false)
    }

    /// The name of the chosen topic: from the current list (it may have been renamed), else as chosen.
    func topicTitle(_ topics: [TopicMatcher.Topic]) -> String {
        topics.first { $0.slug == topic }?.name ?? topicName ?? topic ?? ""
    }

    // MARK: Text

    /// The title the staff see in their list: the first sentence, cut between words to at most
    /// 100 characters; when that is too short to say anything ("Dạ."), the topic name leads it.
    static func title(content: String, topicName: String) -> String {
        let sentence = firstSentence(of: content)
        var title = ChatReplies.shortened(sentence, to: 100)
        if title.count < PetitionLimits.titleMinimum {
            title = title.isEmpty ? "Phản ánh về \(topicName)" : "\(topicName): \(title)"
            title = ChatReplies.shortened(title, to: 100)
        }
        return title
    }

    /// Up to the first line break, or the first ".", "!", "?" or "…" followed by a space, except the
    /// dot of a short upper-case abbreviation ("TP. Hồ Chí Minh", "Q. 1"). Spaces and tabs collapse
    /// to one space, and the closing punctuation is dropped.
    static func firstSentence(of content: String) -> String {
        let characters = Array(content.trimmingCharacters(in: .whitespacesAndNewlines))
        var end = characters.count
        for (index, character) in characters.enumerated() {
            if character.isNewline {
                end = index
                break
            }
            guard ".!?…".contains(character), index + 1 == characters.count || characters[index + 1].isWhitespace else { continue }
            if character == "." {
                var start = index
                while start > 0, characters[start - 1].isLetter { start -= 1 }
                let word = characters[start..<index]
                if !word.isEmpty, word.count <= 3, word.allSatisfy(\.isUppercase) { continue }
            }
            end = index
            break
        }
        let words = characters[..<end].split(whereSeparator: \.isWhitespace).map { String($0) }
        var sentence = words.joined(separator: " ")
        while let last = sentence.last, ".!?…,;:-".contains(last) { sentence.removeLast() }
        return sentence
    }

    /// NFC, one kind of line break, no control characters but line breaks and tabs, no invisible
    /// direction overrides: what `PetitionSubmission.validated` accepts.
    static func cleanContent(_ text: String) -> String {
        let unified = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var scalars = String.UnicodeScalarView()
        for scalar in unified.unicodeScalars
        where scalar == "\n" || scalar == "\t" || !PetitionSubmission.hasControlCharacters(String(scalar)) {
            scalars.append(scalar)
        }
        return PetitionSubmission.clean(String(scalars))
    }

    /// A name cut to the limit a petition allows, or nil when nothing is left.
    static func cleanName(_ text: String) -> String? {
        let cleaned = cleanContent(text).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard !cleaned.isEmpty else { return nil }
        return String(cleaned.prefix(PetitionLimits.nameMaximum)).trimmingCharacters(in: .whitespaces)
    }
}

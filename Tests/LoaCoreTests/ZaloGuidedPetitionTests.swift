import Foundation
import Testing

@testable import LoaCore

@Suite struct ZaloGuidedPetitionTests {
    let topics = TopicMatcher.defaultTopics
    var slugs: Set<String> { Set(topics.map(\.slug)) }
    let content = "Tôi là viên chức, đã đủ 3 năm giữ bậc nhưng đơn vị chưa nâng lương thường xuyên theo quy định."
    let zaloName = "An Nguyễn"

    func texts(_ replies: [ChatReply]) -> [String] {
        replies.compactMap { reply in
            switch reply {
            case .text(let text), .buttons(let text, _): text
            case .requestUserInfo(let title, let subtitle): title + " " + subtitle
            case .submit: nil
            }
        }
    }

    func buttons(_ replies: [ChatReply]) -> [ChatButton] {
        replies.flatMap { reply -> [ChatButton] in
            if case .buttons(_, let buttons) = reply { return buttons }
            return []
        }
    }

    func submission(_ replies: [ChatReply]) -> PetitionSubmission? {
        for case .submit(let submission) in replies { return submission }
        return nil
    }

    /// A conversation brought to `step` the usual way.
    func conversation(at step: GuidedPetition.Step) -> GuidedPetition {
        var petition = GuidedPetition.start(topics: topics).0
        if step == .topic { return petition }
        _ = petition.handle(text: "#chon tien-luong", displayName: zaloName, topics: topics)
        if step == .content { return petition }
        _ = petition.handle(text: content, displayName: zaloName, topics: topics)
        if step == .contact { return petition }
        _ = petition.handle(info: ZaloEvent.SubmittedInfo(name: "Nguyễn Văn An", phone: "84912345678"))
        return petition
    }

    @Test func startAsksForTheTopicWithFiveButtonsAndNamesTheRest() {
        let (petition, replies) = GuidedPetition.start(topics: topics)
        #expect(petition == GuidedPetition(step: .topic))
        #expect(replies.count == 1)
        let buttons = buttons(replies)
        #expect(buttons.count == 5)
        #expect(buttons.first == ChatButton(title: "Công chức, viên chức", type: "oa.query.hide", payload: "#chon cong-chuc-vien-chuc"))
        #expect(buttons.map(\.payload) == topics.prefix(5).map { "#chon \($0.slug)" })
        let text = texts(replies).joined()
        #expect(text.contains("gõ tên lĩnh vực"))
        for topic in topics.dropFirst(5) { #expect(text.contains(topic.name)) }
        #expect(text.contains("hủy"))
    }

    @Test func startWithFewTopicsListsNoOthers() {
        let few = Array(topics.prefix(2))
        let (_, replies) = GuidedPetition.start(topics: few)
        #expect(buttons(replies).count == 2)
        #expect(!texts(replies).joined().contains("Các lĩnh vực khác"))
        #expect(GuidedPetition.start(topics: []).1.count == 1)
    }

    @Test func theWholeConversationWithButtonsAndZalosForm() throws {
        var (petition, _) = GuidedPetition.start(topics: topics)

        var replies = petition.handle(text: "#chon tien-luong", displayName: zaloName, topics: topics)
        #expect(petition.step == .content)
        #expect(petition.topic == "tien-luong")
        #expect(texts(replies).joined().contains("Lĩnh vực: Tiền lương"))

        replies = petition.handle(text: content, displayName: zaloName, topics: topics)
        #expect(petition.step == .contact)
        #expect(petition.content == content)
        #expect(replies.first == .requestUserInfo(title: "Thông tin liên hệ", subtitle: GuidedPetition.contactFormSubtitle))
        #expect(texts(replies).joined().contains("bỏ qua"))
        #expect(texts(replies).joined().contains("“An Nguyễn”"))

        replies = petition.handle(info: ZaloEvent.SubmittedInfo(name: " Nguyễn Văn An ", phone: "84912345678", city: "Hà Nội"))
        #expect(petition.step == .confirm)
        #expect(petition.name == "Nguyễn Văn An")
        #expect(petition.phone == "0912345678")
        #expect(buttons(replies) == [ChatButton.command("Gửi", "#gui"), ChatButton.command("Hủy", "#huy")])
        let summary = texts(replies).joined()
        #expect(summary.contains("Tiền lương") && summary.contains("Nguyễn Văn An") && summary.contains("0912345678"))
        #expect(summary.contains(content))

        replies = petition.handle(text: "#gui", displayName: zaloName, topics: topics)
        #expect(petition.step == .done)
        let sent = try #require(submission(replies))
        #expect(
            sent
                == PetitionSubmission(
                    topic: "tien-luong",
                    title: "Tôi là viên chức, đã đủ 3 năm giữ bậc nhưng đơn vị chưa nâng lương thường xuyên theo quy định",
                    content: content, name: "Nguyễn Văn An", phone: "0912345678", consentPublish: false))
        #expect(try sent.validated(topics: slugs, contactRequired: false) == sent)

        // A finished conversation answers nothing more.
        #expect(petition.handle(text: "#gui", displayName: zaloName, topics: topics).isEmpty)
        #expect(petition.handle(info: ZaloEvent.SubmittedInfo(name: "X", phone: "0912345678")).isEmpty)
    }

    @Test func theWholeConversationTypedWithoutMarksAndSkippingTheForm() throws {
        var (petition, _) = GuidedPetition.start(topics: topics)
        _ = petition.handle(text: "bhxh", displayName: zaloName, topics: topics)
        #expect(petition.topic == "bao-hiem-xa-hoi")
        _ = petition.handle(text: "Toi da nghi viec 2 nam nhung chua nhan duoc tro cap that nghiep", displayName: zaloName, topics: topics)
        var replies = petition.handle(text: "bo qua", displayName: zaloName, topics: topics)
        #expect(petition.step == .confirm)
        #expect(petition.name == zaloName)
        #expect(petition.phone == nil)
        #expect(texts(replies).joined().contains("không để lại"))
        replies = petition.handle(text: "dong y", displayName: zaloName, topics: topics)
        let sent = try #require(submission(replies))
        #expect(sent.name == zaloName)
        #expect(sent.phone == "")
        #expect(sent.topic == "bao-hiem-xa-hoi")
        #expect(sent.title == "Toi da nghi viec 2 nam nhung chua nhan duoc tro cap that nghiep")
        #expect(try sent.validated(topics: slugs, contactRequired: false) == sent)
    }

    @Test(arguments: ["#gui", "gửi", "Gửi", "gui", "đồng ý", "Đồng ý ạ", "ok", "OK", "đúng", "đúng rồi", "có", "xác nhận", "gửi đi"])
    func confirmationWords(text: String) throws {
        var petition = conversation(at: .confirm)
        let replies = petition.handle(text: text, displayName: zaloName, topics: topics)
        #expect(petition.step == .done)
        #expect(try submission(replies)?.validated(topics: slugs, contactRequired: false) != nil)
    }

    @Test(arguments: ["dung", "abc", "sửa lại", "", "#menu-khac"])
    func anUnclearAnswerAtConfirmationAsksAgain(text: String) {
        var petition = conversation(at: .confirm)
        let before = petition
        let replies = petition.handle(text: text, displayName: zaloName, topics: topics)
        #expect(petition == before)
        #expect(submission(replies) == nil)
        #expect(buttons(replies).map(\.payload) == ["#gui", "#huy"])
    }

    @Test(arguments: [GuidedPetition.Step.topic, .content, .contact, .confirm])
    func cancelsAtEveryStep(step: GuidedPetition.Step) {
        for word in ["hủy", "#huy", "Huỷ", "thôi", "dừng", "HUY"] {
            var petition = conversation(at: step)
            #expect(petition.step == step)
            let replies = petition.handle(text: word, displayName: zaloName, topics: topics)
            #expect(petition.step == .cancelled)
            #expect(!petition.isActive)
            #expect(replies == ChatReplies.cancelled)
            #expect(petition.handle(text: "#gui", displayName: zaloName, topics: topics).isEmpty)
        }
    }

    @Test func anUnknownTopicIsSaidAndTheTopicsListedAgain() {
        var petition = conversation(at: .topic)
        var replies = petition.handle(text: "thời tiết", displayName: zaloName, topics: topics)
        #expect(petition.step == .topic)
        #expect(replies.first == .text("Chưa rõ lĩnh vực “thời tiết”."))
        #expect(buttons(replies).count == 5)
        replies = petition.handle(text: "#chon khong-co", displayName: zaloName, topics: topics)
        #expect(petition.step == .topic)
        #expect(replies.first == .text("Chưa rõ lĩnh vực."))
        replies = petition.handle(text: "tổ chức", displayName: zaloName, topics: topics)
        #expect(petition.step == .topic)
        _ = petition.handle(text: "Tiền lương cơ sở", displayName: zaloName, topics: topics)
        #expect(petition.step == .content)
        #expect(petition.topic == "tien-luong")
        #expect(petition.topicName == "Tiền lương")
    }

    @Test func tooShortContentIsExplained() {
        var petition = conversation(at: .content)
        var replies = petition.handle(text: "Chậm lương", displayName: zaloName, topics: topics)
        #expect(petition.step == .content)
        #expect(petition.content == nil)
        #expect(texts(replies).joined().contains("ít nhất 20 ký tự"))
        #expect(texts(replies).joined().contains("(10 ký tự)"))
        // 19 characters, and spaces around do not count.
        replies = petition.handle(text: "   " + String(repeating: "á", count: 19) + "\n", displayName: zaloName, topics: topics)
        #expect(petition.step == .content)
        _ = petition.handle(text: String(repeating: "á", count: 20), displayName: zaloName, topics: topics)
        #expect(petition.step == .contact)
    }

    @Test func tooLongContentIsRefused() {
        var petition = conversation(at: .content)
        let replies = petition.handle(text: String(repeating: "a", count: 10_001), displayName: zaloName, topics: topics)
        #expect(petition.step == .content)
        #expect(texts(replies).joined().contains("10.000"))
        _ = petition.handle(text: String(repeating: "a", count: 10_000), displayName: zaloName, topics: topics)
        #expect(petition.step == .contact)
    }

    @Test func contentIsCleanedSoThatItValidates() throws {
        var petition = conversation(at: .content)
        let raw = "Dòng một\r\nDòng hai\u{0007} có\tthẻ\u{202E} và NFD: tiền lương".decomposedStringWithCanonicalMapping
        _ = petition.handle(text: raw, displayName: zaloName, topics: topics)
        #expect(petition.content == "Dòng một\nDòng hai có\tthẻ và NFD: tiền lương")
        _ = petition.handle(text: "bỏ qua", displayName: zaloName, topics: topics)
        let sent = try #require(submission(petition.handle(text: "gửi", displayName: zaloName, topics: topics)))
        #expect(sent.title == "Dòng một")
        #expect(try sent.validated(topics: slugs, contactRequired: false) == sent)
    }

    @Test func anInvalidPhoneFromTheFormIsAskedAgain() {
        var petition = conversation(at: .contact)
        var replies = petition.handle(info: ZaloEvent.SubmittedInfo(name: "Nguyễn Văn An", phone: "12345"))
        #expect(petition.step == .contact)
        #expect(petition.phone == nil)
        #expect(replies.contains(.requestUserInfo(title: "Thông tin liên hệ", subtitle: GuidedPetition.contactFormSubtitle)))
        #expect(texts(replies).joined().contains("“12345” chưa đúng"))
        replies = petition.handle(info: ZaloEvent.SubmittedInfo(name: "Nguyễn Văn An", phone: ""))
        #expect(texts(replies).joined().contains("Chưa có số điện thoại"))
        #expect(petition.step == .contact)
        _ = petition.handle(info: ZaloEvent.SubmittedInfo(name: "", phone: "+84 (24) 3825 1234"))
        #expect(petition.step == .confirm)
        #expect(petition.phone == "02438251234")
        #expect(petition.name == nil)
    }

    @Test func theFormAtConfirmationReplacesTheContact() {
        var petition = conversation(at: .confirm)
        _ = petition.handle(info: ZaloEvent.SubmittedInfo(name: "Trần Thị Bình", phone: "0987654321"))
        #expect(petition.step == .confirm)
        #expect(petition.name == "Trần Thị Bình")
        #expect(petition.phone == "0987654321")
    }

    @Test func theFormIsIgnoredBeforeTheContactStep() {
        for step in [GuidedPetition.Step.topic, .content] {
            var petition = conversation(at: step)
            let before = petition
            #expect(petition.handle(info: ZaloEvent.SubmittedInfo(name: "An", phone: "0912345678")).isEmpty)
            #expect(petition == before)
        }
    }

    @Test func aTypedPhoneAndNameAreTaken() throws {
        var petition = conversation(at: .contact)
        _ = petition.handle(text: "Nguyễn Văn An 0912 345 678", displayName: zaloName, topics: topics)
        #expect(petition.step == .confirm)
        #expect(petition.name == "Nguyễn Văn An")
        #expect(petition.phone == "0912345678")

        petition = conversation(at: .contact)
        _ = petition.handle(text: "sđt của tôi là +84 912 345 678", displayName: zaloName, topics: topics)
        #expect(petition.name == nil)
        #expect(petition.phone == "0912345678")
        let sent = try #require(submission(petition.handle(text: "ok", displayName: zaloName, topics: topics)))
        #expect(sent.name == zaloName)
    }

    @Test func aTypedInvalidPhoneOrOtherTextAsksAgain() {
        var petition = conversation(at: .contact)
        var replies = petition.handle(text: "0123 456 789", displayName: zaloName, topics: topics)
        #expect(petition.step == .contact)
        #expect(texts(replies).joined().contains("Số điện thoại chưa đúng"))
        replies = petition.handle(text: "tôi không biết", displayName: zaloName, topics: topics)
        #expect(petition.step == .contact)
        #expect(replies.first == .requestUserInfo(title: "Thông tin liên hệ", subtitle: GuidedPetition.contactFormSubtitle))
    }

    @Test func skippingWithoutAZaloNameStillValidates() throws {
        var petition = conversation(at: .contact)
        _ = petition.handle(text: "Bỏ qua", displayName: "  ", topics: topics)
        let sent = try #require(submission(petition.handle(text: "gửi", displayName: "", topics: topics)))
        #expect(sent.name == "Người dùng Zalo")
        #expect(try sent.validated(topics: slugs, contactRequired: false) == sent)

        petition = conversation(at: .contact)
        let long = String(repeating: "Nguyễn ", count: 30)
        _ = petition.handle(text: "#bo-qua", displayName: long, topics: topics)
        let named = try #require(submission(petition.handle(text: "gửi", displayName: long, topics: topics)))
        #expect(named.name.count <= PetitionLimits.nameMaximum)
        #expect(try named.validated(topics: slugs, contactRequired: false) == named)
    }

    @Test func anotherFeaturesButtonGetsAReminder() {
        for payload in ["#menu", "#tra-cuu", "#linh-vuc", "#dang-ky tien-luong"] {
            var petition = conversation(at: .content)
            let before = petition
            let replies = petition.handle(text: payload, displayName: zaloName, topics: topics)
            #expect(petition == before)
            #expect(texts(replies).first?.contains("đang gửi phản ánh dở") == true)
            #expect(texts(replies).joined().contains("Lĩnh vực: Tiền lương"))
        }
    }

    @Test func anotherTopicButtonWhileTheContentIsAskedForChangesTheTopic() {
        var petition = conversation(at: .content)
        let replies = petition.handle(text: "#chon thanh-nien", displayName: zaloName, topics: topics)
        #expect(petition.step == .content)
        #expect(petition.topic == "thanh-nien")
        #expect(texts(replies).joined().contains("Lĩnh vực: Thanh niên"))
    }

    @Test func sendPetitionAgainStartsOver() {
        var petition = conversation(at: .contact)
        let replies = petition.handle(text: "#gui-phan-anh", displayName: zaloName, topics: topics)
        #expect(petition == GuidedPetition(step: .topic))
        #expect(replies == GuidedPetition.start(topics: topics).1)
    }

    @Test func theStateSurvivesJSON() throws {
        let petition = conversation(at: .confirm)
        let data = try JSONEncoder().encode(petition)
        #expect(try JSONDecoder().decode(GuidedPetition.self, from: data) == petition)
        let older = try JSONDecoder().decode(GuidedPetition.self, from: Data(#"{"step":"content","topic":"tien-luong"}"#.utf8))
        #expect(older == GuidedPetition(step: .content, topic: "tien-luong"))
        var resumed = older
        let replies = resumed.handle(text: "#menu", displayName: "", topics: topics)
        #expect(texts(replies).joined().contains("Lĩnh vực: Tiền lương"))
    }

    @Test func aStateMissingItsContentAtConfirmationAsksForIt() {
        var petition = GuidedPetition(step: .confirm, topic: "tien-luong")
        let replies = petition.handle(text: "gửi", displayName: zaloName, topics: topics)
        #expect(submission(replies) == nil)
        #expect(petition.step == .content)
        #expect(GuidedPetition(step: .confirm).submission(displayName: "", topics: topics) == nil)
    }

    // MARK: Titles

    @Test(arguments: [
        ("Chậm nâng lương. Tôi đã đủ 3 năm giữ bậc.", "Chậm nâng lương"),
        ("Tại sao chưa nâng lương? Tôi đã đủ 3 năm.", "Tại sao chưa nâng lương"),
        ("Dòng đầu tiên\nDòng thứ hai dài hơn.", "Dòng đầu tiên"),
        ("Tôi ở TP. Hồ Chí Minh, chưa được nhận lương. Xin hỏi.", "Tôi ở TP. Hồ Chí Minh, chưa được nhận lương"),
        ("Mức lương 2.340.000 đồng là đúng chưa… Xin trả lời.", "Mức lương 2.340.000 đồng là đúng chưa"),
        ("  Nhiều\t\tkhoảng   trắng  ở đây.", "Nhiều khoảng trắng ở đây"),
        ("Dạ. Tôi muốn hỏi về nâng lương trước hạn.", "Tiền lương: Dạ"),
        ("...", "Phản ánh về Tiền lương"),
    ])
    func titleIsTheFirstSentence(content: String, title: String) {
        #expect(GuidedPetition.title(content: content, topicName: "Tiền lương") == title)
    }

    @Test func aLongFirstSentenceIsCutBetweenWords() {
        let content = String(repeating: "Đơn vị chậm nâng lương cho viên chức ", count: 6) + "theo quy định."
        let title = GuidedPetition.title(content: content, topicName: "Tiền lương")
        #expect(title.count <= 100)
        #expect(title.count >= 90)
        #expect(title.hasSuffix("…"))
        #expect(content.hasPrefix(String(title.dropLast())))
        #expect(content[content.index(content.startIndex, offsetBy: title.count - 1)] == " ")
        let unbroken = String(repeating: "x", count: 150)
        #expect(GuidedPetition.title(content: unbroken, topicName: "Tiền lương").count == 100)
    }

    @Test(arguments: [
        "Chậm lương quá rồi ạ!!!", "1. Tôi chưa được nâng lương.\n2. Đơn vị không trả lời.", "Ờ. Ừ. Chậm lương ba tháng nay rồi",
        String(repeating: "Chậm lương. ", count: 800), "Q. 1 chưa trả lương cho chúng tôi", "\"Chậm lương\" — đã 3 tháng nay.",
    ])
    func everySubmissionValidates(content: String) throws {
        var petition = conversation(at: .content)
        _ = petition.handle(text: content, displayName: zaloName, topics: topics)
        _ = petition.handle(text: "bỏ qua", displayName: zaloName, topics: topics)
        let sent = try #require(submission(petition.handle(text: "gửi", displayName: zaloName, topics: topics)))
        #expect(sent.title.count >= PetitionLimits.titleMinimum && sent.title.count <= 100)
        #expect(!sent.consentPublish)
        #expect(try sent.validated(topics: slugs, contactRequired: false) == sent)
    }
}

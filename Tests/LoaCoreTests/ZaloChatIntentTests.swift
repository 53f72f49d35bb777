import Foundation
import Testing

@testable import LoaCore

@Suite struct ZaloChatIntentTests {
    static let code = TrackingCode(year: 2026, number: 123)

    @Test(arguments: [
        "menu", "MENU", "Menu", "trợ giúp", "Trợ giúp", "tro giup", "help", "bắt đầu", "bat dau", "Xin chào", "xin chao", "chào", "Chào!",
        "chao", "hi", "Hello", "?", "??", "", "   ", "#menu", "#MENU", "chào ạ", "Xin chào ạ!", "hướng dẫn",
    ])
    func menu(text: String) {
        #expect(ChatIntent.parse(text) == .menu)
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .menu)
    }

    @Test(arguments: [
        "PA-2026-000123", "pa-2026-123", "tra cứu PA-2026-000123", "Tra cứu PA-2026-000123", "tra cuu pa-2026-123",
        "TRA CỨU PA 2026 000123",
        "#tra-cuu PA-2026-000123", "#tra-cuu pa 2026 123", "Cho tôi hỏi phản ánh PA-2026-000123 đến đâu rồi?",
        "mã của tôi: PA-2026-000123.",
        "tra cứu mã số PA-2026-000123 giúp tôi",
    ])
    func track(text: String) {
        #expect(ChatIntent.parse(text) == .track(Self.code))
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .track(Self.code))
    }

    @Test(arguments: [
        "tra cứu", "Tra cứu", "tra cuu", "TRA CUU", "#tra-cuu", "#tra-cuu abc", "#tra-cuu PA-2026", "tra cứu phản ánh", "Tra cứu phản ánh!",
        "tra cứu PA-2026", "tra cứu PA2026000123", "tra cứu 12345", "tra cứu mã PA-26-1", "tra cứu mã", "tra cứu mã số 99", "tra",
        "tôi muốn tra cứu",
        "tra cứu ạ", "tra cứu PA-2026-0000000001",
    ])
    func trackWithoutAValidCode(text: String) {
        #expect(ChatIntent.parse(text) == .trackWithoutCode)
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .trackWithoutCode)
    }

    @Test(arguments: ["tra cứu lương cơ sở năm 2025", "tra cứu 178/2024/NĐ-CP", "tra cứu văn bản về biên chế", "trà đá"])
    func aSearchIsAQuestion(text: String) {
        #expect(ChatIntent.parse(text) == .question(text))
    }

    @Test(arguments: [
        ("đăng ký tiền lương", "tiền lương"), ("dang ky tien luong", "tien luong"), ("dk bhxh", "bhxh"), ("ĐK thanh niên", "thanh niên"),
        ("ĐĂNG KÝ Bảo hiểm xã hội", "Bảo hiểm xã hội"), ("đăng kí tiền lương", "tiền lương"), ("#dang-ky tien-luong", "tien-luong"),
        ("#dang-ky", ""), ("đăng ký", ""), ("Đăng ký!", ""), ("đăng ký nhận tin", ""),
        ("đăng ký nhận tin lĩnh vực tiền lương", "tiền lương"),
        ("Tôi muốn đăng ký Công chức, viên chức ạ", "Công chức, viên chức"), ("đăng ký: Tiền lương.", "Tiền lương"),
        ("đăng ký PA-2026-000123", "PA-2026-000123"), ("dang ky linh vuc ton giao nhe", "ton giao"),
    ])
    func subscribe(text: String, topic: String) {
        #expect(ChatIntent.parse(text) == .subscribe(topic))
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .subscribe(topic))
    }

    @Test(arguments: [
        ("hủy đăng ký tiền lương", "tiền lương"), ("huỷ đăng ký", ""), ("huy dang ky tien luong", "tien luong"),
        ("HỦY ĐĂNG KÝ BHXH", "BHXH"),
        ("#huy-dang-ky tien-luong", "tien-luong"), ("#huy-dang-ky", ""), ("bỏ đăng ký bhxh", "bhxh"),
        ("Hủy đăng ký: Tiền lương.", "Tiền lương"),
        ("ngừng nhận tin thanh niên", "thanh niên"), ("hủy dk tiền lương", "tiền lương"), ("huỷ đăng kí lĩnh vực tôn giáo", "tôn giáo"),
    ])
    func unsubscribe(text: String, topic: String) {
        #expect(ChatIntent.parse(text) == .unsubscribe(topic))
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .unsubscribe(topic))
    }

    @Test(arguments: ["đăng ký thường trú cần giấy tờ gì?", "đăng ký kết hôn ở đâu và cần mang theo những giấy tờ gì ạ"])
    func aQuestionAboutRegisteringIsAQuestion(text: String) {
        #expect(ChatIntent.parse(text) == .question(text))
    }

    @Test(arguments: [
        "lĩnh vực", "Lĩnh vực của tôi", "linh vuc", "LINH VUC CUA TOI", "đã đăng ký", "da dang ky", "Đã đăng kí", "#linh-vuc",
        "các lĩnh vực",
    ])
    func subscriptions(text: String) {
        #expect(ChatIntent.parse(text) == .subscriptions)
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .subscriptions)
    }

    @Test(arguments: [
        "gửi phản ánh", "Gửi phản ánh", "gui phan anh", "phản ánh", "phan anh", "Phản ánh.", "kiến nghị", "kien nghi", "gửi kiến nghị",
        "#gui-phan-anh", "tôi muốn gửi phản ánh", "Gửi phản ánh, kiến nghị", "gửi thành câu hỏi", "phản ánh ạ",
    ])
    func startPetition(text: String) {
        #expect(ChatIntent.parse(text) == .startPetition)
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .startPetition)
    }

    @Test(arguments: [
        "hủy", "huỷ", "HỦY", "Hủy!", "huy", "HUY", "thôi", "thoi", "dừng", "dung", "#huy", "#HUY", "hủy bỏ", "dừng lại", "thôi ạ",
    ])
    func cancel(text: String) {
        #expect(ChatIntent.parse(text) == .cancel)
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .cancel)
    }

    /// Folding alone would make these commands; their marks say otherwise.
    @Test(arguments: ["đúng", "Đúng", "thời", "húy", "cháo", "hỉ", "đúng ạ"])
    func wordsWithOtherMarksAreNotCommands(text: String) {
        #expect(ChatIntent.parse(text) == .question(text))
        #expect(ChatIntent.parse(text.decomposedStringWithCanonicalMapping) == .question(text))
    }

    @Test func toneMarkPlacementDoesNotMatter() {
        #expect(ChatIntent.parse("huỷ") == .cancel)
        #expect(ChatIntent.parse("hủy") == .cancel)
        #expect(ChatIntent.parse("huỷ đăng ký") == .unsubscribe(""))
        #expect(ChatIntent.parse("hủy đăng ký") == .unsubscribe(""))
    }

    @Test(arguments: [
        "mức lương cơ sở hiện nay là bao nhiêu?", "Phản ánh về việc chậm nâng lương", "Thủ tục khen thưởng",
        "hủy quyết định kỷ luật thế nào",
        "tôi muốn hỏi về biên chế", "hi vọng được trả lời sớm",
    ])
    func anythingElseIsAQuestion(text: String) {
        #expect(ChatIntent.parse(text) == .question(text))
    }

    @Test func aQuestionIsTrimmedAndInNFC() {
        let nfd = "  Lương hưu tính thế nào?\n".decomposedStringWithCanonicalMapping
        guard case .question(let text) = ChatIntent.parse(nfd) else {
            Issue.record("not a question")
            return
        }
        #expect(text.unicodeScalars.elementsEqual("Lương hưu tính thế nào?".precomposedStringWithCanonicalMapping.unicodeScalars))
    }

    @Test func theArgumentIsInNFC() {
        guard case .subscribe(let topic) = ChatIntent.parse("Đăng ký tiền lương".decomposedStringWithCanonicalMapping) else {
            Issue.record("not a subscription")
            return
        }
        #expect(topic.unicodeScalars.elementsEqual("tiền lương".unicodeScalars))
    }

    @Test(arguments: ["#chon tien-luong", "#gui", "#bo-qua", "#Something-Else"])
    func aButtonOfAnEndedConversationShowsTheMenu(text: String) {
        #expect(ChatIntent.parse(text) == .menu)
    }

    @Test func theOrderOfTheRules() {
        // Cancel before anything, unsubscribe before subscribe, subscribe before a code.
        #expect(ChatIntent.parse("hủy") == .cancel)
        #expect(ChatIntent.parse("hủy đăng ký tiền lương") == .unsubscribe("tiền lương"))
        #expect(ChatIntent.parse("đăng ký PA-2026-000123") == .subscribe("PA-2026-000123"))
        // A code wins over the petition and menu words around it.
        #expect(ChatIntent.parse("phản ánh PA-2026-000123") == .track(Self.code))
        #expect(ChatIntent.parse("menu PA-2026-000123") == .track(Self.code))
        // Payload commands are read before words.
        #expect(ChatIntent.parse("#huy-dang-ky tien-luong") == .unsubscribe("tien-luong"))
        #expect(ChatIntent.parse("#huy") == .cancel)
    }
}

import Foundation
import Testing

@testable import LoaCore

@Suite struct PetitionSubmissionTests {
    let topics: Set<String> = ["tien-luong", "to-chuc-bo-may", "thi-dua-khen-thuong"]

    var good: PetitionSubmission {
        PetitionSubmission(
            topic: "tien-luong", title: "Chậm nâng lương thường xuyên",
            content: "Tôi là viên chức, đã đủ 3 năm giữ bậc nhưng đơn vị chưa nâng lương thường xuyên theo quy định.",
            name: "Nguyễn Văn An", phone: "0912 345 678", email: "An.Nguyen@Gmail.com", address: "Hai Bà Trưng, Hà Nội",
            consentPublish: true)
    }

    func errors(_ submission: PetitionSubmission, contactRequired: Bool = true) -> PetitionFieldErrors? {
        do {
            _ = try submission.validated(topics: topics, contactRequired: contactRequired)
            return nil
        } catch {
            return error
        }
    }

    func with(_ change: (inout PetitionSubmission) -> Void) -> PetitionSubmission {
        var submission = good
        change(&submission)
        return submission
    }

    @Test func aGoodSubmissionIsNormalised() throws {
        var raw = good
        raw.title = "  Chậm nâng lương thường xuyên \n"
        raw.name = " Nguyễn Văn An\t"
        raw.email = " An.Nguyen@Gmail.com "
        raw.phone = "+84 912 345 678"
        let valid = try raw.validated(topics: topics)
        #expect(valid.title == "Chậm nâng lương thường xuyên")
        #expect(valid.name == "Nguyễn Văn An")
        #expect(valid.email == "an.nguyen@gmail.com")
        #expect(valid.phone == "0912345678")
        #expect(valid.topic == "tien-luong")
        #expect(valid.address == "Hai Bà Trưng, Hà Nội")
        #expect(valid.consentPublish)
        #expect(try valid.validated(topics: topics) == valid)
    }

    @Test func textIsStoredInNFC() throws {
        var raw = good
        raw.title = "Tiền lương viên chức".decomposedStringWithCanonicalMapping
        raw.name = "Trần Thị Ngọc".decomposedStringWithCanonicalMapping
        raw.content = good.content.decomposedStringWithCanonicalMapping
        let valid = try raw.validated(topics: topics)
        #expect(valid.title.unicodeScalars.elementsEqual("Tiền lương viên chức".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(valid.name.unicodeScalars.elementsEqual("Trần Thị Ngọc".precomposedStringWithCanonicalMapping.unicodeScalars))
        #expect(valid.content == good.content)
    }

    @Test func contentKeepsLineBreaksAndTabsAsLF() throws {
        var raw = good
        raw.content = "Kính gửi Bộ Nội vụ,\r\n\r\n\tTôi xin phản ánh việc chậm nâng lương.\rXin cảm ơn.\n"
        let valid = try raw.validated(topics: topics)
        #expect(valid.content == "Kính gửi Bộ Nội vụ,\n\n\tTôi xin phản ánh việc chậm nâng lương.\nXin cảm ơn.")
    }

    @Test func everyInvalidFieldIsReportedInOrder() {
        let result = errors(
            PetitionSubmission(topic: "khac", title: "Hỏi", content: "Ngắn quá", name: "", phone: "12345", email: "an@", address: ""))
        #expect(result?.fields.map(\.field) == ["topic", "title", "content", "name", "phone", "email"])
        #expect(result?["topic"] == "Hãy chọn lĩnh vực.")
        #expect(result?["title"] == "Tiêu đề cần ít nhất 5 ký tự.")
        #expect(result?["content"]?.contains("20") == true)
        #expect(result?["name"] == "Hãy nhập họ và tên.")
        #expect(result?["phone"]?.hasPrefix("Số điện thoại không hợp lệ") == true)
        #expect(result?["email"]?.hasPrefix("Địa chỉ email không hợp lệ") == true)
        #expect(result?["address"] == nil)
    }

    @Test func anEmptySubmission() {
        let result = errors(PetitionSubmission())
        #expect(result?.fields.map(\.field) == ["topic", "title", "content", "name", "phone"])
        #expect(result?["title"] == "Hãy nhập tiêu đề.")
        #expect(result?["content"] == "Hãy nhập nội dung phản ánh, kiến nghị.")
        #expect(result?["phone"] == "Hãy nhập số điện thoại hoặc email để nhận câu trả lời.")
    }

    @Test(arguments: ["", " ", "Tien-Luong", "tien luong", "khac"])
    func topicMustBeKnown(topic: String) {
        #expect(errors(with { $0.topic = topic })?["topic"] == "Hãy chọn lĩnh vực.")
    }

    @Test func topicIsTrimmed() throws {
        #expect(try with { $0.topic = " to-chuc-bo-may " }.validated(topics: topics).topic == "to-chuc-bo-may")
    }

    @Test func titleLengths() {
        #expect(errors(with { $0.title = "   " })?["title"] == "Hãy nhập tiêu đề.")
        #expect(errors(with { $0.title = "Lươn" })?["title"] == "Tiêu đề cần ít nhất 5 ký tự.")
        #expect(errors(with { $0.title = "Lương" }) == nil)
        #expect(errors(with { $0.title = String(repeating: "ệ", count: 200) }) == nil)
        #expect(errors(with { $0.title = String(repeating: "ệ", count: 201) })?["title"] == "Tiêu đề không được dài quá 200 ký tự.")
        // Counted in characters as people see them, whatever the normalisation.
        #expect(errors(with { $0.title = String(repeating: "ệ", count: 200).decomposedStringWithCanonicalMapping }) == nil)
    }

    @Test func contentLengths() {
        #expect(errors(with { $0.content = "\n\n " })?["content"] == "Hãy nhập nội dung phản ánh, kiến nghị.")
        #expect(errors(with { $0.content = String(repeating: "a", count: 19) })?["content"]?.contains("ít nhất 20 ký tự") == true)
        #expect(errors(with { $0.content = String(repeating: "a", count: 20) }) == nil)
        #expect(errors(with { $0.content = String(repeating: "ư", count: 10_000) }) == nil)
        #expect(errors(with { $0.content = String(repeating: "ư", count: 10_001) })?["content"]?.contains("10.000 ký tự") == true)
    }

    @Test func nameIsRequiredAndLimited() {
        #expect(errors(with { $0.name = " " })?["name"] == "Hãy nhập họ và tên.")
        #expect(errors(with { $0.name = String(repeating: "Ngô ", count: 25) }) == nil)
        #expect(errors(with { $0.name = String(repeating: "Ngô ", count: 26) })?["name"] == "Họ và tên không được dài quá 100 ký tự.")
    }

    @Test(arguments: [
        ("0912345678", "0912345678"), ("0912.345.678", "0912345678"), ("091-234-5678", "0912345678"), ("(+84) 912345678", "0912345678"),
        ("84912345678", "0912345678"), ("024 3825 1234", "02438251234"), ("(0236) 3822 123", "02363822123"),
    ])
    func phonesAreNormalised(phone: String, expected: String) throws {
        #expect(try with { $0.phone = phone }.validated(topics: topics).phone == expected)
    }

    @Test(arguments: ["12345", "0123456789", "09123456789", "0912 345 67x", "+1 202 555 0100", "số của tôi"])
    func badPhonesAreRefused(phone: String) {
        let message = errors(with { $0.phone = phone })?["phone"]
        #expect(message == "Số điện thoại không hợp lệ; hãy nhập số di động 10 chữ số (ví dụ 0912345678) hoặc số cố định kèm mã vùng.")
    }

    @Test(arguments: [
        "an@gmail.com", "Nguyen.Van.An@moha.gov.vn", "an+phananh@sub.example.vn", "a_b-c@x-y.com", "0912345678@gmail.com",
    ])
    func goodEmails(email: String) throws {
        #expect(try with { $0.email = email }.validated(topics: topics).email == email.lowercased())
    }

    @Test(arguments: [
        "an", "an@", "@gmail.com", "an@gmail", "an @gmail.com", "an@gmail .com", "an@@gmail.com", "an@gmail.c", "an@-gmail.com",
        "an@gmail..com", ".an@gmail.com", "an.@gmail.com", "a..n@gmail.com", "an@gmail.com.", "nguyễn@gmail.com", "an@gmail.123",
        "an,binh@gmail.com",
    ])
    func badEmails(email: String) {
        #expect(errors(with { $0.email = email })?["email"] == "Địa chỉ email không hợp lệ; hãy nhập dạng ten@example.com.")
    }

    @Test func emailLength() {
        let domain = "@" + String(repeating: "a", count: 60) + "." + String(repeating: "b", count: 60) + ".vn"
        let local = String(repeating: "x", count: 64)
        let long = local + domain
        #expect(long.count <= 254)
        #expect(errors(with { $0.email = long }) == nil)
        let tooLong = local + "@" + Array(repeating: String(repeating: "c", count: 60), count: 4).joined(separator: ".") + ".vn"
        #expect(tooLong.count > 254)
        #expect(errors(with { $0.email = tooLong })?["email"] == "Địa chỉ email không được dài quá 254 ký tự.")
    }

    @Test func addressIsOptionalAndLimited() {
        #expect(errors(with { $0.address = "" }) == nil)
        #expect(errors(with { $0.address = String(repeating: "x", count: 300) }) == nil)
        #expect(errors(with { $0.address = String(repeating: "x", count: 301) })?["address"] == "Địa chỉ không được dài quá 300 ký tự.")
    }

    @Test func aPhoneOrAnEmailIsNeededForTheAnswer() throws {
        let noContact = with {
            $0.phone = " "
            $0.email = ""
        }
        #expect(
            errors(noContact)?.fields == [FieldError(field: "phone", message: "Hãy nhập số điện thoại hoặc email để nhận câu trả lời.")])
        #expect(errors(noContact, contactRequired: false) == nil)
        #expect(errors(with { $0.phone = "" }) == nil)
        #expect(errors(with { $0.email = "" }) == nil)
        let zalo = try noContact.validated(topics: topics, contactRequired: false)
        #expect(zalo.phone == "" && zalo.email == "")
    }

    @Test func aBadPhoneIsReportedOnce() {
        let result = errors(
            with {
                $0.phone = "12345"
                $0.email = ""
            })
        #expect(result?.fields.count == 1)
        #expect(result?["phone"]?.hasPrefix("Số điện thoại không hợp lệ") == true)
    }

    @Test(arguments: ["\u{0000}", "\u{0007}", "\u{001B}[31m", "\u{007F}", "\u{202E}", "\r", "\n", "\t"])
    func controlCharactersAreRefusedOutsideContent(control: String) {
        let result = errors(
            with {
                $0.title = "Tiêu đề \(control) lạ"
                $0.name = "Nguyễn\(control)An"
                $0.address = "Hà\(control)Nội"
            })
        #expect(result?.fields.map(\.field) == ["title", "name", "address"])
        #expect(result?["title"]?.contains("không hợp lệ") == true)
    }

    @Test func contentRefusesControlCharactersOtherThanLineBreaksAndTabs() {
        #expect(errors(with { $0.content = good.content + "\u{0000}" })?["content"]?.contains("không hợp lệ") == true)
        #expect(errors(with { $0.content = good.content + "\u{001B}" })?["content"] != nil)
        #expect(errors(with { $0.content = "\t" + good.content + "\n\tHết." }) == nil)
    }

    @Test func fieldErrorsAreLookedUpByJSONKey() {
        let errors = PetitionFieldErrors(fields: [
            FieldError(field: "title", message: "A"), PetitionFieldErrors.FieldError(field: "email", message: "B"),
        ])
        #expect(errors["title"] == "A")
        #expect(errors["email"] == "B")
        #expect(errors["phone"] == nil)
    }

    @Test func limits() {
        #expect(PetitionLimits.titleMinimum == 5)
        #expect(PetitionLimits.titleMaximum == 200)
        #expect(PetitionLimits.contentMinimum == 20)
        #expect(PetitionLimits.contentMaximum == 10_000)
        #expect(PetitionLimits.nameMaximum == 100)
        #expect(PetitionLimits.emailMaximum == 254)
        #expect(PetitionLimits.addressMaximum == 300)
    }
}

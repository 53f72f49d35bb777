import Foundation
import Testing

@testable import LoaCore

@Suite struct PersonalDataPhoneTests {
    @Test(arguments: [
        "0912345678", "0912 345 678", "0912.345.678", "091-234-5678", "+84 912 345 678", "+84912345678", "84912345678",
        "(+84) 912345678", "0387654321", "0567 890 123", "0789.123.456", "0868 686 868",
        "+84 (0) 912 345 678".replacingOccurrences(of: "(0) ", with: ""),
        "024 3825 1234", "(024) 38251234", "028.3822.1234", "0236 3822 123", "+84 24 3825 1234", "02438251234",
    ])
    func findsEachSpelling(phone: String) {
        let text = "Xin liên hệ với tôi qua số \(phone) vào giờ hành chính."
        #expect(PersonalData.redact(text) == "Xin liên hệ với tôi qua số [số điện thoại đã ẩn] vào giờ hành chính.")
        let findings = PersonalData.findings(in: text)
        #expect(findings.count == 1)
        #expect(findings.first?.kind == .phone)
        #expect(findings.first.map { String(text[$0.range]) } == phone)
    }

    @Test(arguments: [
        ("SĐT: 0912345678", "SĐT: [số điện thoại đã ẩn]"),
        ("ĐT:0912.345.678.", "ĐT:[số điện thoại đã ẩn]."),
        ("(0912 345 678)", "([số điện thoại đã ẩn])"),
        ("Gọi 0912345678, 0987654321 hoặc 024 3825 1234.", "Gọi [số điện thoại đã ẩn], [số điện thoại đã ẩn] hoặc [số điện thoại đã ẩn]."),
        ("0912 345 678 0987 654 321", "[số điện thoại đã ẩn] [số điện thoại đã ẩn]"),
        ("0912345678/0987654321", "[số điện thoại đã ẩn]/[số điện thoại đã ẩn]"),
        ("sđt0912345678 (Zalo)", "sđt[số điện thoại đã ẩn] (Zalo)"),
        ("Số máy bàn (0236) 3822 123 của phường.", "Số máy bàn [số điện thoại đã ẩn] của phường."),
    ])
    func findsPhonesInContext(text: String, expected: String) {
        #expect(PersonalData.redact(text) == expected)
    }

    @Test func realisticPetition() {
        let text = """
            Kính gửi Bộ Nội vụ. Tôi là viên chức tại Sở Y tế, đã công tác 12 năm nhưng chưa được nâng lương theo \
            Nghị định 204/2004/NĐ-CP. Mọi thông tin xin liên hệ 0904 123 456 hoặc máy bàn (024) 3941 5678.
            """
        let redacted = PersonalData.redact(text)
        #expect(redacted.contains("12 năm"))
        #expect(redacted.contains("204/2004/NĐ-CP"))
        #expect(redacted.contains("liên hệ [số điện thoại đã ẩn] hoặc máy bàn [số điện thoại đã ẩn]."))
        #expect(!redacted.contains("0904"))
    }

    @Test(arguments: [
        "0123456789", "0412345678", "09123456789", "1900 1234", "1800 599 920", "091 234 567 8 9", "+85 912 345 678",
        "+84 12 345 678", "0912,345,678", "00912345678", "0912 345 6789", "0912.345.678.901",
    ])
    func leavesNumbersThatAreNotPhones(text: String) {
        #expect(PersonalData.findings(in: "Số \(text) trong văn bản").isEmpty, "\(text)")
    }

    @Test(arguments: [
        ("0912345678", "0912345678"), ("0912 345 678", "0912345678"), ("0912.345.678", "0912345678"), ("091-234-5678", "0912345678"),
        ("+84 912 345 678", "0912345678"), ("+84912345678", "0912345678"), ("84912345678", "0912345678"), ("(+84) 912345678", "0912345678"),
        ("+84 0912 345 678", "0912345678"), ("0084 912 345 678", "0912345678"), (" 0387654321 ", "0387654321"),
        ("024 3825 1234", "02438251234"), ("(024) 38251234", "02438251234"), ("028.3822.1234", "02838221234"),
        ("0236 3822 123", "02363822123"), ("+84 24 3825 1234", "02438251234"),
    ])
    func normalisesPhones(text: String, expected: String) {
        #expect(PersonalData.normalisedPhone(text) == expected)
    }

    @Test(arguments: [
        "", "abc", "0123456789", "091234567", "09123456789", "+1 212 555 0100", "0912 345 67a", "0912/345/678", "+0912345678",
        "0912345678+", "84 12 345 678", "1900 1234", "+84 +912345678", "số 0912345678",
    ])
    func refusesWhatIsNotAPhone(text: String) {
        #expect(PersonalData.normalisedPhone(text) == nil)
    }
}

@Suite struct PersonalDataEmailTests {
    @Test(arguments: [
        "nguyenvanan@gmail.com", "Nguyen.Van.An@Yahoo.com.vn", "an.nv+phananh@moha.gov.vn", "tran_thi_b-1985@outlook.com",
        "0912345678@gmail.com", "x@y.vn",
    ])
    func findsAddresses(email: String) {
        let text = "Trả lời giúp tôi qua email \(email). Xin cảm ơn!"
        #expect(PersonalData.redact(text) == "Trả lời giúp tôi qua email [email đã ẩn]. Xin cảm ơn!")
        #expect(PersonalData.findings(in: text).map(\.kind) == [.email])
    }

    @Test func emailsNextToPunctuationAndOtherData() {
        #expect(PersonalData.redact("(email: an@gmail.com)") == "(email: [email đã ẩn])")
        #expect(PersonalData.redact("<an@gmail.com>, 0912345678") == "<[email đã ẩn]>, [số điện thoại đã ẩn]")
        #expect(PersonalData.redact("mailto:an@gmail.com") == "mailto:[email đã ẩn]")
        #expect(PersonalData.redact("an@gmail.com;binh@gmail.com") == "[email đã ẩn];[email đã ẩn]")
    }

    @Test(arguments: ["@gmail.com", "an@", "an@gmail", "an@.com", "an @ gmail.com", "an@gmail.c", "Hà Nội @ 2025"])
    func leavesWhatIsNotAnAddress(text: String) {
        #expect(PersonalData.findings(in: text).isEmpty, "\(text)")
    }
}

@Suite struct PersonalDataIdentityTests {
    @Test(arguments: [
        ("Số CCCD: 001085012345, cấp ngày 10/05/2021.", "Số CCCD: [số giấy tờ đã ẩn], cấp ngày 10/05/2021."),
        ("CCCD 079190001234", "CCCD [số giấy tờ đã ẩn]"),
        ("căn cước số 038095000123 do Cục Cảnh sát cấp", "căn cước số [số giấy tờ đã ẩn] do Cục Cảnh sát cấp"),
        ("CMND số 012345678 cấp tại Hà Nội", "CMND số [số giấy tờ đã ẩn] cấp tại Hà Nội"),
        ("CMND: 186123456.", "CMND: [số giấy tờ đã ẩn]."),
        ("Tôi có số định danh 001085012345", "Tôi có số định danh [số giấy tờ đã ẩn]"),
        ("hộ chiếu số C1234567 cấp năm 2019", "hộ chiếu số [số giấy tờ đã ẩn] cấp năm 2019"),
        ("Hộ chiếu: B7654321", "Hộ chiếu: [số giấy tờ đã ẩn]"),
        ("ho chieu so N1234567", "ho chieu so [số giấy tờ đã ẩn]"),
        ("Số 012345678 là CMND cũ của tôi", "Số [số giấy tờ đã ẩn] là CMND cũ của tôi"),
        ("CCCD: 001085012345 Đ/c: Hà Nội", "CCCD: [số giấy tờ đã ẩn] Đ/c: Hà Nội"),
    ])
    func findsIdentityNumbers(text: String, expected: String) {
        #expect(PersonalData.redact(text) == expected)
    }

    @Test(arguments: [
        "Mã hàng C1234567 trong kho", "mã số thuế 0101234567", "Mã hồ sơ 000.00.12.H26-250101-0001",
        "khoản 150000000 đồng", "khoản 150000000 triệu", "Mã 001085012345 Đ/c Hà Nội", "tổng 123456789 VNĐ", "số 12345678",
        "số 1234567890123", "CCCD001085012345", "1.234.567.890",
    ])
    func leavesOtherNumbers(text: String) {
        #expect(PersonalData.findings(in: text).isEmpty, "\(text)")
    }
}

@Suite struct PersonalDataGroupedIdentityTests {
    @Test(arguments: [
        ("CCCD 001 090 012 345", "CCCD [số giấy tờ đã ẩn]"),
        ("Số CCCD: 001.090.012.345, cấp ngày 10/05/2021.", "Số CCCD: [số giấy tờ đã ẩn], cấp ngày 10/05/2021."),
        ("căn cước công dân số 001-090-012-345 do Cục Cảnh sát cấp", "căn cước công dân số [số giấy tờ đã ẩn] do Cục Cảnh sát cấp"),
        ("Số định danh cá nhân: 0010-9001-2345.", "Số định danh cá nhân: [số giấy tờ đã ẩn]."),
        ("so dinh danh 0010 9001 2345", "so dinh danh [số giấy tờ đã ẩn]"),
        ("số CMND 123 456 789 cấp tại Công an Hà Nội", "số CMND [số giấy tờ đã ẩn] cấp tại Công an Hà Nội"),
        ("CMND: 186.123.456", "CMND: [số giấy tờ đã ẩn]"),
        ("chứng minh nhân dân số 186-123-456.", "chứng minh nhân dân số [số giấy tờ đã ẩn]."),
        ("(CCCD 001\u{00A0}090\u{00A0}012\u{00A0}345)", "(CCCD [số giấy tờ đã ẩn])"),
        // Without CCCD or CMND: a grouped 9- or 12-digit run that is not money.
        ("số 001 085 012 345", "số [số giấy tờ đã ẩn]"),
        ("Tôi gửi kèm bản sao 001.090.012.345 và đơn.", "Tôi gửi kèm bản sao [số giấy tờ đã ẩn] và đơn."),
        ("Giấy tờ: 0010-9001-2345", "Giấy tờ: [số giấy tờ đã ẩn]"),
        ("số 123 456 789 (cũ)", "số [số giấy tờ đã ẩn] (cũ)"),
        // A money-like word after it does not matter once CCCD or CMND is named.
        ("CCCD: 001.090.012.345 Đ/c: Hà Nội", "CCCD: [số giấy tờ đã ẩn] Đ/c: Hà Nội"),
        ("CMND 186 123 456 đ/c thôn 3", "CMND [số giấy tờ đã ẩn] đ/c thôn 3"),
        ("Số tiền đã nộp kèm CCCD 001 090 012 345", "Số tiền đã nộp kèm CCCD [số giấy tờ đã ẩn]"),
        // Next to other personal data.
        (
            "CCCD 001 090 012 345, SĐT 0912 345 678.",
            "CCCD [số giấy tờ đã ẩn], SĐT [số điện thoại đã ẩn]."
        ),
        ("CCCD 001 090 012 345 0912 345 678", "CCCD [số giấy tờ đã ẩn] [số điện thoại đã ẩn]"),
    ])
    func findsGroupedIdentityNumbers(text: String, expected: String) {
        #expect(PersonalData.redact(text) == expected)
    }

    @Test func findingCoversTheWholeNumber() {
        let text = "Số CCCD 001 090 012 345 của tôi"
        let findings = PersonalData.findings(in: text)
        #expect(findings.map(\.kind) == [.idNumber])
        #expect(findings.map { String(text[$0.range]) } == ["001 090 012 345"])
    }

    @Test(arguments: [
        // Money, with a money word after it or "số tiền"/"mức" before it.
        "Tổng 123.456.789 đồng.", "Số tiền 123.456.789 đã nộp.", "số tiền là 123 456 789", "Mức 500.000.000 cho mỗi hộ.",
        "mức hỗ trợ 120.000.000", "Khoản vay 100.000.000.000 đồng", "Kinh phí 123.456.789.000 đ", "Giá 123 456 789 VNĐ",
        "Lỗ 123.456.789 USD", "Hỗ trợ 123.456.789 nghìn", "Tổng 001.090.012.345 triệu", "Quỹ 123.456.789.000 tỷ",
        "VND 123.456.789", "Thu 123.456.789₫", "Thu 123.456.789 ₫", "Mức lương cơ sở 2.340.000 đồng.",
        "Lương tôi chỉ 1.800.000, thấp hơn 2.340.000 đồng.", "Giá đất 12.345.678.900 đồng",
        // Not 9 or 12 digits, or groups that differ.
        "1.234.567.890", "123.456", "1.800.000.000.000", "001 090 012 345 678", "0912.345.678.901", "1800 599 920",
        "0012.345.678.901", "12 345 678 901", "001 090 0123 45",
        // Separators that differ, or more than one between groups.
        "001.090 012-345", "123  456  789", "123 - 456 - 789",
        // Dates, decimals, document and file numbers.
        "Ngày 01.07.2025 và 2025-07-01", "Diện tích 123.456.789,50 m2", "Hồ sơ 123.456.789/QĐ-UBND", "Văn bản 12/123.456.789",
        "Mã hồ sơ 000.00.12.H26-250101-0001", "Quyết định 1234/QĐ-UBND", "mã X001.090.012.345", "Mã 123-456-789a",
        "Gói 1.001-090-012", "Từ 2024 đến 2025 có 365 ngày", "Điểm 1.2.3.4.5.6",
    ])
    func leavesMoneyAndOtherNumbers(text: String) {
        #expect(PersonalData.findings(in: text).isEmpty, "\(text)")
    }

    @Test func aNumberForTheOtherDocumentStillNeedsToBeNotMoney() {
        // "CCCD" says 12 digits: 9 grouped digits after it are judged like any others.
        #expect(PersonalData.redact("CCCD cũ 123 456 789") == "CCCD cũ [số giấy tờ đã ẩn]")
        #expect(PersonalData.findings(in: "Lệ phí làm CCCD 123.456.789 đồng").isEmpty)
        // A digit between the word and the number: the word is about something else.
        #expect(PersonalData.findings(in: "CCCD 2 bản, tổng 001.090.012.345 đồng").isEmpty)
    }
}

@Suite struct PersonalDataURLTests {
    @Test(arguments: [
        ("Nhắn Zalo cho tôi: https://zalo.me/0987654321", "Nhắn Zalo cho tôi: https://zalo.me/[số điện thoại đã ẩn]"),
        ("Zalo: zalo.me/84987654321 (chị Lan)", "Zalo: zalo.me/[số điện thoại đã ẩn] (chị Lan)"),
        ("zalo.me/0987654321", "zalo.me/[số điện thoại đã ẩn]"),
        ("Gọi tel:0912345678 nhé", "Gọi tel:[số điện thoại đã ẩn] nhé"),
        ("<a href=\"tel:+84912345678\">Gọi</a>", "<a href=\"tel:[số điện thoại đã ẩn]\">Gọi</a>"),
        ("Liên hệ qua https://zalo.me/0987654321.", "Liên hệ qua https://zalo.me/[số điện thoại đã ẩn]."),
        ("(https://zalo.me/0987654321)", "(https://zalo.me/[số điện thoại đã ẩn])"),
        ("HTTPS://ZALO.ME/84987654321, cảm ơn", "HTTPS://ZALO.ME/[số điện thoại đã ẩn], cảm ơn"),
        ("https://zalo.me/+84987654321", "https://zalo.me/[số điện thoại đã ẩn]"),
        ("www.zalo.me/0987654321?src=qr", "www.zalo.me/[số điện thoại đã ẩn]?src=qr"),
        ("https://wa.me/84912345678/", "https://wa.me/[số điện thoại đã ẩn]/"),
        (
            "http://ubnd.example.vn/lien-he?sdt=0912345678&ten=an",
            "http://ubnd.example.vn/lien-he?sdt=[số điện thoại đã ẩn]&ten=an"
        ),
        ("https://example.vn/call?to=tel:02438251234", "https://example.vn/call?to=tel:[số điện thoại đã ẩn]"),
    ])
    func findsTheNumberInALink(text: String, expected: String) {
        #expect(PersonalData.redact(text) == expected)
    }

    @Test func theFindingIsJustTheNumber() {
        let text = "Zalo https://zalo.me/0987654321 nhé"
        let findings = PersonalData.findings(in: text)
        #expect(findings.map(\.kind) == [.phone])
        #expect(findings.map { String(text[$0.range]) } == ["0987654321"])
    }

    @Test(arguments: [
        "Xem https://moha.gov.vn/tin-tuc/0912345678-chinh-sach",
        "www.chinhphu.vn/?id=012345678901",
        "https://moha.gov.vn/Uploads/0912345678.pdf",
        "https://zalo.me/g/abc0987654321",
        "https://moha.gov.vn/0912345678901",
        "https://moha.gov.vn:8080/0123456789",
        "https://vbpl.vn/van-ban?ItemID=0912345678x",
        "https://moha.gov.vn/tin-tuc/2025/07/01/001090012345",
        "https://moha.gov.vn/?so=001.090.012.345",
        "https://example.vn/call#tel:0243825123",
    ])
    func leavesOtherNumbersInLinks(text: String) {
        #expect(PersonalData.findings(in: text).isEmpty, "\(text)")
    }
}

@Suite struct PersonalDataGivenNameTests {
    let known = ["Nguyễn Văn An", "Số 12 ngõ 34 phố Huế", "0912345678"]

    @Test(arguments: ["ông", "bà", "anh", "chị", "em", "cô", "chú", "Ông", "BÀ", "Chị"])
    func hidesTheGivenNameAfterAFormOfAddress(form: String) {
        let text = "Đề nghị trả lời cho \(form) An sớm."
        #expect(PersonalData.redact(text, known: known) == "Đề nghị trả lời cho \(form) [đã ẩn] sớm.")
        #expect(PersonalData.findings(in: text, known: known).map(\.kind) == [.knownValue])
    }

    @Test(arguments: [
        ("Tôi là Nguyễn Văn An. Ông An đã gửi đơn hai lần.", "Tôi là [đã ẩn]. Ông [đã ẩn] đã gửi đơn hai lần."),
        ("ÔNG AN đề nghị", "ÔNG [đã ẩn] đề nghị"),
        ("ong an de nghi", "ong [đã ẩn] de nghi"),
        ("Ong An, Ba An", "Ong [đã ẩn], Ba [đã ẩn]"),
        ("gửi anh\nAn", "gửi anh\n[đã ẩn]"),
        ("ông An.", "ông [đã ẩn]."),
        ("(chú An)", "(chú [đã ẩn])"),
        ("Ông Nguyễn Văn An và ông An", "Ông [đã ẩn] và ông [đã ẩn]"),
    ])
    func inContext(text: String, expected: String) {
        #expect(PersonalData.redact(text, known: known) == expected)
    }

    @Test func theEndOfALongerName() {
        let known = ["Trần Thị Bích Ngọc"]
        #expect(PersonalData.redact("Chị Bích Ngọc hỏi về chế độ.", known: known) == "Chị [đã ẩn] hỏi về chế độ.")
        #expect(PersonalData.redact("Chị Ngọc hỏi, chị bich ngoc hỏi lại.", known: known) == "Chị [đã ẩn] hỏi, chị [đã ẩn] hỏi lại.")
        #expect(PersonalData.findings(in: "chị Bích Ngọc", known: known).map(\.kind) == [.knownValue])
        // Just the given name when the word before it is another.
        #expect(PersonalData.redact("Chị Hồng Ngọc", known: known) == "Chị Hồng Ngọc")
    }

    @Test func severalNames() {
        let known = ["Nguyễn Văn An", "Lê Thị Hoa"]
        #expect(PersonalData.redact("Ông An và bà Hoa cùng ký.", known: known) == "Ông [đã ẩn] và bà [đã ẩn] cùng ký.")
    }

    @Test func decomposedText() {
        let text = "Kính gửi bà Hoa.".decomposedStringWithCanonicalMapping
        let redacted = PersonalData.redact(text, known: ["Lê Thị Hoa"])
        #expect(redacted.precomposedStringWithCanonicalMapping == "Kính gửi bà [đã ẩn].")
    }

    @Test(arguments: [
        // The given name alone, or after another word.
        "An toàn lao động là trên hết.", "Xã Bình An, huyện Thuận An.", "Nguyễn Văn Anh", "Gửi An.",
        // Another name after a form of address, or the form of address inside a word.
        "ông Anh đề nghị", "ông Ân trả lời", "bà Ánh", "Bông An", "Ôngan", "ông Annh",
        // Other words that fold the same: the marks written differ.
        "Em ăn cơm chưa?", "Trong danh sách có An", "Ông án treo", "chú ẩn mình",
        // Punctuation between the form of address and the name.
        "ông, An và Bình", "bà: An",
        // Short known values and values that are not names.
        "ông Huế", "anh 0912",
    ])
    func leavesOtherWords(text: String) {
        #expect(PersonalData.redact(text, known: known) == text, "\(text)")
    }

    @Test func shortKnownValuesAreStillIgnored() {
        #expect(PersonalData.redact("ông An và bà Hà", known: ["An", "Hà"]) == "ông An và bà Hà")
        #expect(PersonalData.redact("chị Hoa", known: ["Hoa"]) == "chị [đã ẩn]")
        #expect(PersonalData.redact("chị Hoa", known: ["Lê Thị Hoa 1990"]) == "chị Hoa")
    }

    @Test func aNameKnownWithoutMarksMatchesAnyMarks() {
        let known = ["nguyen van an"]
        #expect(PersonalData.redact("anh Ân và ông An", known: known) == "anh [đã ẩn] và ông [đã ẩn]")
        #expect(PersonalData.redact("ông Anh", known: known) == "ông Anh")
    }
}

@Suite struct PersonalDataMustNotTouchTests {
    @Test(arguments: [
        "Theo Thông tư 06/2025/TT-BNV, mức phụ cấp được điều chỉnh.",
        "Nghị định 178/2024/NĐ-CP về chính sách, chế độ đối với cán bộ.",
        "Tôi hỏi về Nghị định 73/2024 và Điều 12 Luật Cán bộ, công chức.",
        "Quyết định số 1234/QĐ-UBND ngày 15/3/2025 của UBND tỉnh.",
        "Mức lương cơ sở 2.340.000 đồng/tháng từ ngày 01/07/2024.",
        "Lương tôi chỉ 1.800.000, thấp hơn 2.340.000 đồng.",
        "Hạn chót là 2025-07-01, còn ngày 01/07/2025 thì đã muộn.",
        "Ngày 01.07.2025 và 01-07-2025 tôi đã nộp hồ sơ.",
        "Năm 2024 và 2025 tỷ lệ tăng 30% và 7,5%.",
        "Xem https://moha.gov.vn/tin-tuc/0912345678-chinh-sach và www.chinhphu.vn/?id=012345678901.",
        "Tổng kinh phí 12.345.678.900 đồng, tương đương 0,5% ngân sách.",
        "Điều 12, khoản 3, điểm a; Chương II; mục 1.2.3.",
        "Văn bản số 09/2025/QĐ-TTg ngày 01/01/2025.",
        "Số điện thoại đường dây nóng 1900 1234 và 1800.1234.",
        "Từ 2025 đến 2027 có 36 tháng, 1.095 ngày.",
        "Công văn 0912/BNV-TL ngày 05/02/2025",
        "Nghị quyết 27-NQ/TW năm 2018 về cải cách tiền lương.",
        "Hệ số lương 2,34 nhân 2.340.000 bằng 5.475.600 đồng.",
        "",
    ])
    func leavesOrdinaryTextAlone(text: String) {
        #expect(PersonalData.findings(in: text).isEmpty)
        #expect(PersonalData.redact(text) == text)
    }

    @Test func aLongPetitionIsScannedWhole() {
        let paragraph =
            "Căn cứ Nghị định 73/2024/NĐ-CP, lương cơ sở 2.340.000 đồng từ 01/07/2024; "
            + "đề nghị liên hệ Nguyễn Văn An, 0912 345 678, an@gmail.com. "
        let text = String(repeating: paragraph, count: 70)
        #expect(text.count > 9_000)
        let findings = PersonalData.findings(in: text, known: ["Nguyễn Văn An"])
        #expect(findings.count == 210)
        let redacted = PersonalData.redact(text, known: ["Nguyễn Văn An"])
        #expect(!redacted.contains("0912") && !redacted.contains("@") && !redacted.contains("Văn An"))
        #expect(redacted.components(separatedBy: "73/2024/NĐ-CP").count == 71)
        #expect(redacted.components(separatedBy: "2.340.000 đồng").count == 71)
    }

    @Test func keepsTheRestOfAMixedText() {
        let text = "Theo Thông tư 06/2025/TT-BNV, lương 2.340.000 đồng; liên hệ 0912.345.678 hoặc an@gmail.com trước 01/07/2025."
        #expect(
            PersonalData.redact(text)
                == "Theo Thông tư 06/2025/TT-BNV, lương 2.340.000 đồng; liên hệ [số điện thoại đã ẩn] hoặc [email đã ẩn] trước 01/07/2025.")
    }
}

@Suite struct PersonalDataKnownValueTests {
    @Test func findsTheSubmittersDetailsWhateverTheCaseAndTones() {
        let known = ["Nguyễn Văn An", "Số 12 ngõ 34 phố Huế"]
        let text = "Tôi là NGUYEN VAN AN, ở số 12 Ngõ 34 Phố Huế, Hà Nội. Ông nguyễn văn an có đơn gửi kèm."
        #expect(PersonalData.redact(text, known: known) == "Tôi là [đã ẩn], ở [đã ẩn], Hà Nội. Ông [đã ẩn] có đơn gửi kèm.")
        #expect(PersonalData.findings(in: text, known: known).map(\.kind) == [.knownValue, .knownValue, .knownValue])
    }

    @Test func mapsBackToTheOriginalTextInNFD() {
        let name = "Trần Thị Bích Ngọc"
        let text = ("Người gửi: " + name + ". Cảm ơn.").decomposedStringWithCanonicalMapping
        let redacted = PersonalData.redact(text, known: [name.precomposedStringWithCanonicalMapping])
        #expect(redacted.precomposedStringWithCanonicalMapping == "Người gửi: [đã ẩn]. Cảm ơn.")
    }

    @Test func matchesAcrossDifferentSpacing() {
        #expect(PersonalData.redact("Tên: Lê   Văn\nThành.", known: ["Lê Văn Thành"]) == "Tên: [đã ẩn].")
        #expect(PersonalData.redact("Tên: Lê Văn Thành.", known: ["  Lê  Văn Thành "]) == "Tên: [đã ẩn].")
    }

    @Test func matchesWholeWordsOnly() {
        #expect(PersonalData.redact("Nguyễn Văn Anh và Nguyễn Văn An", known: ["Nguyễn Văn An"]) == "Nguyễn Văn Anh và [đã ẩn]")
        #expect(PersonalData.redact("Hoàng Hà Nội", known: ["Hà Nội"]) == "Hoàng [đã ẩn]")
        #expect(PersonalData.redact("HàNội", known: ["Hà Nội"]) == "HàNội")
    }

    @Test func ignoresShortValues() {
        #expect(PersonalData.redact("An đi học ở Hà", known: ["An", "Hà", " B ", ""]) == "An đi học ở Hà")
        #expect(PersonalData.redact("Bà Lan ở đây", known: ["Lan"]) == "Bà [đã ẩn] ở đây")
    }

    @Test func knownPhoneAndEmailAreHiddenWhateverTheSpelling() {
        let known = ["0912345678", "An.Nguyen@Gmail.com"]
        let text = "Gọi 0912 345 678 hoặc gửi an.nguyen@gmail.com"
        #expect(PersonalData.redact(text, known: known) == "Gọi [số điện thoại đã ẩn] hoặc gửi [email đã ẩn]")
    }

    @Test func aRealisticPetitionWithEverything() {
        let known = ["Phạm Thị Lan", "0987654321", "lan.pham@gmail.com"]
        let text = """
            Kính gửi Sở Nội vụ. Tôi là Phạm Thị Lan, CCCD 001 190 012 345, hiện là giáo viên hợp đồng. Theo Nghị định \
            73/2024/NĐ-CP, mức lương cơ sở 2.340.000 đồng từ 01/07/2024 nhưng tôi chỉ nhận 1.800.000 đồng. Đề nghị \
            trả lời cho bà Lan qua https://zalo.me/0987654321 hoặc tel:0987.654.321; chồng tôi CMND 186.123.456 \
            cũng đã gửi đơn số 12/2025 ngày 05.03.2025, tổng số tiền 123.456.789 đồng.
            """
        let redacted = PersonalData.redact(text, known: known)
        #expect(
            redacted == """
                Kính gửi Sở Nội vụ. Tôi là [đã ẩn], CCCD [số giấy tờ đã ẩn], hiện là giáo viên hợp đồng. Theo Nghị định \
                73/2024/NĐ-CP, mức lương cơ sở 2.340.000 đồng từ 01/07/2024 nhưng tôi chỉ nhận 1.800.000 đồng. Đề nghị \
                trả lời cho bà [đã ẩn] qua https://zalo.me/[số điện thoại đã ẩn] hoặc tel:[số điện thoại đã ẩn]; chồng tôi CMND \
                [số giấy tờ đã ẩn] cũng đã gửi đơn số 12/2025 ngày 05.03.2025, tổng số tiền 123.456.789 đồng.
                """)
    }

    @Test func overlappingFindingsAreMerged() {
        let text = "Liên hệ Văn An 0912 345 678 ngay"
        let findings = PersonalData.findings(in: text, known: ["An 0912"])
        #expect(findings.count == 1)
        #expect(findings.map { String(text[$0.range]) } == ["An 0912 345 678"])
        #expect(PersonalData.redact(text, known: ["An 0912"]) == "Liên hệ Văn [đã ẩn] ngay")
        // A known value inside a phone number: the phone number is hidden whole.
        #expect(PersonalData.redact(text, known: ["0912 345"]) == "Liên hệ Văn An [số điện thoại đã ẩn] ngay")
    }

    @Test func findingsAreInOrderAndDoNotOverlap() {
        let text = "An (0912345678, an@gmail.com, CCCD 001085012345) ở 12 phố Huế; SĐT khác +84 987 654 321."
        let findings = PersonalData.findings(in: text, known: ["12 phố Huế"])
        #expect(findings.map(\.kind) == [.phone, .email, .idNumber, .knownValue, .phone])
        for (first, second) in zip(findings, findings.dropFirst()) {
            #expect(first.range.upperBound <= second.range.lowerBound)
        }
        #expect(
            PersonalData.redact(text, known: ["12 phố Huế"])
                == "An ([số điện thoại đã ẩn], [email đã ẩn], CCCD [số giấy tờ đã ẩn]) ở [đã ẩn]; SĐT khác [số điện thoại đã ẩn].")
    }

    @Test func emojiAndOtherScriptsDoNotConfuseTheRanges() {
        let text = "👍 Cảm ơn 🇻🇳 Nguyễn Văn An, 0912345678 📞"
        #expect(PersonalData.redact(text, known: ["nguyen van an"]) == "👍 Cảm ơn 🇻🇳 [đã ẩn], [số điện thoại đã ẩn] 📞")
    }
}

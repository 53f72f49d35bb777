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
    ])
    func findsIdentityNumbers(text: String, expected: String) {
        #expect(PersonalData.redact(text) == expected)
    }

    @Test(arguments: [
        "Mã hàng C1234567 trong kho", "mã số thuế 0101234567", "Mã hồ sơ 000.00.12.H26-250101-0001", "số 001 085 012 345",
        "khoản 150000000 đồng", "tổng 123456789 VNĐ", "số 12345678", "số 1234567890123", "CCCD001085012345", "1.234.567.890",
    ])
    func leavesOtherNumbers(text: String) {
        #expect(PersonalData.findings(in: text).isEmpty, "\(text)")
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

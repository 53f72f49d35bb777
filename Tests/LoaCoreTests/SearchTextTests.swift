import Testing

@testable import LoaCore

@Suite struct SearchTextTests {
    @Test func syllablesAndPairs() {
        #expect(SearchText.syllables("Tiền lương cơ sở: 2.340.000 đồng!") == ["tien", "luong", "co", "so", "2", "340", "000", "dong"])
        #expect(SearchText.indexTokens("Tiền lương cơ sở") == "tien luong co so tienluong luongco coso")
        // NFD input tokenises the same as NFC.
        #expect(SearchText.indexTokens("Tiền lương".decomposedStringWithCanonicalMapping) == "tien luong tienluong")
        #expect(SearchText.syllables("Nghị định 178/2024/NĐ-CP") == ["nghi", "dinh", "178", "2024", "nd", "cp"])
        #expect(SearchText.syllables("COVID-19 và 北京") == ["covid", "19", "va", "北京"])
    }

    @Test func queriesExpandAbbreviationsAndKeepOrder() {
        let query = SearchText.query("BHXH tự nguyện")
        #expect(query.syllables == ["bao", "hiem", "xa", "hoi", "tu", "nguyen"])
        #expect(query.pairs.first == "baohiem")
        #expect(query.pairs.contains("hoitu"))
        #expect(SearchText.query("tien luong ").prefix == nil)
        #expect(SearchText.query("tien luo").prefix == "luo")
    }

    @Test func documentNumbersAreRecognised() {
        #expect(SearchText.query("06/2025/TT-BNV").documentNumber == "06/2025/tt-bnv")
        #expect(SearchText.query("178/2024/NĐ-CP").documentNumber == "178/2024/nd-cp")
        #expect(SearchText.query("06/2025").documentNumber == "06/2025")
        #expect(SearchText.query("tien luong").documentNumber == nil)
        #expect(SearchText.query("2 cấp").documentNumber == nil)
        #expect(SearchText.documentNumberKey(" 1234/BNV-CCVC ") == "1234/bnv-ccvc")
    }

    @Test func hostileQueriesStayBounded() {
        let long = String(repeating: "tiền lương ", count: 1_000)
        let query = SearchText.query(long)
        #expect(query.syllables.count <= 12)
        #expect(
            SearchText.query("\"*) OR NEAR( AND NOT '; DROP TABLE x;--").syllables == ["or", "near", "and", "not", "drop", "table", "x"])
        #expect(SearchText.query("").isEmpty)
        #expect(SearchText.query("!!! ??? ***").isEmpty)
    }

    @Test func snippetsMarkTheOriginalWords() {
        let query = SearchText.query("luong co so")
        let html = Snippet.html("Từ ngày 1/7/2024, mức lương cơ sở là 2.340.000 đồng/tháng <b>mới</b>.", matching: query)
        #expect(html.contains("<mark>lương cơ sở</mark>"))
        #expect(html.contains("&lt;b&gt;mới&lt;/b&gt;"))
        #expect(Snippet.highlight("Tiền lương cơ sở", matching: query) == "Tiền <mark>lương cơ sở</mark>")
    }

    /// Words are found in NFD text, next to punctuation and quotes, in upper case, and the window
    /// moves to where the words are in a long text.
    @Test func snippetsFindWordsWhateverSurroundsThem() {
        let query = SearchText.query("bảo hiểm xã hội")
        let nfd = "Chính sách “BẢO HIỂM” xã-hội, (bảo hiểm) xã hội…".decomposedStringWithCanonicalMapping
        let html = Snippet.html(nfd, matching: query)
        #expect(
            html == "Chính sách".decomposedStringWithCanonicalMapping + " <mark>"
                + nfd.split(separator: " ").dropFirst(2).joined(separator: " ") + "</mark>")
        let long = Array(repeating: "đoạn văn không liên quan", count: 100).joined(separator: " ") + " về bảo hiểm xã hội tự nguyện"
        let far = Snippet.html(long, matching: query)
        #expect(far.hasPrefix("… ") && far.hasSuffix("về <mark>bảo hiểm xã hội</mark> tự nguyện"), "\(far)")
        #expect(Snippet.html("Không có từ nào khớp ở đây", matching: query) == "Không có từ nào khớp ở đây")
    }
}

@Suite struct MarkupTests {
    @Test(arguments: [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "Xin chào <a href='x'>bấm</a>", "</div>", "<!-- x -->",
        "<svg/onload=alert(1)>", "<SCRIPT SRC=//evil.example>", "javascript:alert(1)", "JaVaScRiPt :alert(1)", "<iframe",
    ])
    func markupIsFound(_ text: String) {
        #expect(Markup.isPresent(in: text))
    }

    @Test(arguments: [
        "Lương < 5 triệu đồng thì sao?", "Theo <Luật Cán bộ, công chức> năm 2025", "Điều 5 <Điều khoản>", "3 < 4 > 2",
        "email: an@example.vn", "Xem https://example.gov.vn/a?b=1&c=2",
    ])
    func ordinaryWritingIsNot(_ text: String) {
        #expect(!Markup.isPresent(in: text))
    }

    @Test func petitionsAndCommentsRefuseMarkupWithAMessage() throws {
        let petition = PetitionSubmission(
            topic: "tien-luong", title: "<script>alert(1)</script>", content: "Nội dung đủ dài để hợp lệ về mọi mặt khác.", name: "An",
            phone: "0912345678")
        #expect(throws: PetitionFieldErrors.self) { try petition.validated(topics: ["tien-luong"]) }
        do {
            _ = try petition.validated(topics: ["tien-luong"])
        } catch {
            #expect(error["title"]?.contains("mã HTML") == true)
            #expect(error.fields.count == 1)
        }
    }
}

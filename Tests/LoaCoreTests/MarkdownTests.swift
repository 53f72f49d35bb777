import Testing

@testable import LoaCore

@Suite struct MarkdownTests {
    @Test func rendersCommonBlocks() {
        let html = Markdown.html(
            """
            # Tiêu đề

            Đoạn **đậm** và *nghiêng*, `mã`.
            Dòng hai.

            - Một
            - Hai

            1. Thứ nhất
            2. Thứ hai

            > Trích dẫn

            ---

            | Cột | Giá trị |
            |-----|--------|
            | A | 1 |
            """)
        #expect(html.contains("<h2 id=\"tieu-de\">Tiêu đề</h2>"))
        #expect(html.contains("<p>Đoạn <strong>đậm</strong> và <em>nghiêng</em>, <code>mã</code>.\nDòng hai.</p>"))
        #expect(html.contains("<ul>\n<li>Một</li>\n<li>Hai</li>\n</ul>"))
        #expect(html.contains("<ol>\n<li>Thứ nhất</li>"))
        #expect(html.contains("<blockquote>\n<p>Trích dẫn</p>\n</blockquote>"))
        #expect(html.contains("<hr>"))
        #expect(html.contains("<th>Cột</th>"))
        #expect(html.contains("<td>A</td><td>1</td>"))
    }

    @Test func rendersSafeLinks() {
        #expect(Markdown.html("[Nghị định](/van-ban/178-2024-nd-cp)") == "<p><a href=\"/van-ban/178-2024-nd-cp\">Nghị định</a></p>\n")
        #expect(Markdown.html("[web](https://chinhphu.vn)").contains("<a href=\"https://chinhphu.vn\" rel=\"noopener nofollow\">web</a>"))
        #expect(Markdown.html("[thư](mailto:a@b.vn)").contains("href=\"mailto:a@b.vn\""))
    }

    @Test(arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[bấm](javascript:alert(1))",
        "[bấm](JaVaScRiPt:alert(1))",
        "[bấm](java\tscript:alert(1))",
        "[bấm](data:text/html;base64,PHNjcmlwdD4=)",
        "[bấm](vbscript:msgbox)",
        "![ảnh](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](\"onmouseover=alert(1))",
        "**<iframe src=//evil>**",
        "<javascript:alert(1)>",
        "```\n</code><script>alert(1)</script>\n```",
        "| <b>x</b> | y |\n|---|---|\n| <svg onload=alert(1)> | z |",
    ])
    func hostileMarkdownRendersInert(source: String) {
        let html = Markdown.html(source).lowercased()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<svg"))
        #expect(!html.contains("<a href=\"javascript"))
        #expect(!html.contains("href=\"data:"))
        #expect(!html.contains("href=\"vbscript"))
        #expect(!html.contains("src=\"javascript"))
        // Every tag in the output is one the renderer writes itself.
        let allowed: Set<String> = [
            "p", "/p", "a", "/a", "strong", "/strong", "em", "/em", "code", "/code", "pre", "/pre", "table", "/table",
            "thead", "/thead", "tbody", "/tbody", "tr", "/tr", "th", "/th", "td", "/td", "img",
        ]
        var index = html.startIndex
        while let open = html[index...].firstIndex(of: "<") {
            let name = html[html.index(after: open)...].prefix { $0 != " " && $0 != ">" }
            #expect(allowed.contains(String(name)), "unexpected tag <\(name)> in \(html)")
            index = html.index(after: open)
        }
    }

    @Test func nestedListsAndHardBreaks() {
        let html = Markdown.html("- Cấp tỉnh\n  - Cấp xã\n- Trung ương\n\nDòng một  \nDòng hai")
        #expect(html.contains("<li>Cấp tỉnh\n<ul>\n<li>Cấp xã</li>\n</ul>\n</li>"))
        #expect(html.contains("Dòng một<br>\nDòng hai"))
    }

    @Test func intrawordUnderscoresStayText() {
        #expect(Markdown.html("ten_bien_so") == "<p>ten_bien_so</p>\n")
        #expect(Markdown.html("2 * 3 * 4") == "<p>2 * 3 * 4</p>\n")
    }

    @Test func plainTextAndHeadings() {
        #expect(Markdown.plainText("## Mục 1\n\nLương **cơ sở** & phụ cấp <b>") == "Mục 1 Lương cơ sở & phụ cấp <b>")
        let headings = Markdown.headings("# Chương I\n\n## Điều 1. Phạm vi\n\n```\n# không phải\n```\n### Khoản 1")
        #expect(headings.map(\.text) == ["Chương I", "Điều 1. Phạm vi", "Khoản 1"])
        #expect(headings.map(\.level) == [1, 2, 3])
        #expect(headings[1].id == "dieu-1-pham-vi")
    }

    @Test func survivesPathologicalInput() {
        let inputs = [
            String(repeating: "*", count: 5000), String(repeating: "[", count: 3000), String(repeating: "`", count: 3000),
            String(repeating: "> ", count: 500) + "x", String(repeating: "- ", count: 500), "\u{0}\u{1}\r\n\r",
            String(repeating: "**a ", count: 2000),
        ]
        for input in inputs {
            _ = Markdown.html(input)
        }
    }
}

@Suite struct ImportRecordTests {
    let topics: Set<String> = ["tien-luong", "cong-chuc-vien-chuc"]
    let now = parseTimestamp("2025-06-01T00:00:00Z")!

    @Test func parsesAGoodArticle() throws {
        let record = try ArticleRecord.parse(
            jsonLine:
                #"{"external_id":"a-1","title":"  Tiền lương  ","summary":"S","body":"B","topic":"tien-luong","published_at":"2025-03-01T08:00:00+07:00"}"#,
            knownTopics: topics, now: now)
        #expect(record.title == "Tiền lương")
        #expect(record.topics == ["tien-luong"])
        #expect(record.publishedAt == parseTimestamp("2025-03-01T01:00:00Z"))
    }

    @Test(arguments: [
        (#"{"title":"T","body":"B","topic":"tien-luong"}"#, "thiếu trường bắt buộc external_id"),
        (#"{"external_id":"x","body":"B","topic":"tien-luong"}"#, "thiếu trường bắt buộc title"),
        (#"{"external_id":"x","title":"T","body":"B","topic":"khong-ton-tai"}"#, "lĩnh vực không tồn tại: \"khong-ton-tai\""),
        (#"{"external_id":"x","title":"T","body":"B"}"#, "thiếu lĩnh vực (topic hoặc topics)"),
        (#"{"external_id":"x","title":"T","body":"B","topic":"tien-luong","published_at":"hôm qua"}"#, "published_at không đúng định dạng"),
        (#"{"external_id":5,"title":"T","body":"B","topic":"tien-luong"}"#, "trường external_id sai kiểu dữ liệu"),
        (#"[1,2]"#, "sai kiểu dữ liệu"),
        (#"{"external_id":"x""#, "không phải một đối tượng JSON hợp lệ"),
        (#"{"external_id":"x","title":"T","body":"B","topic":"tien-luong","cover_image":"javascript:alert(1)"}"#, "cover_image"),
    ])
    func rejectsBadArticles(line: String, reason: String) {
        #expect {
            try ArticleRecord.parse(jsonLine: line, knownTopics: topics, now: now)
        } throws: { error in
            (error as? ImportRejection)?.reason.contains(reason) == true
        }
    }

    @Test func rejectsOverlongTitles() {
        let line = #"{"external_id":"x","title":""# + String(repeating: "a", count: 301) + #"","body":"B","topic":"tien-luong"}"#
        #expect(throws: ImportRejection("title dài quá 300 ký tự")) {
            try ArticleRecord.parse(jsonLine: line, knownTopics: topics, now: now)
        }
    }

    @Test func parsesDocumentsWithVietnameseTypeNames() throws {
        let record = try DocumentRecord.parse(
            jsonLine:
                #"{"external_id":"d","number":"178/2024/NĐ-CP","title":"T","type":"Nghị định","issuer":"Chính phủ","issued_on":"31/12/2024","effect_status":"Còn hiệu lực","topics":["cong-chuc-vien-chuc"]}"#,
            knownTopics: topics)
        #expect(record.type == .nghiDinh)
        #expect(record.effectStatus == .inForce)
        #expect(record.issuedOn.description == "2024-12-31")
    }

    @Test func rejectsUnknownDocumentTypes() {
        #expect(throws: ImportRejection.self) {
            try DocumentRecord.parse(
                jsonLine:
                    #"{"external_id":"d","number":"1","title":"T","type":"Sắc lệnh","issuer":"X","issued_on":"2024-12-31","topic":"tien-luong"}"#,
                knownTopics: topics)
        }
    }
}

@Suite struct MarkdownLineBreakTests {
    @Test func lettersKeepTheirLineBreaks() {
        let answer = "Kính gửi ông An,\nVụ Tiền lương trả lời như sau:\n\n1. Mức lương cơ sở\n2. Phụ cấp"
        let html = Markdown.html(keepingLineBreaks: answer)
        #expect(html.contains("Kính gửi ông An,<br>\nVụ Tiền lương"))
        #expect(html.contains("<ol>"))
        #expect(!Markdown.html(answer).contains("<br>"), "ordinary Markdown joins the lines")
    }
}

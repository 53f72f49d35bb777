import Foundation
import Testing

@testable import LoaCore

@Suite struct DraftSectionTests {
    @Test func headingsBecomeChaptersArticlesAndClauses() {
        let sections = DraftSections.parse(
            """
            Căn cứ Luật Cán bộ, công chức;

            # Chương I. Quy định chung
            ## Điều 1. Phạm vi điều chỉnh
            Thông tư này hướng dẫn việc đánh giá.

            ### Khoản 1
            Công chức ở trung ương.
            #### Điểm a
            Kể cả người tập sự.
            ```
            # không phải tiêu đề
            ```
            ## Điều 2. Hiệu lực
            Có hiệu lực từ ngày ký.
            """)
        #expect(sections.map(\.key) == ["s0", "s1", "s2", "s3", "s4"])
        #expect(sections.map(\.level) == [.preamble, .chapter, .article, .clause, .article])
        #expect(
            sections.map(\.heading) == [
                "Phần mở đầu", "Chương I. Quy định chung", "Điều 1. Phạm vi điều chỉnh", "Khoản 1", "Điều 2. Hiệu lực",
            ])
        #expect(sections.map(\.order) == [0, 1, 2, 3, 4])
        #expect(sections[0].text == "Căn cứ Luật Cán bộ, công chức;")
        #expect(sections[1].text == "")
        #expect(sections[2].text == "Thông tư này hướng dẫn việc đánh giá.")
        // Deeper headings and fenced code stay in the clause's text.
        #expect(sections[3].text.contains("#### Điểm a"))
        #expect(sections[3].text.contains("# không phải tiêu đề"))
        #expect(sections[4].text == "Có hiệu lực từ ngày ký.")
    }

    @Test func withoutPreambleKeysStartAtOneAndSameTextSameKeys() {
        let text = "# Chương I\n## Điều 1\nA\n## Điều 2\nB"
        let sections = DraftSections.parse(text)
        #expect(sections.map(\.key) == ["s1", "s2", "s3"])
        #expect(sections.map(\.order) == [0, 1, 2])
        #expect(DraftSections.parse(text) == sections)
        // NFD input is stored in NFC; CR LF line ends are lines.
        let nfd = DraftSections.parse("## Điều 1\r\nNội dung".decomposedStringWithCanonicalMapping)
        #expect(nfd.first?.heading == "Điều 1")
        #expect(nfd.first?.text == "Nội dung")
        #expect(DraftSections.parse("   \n").isEmpty)
    }
}

@Suite struct CommentWindowTests {
    let opens = Date(timeIntervalSince1970: 1_800_000_000)
    var window: CommentWindow { CommentWindow(opensAt: opens, closesAt: opens.addingTimeInterval(86_400)) }

    @Test func opensInclusiveClosesExclusive() {
        #expect(window.phase(at: opens.addingTimeInterval(-0.001)) == .upcoming)
        #expect(window.phase(at: opens) == .open)
        #expect(window.phase(at: opens.addingTimeInterval(86_399.999)) == .open)
        #expect(window.phase(at: opens.addingTimeInterval(86_400)) == .closed)
        #expect(window.phase(at: opens.addingTimeInterval(86_400.001)) == .closed)
        #expect(window.refusal(at: opens) == nil)
        #expect(window.refusal(at: opens.addingTimeInterval(-1))?.contains("chưa mở lấy ý kiến") == true)
        #expect(window.refusal(at: opens.addingTimeInterval(86_400))?.contains("Đã hết thời gian lấy ý kiến") == true)
    }

    @Test func windowsMustBeSensible() {
        #expect(CommentWindow.problems(opensAt: opens, closesAt: opens.addingTimeInterval(3600)).isEmpty)
        #expect(CommentWindow.problems(opensAt: opens, closesAt: opens.addingTimeInterval(3599)).map(\.field) == ["closes_at"])
        #expect(CommentWindow.problems(opensAt: opens, closesAt: opens.addingTimeInterval(-10)).map(\.field) == ["closes_at"])
        #expect(CommentWindow.problems(opensAt: opens, closesAt: opens.addingTimeInterval(400 * 86_400)).map(\.field) == ["closes_at"])
        #expect(CommentWindow.problems(opensAt: nil, closesAt: nil).map(\.field) == ["opens_at", "closes_at"])
    }
}

@Suite struct CommentSubmissionTests {
    let sections: Set<String> = ["s1", "s2"]

    @Test func aGoodCommentIsCleaned() throws {
        let comment = try CommentSubmission(
            section: " s2 ", name: "  Trần Văn Minh ", organisation: "Sở Nội vụ", email: " Minh@Example.VN ",
            text: "Đề nghị sửa\r\nĐiều 2 cho rõ."
        ).validated(sections: sections)
        #expect(
            comment
                == CommentSubmission(
                    section: "s2", name: "Trần Văn Minh", organisation: "Sở Nội vụ", email: "minh@example.vn",
                    text: "Đề nghị sửa\nĐiều 2 cho rõ."))
        // The whole draft, without organisation or e-mail.
        #expect(throws: Never.self) { try CommentSubmission(name: "An", text: "Góp ý chung cho dự thảo.").validated(sections: sections) }
    }

    @Test func everyBadFieldIsNamedInVietnamese() {
        do {
            _ = try CommentSubmission(
                section: "s9", name: "", organisation: String(repeating: "a", count: 201), email: "khong-phai-email", text: "ngắn"
            ).validated(sections: sections)
            Issue.record("accepted")
        } catch {
            #expect(error.fields.map(\.field) == ["section", "name", "organisation", "email", "text"])
            #expect(error["name"] == "Hãy nhập họ và tên.")
            #expect(error["text"] == "Nội dung góp ý cần ít nhất 10 ký tự.")
            #expect(error["email"]?.contains("không hợp lệ") == true)
        }
    }

    @Test func textLengthEdges() throws {
        let base = CommentSubmission(name: "An", text: "")
        var exact = base
        exact.text = String(repeating: "ý", count: 10)
        #expect(throws: Never.self) { try exact.validated(sections: []) }
        exact.text = String(repeating: "ý", count: 9)
        #expect(throws: CommentFieldErrors.self) { try exact.validated(sections: []) }
        exact.text = String(repeating: "a", count: 5000)
        #expect(throws: Never.self) { try exact.validated(sections: []) }
        exact.text = String(repeating: "a", count: 5001)
        #expect(throws: CommentFieldErrors.self) { try exact.validated(sections: []) }
        // With confirmation by e-mail, the e-mail is required.
        #expect(throws: CommentFieldErrors.self) {
            try CommentSubmission(name: "An", text: "Một góp ý đủ dài.").validated(sections: [], emailRequired: true)
        }
    }
}

@Suite struct CommentModerationTests {
    @Test func transitions() throws {
        #expect(try CommentModeration.check(from: .pending, to: .approved, reason: nil, synthesisPublished: false) == nil)
        #expect(try CommentModeration.check(from: .pending, to: .hidden, reason: " Quảng cáo ", synthesisPublished: false) == "Quảng cáo")
        #expect(try CommentModeration.check(from: .approved, to: .hidden, reason: "Xúc phạm", synthesisPublished: false) == "Xúc phạm")
        #expect(try CommentModeration.check(from: .hidden, to: .approved, reason: nil, synthesisPublished: false) == nil)
        #expect(throws: ModerationError.self) {
            try CommentModeration.check(from: .pending, to: .hidden, reason: "  ", synthesisPublished: false)
        }
        #expect(throws: ModerationError.self) {
            try CommentModeration.check(from: .unconfirmed, to: .approved, reason: nil, synthesisPublished: false)
        }
        #expect(throws: ModerationError.self) {
            try CommentModeration.check(from: .approved, to: .approved, reason: nil, synthesisPublished: false)
        }
        #expect(throws: ModerationError.self) {
            try CommentModeration.check(from: .approved, to: .pending, reason: nil, synthesisPublished: false)
        }
        // Frozen once the synthesis is published.
        #expect(throws: ModerationError.self) {
            try CommentModeration.check(from: .pending, to: .approved, reason: nil, synthesisPublished: true)
        }
    }
}

@Suite struct SynthesisTests {
    @Test func groupsApprovedCommentsBySectionWithResponses() {
        let sections = DraftSections.parse("## Điều 1\nA\n## Điều 2\nB")
        let day = Date(timeIntervalSince1970: 1_800_000_000)
        func comment(_ section: String, _ status: CommentStatus, _ offset: Double) -> ConsultationSynthesis.Comment {
            .init(
                section: section, name: "N\(offset)", organisation: "", text: "Góp ý \(offset)",
                submittedAt: day.addingTimeInterval(offset), status: status)
        }
        let synthesis = ConsultationSynthesis(
            sections: sections,
            comments: [
                comment("s2", .approved, 3), comment("s2", .approved, 1), comment("s1", .hidden, 2), comment("", .approved, 4),
                comment("s9", .approved, 5), comment("s1", .pending, 6), comment("s1", .unconfirmed, 7),
            ],
            responses: ["s2": "Tiếp thu."])
        #expect(synthesis.entries.map(\.section) == ["", "s1", "s2"])
        #expect(synthesis.entries.map(\.count) == [2, 0, 2])
        #expect(synthesis.entries[2].comments.map(\.name) == ["N1.0", "N3.0"])
        #expect(synthesis.entries[2].response == "Tiếp thu.")
        #expect(synthesis.total == 4)
        #expect(synthesis.total == synthesis.entries.map(\.count).reduce(0, +))
        #expect(synthesis.hidden == 1)
        #expect(synthesis.received == 6)
        #expect(synthesis.discussed.map(\.section) == ["", "s2"])
    }
}

@Suite struct ConsultationCodeTests {
    @Test func codesReadLeniently() {
        #expect(ConsultationCode("DT-2026-007")?.description == "DT-2026-007")
        #expect(ConsultationCode("dt-2026-7") == ConsultationCode(year: 2026, number: 7))
        #expect(ConsultationCode(year: 2026, number: 1234).description == "DT-2026-1234")
        for bad in ["DT-2026", "PA-2026-001", "DT-26-001", "DT-2026-0", "DT-2026-abc", ""] {
            #expect(ConsultationCode(bad) == nil, "\(bad)")
        }
    }

    @Test func theChatCommand() {
        #expect(
            ChatIntent.parse("góp ý DT-2026-003 Đề nghị sửa Điều 2\ncho rõ.")
                == .comment(ConsultationCode(year: 2026, number: 3), "Đề nghị sửa Điều 2\ncho rõ."))
        #expect(
            ChatIntent.parse("Gop y dt-2026-3: nên rút ngắn thời hạn")
                == .comment(ConsultationCode(year: 2026, number: 3), "nên rút ngắn thời hạn"))
        #expect(ChatIntent.parse("góp ý DT-2026-003") == .comment(ConsultationCode(year: 2026, number: 3), ""))
        #expect(ChatIntent.parse("góp ý dt-20x6 abc") == .commentWithoutCode)
        // "góp ý" alone still starts a petition; other text after it reads as before.
        #expect(ChatIntent.parse("góp ý") == .startPetition)
        #expect(ChatIntent.parse("góp ý về tiền lương") != .commentWithoutCode)
    }
}

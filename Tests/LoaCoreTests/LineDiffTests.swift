import Testing

@testable import LoaCore

@Suite struct LineDiffTests {
    @Test func identicalTextsAreAllSameAndHaveNoHunks() {
        let text = "# Tiêu đề\n\nĐoạn một.\nĐoạn hai.\n"
        #expect(LineDiff.diff(text, text) == [.same("# Tiêu đề"), .same(""), .same("Đoạn một."), .same("Đoạn hai.")])
        #expect(LineDiff.hunks(text, text).isEmpty)
    }

    @Test func emptyTexts() {
        #expect(LineDiff.diff("", "").isEmpty)
        #expect(LineDiff.hunks("", "").isEmpty)
        #expect(LineDiff.words("", "").isEmpty)
    }

    @Test func allNew() {
        #expect(LineDiff.diff("", "a\nb") == [.added("a"), .added("b")])
        #expect(LineDiff.hunks("", "a\nb") == [LineDiff.Hunk(oldStart: 1, newStart: 1, changes: [.added("a"), .added("b")])])
    }

    @Test func allRemoved() {
        #expect(LineDiff.diff("a\nb\n", "") == [.removed("a"), .removed("b")])
        let hunks = LineDiff.hunks("a\nb\n", "")
        #expect(hunks == [LineDiff.Hunk(oldStart: 1, newStart: 1, changes: [.removed("a"), .removed("b")])])
        #expect(hunks.first?.oldCount == 2)
        #expect(hunks.first?.newCount == 0)
    }

    @Test func completelyDifferentListsRemovedBeforeAdded() {
        #expect(LineDiff.diff("a\nb", "c\nd") == [.removed("a"), .removed("b"), .added("c"), .added("d")])
    }

    @Test func middleEdit() {
        let old = "một\nhai\nba\nbốn\nnăm"
        let new = "một\nhai\nBA!\nbốn\nnăm"
        #expect(
            LineDiff.diff(old, new) == [.same("một"), .same("hai"), .removed("ba"), .added("BA!"), .same("bốn"), .same("năm")])
    }

    @Test func insertionAndDeletion() {
        #expect(LineDiff.diff("a\nb\nc", "a\nx\nb\nc") == [.same("a"), .added("x"), .same("b"), .same("c")])
        #expect(LineDiff.diff("a\nb\nc", "a\nc") == [.same("a"), .removed("b"), .same("c")])
    }

    @Test func crlfCountsAsLF() {
        #expect(LineDiff.diff("a\r\nb\r\n", "a\nb") == [.same("a"), .same("b")])
        #expect(LineDiff.lines(of: "a\r\n\r\nb") == ["a", "", "b"])
        #expect(LineDiff.lines(of: "\n") == [""])
    }

    @Test func canonicallyEquivalentVietnameseIsSame() {
        let composed = "Tiếng Việt"  // NFC
        let decomposed = "Tie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t"  // NFD
        #expect(LineDiff.diff(composed, decomposed) == [.same(decomposed)])
    }

    @Test func hunksCollapseContext() throws {
        let old = (1...100).map { "Dòng \($0)" }
        var new = old
        new[49] = "Dòng năm mươi"
        let hunks = LineDiff.hunks(old.joined(separator: "\n"), new.joined(separator: "\n"))
        #expect(hunks.count == 1)
        let hunk = try #require(hunks.first)
        #expect(hunk.oldStart == 47)
        #expect(hunk.newStart == 47)
        #expect(
            hunk.changes == [
                .same("Dòng 47"), .same("Dòng 48"), .same("Dòng 49"),
                .removed("Dòng 50"), .added("Dòng năm mươi"),
                .same("Dòng 51"), .same("Dòng 52"), .same("Dòng 53"),
            ])
        #expect(hunk.oldCount == 7)
        #expect(hunk.newCount == 7)
    }

    @Test func hunksMergeOrSplitByContext() {
        let old = (1...40).map { "L\($0)" }
        var new = old
        new[9] = "X10"  // line 10
        new[15] = "X16"  // line 16: 5 unchanged lines between, within 2 * 3
        new[29] = "X30"  // line 30: far away
        let hunks = LineDiff.hunks(old.joined(separator: "\n"), new.joined(separator: "\n"))
        #expect(hunks.map(\.oldStart) == [7, 27])
        #expect(hunks.map(\.oldCount) == [13, 7])

        let tight = LineDiff.hunks(old.joined(separator: "\n"), new.joined(separator: "\n"), context: 0)
        #expect(tight.map(\.oldStart) == [10, 16, 30])
        #expect(tight[0].changes == [.removed("L10"), .added("X10")])

        let wide = LineDiff.hunks(old.joined(separator: "\n"), new.joined(separator: "\n"), context: 100)
        #expect(wide.count == 1)
        #expect(wide[0].oldStart == 1)
        #expect(wide[0].oldCount == 40)
    }

    @Test func hunkLineNumbersAfterInsertions() {
        let old = (1...20).map { "L\($0)" }
        var new = old
        new.insert(contentsOf: ["A", "B"], at: 2)  // new lines 3-4
        new[15] = "X"  // old line 14, new line 16
        let hunks = LineDiff.hunks(old.joined(separator: "\n"), new.joined(separator: "\n"), context: 1)
        #expect(hunks.count == 2)
        #expect(hunks[0].oldStart == 2)
        #expect(hunks[0].newStart == 2)
        #expect(hunks[1].oldStart == 13)
        #expect(hunks[1].newStart == 15)
        #expect(hunks[1].changes == [.same("L13"), .removed("L14"), .added("X"), .same("L15")])
    }

    @Test func wordDiffOfVietnameseSentences() {
        let changes = LineDiff.words("Hôm nay trời đẹp quá.", "Hôm nay trời mưa to quá.")
        #expect(
            changes == [
                .same("Hôm"), .same(" "), .same("nay"), .same(" "), .same("trời"), .same(" "),
                .removed("đẹp"), .added("mưa"), .added(" "), .added("to"),
                .same(" "), .same("quá."),
            ])
        #expect(LineDiff.tokens(of: "a  b\tc") == ["a", "  ", "b", "\t", "c"])
    }

    @Test func wordDiffReconstructsBothSides() {
        let old = "Học sinh   đến trường lúc bảy giờ sáng"
        let new = "Các học sinh đến lớp lúc 7 giờ sáng nay"
        let changes = LineDiff.words(old, new)
        #expect(Self.oldText(changes, separator: "") == old)
        #expect(Self.newText(changes, separator: "") == new)
    }

    @Test func markdownParagraphInsertionKeepsBlankLinesAligned() {
        #expect(
            LineDiff.diff("A\n\nB\n", "A\n\nMới\n\nB\n") == [.same("A"), .same(""), .added("Mới"), .added(""), .same("B")])
    }

    @Test(arguments: [(25, 5), (60, 3), (200, 20)])
    func randomEditsAreMinimalAndConsistent(maxLength: Int, alphabet: Int) {
        var random = SplitMix64(seed: UInt64(maxLength * 31 + alphabet))
        for _ in 0..<150 {
            let old = (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in "l\(Int.random(in: 0..<alphabet, using: &random))" }
            var new = old
            for _ in 0..<Int.random(in: 0...(maxLength / 4), using: &random) {
                let line = "l\(Int.random(in: 0..<alphabet, using: &random))"
                switch Int.random(in: 0..<3, using: &random) {
                case 0: new.insert(line, at: Int.random(in: 0...new.count, using: &random))
                case 1 where !new.isEmpty: new.remove(at: Int.random(in: 0..<new.count, using: &random))
                default: if !new.isEmpty { new[Int.random(in: 0..<new.count, using: &random)] = line }
                }
            }
            if Bool.random(using: &random) {
                new = (0..<Int.random(in: 0...maxLength, using: &random)).map { _ in "l\(Int.random(in: 0..<alphabet, using: &random))" }
            }
            let changes = LineDiff.diff(old.joined(separator: "\n"), new.joined(separator: "\n"))
            #expect(Self.oldText(changes, separator: "\n") == old.joined(separator: "\n"))
            #expect(Self.newText(changes, separator: "\n") == new.joined(separator: "\n"))
            let sameCount = changes.filter { if case .same = $0 { true } else { false } }.count
            #expect(sameCount == Self.lcsLength(old, new))
            #expect(Self.removedBeforeAdded(changes))
        }
    }

    @Test func largeTextWithFewEditsFinishes() {
        let old = (1...5_000).map { "Dòng thứ \($0) của văn bản tiếng Việt." }
        var new = old
        new[10] = "Sửa dòng 11"
        new.remove(at: 1_000)
        new.insert("Dòng mới chèn vào", at: 2_500)
        new[4_000] = "Sửa dòng khác"
        new.append("Dòng cuối mới")
        let oldText = old.joined(separator: "\n")
        let newText = new.joined(separator: "\n")

        let changes = LineDiff.diff(oldText, newText)
        #expect(Self.oldText(changes, separator: "\n") == oldText)
        #expect(Self.newText(changes, separator: "\n") == newText)
        #expect(changes.filter { if case .same = $0 { false } else { true } }.count == 7)
        #expect(LineDiff.hunks(oldText, newText).count == 5)
    }

    @Test func largeCompletelyDifferentTextsFinish() {
        let old = (1...5_000).map { "cũ \($0)" }.joined(separator: "\n")
        let new = (1...5_000).map { "mới \($0)" }.joined(separator: "\n")
        let changes = LineDiff.diff(old, new)
        #expect(changes.count == 10_000)
        #expect(changes.first == .removed("cũ 1"))
        #expect(changes.last == .added("mới 5000"))
    }

    // MARK: - Helpers

    private static func oldText(_ changes: [LineDiff.Change], separator: String) -> String {
        changes.compactMap { change -> String? in
            switch change {
            case .same(let text), .removed(let text): text
            case .added: nil
            }
        }.joined(separator: separator)
    }

    private static func newText(_ changes: [LineDiff.Change], separator: String) -> String {
        changes.compactMap { change -> String? in
            switch change {
            case .same(let text), .added(let text): text
            case .removed: nil
            }
        }.joined(separator: separator)
    }

    private static func removedBeforeAdded(_ changes: [LineDiff.Change]) -> Bool {
        var sawAdded = false
        for change in changes {
            switch change {
            case .same: sawAdded = false
            case .added: sawAdded = true
            case .removed: if sawAdded { return false }
            }
        }
        return true
    }

    private static func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }
}

import Foundation

/// One part of a draft that people comment on: a chapter (chương), an article (điều) or a clause
/// (khoản), as the Markdown headings `#`, `##` and `###` mark them.
public struct DraftSection: Sendable, Equatable, Codable {
    public enum Level: Int, Sendable, Codable, CaseIterable {
        /// Text before the first heading: the draft's preamble (căn cứ, phạm vi).
        case preamble = 0
        case chapter = 1
        case article = 2
        case clause = 3

        public var name: String {
            switch self {
            case .preamble: "Phần mở đầu"
            case .chapter: "Chương"
            case .article: "Điều"
            case .clause: "Khoản"
            }
        }
    }

    /// "s3": what comments, responses and URLs (`#s3`) refer to. Keys follow the order of the
    /// headings, so they stay the same as long as the text does; the text of a published draft is
    /// therefore frozen (see `DraftSections`).
    public var key: String
    public var level: Level
    public var heading: String
    /// The section's own Markdown, without its heading and without the sections under it.
    public var text: String
    /// 0, 1, 2…: the order on the page.
    public var order: Int

    public init(key: String, level: Level, heading: String, text: String, order: Int) {
        self.key = key
        self.level = level
        self.heading = heading
        self.text = text
        self.order = order
    }
}

/// Splits a draft's Markdown into sections at its headings. Headings deeper than `###` (points,
/// điểm) stay in the text of the clause they belong to; headings inside fenced code are text.
public enum DraftSections {
    /// The key a comment on the whole draft carries: none.
    public static let wholeDraft = ""

    public static func parse(_ markdown: String) -> [DraftSection] {
        var sections: [DraftSection] = []
        var current: (level: DraftSection.Level, heading: String)? = nil
        var lines: [Substring] = []
        var inFence = false

        func flush() {
            let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            defer { lines = [] }
            guard let (level, heading) = current else {
                // The preamble exists only when there is text before the first heading.
                if !text.isEmpty {
                    sections.append(
                        DraftSection(key: "s0", level: .preamble, heading: DraftSection.Level.preamble.name, text: text, order: 0))
                }
                return
            }
            sections.append(
                DraftSection(
                    key: "s\(sections.count + (sections.first?.level == .preamble ? 0 : 1))", level: level, heading: heading, text: text,
                    order: sections.count))
        }

        for line in Markdown.normalisedLines(markdown.precomposedStringWithCanonicalMapping) {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            if !inFence, let heading = Markdown.atxHeading(line), heading.level <= 3, !heading.text.isEmpty,
                let level = DraftSection.Level(rawValue: heading.level)
            {
                flush()
                current = (level, heading.text)
                continue
            }
            lines.append(line)
        }
        flush()
        return sections
    }
}

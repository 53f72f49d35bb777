import Foundation

/// A draft as staff write it, in the console or through the API.
public struct ConsultationDraft: Sendable, Equatable {
    public static let titleMaximum = 300
    public static let summaryMaximum = 1000
    public static let bodyMaximum = 200_000
    public static let topicsMaximum = 5

    public var title: String
    public var summary: String
    /// Markdown; `#` chapters, `##` articles, `###` clauses become the sections people comment on.
    public var body: String
    public var topics: [String]
    public var opensAt: Date?
    public var closesAt: Date?

    public init(
        title: String = "", summary: String = "", body: String = "", topics: [String] = [], opensAt: Date? = nil, closesAt: Date? = nil
    ) {
        self.title = title
        self.summary = summary
        self.body = body
        self.topics = topics
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    /// Trimmed and NFC, topics without repeats; or every invalid field (`title`, `summary`, `body`,
    /// `topics`, `opens_at`, `closes_at`) with a Vietnamese message.
    public func validated(topics known: Set<String>) throws(CommentFieldErrors) -> ConsultationDraft {
        var errors: [FieldError] = []
        func refuse(_ field: String, _ message: String) { errors.append(FieldError(field: field, message: message)) }
        let title = PetitionSubmission.clean(self.title)
        let summary = PetitionSubmission.clean(self.summary)
        let body = self.body.precomposedStringWithCanonicalMapping.replacingOccurrences(of: "\r\n", with: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var topics: [String] = []
        for topic in self.topics.map(PetitionSubmission.clean) where !topics.contains(topic) { topics.append(topic) }

        if title.count < 5 {
            refuse("title", "Hãy nhập tên dự thảo (ít nhất 5 ký tự).")
        } else if title.count > Self.titleMaximum {
            refuse("title", "Tên dự thảo không được dài quá \(Self.titleMaximum) ký tự.")
        } else if PetitionSubmission.hasControlCharacters(title) {
            refuse("title", "Tên dự thảo có ký tự không hợp lệ.")
        }
        if summary.count > Self.summaryMaximum {
            refuse("summary", "Tóm tắt không được dài quá \(PetitionSubmission.number(Self.summaryMaximum)) ký tự.")
        }
        if body.isEmpty {
            refuse("body", "Hãy nhập nội dung dự thảo (Markdown: # Chương, ## Điều, ### Khoản).")
        } else if body.count > Self.bodyMaximum {
            refuse("body", "Nội dung dự thảo không được dài quá \(PetitionSubmission.number(Self.bodyMaximum)) ký tự.")
        }
        if topics.isEmpty {
            refuse("topics", "Hãy chọn ít nhất một lĩnh vực.")
        } else if topics.count > Self.topicsMaximum {
            refuse("topics", "Chọn tối đa \(Self.topicsMaximum) lĩnh vực.")
        } else if let unknown = topics.first(where: { !known.contains($0) }) {
            refuse("topics", "Lĩnh vực “\(unknown.prefix(60))” không có trong danh mục.")
        }
        errors += CommentWindow.problems(opensAt: opensAt, closesAt: closesAt)
        guard errors.isEmpty else { throw CommentFieldErrors(fields: errors) }
        return ConsultationDraft(title: title, summary: summary, body: body, topics: topics, opensAt: opensAt, closesAt: closesAt)
    }
}

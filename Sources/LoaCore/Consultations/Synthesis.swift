import Foundation

/// The synthesis of comments (tổng hợp ý kiến): for the draft as a whole and for each section,
/// the approved comments, their count and the agency's response. Only approved comments count:
/// the synthesis is published, and what is published is what moderators let through; how many
/// were hidden is reported as a total, so that the public knows moderation took place.
public struct ConsultationSynthesis: Sendable, Equatable {
    /// A comment as the synthesis shows it: the name and organisation the person chose to give.
    public struct Comment: Sendable, Equatable {
        public var section: String
        public var name: String
        public var organisation: String
        public var text: String
        public var submittedAt: Date
        public var status: CommentStatus

        public init(section: String, name: String, organisation: String, text: String, submittedAt: Date, status: CommentStatus) {
            self.section = section
            self.name = name
            self.organisation = organisation
            self.text = text
            self.submittedAt = submittedAt
            self.status = status
        }
    }

    public struct Entry: Sendable, Equatable {
        /// The section's key, or "" for the draft as a whole.
        public var section: String
        public var heading: String
        public var level: DraftSection.Level?
        public var comments: [Comment]
        public var response: String
        public var count: Int { comments.count }
    }

    public var entries: [Entry]
    /// Approved comments over every entry.
    public var total: Int
    /// Comments staff hid, not shown.
    public var hidden: Int
    /// Comments received and confirmed, whatever became of them.
    public var received: Int

    public static let wholeDraftHeading = "Góp ý chung cho cả dự thảo"

    /// `responses`: the agency's response by section key ("" for the whole draft). A comment on a
    /// section that no longer exists is counted with the whole draft rather than lost.
    public init(sections: [DraftSection], comments: [Comment], responses: [String: String]) {
        let keys = Set(sections.map(\.key))
        let approved = comments.filter { $0.status == .approved }.sorted { $0.submittedAt < $1.submittedAt }
        var bySection: [String: [Comment]] = [:]
        for comment in approved {
            bySection[keys.contains(comment.section) ? comment.section : DraftSections.wholeDraft, default: []].append(comment)
        }
        var entries = [
            Entry(
                section: DraftSections.wholeDraft, heading: Self.wholeDraftHeading, level: nil,
                comments: bySection[DraftSections.wholeDraft] ?? [], response: responses[DraftSections.wholeDraft] ?? "")
        ]
        for section in sections.sorted(by: { $0.order < $1.order }) {
            entries.append(
                Entry(
                    section: section.key, heading: section.heading, level: section.level, comments: bySection[section.key] ?? [],
                    response: responses[section.key] ?? ""))
        }
        self.entries = entries
        total = approved.count
        hidden = comments.filter { $0.status == .hidden }.count
        received = comments.filter { $0.status != .unconfirmed }.count
    }

    /// Entries that have comments or a response: what a printed synthesis lists.
    public var discussed: [Entry] { entries.filter { $0.count > 0 || !$0.response.isEmpty } }
}

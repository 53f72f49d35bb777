/// Where a petition stands (DESIGN.md, "Petitions"): received → accepted or rejected → assigned to a
/// unit → answered → published (answer made public) or closed (answered privately). A published
/// answer may still be withdrawn ("gỡ công khai"), which closes the petition.
public enum PetitionState: String, Codable, Sendable, CaseIterable {
    case received
    case accepted
    case rejected
    case assigned
    case answered
    case published
    case closed

    /// The name shown to staff and to the submitter on the tracking page.
    public var name: String {
        switch self {
        case .received: "Đã tiếp nhận"
        case .accepted: "Đã thụ lý"
        case .rejected: "Không thụ lý"
        case .assigned: "Đang xử lý"
        case .answered: "Đã trả lời"
        case .published: "Đã công khai trả lời"
        case .closed: "Đã kết thúc"
        }
    }

    /// No transition leaves a final state, and it has no deadline. A published answer is not final:
    /// it can still be withdrawn (published → closed).
    public var isFinal: Bool {
        switch self {
        case .rejected, .closed: true
        case .received, .accepted, .assigned, .answered, .published: false
        }
    }

    /// Only a published answer may appear on public pages, and then with personal data removed.
    public var isPublic: Bool { self == .published }
}

/// How a petition reached the agency; kept so that the answer goes back the same way.
public enum PetitionChannel: String, Codable, Sendable, CaseIterable {
    case web
    case api
    case open311
    case zalo

    public var name: String {
        switch self {
        case .web: "Cổng thông tin"
        case .api: "API"
        case .open311: "Open311"
        case .zalo: "Zalo"
        }
    }
}

/// The roles staff hold. What each may do is decided in one place: `Role.may(_:)`.
public enum Role: String, CaseIterable, Sendable, Codable {
    case administrator
    case editor
    case approver
    case handler
    case communications

    public var name: String {
        switch self {
        case .administrator: "Quản trị hệ thống"
        case .editor: "Biên tập viên"
        case .approver: "Người duyệt"
        case .handler: "Cán bộ xử lý phản ánh"
        case .communications: "Cán bộ truyền thông"
        }
    }
}

/// Everything a staff member may be allowed to do.
public enum Permission: String, CaseIterable, Sendable {
    /// Create and edit articles and legal documents, upload attachments, submit for review.
    case editContent
    /// Publish, schedule, unpublish, send back with a comment, edit what is already public.
    case publishContent
    /// Triage, assign and answer feedback and petitions.
    case handlePetitions
    /// Sign off a handler's answer before it is sent or published, when the setting asks for it.
    case approvePetitionAnswers
    /// See a petitioner's name, phone, e-mail and address.
    case viewPersonalData
    /// The Zalo Official Account: link, broadcasts, reach.
    case manageZalo
    /// Invite users, change roles, disable accounts, see every API token.
    case manageUsers
    /// Read the audit log.
    case viewAudit
}

/// The permission matrix, documented in the README. `editorsMayPublish` is the setting that lets
/// editors publish without an approver (small agencies with one person per role).
public struct PermissionPolicy: Sendable, Equatable {
    public var editorsMayPublish: Bool

    public init(editorsMayPublish: Bool = false) {
        self.editorsMayPublish = editorsMayPublish
    }

    public func role(_ role: Role, may permission: Permission) -> Bool {
        switch (role, permission) {
        case (.administrator, _): true
        case (.editor, .editContent): true
        case (.editor, .publishContent): editorsMayPublish
        case (.approver, .editContent), (.approver, .publishContent), (.approver, .approvePetitionAnswers): true
        case (.handler, .handlePetitions), (.handler, .viewPersonalData): true
        case (.communications, .manageZalo): true
        default: false
        }
    }

    /// The matrix as rows for the README and the console's help page.
    public func matrix() -> [(role: Role, permissions: [Permission])] {
        Role.allCases.map { role in (role, Permission.allCases.filter { self.role(role, may: $0) }) }
    }
}

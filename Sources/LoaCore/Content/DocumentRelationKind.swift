/// How one legal document stands to another, as the register shows it in both directions:
/// Decree 73 amends Decree 178, and Decree 178 is amended by Decree 73.
public enum DocumentRelationKind: String, CaseIterable, Sendable, Codable {
    case amends = "sua-doi"
    case replaces = "thay-the"
    case guides = "huong-dan"

    /// What the document does to the other ("Sửa đổi, bổ sung").
    public var name: String {
        switch self {
        case .amends: "Sửa đổi, bổ sung"
        case .replaces: "Thay thế"
        case .guides: "Hướng dẫn thi hành"
        }
    }

    /// What the other document has done to it ("Được sửa đổi, bổ sung bởi").
    public var inverseName: String {
        switch self {
        case .amends: "Được sửa đổi, bổ sung bởi"
        case .replaces: "Được thay thế bởi"
        case .guides: "Được hướng dẫn bởi"
        }
    }
}

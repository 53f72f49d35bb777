/// The kinds of legal and administrative documents in the register, with their stable slugs.
public enum DocumentType: String, CaseIterable, Sendable, Codable {
    case luat = "luat"
    case nghiQuyet = "nghi-quyet"
    case nghiDinh = "nghi-dinh"
    case quyetDinh = "quyet-dinh"
    case chiThi = "chi-thi"
    case thongTu = "thong-tu"
    case congVan = "cong-van"
    case keHoach = "ke-hoach"
    case huongDan = "huong-dan"

    public var name: String {
        switch self {
        case .luat: "Luật"
        case .nghiQuyet: "Nghị quyết"
        case .nghiDinh: "Nghị định"
        case .quyetDinh: "Quyết định"
        case .chiThi: "Chỉ thị"
        case .thongTu: "Thông tư"
        case .congVan: "Công văn"
        case .keHoach: "Kế hoạch"
        case .huongDan: "Hướng dẫn"
        }
    }

    /// Accepts the slug ("thong-tu") or the Vietnamese name with or without tone marks ("Thông tư").
    public init?(lenient text: String) {
        let slug = VietnameseText.slug(text)
        guard let match = Self(rawValue: slug) else { return nil }
        self = match
    }
}

/// Whether a document is in force (tình trạng hiệu lực).
public enum EffectStatus: String, CaseIterable, Sendable, Codable {
    case inForce = "con-hieu-luc"
    case notYetInForce = "chua-co-hieu-luc"
    case partlyExpired = "het-hieu-luc-mot-phan"
    case expired = "het-hieu-luc"

    public var name: String {
        switch self {
        case .inForce: "Còn hiệu lực"
        case .notYetInForce: "Chưa có hiệu lực"
        case .partlyExpired: "Hết hiệu lực một phần"
        case .expired: "Hết hiệu lực"
        }
    }

    public init?(lenient text: String) {
        guard let match = Self(rawValue: VietnameseText.slug(text)) else { return nil }
        self = match
    }
}

/// The policy areas of a ministry of home affairs: Loa's default topics, in display order.
public enum DefaultTopics {
    public struct Entry: Sendable {
        public let slug: String
        public let name: String
        public let description: String
    }

    public static let all: [Entry] = [
        Entry(
            slug: "cong-chuc-vien-chuc", name: "Công chức, viên chức",
            description: "Tuyển dụng, sử dụng, đánh giá, đào tạo và quản lý cán bộ, công chức, viên chức."),
        Entry(
            slug: "to-chuc-bien-che", name: "Tổ chức, biên chế",
            description: "Tổ chức bộ máy, sắp xếp cơ quan, đơn vị và quản lý biên chế trong hệ thống hành chính nhà nước."),
        Entry(
            slug: "chinh-quyen-dia-phuong", name: "Chính quyền địa phương",
            description: "Tổ chức chính quyền địa phương, đơn vị hành chính và địa giới hành chính các cấp."),
        Entry(
            slug: "tien-luong", name: "Tiền lương",
            description: "Lương cơ sở, bảng lương, phụ cấp và chế độ tiền lương trong khu vực công."),
        Entry(
            slug: "cai-cach-hanh-chinh", name: "Cải cách hành chính",
            description: "Cải cách thể chế, thủ tục hành chính, chính phủ số và chỉ số cải cách hành chính."),
        Entry(
            slug: "thi-dua-khen-thuong", name: "Thi đua, khen thưởng",
            description: "Phong trào thi đua, hình thức và thủ tục khen thưởng của Nhà nước."),
        Entry(
            slug: "van-thu-luu-tru", name: "Văn thư, lưu trữ",
            description: "Công tác văn thư, quản lý tài liệu lưu trữ và lưu trữ điện tử."),
        Entry(
            slug: "ton-giao", name: "Tôn giáo",
            description: "Chính sách về tín ngưỡng, tôn giáo và quản lý nhà nước về hoạt động tôn giáo."),
        Entry(
            slug: "thanh-nien", name: "Thanh niên",
            description: "Chính sách, chương trình phát triển thanh niên và công tác thanh niên."),
        Entry(
            slug: "hoi-to-chuc-phi-chinh-phu", name: "Hội, tổ chức phi chính phủ",
            description: "Thành lập, hoạt động và quản lý hội, quỹ xã hội, quỹ từ thiện và tổ chức phi chính phủ."),
        Entry(
            slug: "lao-dong-viec-lam", name: "Lao động, việc làm",
            description: "Việc làm, thị trường lao động, tiền lương tối thiểu và quan hệ lao động."),
        Entry(
            slug: "bao-hiem-xa-hoi", name: "Bảo hiểm xã hội",
            description: "Bảo hiểm xã hội, bảo hiểm thất nghiệp và chế độ hưu trí."),
    ]
}

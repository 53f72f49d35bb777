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
    public static let all: [(slug: String, name: String)] = [
        ("cong-chuc-vien-chuc", "Công chức, viên chức"),
        ("to-chuc-bien-che", "Tổ chức, biên chế"),
        ("chinh-quyen-dia-phuong", "Chính quyền địa phương"),
        ("tien-luong", "Tiền lương"),
        ("cai-cach-hanh-chinh", "Cải cách hành chính"),
        ("thi-dua-khen-thuong", "Thi đua, khen thưởng"),
        ("van-thu-luu-tru", "Văn thư, lưu trữ"),
        ("ton-giao", "Tôn giáo"),
        ("thanh-nien", "Thanh niên"),
        ("hoi-to-chuc-phi-chinh-phu", "Hội, tổ chức phi chính phủ"),
        ("lao-dong-viec-lam", "Lao động, việc làm"),
        ("bao-hiem-xa-hoi", "Bảo hiểm xã hội"),
    ]
}

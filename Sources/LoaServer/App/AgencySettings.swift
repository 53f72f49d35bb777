import Foundation

/// Who runs the portal, as every page shows it: the emblem, the colour, and the footer that Decree
/// 42/2022 asks of an agency's portal (agency, address, telephone, e-mail, the person responsible
/// for the content, the licence). From `LOA_AGENCY_*`; the demo fills in sample values, marked
/// as such, and the ★ placeholder stands in for an emblem only there.
public struct AgencySettings: Sendable, Equatable {
    /// The emblem or logo: a path on the portal (`/tep/…`, an uploaded file) or an https address.
    public var logo: String?
    /// The header colour, `#rrggbb`; the darker shade of the topic bar is derived from it.
    public var colour: String?
    public var address: String?
    public var phone: String?
    public var email: String?
    /// The person responsible for the content (người chịu trách nhiệm nội dung).
    public var responsible: String?
    /// The portal's licence (giấy phép thiết lập trang thông tin điện tử).
    public var licence: String?
    /// The Zalo Official Account's id: the "Quan tâm" link (https://zalo.me/<id>) and its QR code.
    public var zaloOA: String?
    /// Sample values shown by the demo; the footer says so.
    public var isSample = false

    public init() {}

    /// The page people open to follow the OA in Zalo.
    public var zaloFollowURL: String? { zaloOA.map { "https://zalo.me/\($0)" } }

    static let sample: AgencySettings = {
        var agency = AgencySettings()
        agency.address = "Số 8 Tôn Thất Thuyết, phường Mỹ Đình 2, quận Nam Từ Liêm, Hà Nội"
        agency.phone = "024 6282 1025"
        agency.email = "congthongtin@loa.example.gov.vn"
        agency.responsible = "Chánh Văn phòng Bộ"
        agency.licence = "Giấy phép số 00/GP-TTĐT (mẫu)"
        agency.zaloOA = "1234567890123456789"
        agency.isSample = true
        return agency
    }()

    static func load(value: (String) -> String?, demo: Bool, problems: inout [String]) -> AgencySettings {
        var agency = AgencySettings()
        if let logo = value("LOA_AGENCY_LOGO") {
            if (logo.hasPrefix("/") && !logo.hasPrefix("//")) || logo.hasPrefix("https://") {
                agency.logo = logo
            } else {
                problems.append("LOA_AGENCY_LOGO=\(logo): phải là đường dẫn trên cổng (/tep/…) hoặc địa chỉ https://")
            }
        }
        if let colour = value("LOA_AGENCY_COLOUR") {
            if Self.isColour(colour) {
                agency.colour = colour.lowercased()
            } else {
                problems.append("LOA_AGENCY_COLOUR=\(colour): phải là mã màu dạng #rrggbb, ví dụ #b3141b")
            }
        }
        agency.address = value("LOA_AGENCY_ADDRESS")
        agency.phone = value("LOA_AGENCY_PHONE")
        agency.email = value("LOA_AGENCY_EMAIL")
        agency.responsible = value("LOA_AGENCY_RESPONSIBLE")
        agency.licence = value("LOA_AGENCY_LICENCE")
        if let oa = value("LOA_ZALO_OA_ID") {
            if !oa.isEmpty, oa.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), oa.unicodeScalars.count <= 30 {
                agency.zaloOA = oa
            } else {
                problems.append("LOA_ZALO_OA_ID=\(oa): phải là mã số của Official Account (chỉ gồm chữ số)")
            }
        }
        let given = [agency.address, agency.phone, agency.email, agency.responsible, agency.licence, agency.zaloOA]
        if demo && given.allSatisfy({ $0 == nil }) {
            var sample = Self.sample
            sample.logo = agency.logo
            sample.colour = agency.colour
            return sample
        }
        return agency
    }

    static func isColour(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        return scalars.count == 7 && scalars[0] == "#" && scalars.dropFirst().allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// `#b3141b` darkened by a quarter, for the topic bar under the header.
    static func darker(_ colour: String) -> String {
        guard isColour(colour), let value = Int(colour.dropFirst(), radix: 16) else { return colour }
        let channels = [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff].map { $0 * 3 / 4 }
        return "#" + channels.map { String(format: "%02x", $0) }.joined()
    }
}

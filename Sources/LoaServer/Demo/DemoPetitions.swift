import Fluent
import Foundation
import LoaCore
import Vapor

/// The ministry's units and a set of petitions at every step, moved through the same service as
/// real ones, so that the inbox, the answers page, the feed and the figures have something to show.
enum DemoPetitions {
    struct Item {
        var topic: String
        var title: String
        var content: String
        var name: String
        var phone: String = ""
        var email: String = ""
        var address: String = ""
        var consent = true
        /// The unit's index in `units`, when the petition gets that far.
        var unit: Int?
        var answer: String?
        var finalState: PetitionState
        var daysAgo: Int
    }

    static let units: [(name: String, parent: Int?)] = [
        ("Bộ Nội vụ", nil), ("Vụ Công chức – Viên chức", 0), ("Vụ Tổ chức – Biên chế", 0), ("Vụ Chính quyền địa phương", 0),
        ("Vụ Tiền lương", 0), ("Vụ Cải cách hành chính", 0), ("Cục Việc làm", 0), ("Phòng Chính sách tiền lương", 4),
    ]

    static let items: [Item] = [
        Item(
            topic: "tien-luong", title: "Thời điểm áp dụng mức lương cơ sở 2.340.000 đồng",
            content:
                """
                Tôi là viên chức giáo dục tại xã Tân Lập. Xin hỏi mức lương cơ sở 2.340.000 đồng/tháng áp dụng từ thời điểm nào và có \
                tính truy lĩnh không? Số điện thoại của tôi là 0912 345 678.
                """,
            name: "Nguyễn Thị Hoa", phone: "0912345678", email: "hoa.nguyen@example.com", unit: 7,
            answer:
                """
                Theo Nghị định 73/2024/NĐ-CP, mức lương cơ sở 2.340.000 đồng/tháng áp dụng từ ngày 01/7/2024. Trường hợp cơ quan chi \
                trả chậm, người lao động được truy lĩnh phần chênh lệch kể từ ngày 01/7/2024.
                """,
            finalState: .published, daysAgo: 40),
        Item(
            topic: "cong-chuc-vien-chuc", title: "Thời gian tập sự có được tính để nâng bậc lương không",
            content:
                """
                Tôi trúng tuyển công chức năm 2023 và có 12 tháng tập sự. Thời gian tập sự có được tính vào thời gian xét nâng bậc \
                lương thường xuyên không?
                """,
            name: "Trần Văn Minh", email: "minh.tran@example.com", unit: 1,
            answer:
                """
                Thời gian tập sự không được tính vào thời gian xét nâng bậc lương thường xuyên, trừ trường hợp người tập sự đã có \
                thời gian công tác có đóng bảo hiểm xã hội bắt buộc đúng với yêu cầu của vị trí việc làm. Ông có thể liên hệ bộ phận \
                tổ chức cán bộ của cơ quan để được hướng dẫn cụ thể.
                """,
            finalState: .published, daysAgo: 30),
        Item(
            topic: "chinh-quyen-dia-phuong", title: "Hồ sơ hành chính sau khi sắp xếp đơn vị cấp xã",
            content:
                """
                Sau khi xã tôi sáp nhập vào xã mới, giấy tờ có ghi địa chỉ xã cũ có phải làm lại không? Tôi sợ phải đi lại nhiều lần. \
                Địa chỉ: thôn Đông, xã Hòa Bình.
                """,
            name: "Lê Văn Tám", phone: "0987654321", address: "Thôn Đông, xã Hòa Bình", unit: 3,
            answer:
                """
                Theo quy định về sắp xếp đơn vị hành chính, giấy tờ đã cấp cho cá nhân, tổ chức trước khi sắp xếp vẫn tiếp tục có giá \
                trị sử dụng khi chưa hết thời hạn; người dân không bắt buộc phải làm thủ tục cấp đổi.
                """,
            finalState: .published, daysAgo: 21),
        Item(
            topic: "cai-cach-hanh-chinh", title: "Đề nghị cho phép nộp hồ sơ trực tuyến toàn trình",
            content:
                """
                Tôi đề nghị Bộ hướng dẫn các địa phương cho phép nộp trực tuyến toàn trình thủ tục xác nhận thời gian công tác, để \
                người dân không phải nộp bản giấy.
                """,
            name: "Phạm Quốc Bảo", email: "bao.pham@example.com", unit: 5,
            answer:
                """
                Cảm ơn ông đã góp ý. Bộ Nội vụ đang rà soát, đề xuất cung cấp thủ tục này dưới hình thức dịch vụ công trực tuyến toàn \
                trình trong năm nay.
                """,
            finalState: .published, daysAgo: 14),
        Item(
            topic: "to-chuc-bien-che", title: "Cách xác định số lượng cấp phó tại đơn vị sự nghiệp",
            content:
                """
                Đơn vị sự nghiệp công lập của chúng tôi có 25 người làm việc. Xin hỏi được bố trí tối đa bao nhiêu cấp phó người đứng \
                đầu?
                """,
            name: "Đỗ Thị Lan", email: "lan.do@example.com", unit: 2, answer: nil, finalState: .assigned, daysAgo: 6),
        Item(
            topic: "bao-hiem-xa-hoi", title: "Hỏi về đóng bảo hiểm xã hội tự nguyện",
            content: "Tôi làm nghề tự do, muốn đóng bảo hiểm xã hội tự nguyện thì mức đóng thấp nhất hiện nay là bao nhiêu một tháng?",
            name: "Vũ Hải Yến", phone: "0934111222", unit: nil, answer: nil, finalState: .accepted, daysAgo: 3),
        Item(
            topic: "thi-dua-khen-thuong", title: "Thủ tục đề nghị khen thưởng cho tập thể thôn",
            content:
                "Thôn chúng tôi đạt nhiều thành tích trong phong trào xây dựng nông thôn mới. Xin hướng dẫn thủ tục đề nghị khen thưởng.",
            name: "Hoàng Văn Sơn", phone: "0905123456", unit: nil, answer: nil, finalState: .received, daysAgo: 1),
        Item(
            topic: "lao-dong-viec-lam", title: "Quảng cáo dịch vụ không liên quan",
            content: "Nội dung quảng cáo dịch vụ vay tiền nhanh, không phải là phản ánh, kiến nghị về chính sách.",
            name: "Người gửi ẩn danh", email: "quangcao@example.com", consent: false, unit: nil, answer: nil, finalState: .rejected,
            daysAgo: 9),
    ]

    static func load(into app: Application) async throws {
        guard try await Petition.query(on: app.db).count() == 0 else { return }
        var unitIDs: [UUID] = []
        for (position, unit) in units.enumerated() {
            let created = OrganisationUnit(name: unit.name, parentID: unit.parent.map { unitIDs[$0] }, position: position)
            try await created.create(on: app.db)
            unitIDs.append(try created.requireID())
        }
        // Demo petitions tell nobody: their addresses are examples, and the point is the pages.
        let desk = OperationContext.system("tiepnhan@demo.loa", role: .handler, address: "demo", app: app)
        let approver = OperationContext.system("nguoiduyet@demo.loa", role: .approver, address: "demo", app: app)
        let topics = Set(try await PortalQueries.topics(on: app.db).map(\.slug))
        for item in items {
            let received = app.now.addingTimeInterval(-Double(item.daysAgo) * 86400)
            let step = { (offset: Int) in received.addingTimeInterval(Double(offset) * 86400) }
            let submission = try PetitionSubmission(
                topic: item.topic, title: item.title, content: item.content, name: item.name, phone: item.phone, email: item.email,
                address: item.address, consentPublish: item.consent
            ).validated(topics: topics)
            let petition = try await Petitions.submit(submission, channel: .web, app: app, on: app.db, at: received, notify: false).petition
            switch item.finalState {
            case .received: continue
            case .rejected:
                try await Petitions.transition(
                    petition, to: .rejected, note: "Nội dung không phải phản ánh, kiến nghị về chính sách.", unitID: nil,
                    context: desk.at(step(1)), notify: false)
                continue
            default:
                try await Petitions.transition(
                    petition, to: .accepted, note: nil, unitID: nil, context: desk.at(step(1)), notify: false)
            }
            guard let unit = item.unit else { continue }
            try await Petitions.transition(
                petition, to: .assigned, note: nil, unitID: unitIDs[unit], context: desk.at(step(1)), notify: false)
            guard let answer = item.answer else { continue }
            try await Petitions.answer(petition, text: answer, context: desk.at(step(4)), notify: false)
            if app.loa.settings.petitionApprovalRequired {
                try await Petitions.transition(
                    petition, to: .answered, note: "Duyệt", unitID: nil, context: approver.at(step(4)), notify: false)
            }
            if item.finalState == .published {
                try await Petitions.transition(
                    petition, to: .published, note: nil, unitID: nil, context: desk.at(step(5)), notify: false)
            }
        }
    }
}

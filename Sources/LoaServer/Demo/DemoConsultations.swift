import Fluent
import Foundation
import LoaCore
import Vapor

/// Two drafts for the demo: one taking comments now, with a few approved; one closed, with its
/// synthesis published. Written through the service where the rules allow it; dates in the past
/// are set directly, since no real comment can arrive after closing. Loading again changes nothing.
enum DemoConsultations {
    static func actor(_ app: Application) -> OperationContext { .system("nội dung mẫu", app: app) }

    static let openBody = """
        Căn cứ Luật Cán bộ, công chức ngày 24 tháng 12 năm 2025;

        Bộ trưởng Bộ Nội vụ ban hành Thông tư hướng dẫn đánh giá, xếp loại chất lượng công chức theo kết quả thực hiện nhiệm vụ.

        # Chương I. Quy định chung

        ## Điều 1. Phạm vi điều chỉnh

        Thông tư này hướng dẫn việc đánh giá, xếp loại chất lượng công chức hằng quý và hằng năm theo kết quả, sản phẩm cụ thể.

        ## Điều 2. Đối tượng áp dụng

        ### Khoản 1

        Công chức làm việc trong các cơ quan hành chính nhà nước ở trung ương và địa phương.

        ### Khoản 2

        Người được tuyển dụng vào công chức đang trong thời gian tập sự.

        # Chương II. Tiêu chí và quy trình đánh giá

        ## Điều 3. Tiêu chí đánh giá

        Kết quả thực hiện nhiệm vụ được đo bằng số lượng, chất lượng và tiến độ sản phẩm được giao, chiếm 70% tổng điểm.

        ## Điều 4. Thời hạn đánh giá

        Việc đánh giá hằng quý hoàn thành trong 10 ngày làm việc đầu tiên của quý sau.
        """

    static let closedBody = """
        # Chương I. Quy định chung

        ## Điều 1. Mục đích

        Quy định về tổ chức tiếp công dân trực tuyến tại Bộ Nội vụ.

        ## Điều 2. Hình thức tiếp công dân trực tuyến

        Tiếp công dân trực tuyến qua cổng thông tin điện tử và trang Zalo chính thức của Bộ.

        # Chương II. Tổ chức thực hiện

        ## Điều 3. Trách nhiệm của các đơn vị

        Văn phòng Bộ chủ trì, phối hợp với các đơn vị thuộc Bộ bố trí lịch tiếp công dân hằng tháng.
        """

    static func load(into app: Application) async throws {
        let now = app.now
        let db = app.db
        let day: TimeInterval = 24 * 3600
        let openSlug = VietnameseText.slug("Dự thảo Thông tư hướng dẫn đánh giá, xếp loại chất lượng công chức")
        if try await Consultation.query(on: db).filter(\.$slug == openSlug).count() == 0 {
            let open = try await Consultations.create(
                ConsultationDraft(
                    title: "Dự thảo Thông tư hướng dẫn đánh giá, xếp loại chất lượng công chức",
                    summary: "Bộ Nội vụ lấy ý kiến về cách đánh giá công chức theo kết quả, sản phẩm cụ thể hằng quý và hằng năm.",
                    body: openBody, topics: ["cong-chuc-vien-chuc"], opensAt: now.addingTimeInterval(-7 * day),
                    closesAt: now.addingTimeInterval(30 * day)),
                context: actor(app).at(now.addingTimeInterval(-8 * day)))
            // Published without a Zalo broadcast: demo content must not message real followers.
            open.status = .published
            open.publishedAt = now.addingTimeInterval(-7 * day)
            try await open.save(on: db)
            let comments: [(String, String, String, String)] = [
                (
                    "s2", "Trần Văn Minh", "Sở Nội vụ tỉnh Nam Định",
                    "Đề nghị bổ sung viên chức giữ chức vụ quản lý vào phạm vi để thống nhất cách đánh giá."
                ),
                (
                    "s7", "Lê Thị Thu", "",
                    "Tỷ lệ 70% cho kết quả nhiệm vụ là hợp lý, nhưng cần hướng dẫn cách lượng hóa sản phẩm của công việc tham mưu."
                ),
                (
                    "s8", "Phạm Quốc Huy", "UBND phường Cầu Giấy",
                    "Thời hạn 10 ngày làm việc là ngắn đối với cấp xã; đề nghị 15 ngày làm việc."
                ),
                ("", "Nguyễn Hải Yến", "", "Dự thảo rõ ràng, đề nghị sớm ban hành kèm biểu mẫu đánh giá điện tử."),
            ]
            for (index, (section, name, organisation, text)) in comments.enumerated() {
                let receipt = try await Consultations.store(
                    CommentSubmission(section: section, name: name, organisation: organisation, text: text), on: open, channel: .web,
                    app: app, at: now.addingTimeInterval(Double(index - 6) * day))
                try await Consultations.moderate(receipt.comment, to: .approved, reason: nil, context: actor(app))
            }
        }

        let closedSlug = VietnameseText.slug("Dự thảo Quy chế tiếp công dân trực tuyến")
        if try await Consultation.query(on: db).filter(\.$slug == closedSlug).count() == 0 {
            let closed = try await Consultations.create(
                ConsultationDraft(
                    title: "Dự thảo Quy chế tiếp công dân trực tuyến",
                    summary: "Quy chế tiếp công dân qua cổng thông tin và Zalo của Bộ; đợt lấy ý kiến đã kết thúc.", body: closedBody,
                    topics: ["cai-cach-hanh-chinh"], opensAt: now.addingTimeInterval(-60 * day), closesAt: now.addingTimeInterval(-20 * day)
                ),
                context: actor(app).at(now.addingTimeInterval(-61 * day)))
            closed.status = .published
            closed.publishedAt = now.addingTimeInterval(-60 * day)
            try await closed.save(on: db)
            let comments: [(String, String, String, String, CommentStatus)] = [
                ("s3", "Đỗ Văn Nam", "", "Đề nghị bổ sung hình thức tiếp công dân qua cuộc gọi video cho người cao tuổi.", .approved),
                (
                    "s5", "Hoàng Thị Lan", "Văn phòng UBND tỉnh Thái Bình",
                    "Nên công khai lịch tiếp công dân trước ít nhất 5 ngày làm việc.", .approved
                ),
                ("s5", "Vũ Đức Anh", "", "Lịch tiếp công dân cần có cả buổi tối cho người đi làm.", .approved),
                ("", "Khách", "", "Nội dung quảng cáo không liên quan đến dự thảo.", .hidden),
            ]
            for (index, (section, name, organisation, text, status)) in comments.enumerated() {
                let comment = ConsultationComment()
                comment.consultationID = try closed.requireID()
                comment.section = section
                comment.name = name
                comment.organisation = organisation
                comment.email = ""
                comment.text = text
                comment.status = status
                comment.hiddenReason = status == .hidden ? "Không liên quan đến nội dung dự thảo" : nil
                comment.channel = .web
                comment.submittedAt = now.addingTimeInterval(Double(index - 50) * day)
                comment.moderatedAt = now.addingTimeInterval(-25 * day)
                comment.moderatedBy = actor(app).actorName
                try await comment.create(on: db)
            }
            try await Consultations.respond(
                to: closed, section: "s3", text: "Tiếp thu: bổ sung hình thức tiếp công dân qua cuộc gọi video tại Điều 2.",
                context: actor(app))
            try await Consultations.respond(
                to: closed, section: "s5",
                text: "Tiếp thu một phần: lịch được công khai trước 5 ngày làm việc; việc tiếp công dân buổi tối sẽ được thí điểm.",
                context: actor(app))
            try await Consultations.publishSynthesis(closed, context: actor(app).at(now.addingTimeInterval(-10 * day)))
        }
    }
}

/// What each entry of the audit log says, in the words of the people who read it: "Bài viết: đăng"
/// rather than `article.publish`. The codes stay in the database and in filters' values.
public enum AuditVocabulary {
    /// The kinds of record, as the console names them.
    public static let records: [(code: String, name: String)] = [
        ("article", "Bài viết"), ("document", "Văn bản"), ("consultation", "Dự thảo"), ("petition", "Phản ánh, kiến nghị"),
        ("attachment", "Tệp đính kèm"), ("user", "Tài khoản"), ("token", "Khóa tích hợp"), ("unit", "Đơn vị"),
        ("job", "Hàng đợi"), ("zalo", "Zalo OA"), ("consultation_comment", "Góp ý dự thảo"),
    ]

    /// Whole actions whose words are not "record: verb".
    private static let actions: [String: String] = [
        "login": "Đăng nhập", "logout": "Đăng xuất", "login.failed": "Đăng nhập sai",
        "login.lockout": "Tạm khóa đăng nhập vì sai nhiều lần",
        "two_factor.enrol": "Bật xác thực hai bước", "two_factor.use": "Đăng nhập bằng mã xác thực",
        "two_factor.failed": "Nhập sai mã xác thực", "two_factor.recovery_used": "Đăng nhập bằng mã khôi phục",
        "two_factor.recovery_renew": "Tạo mã khôi phục mới", "two_factor.disable": "Tắt xác thực hai bước",
        "user.password": "Tài khoản: đổi mật khẩu", "user.password_reset": "Tài khoản: đặt lại mật khẩu qua thư",
        "user.password_reset_requested": "Tài khoản: yêu cầu đặt lại mật khẩu", "user.unit": "Tài khoản: đổi đơn vị",
        "job.retry": "Hàng đợi: chạy lại một việc", "job.retry_all": "Hàng đợi: chạy lại mọi việc hỏng",
        "petition.answer_drafted": "Phản ánh, kiến nghị: soạn trả lời", "petition.export": "Phản ánh, kiến nghị: xuất CSV",
        "attachment.refused": "Tệp đính kèm: bị từ chối", "consultation.attachment": "Dự thảo: đính kèm tệp",
        "consultation.attachment.delete": "Dự thảo: gỡ tệp", "consultation.respond": "Dự thảo: trả lời góp ý",
        "consultation.synthesis": "Dự thảo: tổng hợp góp ý", "zalo.broadcast": "Zalo OA: gửi tin hàng loạt",
        "document.relate": "Văn bản: thêm văn bản liên quan", "document.unrelate": "Văn bản: bỏ văn bản liên quan",
    ]

    /// The verbs that follow a record: editorial steps, petition steps, comment moderation.
    private static let verbs: [String: String] = [
        "create": "tạo mới", "update": "chỉnh sửa", "delete": "xóa", "restore": "khôi phục phiên bản cũ", "submit": "gửi duyệt",
        "publish": "đăng", "schedule": "hẹn giờ đăng", "send_back": "trả lại biên tập", "unpublish": "gỡ xuống",
        "upload": "tải lên", "revoke": "thu hồi", "received": "tiếp nhận", "accepted": "thụ lý", "rejected": "không thụ lý",
        "assigned": "giao đơn vị xử lý", "answered": "trả lời", "published": "công khai trả lời", "closed": "kết thúc",
        "approved": "duyệt", "hidden": "ẩn", "pending": "đưa về chờ duyệt", "unconfirmed": "chờ xác nhận e-mail",
    ]

    public static func recordName(_ code: String) -> String? {
        records.first { $0.code == code }?.name
    }

    /// "Bài viết: đăng"; an action this list does not know yet is named as such, never shown bare.
    public static func describe(_ action: String) -> String {
        if let words = actions[action] { return words }
        let parts = action.split(separator: ".", maxSplits: 2).map(String.init)
        if parts.count == 2, let record = recordName(parts[0]), let verb = verbs[parts[1]] { return "\(record): \(verb)" }
        if parts.count == 3, parts[0] == "consultation", parts[1] == "comment", let verb = verbs[parts[2]] {
            return "Góp ý dự thảo: \(verb)"
        }
        return "Thao tác khác"
    }
}

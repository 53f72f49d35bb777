import Foundation

/// What the OA answers to "góp ý <mã dự thảo> <nội dung>", in the same voice as `ChatReplies`.
public enum ConsultationReplies {
    public static let howTo = """
        Để góp ý dự thảo, xin gõ: góp ý <mã dự thảo> <nội dung>
        Ví dụ: góp ý DT-2026-001 Đề nghị quy định rõ thời hạn giải quyết tại Điều 5.
        Mã dự thảo có trên trang của dự thảo.
        """

    public static func received(code: String, title: String, url: String) -> [ChatReply] {
        [
            .buttons(
                "Cảm ơn Ông/bà đã góp ý dự thảo “\(title)” (\(code)). Góp ý sẽ được công khai trên cổng thông tin sau khi được duyệt.",
                [.link("Xem dự thảo", url: url)])
        ]
    }

    public static func unknownDraft(_ code: String) -> [ChatReply] {
        [.text("Không tìm thấy dự thảo có mã \(code). Xin kiểm tra lại mã trên trang của dự thảo.")]
    }

    public static func missingText(code: String, title: String, url: String) -> [ChatReply] {
        [
            .buttons(
                "Ông/bà muốn góp ý dự thảo “\(title)”? Xin gõ nội dung sau mã, ví dụ: góp ý \(code) Đề nghị sửa Điều 3 như sau…",
                [.link("Xem dự thảo", url: url)])
        ]
    }

    public static func refused(_ reason: String) -> [ChatReply] {
        [.text("Chưa gửi được góp ý: \(reason)")]
    }

    public static let tooMany = [ChatReply.text("Ông/bà đã gửi nhiều góp ý trong một giờ qua. Xin vui lòng thử lại sau.")]
}

import Fluent
import Foundation
import LoaCore
import Vapor

enum JobConsoleViews {
    static let stateNames: [(String, String)] = [
        ("queued", "Đang chờ"), ("scheduled", "Hẹn giờ"), ("running", "Đang chạy"), ("done", "Đã xong"), ("dead", "Thất bại hẳn"),
    ]

    /// What each kind of job does, in the operator's words; the kind's code is shown beside it.
    static let kindNames: [String: String] = [
        "petition.notice": "Thông báo cho người gửi phản ánh", "consultation.confirm": "Thư xác nhận góp ý dự thảo",
        "editorial.publish_scheduled": "Đăng bài hẹn giờ", "zalo.events": "Xử lý tin nhắn, sự kiện Zalo",
        "zalo.profile": "Lấy tên người quan tâm Zalo", "zalo.tag": "Gắn nhãn Zalo theo lĩnh vực",
        "zalo.article": "Chuẩn bị gửi bài viết qua Zalo", "zalo.consultation": "Chuẩn bị gửi dự thảo qua Zalo",
        "zalo.broadcast": "Gửi tin hàng loạt qua Zalo", "queue.probe": "Việc thử hàng đợi (loa jobs probe)",
        "housekeeping.prune": "Dọn dữ liệu hết hạn lưu giữ (hằng đêm)", "staff.mail": "Thư gửi cán bộ (đặt mật khẩu)",
        "staff.notice": "Thư báo việc chờ cán bộ",
    ]

    static func list(_ staff: StaffIdentity, depth: [String: Int], dead: [Job], retried: Int?, permissions: PermissionPolicy) -> HTML {
        let csrf = ConsoleLayout.csrfField(staff)
        let main: HTML = """
            <h1>Hàng đợi công việc</h1>
            <p>Tin Zalo, thư điện tử, thông báo và việc gửi tin hàng loạt chạy nền qua hàng đợi. Việc thất bại được thử lại tự động; việc \
            thất bại ở mọi lần thử nằm dưới đây để xem lỗi và chạy lại.</p>
            <dl class="facts">\(stateNames.html { key, name in "<dt>\(name)</dt><dd>\(depth[key] ?? 0)</dd>" })</dl>
            <h2>Việc thất bại hẳn (\(dead.count))</h2>
            \(dead.isEmpty ? HTML("<p class=\"empty\">Không có việc nào thất bại hẳn.</p>") : HTML("""
                <form method="post" action="\(SiteRoute.staffJobsRetry.path())">\(csrf)<button class="button primary" type="submit">Chạy \
                lại tất cả</button></form>
                <div class="table-scroll"><table class="data-table">
                <caption class="visually-hidden">Việc thất bại hẳn</caption>
                <thead><tr><th scope="col">Loại việc</th><th scope="col">Số lần thử</th><th scope="col">Lỗi cuối</th>\
                <th scope="col">Tạo lúc</th><th scope="col">Dừng lúc</th><th scope="col"><span class="visually-hidden">Thao tác</span>\
                </th></tr></thead>
                <tbody>\(dead.html { job in
                    """
                    <tr><td>\(kindNames[job.kind] ?? "Loại việc khác") <span class="meta">(\(job.kind))</span></td>\
                    <td>\(job.attempts)/\(job.maxAttempts)</td><td>\(String((job.lastError ?? "").prefix(300)))</td>
                    <td>\(ConsoleLayout.date(job.createdAt))</td><td>\(ConsoleLayout.date(job.finishedAt))</td>
                    <td>\
                    <form method="post" action="\(SiteRoute.staffJobRetry.path(job.id?.uuidString.lowercased() ?? ""))">\(csrf)<button \
                    class="button small" type="submit">Chạy lại</button></form></td></tr>
                    """
                })</tbody></table></div>
                """))
            """
        let flash: HTML? = retried.map { "Đã đưa \($0) việc trở lại hàng đợi." }
        return ConsoleLayout.page(staff, title: "Hàng đợi công việc", section: .jobs, permissions: permissions, flash: flash, main: main)
    }
}

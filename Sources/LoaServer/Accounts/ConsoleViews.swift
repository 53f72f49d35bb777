import Foundation
import LoaCore
import Vapor

/// The console's account pages: sign in, password, users, tokens, audit log.
enum ConsoleViews {
    /// A notice that shows a secret once (a temporary password, a new integration key).
    static func secret(_ message: String, _ secret: String) -> HTML {
        "\(message)<p class=\"secret\">\(secret)</p>"
    }

    /// A notice that something the person sent was not right.
    static func problem(_ message: String) -> HTML {
        "<span class=\"field-error\">\(message)</span>"
    }

    /// A bcrypt hash of nothing anyone knows, checked when an address has no account.
    static let dummyHash = "$2b$12$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"

    static func login(
        email: String, error: String?, notice: String? = nil, next: String?, csrf: String, permissions: PermissionPolicy
    ) -> HTML {
        let main: HTML = """
            <div class="login">
            <h1>Đăng nhập quản trị</h1>
            \(notice.map { HTML("<div class=\"flash\" role=\"status\">\($0)</div>") })
            \(error.map { HTML("<div class=\"flash error\" role=\"alert\">\($0)</div>") })
            <form class="form" method="post" action="\(SiteRoute.staffLogin.path())">
              <input type="hidden" name="_csrf" value="\(csrf)">
              \(next.map { HTML("<input type=\"hidden\" name=\"next\" value=\"\($0)\">") })
              <div><label for="email">E-mail</label>\
            <input id="email" name="email" type="email" autocomplete="username" required value="\(email)"></div>
              <div><label for="password">Mật khẩu</label>\
            <input id="password" name="password" type="password" autocomplete="current-password" required></div>
              <div class="actions"><button class="button primary" type="submit">Đăng nhập</button></div>
              <p class="hint">Sau 5 lần nhập sai, đăng nhập vào tài khoản từ nơi bạn đang dùng tạm khóa 15 phút.</p>
              <p><a href="\(SiteRoute.staffForgotPassword.path())">Quên mật khẩu?</a></p>
            </form>
            </div>
            """
        return ConsoleLayout.page(nil, title: "Đăng nhập", permissions: permissions, main: main)
    }

    static func password(_ staff: StaffIdentity, message: String?, error: String?, permissions: PermissionPolicy) -> HTML {
        let main: HTML = """
            <h1>Đổi mật khẩu</h1>
            \(staff.mustChangePassword && message == nil
                ? HTML("""
                    <div class=\"flash\" role=\"status\">Tài khoản đang dùng mật khẩu tạm thời do quản trị viên cấp. Hãy đặt mật khẩu của \
                    riêng bạn để tiếp tục.</div>
                    """)
                : .empty)
            \(error.map { HTML("<div class=\"flash error\" role=\"alert\">\($0)</div>") })
            <form class="form" method="post" action="\(SiteRoute.staffPassword.path())">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="current">Mật khẩu hiện tại</label>\
            <input id="current" name="current" type="password" autocomplete="current-password" required></div>
              <div><label for="new">Mật khẩu mới</label>\
            <input id="new" name="new" type="password" autocomplete="new-password" minlength="10" required>
              <p class="hint">Ít nhất 10 ký tự. Các phiên đăng nhập khác của tài khoản sẽ kết thúc.</p></div>
              <div><label for="confirm">Nhập lại mật khẩu mới</label>\
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" required></div>
              <div class="actions"><button class="button primary" type="submit">Đổi mật khẩu</button></div>
            </form>
            <h2>Xác thực hai bước</h2>
            <p>\(staff.twoFactorEnabled ? "Đang bật." : "Chưa bật.") Thêm một mã từ ứng dụng trên điện thoại vào mỗi lần đăng nhập:
              <a href="\(TwoFactorController.setupPath)">\(staff.twoFactorEnabled ? "quản lý" : "cài đặt")</a>.</p>
            """
        return ConsoleLayout.page(
            staff, title: "Đổi mật khẩu", section: .password, permissions: permissions, flash: message.map { HTML("\($0)") }, main: main)
    }

    static func users(_ staff: StaffIdentity, users: [StaffUser], flash: HTML?, permissions: PermissionPolicy) -> HTML {
        let roleOptions: (Role?) -> HTML = { selected in
            Role.allCases.html { role in
                "<option value=\"\(role.rawValue)\"\((role == selected).attribute("selected"))>\(role.name)</option>"
            }
        }
        let main: HTML = """
            <h1>Người dùng</h1>
            <div class="panel">
            <h2>Mời người dùng mới</h2>
            <form class="form" method="post" action="\(SiteRoute.staffUsers.path())">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="email">E-mail</label><input id="email" name="email" type="email" required></div>
              <div><label for="name">Họ tên</label><input id="name" name="name" type="text"></div>
              <div><label for="role">Vai trò</label><select id="role" name="role">\(roleOptions(.editor))</select></div>
              <div class="actions"><button class="button primary" type="submit">Tạo tài khoản</button></div>
            </form>
            </div>
            <div class="table-scroll"><table class="data-table">
            <caption class="visually-hidden">Danh sách người dùng</caption>
            <thead><tr><th scope="col">Người dùng</th><th scope="col">Vai trò</th><th scope="col">Trạng thái</th>\
            <th scope="col">Đăng nhập gần nhất</th></tr></thead>
            <tbody>\(users.html { user in
                let id = user.id!.uuidString
                return """
                    <tr><td>\(user.name)<br><span class="meta">\(user.email)</span></td>
                    <td><form class="inline-form" method="post" action="\(SiteRoute.staffUser.path(id))">\(ConsoleLayout.csrfField(staff))
                      <label class="visually-hidden" for="role-\(id)">Vai trò của \(user.email)</label>
                      <select id="role-\(id)" name="role">\(roleOptions(user.role))</select>
                      <button class="button small" type="submit">Đổi vai trò</button></form></td>
                    <td><form class="inline-form" method="post" action="\(SiteRoute.staffUser.path(id))">\(ConsoleLayout.csrfField(staff))
                      <input type="hidden" name="disabled" value="\(user.disabled ? "false" : "true")">
                      \
                    \(user.disabled ? HTML("""
                        <span class=\"badge unpublished\">Đã khóa</span>
                        """) : HTML("<span class=\"badge published\">Hoạt động</span>"))
                      <button class="button small" type="submit">\(user.disabled ? "Mở khóa" : "Khóa")</button></form></td>
                    <td>\(ConsoleLayout.date(user.lastLoginAt))</td></tr>
                    """
            })</tbody></table></div>
            <div class="panel"><h2>Quyền theo vai trò</h2><ul>\(permissions.matrix().html { row in
                "<li><strong>\(row.role.name)</strong>: \(row.permissions.map(permissionName).joined(separator: ", "))</li>"
            })</ul></div>
            """
        return ConsoleLayout.page(staff, title: "Người dùng", section: .users, permissions: permissions, flash: flash, main: main)
    }

    static func permissionName(_ permission: Permission) -> String {
        switch permission {
        case .editContent: "biên tập bài viết, văn bản"
        case .publishContent: "duyệt, đăng, gỡ"
        case .handlePetitions: "xử lý phản ánh, kiến nghị"
        case .approvePetitionAnswers: "duyệt câu trả lời phản ánh"
        case .viewPersonalData: "xem thông tin cá nhân người gửi"
        case .manageZalo: "quản lý Zalo OA"
        case .manageUsers: "quản lý người dùng"
        case .viewAudit: "xem nhật ký"
        }
    }

    static func tokens(_ staff: StaffIdentity, tokens: [APIToken], flash: HTML?, permissions: PermissionPolicy, now: Date) -> HTML {
        let main: HTML = """
            <h1>Khóa tích hợp</h1>
            <p>Khóa tích hợp (API token) dùng cho các hệ thống khác gọi Loa, gửi kèm tiêu đề <code>Authorization: Bearer &lt;token&gt;\
            </code>, và có quyền như tài khoản đã tạo ra nó.</p>
            <form class="form" method="post" action="\(SiteRoute.staffTokens.path())">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="name">Tên gợi nhớ</label><input id="name" name="name" type="text" placeholder="Ví dụ: Hệ thống một cửa">\
            </div>
              <div><label for="days">Thời hạn</label><select id="days" name="days">
                <option value="30">30 ngày</option><option value="90" selected>90 ngày</option><option value="365">365 ngày</option>
              </select></div>
              <div class="actions"><button class="button primary" type="submit">Tạo khóa</button></div>
            </form>
            <div class="table-scroll"><table class="data-table">
            <caption class="visually-hidden">Danh sách khóa tích hợp</caption>
            <thead><tr><th scope="col">Tên</th><th scope="col">Tài khoản</th><th scope="col">Tạo lúc</th><th scope="col">Hết hạn</th>\
            <th scope="col">Dùng gần nhất</th><th scope="col">Trạng thái</th></tr></thead>
            <tbody>\(tokens.html { token in
                """
                <tr><td>\(token.name)<br><span class="meta">\(token.prefix)…</span></td><td>\(token.user.email)</td>
                <td>\(ConsoleLayout.date(token.createdAt))</td><td>\(ConsoleLayout.date(token.expiresAt))</td>
                <td>\(ConsoleLayout.date(token.lastUsedAt))</td>
                <td>\(tokenState(token, staff: staff, now: now))</td></tr>
                """
            })</tbody></table></div>
            """
        return ConsoleLayout.page(staff, title: "Khóa tích hợp", section: .tokens, permissions: permissions, flash: flash, main: main)
    }

    private static func tokenState(_ token: APIToken, staff: StaffIdentity, now: Date) -> HTML {
        if let revoked = token.revokedAt {
            return "<span class=\"badge unpublished\">Đã thu hồi \(ConsoleLayout.date(revoked))</span>"
        }
        if let expires = token.expiresAt, expires <= now {
            return "<span class=\"badge unpublished\">Đã hết hạn</span>"
        }
        return """
            <form class="inline-form" method="post" action="\(SiteRoute.staffTokenRevoke.path(token.id?.uuidString ?? ""))">\
            \(ConsoleLayout.csrfField(staff))
            <button class="button small danger" type="submit">Thu hồi</button></form>
            """
    }

    static func audit(
        _ staff: StaffIdentity, entries: [AuditEntry], total: Int, page: Int, request: Request, permissions: PermissionPolicy
    ) -> HTML {
        let value: (String) -> String = { request.nonEmptyQuery($0) ?? "" }
        let link: (Int) -> String = { number in
            var components = URLComponents()
            components.path = SiteRoute.staffAudit.path()
            components.queryItems =
                ["actor", "action", "record_type", "from", "to"].compactMap { name in
                    request.nonEmptyQuery(name).map { URLQueryItem(name: name, value: $0) }
                } + (number > 1 ? [URLQueryItem(name: "page", value: String(number))] : [])
            return components.string ?? SiteRoute.staffAudit.path()
        }
        let main: HTML = """
            <h1>Nhật ký thao tác</h1>
            <form class="filters" method="get" action="\(SiteRoute.staffAudit.path())" aria-label="Lọc nhật ký">
              <div><label for="actor">Người thực hiện (e-mail)</label>\
            <input id="actor" name="actor" type="text" value="\(value("actor"))"></div>
              <div><label for="record_type">Loại bản ghi</label><select id="record_type" name="record_type"><option value="">Tất cả\
            </option>\(
                AuditVocabulary.records.html { record in
                    "<option value=\"\(record.code)\"\((value("record_type") == record.code).attribute("selected"))>\(record.name)</option>"
                })</select></div>
              <div><label for="from">Từ ngày</label><input id="from" name="from" \(ConsoleLayout.dayField) value="\(value("from"))"></div>
              <div><label for="to">Đến ngày</label><input id="to" name="to" \(ConsoleLayout.dayField) value="\(value("to"))"></div>
              <div><button class="button primary" type="submit">Lọc</button></div>
            </form>
            <p class="meta" role="status">\(total) mục.</p>
            <div class="table-scroll"><table class="data-table">
            <caption class="visually-hidden">Nhật ký</caption>
            <thead><tr><th scope="col">Thời gian</th><th scope="col">Người thực hiện</th><th scope="col">Thao tác</th>\
            <th scope="col">Nội dung</th><th scope="col">Địa chỉ</th></tr></thead>
            <tbody>\(entries.html { entry in
                """
                    <tr><td>\(VietnamTime.dateTime(entry.createdAt))</td><td>\(entry.actorEmail)</td><td>\
                    \(AuditVocabulary.describe(entry.action))</td><td>\(entry.summary)</td><td>\(entry.address ?? "")</td></tr>
                    """
            })</tbody></table></div>
            \(Layout.pagination(page: page, pageCount: max(1, (total + 49) / 50), link: link))
            """
        return ConsoleLayout.page(staff, title: "Nhật ký", section: .audit, permissions: permissions, main: main)
    }
}

import Foundation
import LoaCore

/// The pages of signing in beyond the password: the two-factor step and its set-up, and the
/// password reset. Each takes what it shows and nothing else.
enum SignInViews {
    private static func errorBox(_ error: String?) -> HTML {
        error.map { HTML("<div class=\"flash error\" role=\"alert\">\($0)</div>") } ?? .empty
    }

    static func challenge(error: String?, csrf: String, permissions: PermissionPolicy) -> HTML {
        let main: HTML = """
            <div class="login">
            <h1>Xác thực hai bước</h1>
            \(errorBox(error))
            <form class="form" method="post" action="\(TwoFactorController.challengePath)">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div><label for="code">Mã xác thực</label>
              <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus
                aria-describedby="code-hint">
              <p class="hint" id="code-hint">Nhập mã 6 chữ số đang hiện trong ứng dụng xác thực trên điện thoại. Mất điện thoại? Nhập
                một mã khôi phục (dạng abcd-2345); mỗi mã chỉ dùng được một lần.</p></div>
              <div class="actions"><button class="button primary" type="submit">Xác nhận</button></div>
            </form>
            </div>
            """
        return ConsoleLayout.page(nil, title: "Xác thực hai bước", permissions: permissions, main: main)
    }

    static func challengeEnded(permissions: PermissionPolicy) -> HTML {
        let main: HTML = """
            <div class="login">
            <h1>Xác thực hai bước</h1>
            <div class="flash error" role="alert">Đã nhập sai mã quá nhiều lần hoặc đã quá thời gian. Hãy đăng nhập lại.</div>
            <p><a class="button primary" href="\(SiteRoute.staffLogin.path())">Đăng nhập lại</a></p>
            </div>
            """
        return ConsoleLayout.page(nil, title: "Xác thực hai bước", permissions: permissions, main: main)
    }

    struct TwoFactorEnrolment {
        var secret: String
        var qrCode: HTML?
        var required: Bool
        var error: String?

        /// The secret in groups of four, as people type it into an app by hand.
        var groupedSecret: String {
            stride(from: 0, to: secret.count, by: 4).map { offset in
                String(secret.dropFirst(offset).prefix(4))
            }.joined(separator: " ")
        }
    }

    struct TwoFactorStatus {
        var enabledAt: Date?
        var recoveryCodesLeft: Int
        var required: Bool
        var flash: HTML?
        var error: String?
    }

    static func twoFactorSetup(_ staff: StaffIdentity, _ model: TwoFactorEnrolment, permissions: PermissionPolicy) -> HTML {
        let main: HTML = """
            <h1>Xác thực hai bước</h1>
            \(model.required ? HTML("""
                <div class=\"flash\" role=\"status\">Vai trò \(staff.role.name) bắt buộc xác thực hai bước. Hãy cài đặt để tiếp tục làm \
                việc.</div>
                """) : .empty)
            \(errorBox(model.error))
            <p>Ngoài mật khẩu, mỗi lần đăng nhập sẽ cần một mã 6 chữ số từ ứng dụng xác thực trên điện thoại (Google Authenticator,
              Microsoft Authenticator, FreeOTP hoặc ứng dụng tương tự).</p>
            <ol class="steps">
              <li>Mở ứng dụng xác thực, chọn thêm tài khoản và quét mã QR dưới đây.</li>
              <li>Không quét được? Nhập khóa này bằng tay (loại khóa: theo thời gian):
                <p class="secret" id="khoa-bi-mat">\(model.groupedSecret)</p></li>
              <li>Nhập mã 6 chữ số mà ứng dụng hiện ra.</li>
            </ol>
            \(model.qrCode.map { HTML("<figure class=\"qr\">\($0)</figure>") } ?? .empty)
            <form class="form" method="post" action="\(TwoFactorController.setupPath)/bat">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="code">Mã từ ứng dụng</label>
              <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required></div>
              <div class="actions"><button class="button primary" type="submit">Bật xác thực hai bước</button></div>
            </form>
            """
        return ConsoleLayout.page(staff, title: "Xác thực hai bước", section: .password, permissions: permissions, main: main)
    }

    static func twoFactorEnabled(_ staff: StaffIdentity, _ model: TwoFactorStatus, permissions: PermissionPolicy) -> HTML {
        let disable: HTML =
            model.required
            ? "<p class=\"hint\">Vai trò \(staff.role.name) bắt buộc xác thực hai bước nên không thể tắt.</p>"
            : """
            <h2>Tắt xác thực hai bước</h2>
            <form class="form" method="post" action="\(TwoFactorController.setupPath)/tat">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="password">Mật khẩu</label>\
            <input id="password" name="password" type="password" autocomplete="current-password" required></div>
              <div><label for="disable-code">Mã xác thực</label>
              <input id="disable-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required></div>
              <div class="actions"><button class="button danger" type="submit">Tắt xác thực hai bước</button></div>
            </form>
            """
        let main: HTML = """
            <h1>Xác thực hai bước</h1>
            \(errorBox(model.error))
            <p>Đang bật từ \(model.enabledAt.map { VietnamTime.dateTime($0) } ?? ""). Còn \(model.recoveryCodesLeft) mã khôi phục chưa \
            dùng.</p>
            <h2>Mã khôi phục mới</h2>
            <form class="form" method="post" action="\(TwoFactorController.setupPath)/ma-khoi-phuc">
              \(ConsoleLayout.csrfField(staff))
              <div><label for="renew-code">Mã xác thực</label>
              <input id="renew-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required
                aria-describedby="renew-hint">
              <p class="hint" id="renew-hint">Mười mã mới thay cho các mã cũ.</p></div>
              <div class="actions"><button class="button" type="submit">Tạo mã khôi phục mới</button></div>
            </form>
            \(disable)
            """
        return ConsoleLayout.page(
            staff, title: "Xác thực hai bước", section: .password, permissions: permissions, flash: model.flash, main: main)
    }

    static func recoveryCodes(_ codes: [String], first: Bool) -> HTML {
        """
        \(first ? "Đã bật xác thực hai bước. " : "")Mã khôi phục (chỉ hiện một lần; hãy in hoặc chép lại và cất nơi an toàn;
        mỗi mã đăng nhập được một lần khi không có điện thoại):
        <ul class="recovery-codes">\(codes.html { "<li><code>\($0)</code></li>" })</ul>
        """
    }

    static func forgotPassword(sent: Bool, canMail: Bool, csrf: String, permissions: PermissionPolicy) -> HTML {
        let body: HTML
        if sent {
            body = """
                <div class="flash" role="status">Nếu địa chỉ này là của một tài khoản đang hoạt động, thư có liên kết đặt lại mật khẩu
                  đã được gửi đến đó. Liên kết dùng được một lần, trong 60 phút. Không thấy thư? Hãy xem cả hộp thư rác.</div>
                <p><a href="\(SiteRoute.staffLogin.path())">Quay lại đăng nhập</a></p>
                """
        } else if !canMail {
            body = """
                <p>Máy chủ này chưa được cấu hình để gửi thư, nên không gửi được liên kết đặt lại mật khẩu. Hãy nhờ quản trị viên
                  đặt mật khẩu tạm thời cho bạn.</p>
                <p><a href="\(SiteRoute.staffLogin.path())">Quay lại đăng nhập</a></p>
                """
        } else {
            body = """
                <form class="form" method="post" action="\(SiteRoute.staffForgotPassword.path())">
                  <input type="hidden" name="_csrf" value="\(csrf)">
                  <div><label for="email">E-mail của tài khoản</label>
                  <input id="email" name="email" type="email" autocomplete="username" required></div>
                  <div class="actions"><button class="button primary" type="submit">Gửi liên kết đặt lại</button></div>
                </form>
                <p><a href="\(SiteRoute.staffLogin.path())">Quay lại đăng nhập</a></p>
                """
        }
        let main: HTML = """
            <div class="login">
            <h1>Quên mật khẩu</h1>
            \(body)
            </div>
            """
        return ConsoleLayout.page(nil, title: "Quên mật khẩu", permissions: permissions, main: main)
    }

    static func resetPassword(valid: Bool, error: String?, csrf: String, permissions: PermissionPolicy) -> HTML {
        let body: HTML =
            valid
            ? """
            \(errorBox(error))
            <form class="form" method="post">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div><label for="new">Mật khẩu mới</label>
              <input id="new" name="new" type="password" autocomplete="new-password" minlength="10" required aria-describedby="new-hint">
              <p class="hint" id="new-hint">Ít nhất 10 ký tự. Mọi phiên đăng nhập và khóa tích hợp của tài khoản sẽ hết hiệu lực.</p></div>
              <div><label for="confirm">Nhập lại mật khẩu mới</label>
              <input id="confirm" name="confirm" type="password" autocomplete="new-password" required></div>
              <div class="actions"><button class="button primary" type="submit">Đặt mật khẩu mới</button></div>
            </form>
            """
            : """
            <div class="flash error" role="alert">Liên kết không dùng được: đã dùng rồi, đã quá 60 phút, hoặc không đúng.</div>
            <p><a href="\(SiteRoute.staffForgotPassword.path())">Yêu cầu liên kết mới</a></p>
            """
        let main: HTML = """
            <div class="login">
            <h1>Đặt lại mật khẩu</h1>
            \(body)
            </div>
            """
        return ConsoleLayout.page(nil, title: "Đặt lại mật khẩu", permissions: permissions, main: main)
    }
}

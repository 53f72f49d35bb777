import Foundation
import LoaCore

/// The staff console's frame: its own header and menu, the portal's stylesheet.
enum ConsoleLayout {
    enum Section: String {
        case dashboard, notices, figures, articles, documents, consultations, petitions, zalo, units, users, tokens, audit, jobs, password
    }

    static func page(
        _ staff: StaffIdentity?, title: String, section: Section? = nil, permissions: PermissionPolicy, flash: HTML? = nil, main: HTML
    ) -> HTML {
        """
        <!doctype html>
        <html lang="vi">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <title>\(title) – Loa quản trị</title>
        <link rel="stylesheet" href="\(SiteURL.stylesheet.path)">
        </head>
        <body class="console">
        <a class="skip" href="#noi-dung">Bỏ qua, đến nội dung chính</a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="\(SiteRoute.staffHome.path())"><span class="emblem" aria-hidden="true">★</span>\
        <span>Loa – Quản trị nội dung</span></a>
            \(staff.map { staff in HTML("""
                <form method="post" action="\(SiteRoute.staffLogout.path())" class="inline-form">
                  \(csrfField(staff))
                  <span class="who">\(staff.name) · \(staff.role.name)</span>
                  \(staff.unreadNotices > 0
                    ? HTML("""
                        <a class=\"button small\" href=\"\(SiteRoute.staffNotices.path())\">Việc chờ bạn: \(staff.unreadNotices)</a>
                        """) : .empty)
                  <button class="button small" type="submit">Đăng xuất</button>
                </form>
                """) })
          </div>
          \(staff.map { menu($0, section: section, permissions: permissions) })
        </header>
        <main id="noi-dung" class="wrap" tabindex="-1">
        \(flash.map { HTML("<div class=\"flash\" role=\"status\">\($0)</div>") })
        \(main)
        </main>
        </body>
        </html>
        """
    }

    private static func menu(_ staff: StaffIdentity, section: Section?, permissions: PermissionPolicy) -> HTML {
        var items: [(Section, String, String)] = [
            (.dashboard, "Tổng quan", SiteRoute.staffHome.path()), (.notices, "Việc chờ bạn", SiteRoute.staffNotices.path()),
            (.figures, "Số liệu", SiteRoute.staffDashboard.path()),
        ]
        if permissions.role(staff.role, may: .editContent) {
            items += [
                (.articles, "Bài viết", SiteRoute.staffArticles.path()), (.documents, "Văn bản", SiteRoute.staffDocuments.path()),
                (.consultations, "Dự thảo", SiteRoute.staffConsultations.path()),
            ]
        }
        if Petitions.canSeePetitions(staff.role, policy: permissions) {
            items.append((.petitions, "Phản ánh, kiến nghị", SiteRoute.staffPetitions.path()))
        }
        if permissions.role(staff.role, may: .manageZalo) { items.append((.zalo, "Zalo OA", SiteRoute.staffZalo.path())) }
        if permissions.role(staff.role, may: .manageUsers) {
            items += [(.users, "Người dùng", SiteRoute.staffUsers.path()), (.units, "Đơn vị", SiteRoute.staffUnits.path())]
        }
        if permissions.role(staff.role, may: .viewAudit) {
            items += [(.audit, "Nhật ký", SiteRoute.staffAudit.path()), (.jobs, "Hàng đợi", SiteRoute.staffJobs.path())]
        }
        items += [(.tokens, "Khóa tích hợp", SiteRoute.staffTokens.path()), (.password, "Đổi mật khẩu", SiteRoute.staffPassword.path())]
        return """
            <nav class="topic-nav" aria-label="Chức năng quản trị"><ul class="wrap">\(items.html { item in
                "<li><a href=\"\(item.2)\"\((item.0 == section).attribute("aria-current=\"page\""))>\(item.1)</a></li>"
            })</ul></nav>
            """
    }

    static func csrfField(_ staff: StaffIdentity) -> HTML {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(staff.csrfToken ?? "")\">"
    }

    /// A field's error message, tied to the field for screen readers.
    static func fieldError(_ errors: [String: String], _ field: String) -> HTML {
        guard let message = errors[field] else { return .empty }
        return "<p class=\"field-error\" id=\"loi-\(field)\">\(message)</p>"
    }

    static func invalid(_ errors: [String: String], _ field: String) -> HTML {
        errors[field] == nil ? .empty : HTML(trusted: " aria-invalid=\"true\" aria-describedby=\"loi-\(field)\"")
    }

    static func statusBadge(_ status: PublicationStatus) -> HTML {
        "<span class=\"badge \(status.rawValue)\">\(status.name)</span>"
    }

    static func date(_ date: Date?) -> String {
        date.map(VietnamTime.dateTime) ?? "—"
    }

    /// The value of a date-and-time field: "15/12/2026 08:30", Vietnam's time (see `DateFields`).
    static func localInput(_ date: Date?) -> String {
        date.map(DateFields.text) ?? ""
    }

    /// Reads a date-and-time field as Vietnam's time.
    static func parseLocalInput(_ text: String) -> Date? {
        DateFields.dateTime(text)
    }

    /// The attributes of a text field for a date and time typed day first, on a 24-hour clock;
    /// browsers' own pickers show mm/dd and AM/PM when the browser is in English.
    static let dateTimeField: HTML =
        """
        type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" placeholder=\"15/12/2026 08:30\" \
        pattern=\"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4} [0-9]{1,2}:[0-9]{2}\"
        """

    /// The same for a day alone.
    static let dayField: HTML =
        """
        type=\"text\" inputmode=\"numeric\" autocomplete=\"off\" placeholder=\"15/12/2026\" \
        pattern=\"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}\"
        """
}

import Fluent
import LoaCore
import SQLKit
import Vapor

enum ZaloConsoleViews {
    static func overview(
        _ staff: StaffIdentity, overview: ZaloConsoleController.Overview, flash: String?, permissions: PermissionPolicy
    ) -> HTML {
        let shown: [BroadcastDelivery.Outcome] = [.sent, .sandbox, .outsideWindow, .unfollowed, .failed, .interrupted, .sending]
        let main: HTML = """
            <h1>Truyền thông qua Zalo OA</h1>
            \(overview.sandbox ? HTML("""
                <div class=\"flash\" role=\"status\"><strong>Chế độ thử:</strong> chưa cấu hình LOA_ZALO_APP_ID, LOA_ZALO_APP_SECRET, \
                LOA_ZALO_REFRESH_TOKEN. Mọi tin nhắn được giữ trong hộp thư thử bên dưới thay vì gửi đi.</div>
                """) : .empty)
            <dl class="facts"><dt>Đang quan tâm</dt><dd>\(overview.following)</dd><dt>Mới trong 7 ngày</dt>\
            <dd>\(overview.newThisWeek)</dd></dl>
            \(Charts.line(id: "followers", title: "Người quan tâm OA trong 30 ngày qua", points: overview.overTime, unit: "Người quan tâm"))
            <p><a href="\(SiteRoute.staffZaloFollowersCSV.path())">Tải số liệu (CSV)</a></p>
            \(Charts.bars(id: "topics", title: "Đăng ký nhận tin theo lĩnh vực", points: overview.perTopic, unit: "Người đăng ký"))
            <section class="panel"><h2>Gửi bài viết đến người quan tâm</h2>
            <form class="form" method="post" action="\(SiteRoute.staffZaloBroadcasts.path())">\(ConsoleLayout.csrfField(staff))
            <div><label for="b-article">Bài viết đã đăng</label><select id="b-article" name="article">\(overview.articles.html { article in
                "<option value=\"\(article.id?.uuidString ?? "")\">\(article.title)</option>"
            })</select>
            <p class="hint">Gửi cho người đã đăng ký lĩnh vực của bài và còn trong thời hạn 7 ngày kể từ lần tương tác gần nhất.</p></div>
            <div><button class="button primary" type="submit">Gửi</button></div></form></section>
            <section class="panel"><h2>Các lần gửi tin</h2>
            <div class="table-scroll"><table class="data-table"><thead><tr><th scope="col">Bài viết</th><th scope="col">Bắt đầu</th>\
            <th scope="col">Trạng thái</th>\(shown.html { "<th scope=\"col\">\($0.name)</th>" })</tr></thead>
            <tbody>\(overview.broadcasts.html { broadcast, counts in
                """
                <tr><td><a href="\(broadcast.url)">\(broadcast.title)</a><br><span class="meta">\(broadcast.startedBy)</span></td>\
                <td class="nowrap">\(VietnamTime.dateTime(broadcast.createdAt))</td>
                <td>\(broadcast.finishedAt == nil ? "đang gửi" : "xong")</td>\(shown.html { "<td>\(counts[$0] ?? 0)</td>" })</tr>
                """
            })</tbody></table></div></section>
            <section class="panel"><h2>Người quan tâm gần đây</h2><ul>\(overview.followers.html { follower in
                """
                <li><a href="\(SiteRoute.staffZaloFollower.path(follower.id?.uuidString ?? ""))">\
                \(follower.displayName.isEmpty ? "Người dùng …\(follower.zaloUserID.suffix(4))" : follower.displayName)</a> · \
                \(follower.following ? "đang quan tâm" : "đã bỏ quan tâm") · tương tác \
                \(ConsoleLayout.date(follower.lastInteractionAt))</li>
                """
            })</ul></section>
            <section class="panel"><h2>\(overview.sandbox ? "Hộp thư thử (tin nhắn chưa gửi đi)" : "Tin nhắn đã gửi gần đây")</h2>\
            <ul>\(overview.outbox.html { message in
                """
                    <li><span class=\"meta\">\(VietnamTime.dateTime(message.createdAt)) → …\(message.zaloUserID.suffix(4)) · \
                    \(message.status.name)\(message.errorCode.map { ": \(ZaloErrors.describe($0))" } ?? "")</span><br>\(message.text)</li>
                    """
            })</ul></section>
            """
        let note: HTML? = flash.map { _ in "Đã bắt đầu gửi; kết quả hiện trong bảng các lần gửi tin." }
        return ConsoleLayout.page(staff, title: "Zalo OA", section: .zalo, permissions: permissions, flash: note, main: main)
    }

    static func conversation(
        _ staff: StaffIdentity, follower: Follower, messages: [ZaloMessage], topics: [String], petitions: [Petition],
        mayViewPersonalData: Bool, permissions: PermissionPolicy
    ) -> HTML {
        let name = follower.displayName.isEmpty ? "Người dùng …\(follower.zaloUserID.suffix(4))" : follower.displayName
        let main: HTML = """
            \(mayViewPersonalData ? .empty : HTML("""
                <p class=\"hint\">Số điện thoại, e-mail, địa chỉ và số giấy tờ trong tin nhắn đã được ẩn.</p>
                """))
            <p class="meta"><a href="\(SiteRoute.staffZalo.path())">← Zalo OA</a></p>
            <h1>\(name)</h1>
            <dl class="facts"><dt>Mã Zalo</dt><dd>\(follower.zaloUserID)</dd><dt>Trạng thái</dt>\
            <dd>\(follower.following ? "Đang quan tâm" : "Đã bỏ quan tâm")</dd>
            <dt>Quan tâm từ</dt><dd>\(ConsoleLayout.date(follower.followedAt))</dd><dt>Tương tác gần nhất</dt>\
            <dd>\(ConsoleLayout.date(follower.lastInteractionAt))</dd>
            <dt>Lĩnh vực đăng ký</dt><dd>\(topics.isEmpty ? "—" : topics.joined(separator: ", "))</dd>
            <dt>Phản ánh đã gửi</dt>\
            <dd>\(petitions.isEmpty ? HTML("—") : petitions.html { """
                <a href=\"\(SiteRoute.staffPetition.path($0.code))\">\($0.code)</a> 
                """ })</dd></dl>
            <ol class="list conversation">\(messages.html { message in
                """
                <li class="list-item \(message.direction == .incoming ? "incoming" : "outgoing")">\
                <p class="meta">\(message.direction == .incoming ? "Người dùng" : "OA") · \
                \(VietnamTime.dateTime(message.createdAt))\(message.status == .failed ? """
                     · \(ZaloErrors.describe(message.errorCode ?? 0))
                    """ : "")</p>
                <p>\(mayViewPersonalData ? message.text : PersonalData.redact(message.text))</p></li>
                """
            })</ol>
            """
        return ConsoleLayout.page(staff, title: name, section: .zalo, permissions: permissions, main: main)
    }
}

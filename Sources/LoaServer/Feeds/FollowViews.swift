import Foundation
import LoaCore
import QRCode

/// The "Nhận tin" page: following the portal on Zalo, and its feeds with what a feed is.
enum FollowViews {
    static func page(_ site: SiteContext, topics: [Topic]) -> HTML {
        let example = topics.first?.name ?? "Tiền lương"
        let main: HTML = """
            <h1>Nhận tin chính sách mới</h1>
            <p class="lead">Có hai cách để biết ngay khi \(site.name) đăng chính sách, văn bản, dự thảo lấy ý kiến hay câu trả lời mới.</p>
            <section class="panel" aria-labelledby="zalo">
            <h2 id="zalo">Trên Zalo</h2>
            \(site.agency.zaloFollowURL.map { url in HTML("""
                <div class="follow-zalo">\
                \(QRCode(url).map { HTML(trusted: $0.svg(title: "Mã QR để quan tâm \(site.name) trên Zalo", moduleSize: 4)) })
                <p>Quét mã bằng Zalo trên điện thoại, hoặc <a href="\(url)" rel="noopener">mở trang của \(site.name) trên Zalo</a>.</p>\
                </div>
                """) })
            <ol class="steps">
              <li>Trong Zalo, tìm “\(site.name)” và bấm <strong>Quan tâm</strong>.</li>
              <li>Gửi tin nhắn <strong>đăng ký \(example)</strong> (hoặc tên lĩnh vực khác) để nhận bài mới của lĩnh vực đó; gửi
                <strong>hủy đăng ký \(example)</strong> khi không muốn nhận nữa.</li>
              <li>Cũng trong Zalo, Ông/bà có thể hỏi đáp, gửi phản ánh và tra cứu phản ánh đã gửi.</li>
            </ol>
            </section>
            <section class="panel" aria-labelledby="nguon-tin">
            <h2 id="nguon-tin">Bằng nguồn tin (Atom, RSS)</h2>
            <p>Nguồn tin là một địa chỉ mà ứng dụng đọc tin (Feedly, Inoreader, Thunderbird, Outlook hoặc ứng dụng đọc tin trên điện
              thoại) theo dõi giúp bạn: chép một địa chỉ dưới đây và dán vào ứng dụng, mỗi bài mới sẽ hiện ra ở đó. Mở trực tiếp trong
              trình duyệt, bạn sẽ chỉ thấy mã XML.</p>
            <ul>
              <li><a href="\(SiteURL.articlesFeed.path)">Tất cả tin bài mới</a></li>
              <li><a href="\(SiteURL.consultationsFeed.path)">Dự thảo lấy ý kiến</a></li>
              <li><a href="\(SiteURL.answersFeed.path)">Câu trả lời phản ánh, kiến nghị đã công khai</a></li>
            </ul>
            <h3>Theo lĩnh vực</h3>
            <ul class="columns">\(topics.html { "<li><a href=\"\(SiteURL.topicFeed($0.slug).path)\">\($0.name)</a></li>" })</ul>
            </section>
            """
        return Layout.page(
            site,
            PageMeta(
                title: "Nhận tin", description: "Theo dõi chính sách mới trên Zalo hoặc bằng nguồn tin Atom.", path: SiteURL.follow.path,
                feed: (title: "Tin mới", path: SiteURL.articlesFeed.path)),
            breadcrumbs: [("Nhận tin", nil)], main: main)
    }
}

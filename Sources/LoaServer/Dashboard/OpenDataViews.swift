import Foundation
import LoaCore

/// `/du-lieu-mo`: the datasets, their licence and their files, for people.
enum OpenDataViews {
    static func page(_ site: SiteContext, catalogue: OpenDataController.Catalogue) -> HTML {
        let main: HTML = """
            <h1>Dữ liệu mở</h1>
            <p class="lead">Dữ liệu do \(catalogue.publisher) công bố để mọi người sử dụng lại, ở dạng CSV (mở bằng Excel, LibreOffice) \
            và JSON (cho phần mềm). Không có thông tin cá nhân.</p>
            <p>Giấy phép: \(OpenData.licence) <a href="\(OpenData.licenceURL)" rel="license">Xem giấy phép</a>. Danh mục cho phần mềm: \
            <a href="\(SiteRoute.apiOpenData.path())">/api/v1/open-data</a>.</p>
            <ul class="list">\(catalogue.datasets.html { entry in
                """
                <li class="list-item"><h2>\(entry.title)</h2>
                <p>\(entry.description)</p>
                <p class="meta">\(entry.rows) dòng · cập nhật \
                \(entry.updatedAt.timeIntervalSince1970 > 0 ? VietnamTime.dateTime(entry.updatedAt) : "chưa có dữ liệu")</p>
                <p class="actions">\(entry.files.html { file in
                    "<a class=\"button\" href=\"\(SiteURL.openData.path)/\(entry.id).\(file.format)\">Tải \(file.format.uppercased())</a> "
                })</p></li>
                """
            })</ul>
            """
        return Layout.page(
            site,
            PageMeta(
                title: "Dữ liệu mở", description: "Dữ liệu mở: câu trả lời, hệ thống văn bản, số liệu thống kê.",
                path: SiteURL.openData.path),
            breadcrumbs: [("Dữ liệu mở", nil)], main: main)
    }
}

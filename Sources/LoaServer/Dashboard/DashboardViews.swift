import Fluent
import Foundation
import LoaCore
import Vapor

enum DashboardViews {
    static func page(_ staff: StaffIdentity, figures: DashboardFigures, topics: [Topic], permissions: PermissionPolicy) -> HTML {
        let period = figures.period
        var query = "tuan=\(period.weeks)"
        if let topic = period.topic { query += "&linh-vuc=\(topic)" }
        let percent = figures.onTimeShare.map { String(format: "%.0f%%", $0 * 100) } ?? "chưa có"
        let median = figures.medianWorkingDaysToAnswer.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? "—"
        let charts = figures.datasets.html { dataset -> HTML in
            let csv = SiteRoute.staffDashboardFile.path("\(dataset.chart.rawValue).csv") + "?\(query)"
            if dataset.labels.isEmpty || dataset.series.isEmpty {
                return """
                    <figure class="chart-figure" id="\(dataset.chart.rawValue)"><figcaption>\(dataset.title)</figcaption>
                    <p class="meta">Chưa có số liệu trong khoảng thời gian này.</p></figure>
                    """
            } else if dataset.kind == .bars {
                return Charts.bars(
                    id: dataset.chart.rawValue, title: dataset.title,
                    points: zip(dataset.labels, dataset.series[0].values).map { Charts.Point(label: $0, value: $1) },
                    unit: dataset.series[0].name, csv: csv)
            } else {
                return Charts.lines(
                    id: dataset.chart.rawValue, title: dataset.title, labels: dataset.labels, series: dataset.series, csv: csv)
            }
        }
        let main: HTML = """
            <h1>Số liệu tổng hợp</h1>
            <form class="filters" method="get" action="\(SiteRoute.staffDashboard.path())" aria-label="Chọn khoảng thời gian và lĩnh vực">
              <div><label for="tuan">Khoảng thời gian</label><select id="tuan" name="tuan">\(DashboardPeriod.choices.html { weeks in
                  "<option value=\"\(weeks)\"\((weeks == period.weeks).attribute("selected"))>\(weeks) tuần gần đây</option>"
              })</select></div>
              <div><label for="linh-vuc">Lĩnh vực</label><select id="linh-vuc" name="linh-vuc"><option value="">Tất cả lĩnh vực\
            </option>\(topics.html { topic in
                  "<option value=\"\(topic.slug)\"\((topic.slug == period.topic).attribute("selected"))>\(topic.name)</option>"
              })</select></div>
              <div><button class="button primary" type="submit">Xem</button></div>
            </form>
            <p class="meta">Từ \(period.firstDay.vietnamese) đến \(period.today.vietnamese). Số quá hạn và số người quan tâm tính đến hôm \
            nay.</p>
            <ul class="kpis" aria-label="Chỉ số chính">
              <li><strong>\(figures.received)</strong> phản ánh, kiến nghị nhận được</li>
              <li><strong>\(figures.answered)</strong> đã trả lời</li>
              <li><strong>\(percent)</strong> trả lời đúng hạn</li>
              <li><strong>\(median)</strong> ngày làm việc để trả lời (trung vị)</li>
              <li><strong>\(figures.overdueNow)</strong> đang quá hạn</li>
              <li><strong>\(figures.followersNow)</strong> \
            \(period.topic == nil ? "người quan tâm Zalo OA" : "người đăng ký lĩnh vực trên Zalo")</li>
              <li><strong>\(figures.readings)</strong> lượt đọc trang nội dung</li>
            </ul>
            \(charts)
            """
        return ConsoleLayout.page(staff, title: "Số liệu tổng hợp", section: .figures, permissions: permissions, main: main)
    }
}

import Foundation
import LoaCore

/// Charts drawn on the server as SVG: no scripts, no fonts to fetch, and the numbers behind each
/// chart in a table for screen readers and for anyone who wants the exact figures.
enum Charts {
    struct Point: Sendable {
        var label: String
        var value: Double
    }

    private static let width = 640.0
    private static let height = 220.0
    private static let left = 44.0
    private static let bottom = 28.0
    private static let top = 12.0

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    /// A rounded-up maximum for the axis, so that the grid lines fall on round numbers.
    private static func scaleMaximum(_ values: [Double]) -> Double {
        let maximum = max(values.max() ?? 1, 1)
        let magnitude = pow(10, floor(log10(maximum)))
        for step in [1.0, 2, 2.5, 5, 10] where step * magnitude >= maximum { return step * magnitude }
        return 10 * magnitude
    }

    private static func grid(maximum: Double) -> String {
        let plotHeight = height - top - bottom
        return (0...4).map { index in
            let value = maximum * Double(index) / 4
            let y = top + plotHeight * (1 - Double(index) / 4)
            return "<line x1=\"\(left)\" x2=\"\(width)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#dfe1e5\"/>"
                + "<text x=\"\(left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" font-size=\"11\" fill=\"#5b5f66\">\(number(value))</text>"
        }.joined()
    }

    /// A line over time (followers, petitions per week). Labels are shown at most eight times.
    static func line(id: String, title: String, points: [Point], unit: String) -> HTML {
        let maximum = scaleMaximum(points.map(\.value))
        let plotWidth = width - left - 8
        let plotHeight = height - top - bottom
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let coordinates = points.enumerated().map { index, point in
            (left + Double(index) * step, top + plotHeight * (1 - point.value / maximum))
        }
        let path = coordinates.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        let every = max(1, points.count / 8)
        var labels = ""
        for (index, point) in points.enumerated() where index % every == 0 || index == points.count - 1 {
            labels +=
                "<text x=\(String(format: "\"%.1f\"", coordinates[index].0)) y=\"\(height - 8)\" text-anchor=\"middle\" font-size=\"11\" fill=\"#5b5f66\">\(escapeHTML(point.label))</text>"
        }
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title" class="chart">
            <title id="\(id)-title">\(escapeHTML(title))</title>\(grid(maximum: maximum))
            <polyline fill="none" stroke="#b3141b" stroke-width="2.5" points="\(path)"/>\(labels)
            </svg>
            """
        return figure(id: id, title: title, svg: svg, points: points, unit: unit)
    }

    /// Horizontal bars, one per category, largest first as given.
    static func bars(id: String, title: String, points: [Point], unit: String) -> HTML {
        let maximum = scaleMaximum(points.map(\.value))
        let rowHeight = 26.0
        let labelWidth = 220.0
        let chartHeight = max(rowHeight * Double(points.count) + 8, 40)
        var rows = ""
        for (index, point) in points.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let barWidth = (width - labelWidth - 60) * point.value / maximum
            rows += """
                <text x="\(labelWidth - 8)" y="\(y + 16)" text-anchor="end" font-size="12" fill="#1d1d1f">\(escapeHTML(String(point.label.prefix(34))))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(String(format: "%.1f", barWidth))" height="16" fill="#b3141b"/>\
                <text x="\(String(format: "%.1f", labelWidth + barWidth + 6))" y="\(y + 16)" font-size="12" fill="#1d1d1f">\(number(point.value))</text>
                """
        }
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(chartHeight))" role="img" aria-labelledby="\(id)-title" class="chart">
            <title id="\(id)-title">\(escapeHTML(title))</title>\(rows)
            </svg>
            """
        return figure(id: id, title: title, svg: svg, points: points, unit: unit)
    }

    /// The chart, and the same figures as a table (collapsed, open to anyone) with a CSV link.
    private static func figure(id: String, title: String, svg: String, points: [Point], unit: String) -> HTML {
        """
        <figure class="chart-figure" id="\(id)">
        <figcaption>\(title)</figcaption>
        \(HTML(trusted: svg))
        <details><summary>Số liệu của biểu đồ</summary>
        <table class="data-table"><thead><tr><th scope="col">Mục</th><th scope="col">\(unit)</th></tr></thead>
        <tbody>\(points.html { "<tr><th scope=\"row\">\($0.label)</th><td>\(number($0.value))</td></tr>" })</tbody></table>
        </details>
        </figure>
        """
    }

    /// The figures of a chart as CSV, for the download links beside charts.
    static func csv(_ points: [Point], header: (String, String)) -> CSV {
        var csv = CSV(header: [header.0, header.1])
        for point in points { csv.append([point.label, number(point.value)]) }
        return csv
    }
}

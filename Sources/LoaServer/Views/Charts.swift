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

    /// A rounded-up maximum for the axis, so that each of the four grid lines falls on a round
    /// whole number (counts of people and petitions are never fractions).
    static func scaleMaximum(_ values: [Double]) -> Double {
        let tick = max(values.max() ?? 0, 1) / 4
        let magnitude = pow(10, floor(log10(max(tick, 1))))
        for step in [1.0, 2, 2.5, 3, 4, 5, 6, 8, 10] where step * magnitude >= tick && (step * magnitude).rounded() == step * magnitude {
            return 4 * step * magnitude
        }
        return 40 * magnitude
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

    /// One named line of a chart with several (received and answered, one per topic).
    struct Series: Sendable {
        var name: String
        var values: [Double]
    }

    /// Colours far enough apart for the common kinds of colour blindness, each dark enough on white.
    private static let palette = ["#b3141b", "#1f5fa8", "#2f7d32", "#8a4fb0", "#b35c00", "#00727a"]

    /// A line over time (followers, petitions per week). Labels are shown at most eight times.
    static func line(id: String, title: String, points: [Point], unit: String, csv: String? = nil) -> HTML {
        lines(id: id, title: title, labels: points.map(\.label), series: [Series(name: unit, values: points.map(\.value))], csv: csv)
    }

    /// Several lines over the same labels, with a legend when there is more than one.
    static func lines(id: String, title: String, labels: [String], series: [Series], csv: String? = nil) -> HTML {
        let maximum = scaleMaximum(series.flatMap(\.values))
        let plotWidth = width - left - 8
        let plotHeight = height - top - bottom
        let step = labels.count > 1 ? plotWidth / Double(labels.count - 1) : 0
        let x = { (index: Int) in left + Double(index) * step }
        var paths = ""
        for (number, line) in series.enumerated() {
            let points = line.values.enumerated().map { index, value in
                String(format: "%.1f,%.1f", x(index), top + plotHeight * (1 - value / maximum))
            }.joined(separator: " ")
            paths += "<polyline fill=\"none\" stroke=\"\(palette[number % palette.count])\" stroke-width=\"2.5\" points=\"\(points)\"/>"
        }
        let every = max(1, labels.count / 8)
        var axis = ""
        // Every `every`-th label, and the last one, which ends at the right edge; a label that
        // would crowd the last one gives way.
        let shown = labels.indices.filter { $0 % every == 0 && labels.count - 1 - $0 >= max(1, every / 2) } + [labels.count - 1]
        for index in shown where index >= 0 {
            let anchor = index == 0 ? "start" : index == labels.count - 1 ? "end" : "middle"
            axis +=
                """
                <text x=\(String(format: "\"%.1f\"", x(index))) y=\"\(height - 8)\" text-anchor=\"\(anchor)\" font-size=\"11\" \
                fill=\"#5b5f66\">\(escapeHTML(labels[index]))</text>
                """
        }
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title" class="chart">
            <title id="\(id)-title">\(escapeHTML(title))</title>\(grid(maximum: maximum))\(paths)\(axis)
            </svg>
            """
        let legend: HTML =
            series.count < 2
            ? .empty
            : """
            <ul class="chart-legend">\(series.enumerated().map { ($0, $1) }.html { number, line in
                // The page's CSP allows no inline styles: each colour has its class (c0…c5) in the stylesheet.
                "<li><span class=\"swatch c\(number % palette.count)\" aria-hidden=\"true\"></span>\(line.name)</li>"
            })</ul>
            """
        return figure(id: id, title: title, svg: svg, legend: legend, labels: labels, series: series, csv: csv)
    }

    /// Horizontal bars, one per category, largest first as given.
    static func bars(id: String, title: String, points: [Point], unit: String, csv: String? = nil) -> HTML {
        let maximum = scaleMaximum(points.map(\.value))
        let rowHeight = 26.0
        let labelWidth = 220.0
        let chartHeight = max(rowHeight * Double(points.count) + 8, 40)
        var rows = ""
        for (index, point) in points.enumerated() {
            let y = 4 + Double(index) * rowHeight
            let barWidth = (width - labelWidth - 60) * point.value / maximum
            rows += """
                <text x="\(labelWidth - 8)" y="\(y + 16)" text-anchor="end" font-size="12" fill="#1d1d1f">\
                \(escapeHTML(String(point.label.prefix(34))))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(String(format: "%.1f", barWidth))" height="16" fill="#b3141b"/>\
                <text x="\(String(format: "%.1f", labelWidth + barWidth + 6))" y="\(y + 16)" font-size="12" fill="#1d1d1f">\
                \(number(point.value))</text>
                """
        }
        let svg = """
            <svg viewBox="0 0 \(Int(width)) \(Int(chartHeight))" role="img" aria-labelledby="\(id)-title" class="chart">
            <title id="\(id)-title">\(escapeHTML(title))</title>\(rows)
            </svg>
            """
        return figure(
            id: id, title: title, svg: svg, legend: .empty, labels: points.map(\.label),
            series: [Series(name: unit, values: points.map(\.value))], csv: csv)
    }

    /// The chart, and the same figures as a table (collapsed, open to anyone), with an optional
    /// link to the same figures as CSV.
    private static func figure(
        id: String, title: String, svg: String, legend: HTML, labels: [String], series: [Series], csv: String?
    ) -> HTML {
        """
        <figure class="chart-figure" id="\(id)">
        <figcaption>\(title)</figcaption>
        <div class="chart-scroll" tabindex="0" role="group" aria-label="\(title): biểu đồ, kéo ngang để xem các tuần trước">\
        \(HTML(trusted: svg))</div>\(legend)
        <details><summary>Số liệu của biểu đồ</summary>
        <table class="data-table"><thead><tr><th scope="col">Mục</th>\(series.html { "<th scope=\"col\">\($0.name)</th>" })</tr></thead>
        <tbody>\(labels.enumerated().map { ($0, $1) }.html { index, label in
            "<tr><th scope=\"row\">\(label)</th>\(series.html { "<td>\(number($0.values[index]))</td>" })</tr>"
        })</tbody></table>
        </details>\(csv.map { HTML("<p class=\"meta\"><a href=\"\($0)\" download>Tải số liệu (CSV)</a></p>") })
        </figure>
        """
    }

    /// The figures of a chart as CSV, for the download links beside charts.
    static func csv(_ points: [Point], header: (String, String)) -> CSV {
        csv(labels: points.map(\.label), series: [Series(name: header.1, values: points.map(\.value))], labelHeader: header.0)
    }

    static func csv(labels: [String], series: [Series], labelHeader: String) -> CSV {
        var csv = CSV(header: [labelHeader] + series.map(\.name))
        for (index, label) in labels.enumerated() { csv.append([label] + series.map { number($0.values[index]) }) }
        return csv
    }
}

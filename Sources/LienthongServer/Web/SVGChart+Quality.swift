import Foundation

extension SVGChart {
    /// A ring gauge for a 0–100 score, the score written in its middle; "—" when there is none.
    static func gauge(title: String, score: Double?, size: Int = 120) -> String {
        let radius = Double(size) / 2 - 10
        let center = Double(size) / 2
        let circumference = 2 * Double.pi * radius
        let filled = (score ?? 0) / 100 * circumference
        let shown = score.map { String(format: "%.0f", $0) } ?? "—"
        let level = score.map { $0 >= 90 ? "good" : ($0 >= 70 ? "fair" : "poor") } ?? "none"
        return """
            <svg class="gauge gauge-\(level)" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(size) \(size)" role="img" \
            aria-label="\(escape(title)): \(shown)"><title>\(escape(title)): \(shown)</title>\
            <circle class="gauge-track" cx="\(format(center))" cy="\(format(center))" r="\(format(radius))" fill="none" stroke-width="12"/>\
            <circle class="gauge-fill" cx="\(format(center))" cy="\(format(center))" r="\(format(radius))" fill="none" stroke-width="12" \
            stroke-dasharray="\(format(filled)) \(format(circumference))" transform="rotate(-90 \(format(center)) \(format(center)))"/>\
            <text class="gauge-value" x="\(format(center))" y="\(format(center + 9))" text-anchor="middle">\(shown)</text></svg>
            """
    }

    /// One line of a trend: its label and its values, oldest first (nil where a run had no score).
    struct Series: Sendable {
        let label: String
        let values: [Double?]
    }

    /// Lines of 0–100 scores over runs, oldest on the left, with the first and last run's dates under the axis and a
    /// legend; each point's value is in its title, for screen readers.
    static func trend(title: String, series: [Series], first: String, last: String, width: Int = 640, height: Int = 240) -> String {
        let left = 36.0
        let right = Double(width) - 12
        let top = 12.0
        let bottom = Double(height) - 60
        let count = series.map(\.values.count).max() ?? 0
        func x(_ index: Int) -> Double { count <= 1 ? (left + right) / 2 : left + (right - left) * Double(index) / Double(count - 1) }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * value / 100 }
        var parts: [String] = []
        for mark in [0.0, 50, 100] {
            parts.append(
                "<line class=\"trend-grid\" x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(format(y(mark)))\" y2=\"\(format(y(mark)))\"/>"
                    + "<text class=\"trend-axis\" x=\"\(format(left - 6))\" y=\"\(format(y(mark) + 4))\" text-anchor=\"end\">\(Int(mark))</text>")
        }
        for (index, line) in series.enumerated() {
            let points = line.values.enumerated().compactMap { position, value in value.map { (x(position), y($0), $0) } }
            let path = points.map { "\(format($0.0)),\(format($0.1))" }.joined(separator: " ")
            var marks = points.map { point in
                "<circle class=\"trend-point\" cx=\"\(format(point.0))\" cy=\"\(format(point.1))\" r=\"3\"><title>\(escape(line.label)): \(String(format: "%.1f", point.2))</title></circle>"
            }.joined()
            if points.count > 1 { marks = "<polyline class=\"trend-line\" fill=\"none\" points=\"\(path)\"/>" + marks }
            let legendX = left + Double(index % 3) * 200
            let legendY = bottom + 30 + Double(index / 3) * 16
            parts.append(
                "<g class=\"trend-series trend-series-\(index)\">\(marks)<rect x=\"\(format(legendX))\" y=\"\(format(legendY - 9))\" width=\"10\" height=\"10\"/>"
                    + "<text class=\"trend-legend\" x=\"\(format(legendX + 14))\" y=\"\(format(legendY))\">\(escape(line.label))</text></g>")
        }
        parts.append("<text class=\"trend-axis\" x=\"\(format(left))\" y=\"\(format(bottom + 14))\">\(escape(first))</text>")
        parts.append("<text class=\"trend-axis\" x=\"\(format(right))\" y=\"\(format(bottom + 14))\" text-anchor=\"end\">\(escape(last))</text>")
        return """
            <svg class="chart trend" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(escape(title))">\
            <title>\(escape(title))</title>\(parts.joined())</svg>
            """
    }
}

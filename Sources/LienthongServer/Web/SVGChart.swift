import Foundation

/// Charts drawn on the server as SVG: no script, no external library, readable by screen readers
/// (`role="img"`, a title, and each value written as text), and printable.
///
/// ```swift
/// let svg = SVGChart.horizontalBars(title: "Agencies by kind", bars: [.init(label: "Ward", value: 3)])
/// ```
enum SVGChart {
    /// One bar: its label and value.
    struct Bar: Sendable {
        let label: String
        let value: Double
        /// The value as written beside the bar (defaults to the integer value).
        var display: String? = nil
    }

    /// A horizontal bar chart, one row per bar, scaled to the largest value.
    static func horizontalBars(title: String, bars: [Bar], width: Int = 640) -> String {
        let rowHeight = 30
        let labelWidth = min(220, width * 2 / 5)
        let valueWidth = 60
        let barSpace = Double(width - labelWidth - valueWidth)
        let height = max(bars.count, 1) * rowHeight + 8
        let largest = max(bars.map(\.value).max() ?? 0, 1)
        var rows: [String] = []
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight + 4
            let length = max(bar.value / largest * barSpace, bar.value > 0 ? 2 : 0)
            let shown = bar.display ?? String(Int(bar.value.rounded()))
            rows.append(
                """
                <g class="bar"><text class="bar-label" x="\(labelWidth - 8)" y="\(y + 19)" text-anchor="end">\(escape(bar.label))</text>\
                <rect class="bar-fill" x="\(labelWidth)" y="\(y + 4)" width="\(format(length))" height="\(rowHeight - 10)" rx="3"/>\
                <text class="bar-value" x="\(format(Double(labelWidth) + length + 6))" y="\(y + 19)">\(escape(shown))</text></g>
                """)
        }
        return """
            <svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" aria-label="\(escape(title))">\
            <title>\(escape(title))</title>\(rows.joined())</svg>
            """
    }

    /// Escapes text for SVG (XML) content and attributes.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}

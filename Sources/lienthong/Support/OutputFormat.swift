import ArgumentParser
import Foundation

/// How a `list` command prints: an aligned table for people, or JSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json

    /// Prints `rows` (each a list of column values) under `headers`, or `json` as a JSON array.
    func print<Item: Encodable>(_ items: [Item], headers: [String], row: (Item) -> [String]) throws {
        switch self {
        case .json:
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: try encoder.encode(items), as: UTF8.self))
        case .table:
            let rows = [headers] + items.map(row)
            let widths = headers.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { index, cell in
                    index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                }
                Swift.print(cells.joined(separator: "  "))
            }
        }
    }
}

extension Optional where Wrapped == Date {
    /// ISO 8601 or "-".
    var cell: String { map { $0.ISO8601Format() } ?? "-" }
}

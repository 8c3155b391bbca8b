import ArgumentParser
import Foundation

/// How a `list` command prints: an aligned table for people, or JSON for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json

    /// Prints one value as indented JSON with sorted keys and ISO 8601 dates.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints `rows` (each a list of column values) under `headers`, or `json` as a JSON array.
    func print<Item: Encodable>(_ items: [Item], headers: [String], row: (Item) -> [String]) throws {
        switch self {
        case .json:
            try Self.printJSON(items)
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

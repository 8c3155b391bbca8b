import Foundation

/// The rows a grant covers when it does not cover all of them: those whose `field` holds one of `values`
/// (a ward's code, a district's). The gateway adds it to every read as an `in` filter, so rows outside it
/// never leave the database.
public struct RowFilter: Sendable, Hashable, Codable {
    public var field: String
    public var values: [String]

    public init(field: String, values: [String]) {
        self.field = field
        self.values = values
    }

    /// The most values a row filter may list (an `in` filter's limit).
    public static let maximumValues = 100

    /// Whether a row whose `field` holds `value` (as text) is inside the filter.
    public func admits(_ value: String) -> Bool { values.contains(value) }

    /// `ma_phuong=00004,00070` — the form the web page and the CLI take.
    public init?(text: String) {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let field = parts[0].trimmingCharacters(in: .whitespaces)
        let values = parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !field.isEmpty, !values.isEmpty else { return nil }
        self.init(field: field, values: values)
    }

    public var text: String { field + "=" + values.joined(separator: ",") }
}

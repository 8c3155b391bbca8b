import SQLKit

/// Rows made ready before a statement, in the form its database reads in one bound value: JSON for SQLite
/// (`JSONRows`, read by `jsonb_each`), one array per column for PostgreSQL (`ArrayRows`, read by `unnest`).
struct BulkRows: Sendable {
    private(set) var json: JSONRows?
    private(set) var arrays: ArrayRows?

    init(for dialect: Dialect, columns: Int, capacity: Int = 0) {
        switch dialect {
        case .sqlite: json = JSONRows(capacity: capacity)
        case .postgres: arrays = ArrayRows(columns: columns, capacity: capacity)
        }
    }

    var count: Int { json?.count ?? arrays?.count ?? 0 }

    mutating func append(_ row: [JSONRows.Value]) {
        // Through the optional in place: a copy of the rows would be made for each row otherwise.
        if arrays != nil { arrays!.append(row) } else { json!.append(row) }
    }

    /// The rows as a table to select from: `j` (JSON, a row per `value`) or `r` (arrays, columns `c0`, `c1`, …).
    var table: SQLQueryString { arrays?.table ?? json?.table(.sqlite) ?? "" }

    /// Column `index` of a row as text, in `table`.
    func text(_ index: Int) -> String { arrays == nil ? JSONRows.text(index) : ArrayRows.text(index) }

    /// Column `index` of a row as an integer, in `table`.
    func integer(_ index: Int) -> String { arrays == nil ? JSONRows.integer(index) : ArrayRows.integer(index) }
}

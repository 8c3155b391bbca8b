import SQLKit

/// Rows made ready before a transaction, in a form its database takes in bulk: JSON (`JSONRows`, read by SQLite's
/// `jsonb_each` or PostgreSQL's `jsonb_array_elements`, one bound value in a statement), or `COPY` text for
/// PostgreSQL (`CopyRows`, sent by a `BulkCopier`: cheaper per row, one more round trip).
struct BulkRows: Sendable {
    private(set) var json: JSONRows?
    private(set) var copy: CopyRows?

    /// JSON rows, or `COPY` rows on PostgreSQL when `copy` is true.
    init(for dialect: Dialect, copy: Bool, capacity: Int = 0) {
        if dialect == .postgres, copy {
            self.copy = CopyRows(capacity: capacity)
        } else {
            json = JSONRows(capacity: capacity)
        }
    }

    var count: Int { json?.count ?? copy?.count ?? 0 }

    mutating func append(_ row: [JSONRows.Value]) {
        // Through the optional in place: a copy of the rows would be made for each row otherwise.
        if copy != nil { copy!.append(row) } else { json!.append(row) }
    }

    /// Writes the rows into `table`'s `columns` (names checked by the caller), each read from JSON with `values`
    /// (one SQL expression per column) when the rows are JSON; `copier` must be given for `COPY` rows.
    func insert(
        into table: String, columns: [String], values: [String], _ sql: any SQLDatabase, _ dialect: Dialect, copier: BulkCopier?
    ) async throws {
        if let copy {
            guard let copier else { throw StoreError.incompatible("COPY rows without a PostgreSQL connection") }
            try await copier.copy(copy, into: table, columns: columns)
        } else if let json {
            try await sql.raw(
                """
                INSERT INTO \(ident: table) (\(unsafeRaw: columns.joined(separator: ", ")))
                SELECT \(unsafeRaw: values.joined(separator: ", ")) FROM \(json.table(dialect))
                """
            ).run()
        }
    }
}

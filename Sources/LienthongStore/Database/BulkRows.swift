import SQLKit

/// Rows made ready before a transaction, in the form its database takes in bulk: JSON for SQLite (`JSONRows`, read
/// by `jsonb_each`), `COPY` text for PostgreSQL (`CopyRows`, sent by a `BulkCopier`).
struct BulkRows: Sendable {
    private(set) var json: JSONRows?
    private(set) var copy: CopyRows?

    init(for dialect: Dialect, capacity: Int = 0) {
        switch dialect {
        case .sqlite: json = JSONRows(capacity: capacity)
        case .postgres: copy = CopyRows(capacity: capacity)
        }
    }

    var count: Int { json?.count ?? copy?.count ?? 0 }

    mutating func append(_ row: [JSONRows.Value]) {
        // Through the optional in place: a copy of the rows would be made for each row otherwise.
        if copy != nil { copy!.append(row) } else { json!.append(row) }
    }

    /// Writes the rows into `table`'s `columns` (names checked by the caller), each read from JSON with `values`
    /// (one SQL expression per column) when the rows are JSON; `copier` must be given for `COPY` rows.
    func insert(into table: String, columns: [String], values: [String], _ sql: any SQLDatabase, copier: BulkCopier?) async throws {
        if let copy {
            guard let copier else { throw StoreError.incompatible("COPY rows without a PostgreSQL connection") }
            try await copier.copy(copy, into: table, columns: columns)
        } else if let json {
            try await sql.raw(
                """
                INSERT INTO \(ident: table) (\(unsafeRaw: columns.joined(separator: ", ")))
                SELECT \(unsafeRaw: values.joined(separator: ", ")) FROM \(json.table(.sqlite))
                """
            ).run()
        }
    }
}

import SQLKit

/// `INSERT INTO table (columns) VALUES (…), (…)` written straight to the serializer, every value bound.
///
/// SQLKit's insert builder wraps each value in several generic expressions; for the audit log's batches of
/// hundreds of rows that wrapping was a tenth of an append's cost. The SQL and the binding are the same.
struct AuditRowsInsert: SQLExpression {
    let table: String
    let columns: [String]
    let rows: ArraySlice<[any Encodable & Sendable]>

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ")
        var firstRow = true
        for row in rows {
            serializer.write(firstRow ? "(" : ", (")
            firstRow = false
            for (index, value) in row.enumerated() {
                if index > 0 { serializer.write(", ") }
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
    }
}

import SQLKit

/// `INSERT INTO table (columns) VALUES (…), (…) <suffix>`, identifiers quoted and every value bound, written
/// straight to the serializer. SQLKit's builder wraps each value in several generic expressions, a large
/// share of the cost of a bulk load or of an audit batch of hundreds of entries; both use this.
struct RowsInsert: SQLExpression {
    let table: String
    let columns: [String]
    let rows: ArraySlice<[any Encodable & Sendable]>
    /// `ON CONFLICT …`, `RETURNING …`: dialect-neutral SQL that follows the values.
    var suffix: SQLQueryString?

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO ")
        SQLIdentifier(table).serialize(to: &serializer)
        serializer.write(" (")
        for (index, column) in columns.enumerated() {
            if index > 0 { serializer.write(", ") }
            SQLIdentifier(column).serialize(to: &serializer)
        }
        serializer.write(") VALUES ")
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
        if let suffix {
            serializer.write(" ")
            suffix.serialize(to: &serializer)
        }
    }
}

import Crypto
import Foundation
import Lienthong
import SQLKit

/// A dataset's rows: one typed table per schema version (`data_<hash>_v<n>`), loads that replace or upsert
/// atomically, and keyset reads. The same SQL serves SQLite and PostgreSQL.
public struct HostedDataStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The table of a dataset's schema version: a hash of its id, so codes never reach SQL as names.
    public static func tableName(_ dataset: Dataset, version: Int) -> String {
        let digest = SHA256.hash(data: Data(dataset.id.lowercasedString.utf8))
        return "data_" + Hex.encode(digest.prefix(8)) + "_v\(version)"
    }

    /// The column type of a field: text for strings, dates and times (ISO forms sort as time), integers for
    /// integers and years, double precision for numbers, boolean for booleans.
    static func columnType(_ type: FieldType) -> String {
        switch type {
        case .string, .date, .datetime, .time: "TEXT"
        case .integer, .year: "BIGINT"
        case .number: "DOUBLE PRECISION"
        case .boolean: "BOOLEAN"
        }
    }

    /// The column type of a field, for tools that build the same table outside (the load benchmark's anchor).
    public static func columnTypeName(_ type: FieldType) -> String { columnType(type) }

    /// Creates the table of a schema version if it does not exist yet (inside the caller's transaction).
    static func ensureTable(_ sql: any SQLDatabase, name: String, schema: TableSchema) async throws {
        var columns: [String] = schema.fields.map { field in
            var column = "\"\(field.name)\" \(columnType(field.type))"
            if field.constraints.unique == true { column += " UNIQUE" }
            return column
        }
        if !schema.primaryKey.isEmpty {
            columns.append("PRIMARY KEY (" + schema.primaryKey.map { "\"\($0)\"" }.joined(separator: ", ") + ")")
        }
        // Field names are checked by `TableSchema.isValidName` (lowercase ASCII, digits, `_`), so quoting them is safe.
        try await sql.raw("CREATE TABLE IF NOT EXISTS \(ident: name) (\(unsafeRaw: columns.joined(separator: ", ")))").run()
    }

    /// A value as it is bound to its column. A missing value is a NULL of the column's type (PostgreSQL
    /// refuses a text NULL in a numeric column).
    static func bindable(_ value: FieldValue, type: FieldType) -> any Encodable & Sendable {
        switch value {
        case .null:
            switch type {
            case .string, .date, .datetime, .time: Optional<String>.none
            case .integer, .year: Optional<Int64>.none
            case .number: Optional<Double>.none
            case .boolean: Optional<Bool>.none
            }
        case .string(let text): text
        case .integer(let number): number
        case .number(let number): number
        case .boolean(let flag): flag
        case .date, .datetime, .time: storedText(value)
        case .year(let year): Int64(year)
        }
    }
}

extension HostedDataStore {
    /// A value as it is stored and read back (`value(_:_:)`): dates, datetimes and times as their stored text.
    static func storedValue(_ value: FieldValue) -> RecordValue {
        switch value {
        case .null: .null
        case .string(let text): .text(text)
        case .integer(let number): .integer(number)
        case .number(let number): .number(number)
        case .boolean(let flag): .boolean(flag)
        case .date, .datetime, .time: storedText(value).map(RecordValue.text) ?? .null
        case .year(let year): .integer(Int64(year))
        }
    }

    /// Writes the stored text of a date, datetime or time (`storedText`'s bytes, made on the stack for dates and
    /// datetimes: a load writes one per cell) into `sink` with `write`; nothing for any other value. The sink goes
    /// through as a parameter, not a capture: a closure that captured it would check exclusive access at run time.
    static func writeStoredUTF8<Sink>(_ value: FieldValue, into sink: inout Sink, _ write: (inout Sink, UnsafeBufferPointer<UInt8>) -> Void) {
        switch value {
        case .date(let day) where day.hasFourDigitYear:
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { buffer in
                day.write(to: buffer)
                write(&sink, UnsafeBufferPointer(buffer))
            }
        case .datetime(let instant): Timestamp.writeUTF8(instant, into: &sink, write)
        case .date, .time:
            guard var text = storedText(value) else { return }
            text.withUTF8 { write(&sink, $0) }
        default: return
        }
    }

    /// How a date, datetime or time is stored: `YYYY-MM-DD`, the ISO 8601 UTC text of `Timestamp`, `HH:MM:SS`.
    private static func storedText(_ value: FieldValue) -> String? {
        switch value {
        case .date(let day): day.description
        case .datetime(let instant): Timestamp.string(instant)
        case .time(let seconds): String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        default: nil
        }
    }

    /// Column `index` of a batch of JSON rows, read as a column of `type` holds it.
    static func jsonColumn(_ index: Int, type: FieldType, dialect: Dialect) -> String {
        switch type {
        case .string, .date, .datetime, .time: JSONRows.text(index)
        case .integer, .year: JSONRows.integer(index)
        case .number: JSONRows.number(index, dialect)
        case .boolean: JSONRows.boolean(index)
        }
    }

    /// Every typed table's schema, as JSON text, by table name (for backups, whose restore must make the
    /// tables before it can fill them).
    static func tableSchemas(_ sql: any SQLDatabase) async throws -> [String: String] {
        let rows = try await sql.raw("SELECT dataset_id, version, schema_json FROM dataset_schemas").all()
        var schemas: [String: String] = [:]
        for row in rows {
            guard let id = UUID(uuidString: try row.decode(column: "dataset_id", as: String.self)) else { continue }
            let dataset = Dataset(id: id, code: "", ownerAgencyCode: "", titleVi: "", titleEn: "")
            schemas[tableName(dataset, version: try row.decode(column: "version", as: Int.self))] =
                try row.decode(column: "schema_json", as: String.self)
        }
        return schemas
    }
}

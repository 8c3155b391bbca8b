import Foundation
import Lienthong
import Logging
import SQLKit
import Synchronization

/// Backups that move between SQLite and PostgreSQL: one NDJSON file with every table's rows.
///
/// The file is a header line (`format`, `schemaVersion`, `createdAt`, `database`), then for each table a
/// line `{"table": NAME, "columns": [...]}` followed by one JSON array per row, and a last line with the row
/// count of every table. A backup is read inside one snapshot transaction, so it is consistent while the
/// server keeps writing. Restoring migrates an empty database to the backup's schema version, inserts
/// every row in one transaction (foreign keys checked at commit), checks the counts, then brings the
/// schema up to date. `copy --to` is a backup followed by a restore.
public enum PortableBackup {
    static let format = "lienthong-backup"

    /// The rows per table that a backup or restore handled.
    public typealias Counts = [String: Int]

    /// Writes a backup of `database` to `path`, readable by its owner only (it holds personal data and password
    /// hashes); returns the row count of every table.
    @discardableResult
    public static func backup(_ database: Database, to path: String) async throws -> Counts {
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw StoreError.unreachable("cannot write \(path)")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let dialect = database.dialect
        return try await database.snapshot { sql in
            let version = try await Migrator.appliedVersions(sql).max() ?? 0
            try write(
                [
                    "format": format, "schemaVersion": version, "createdAt": Timestamp.string(Date()),
                    "database": dialect.rawValue,
                ], to: handle)
            var counts: Counts = [:]
            let hostedSchemas = try await HostedDataStore.tableSchemas(sql)
            for table in try await TableLayout.all(sql, dialect: dialect) {
                var header: [String: Any] = ["table": table.name, "columns": table.columns.map(\.name)]
                // A dataset's typed table is made from its schema, which the restore needs before the rows.
                if let schema = hostedSchemas[table.name] { header["tableSchema"] = schema }
                try write(header, to: handle)
                let sink = RowSink(handle: handle, columns: table.columns)
                let columnList = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
                try await sql.raw("SELECT \(unsafeRaw: columnList) FROM \(ident: table.name)").run { sink.take($0) }
                counts[table.name] = try sink.finish()
            }
            try write(["counts": counts], to: handle)
            return counts
        }
    }

    /// Restores a backup into `database`, which must hold no rows; returns the row count of every table.
    @discardableResult
    public static func restore(_ database: Database, from path: String) async throws -> Counts {
        guard let reader = LineReader(path: path) else { throw StoreError.notFound(path) }
        guard let headerLine = reader.next(), let header = try? object(headerLine),
            header["format"] as? String == format, let version = header["schemaVersion"] as? Int
        else { throw StoreError.incompatible("\(path) is not a Lienthong backup") }
        let known = Migration.all.map(\.version).max() ?? 0
        guard version <= known else {
            throw StoreError.incompatible("the backup has schema version \(version); this program knows up to \(known)")
        }
        try await Migrator(database: database, migrations: Migration.all.filter { $0.version <= version }).migrate()
        let dialect = database.dialect
        let counts = try await database.write { sql in
            let layouts = Dictionary(
                uniqueKeysWithValues: try await TableLayout.all(sql, dialect: dialect).map { ($0.name, $0) })
            for layout in layouts.values {
                let row = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: layout.name)").first()
                if try row?.decode(column: "n", as: Int.self) ?? 0 > 0 { throw StoreError.notEmpty(layout.name) }
            }
            switch dialect {
            case .sqlite: try await sql.raw("PRAGMA defer_foreign_keys = ON").run()
            case .postgres: try await sql.raw("SET CONSTRAINTS ALL DEFERRED").run()
            }
            return try await insertAll(from: reader, layouts: layouts, dialect: dialect, sql)
        }
        try await Migrator(database: database).migrate()
        return counts
    }

    /// Copies everything from `source` into the empty `target` through a temporary backup file, and checks
    /// that every table arrived with the same number of rows.
    @discardableResult
    public static func copy(from source: Database, to target: Database) async throws -> Counts {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-copy-\(UUID()).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try await backup(source, to: path)
        let restored = try await restore(target, from: path)
        guard written == restored else { throw StoreError.incompatible("row counts differ after the copy") }
        return restored
    }

    private static func insertAll(
        from reader: LineReader, layouts: [String: TableLayout], dialect: Dialect, _ sql: any SQLDatabase
    ) async throws -> Counts {
        var layouts = layouts
        var counts: Counts = [:]
        var table: TableLayout?
        var batch: [[Any]] = []
        var expected: Counts?

        func flush() async throws {
            guard let table, !batch.isEmpty else { return }
            try await insert(batch, into: table, sql)
            counts[table.name, default: 0] += batch.count
            batch.removeAll(keepingCapacity: true)
        }

        while let line = reader.next() {
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            if let row = value as? [Any] {
                guard let current = table, row.count == current.columns.count else {
                    throw StoreError.incompatible("a row does not match its table")
                }
                batch.append(row)
                if batch.count * current.columns.count >= 2000 { try await flush() }
            } else if let object = value as? [String: Any], let name = object["table"] as? String {
                try await flush()
                if layouts[name] == nil, name.hasPrefix("data_"), let text = object["tableSchema"] as? String,
                    let schema = try? JSONDecoder().decode(TableSchema.self, from: Data(text.utf8))
                {
                    try await HostedDataStore.ensureTable(sql, name: name, schema: schema)
                    layouts[name] = TableLayout(name: name, columns: try await TableLayout.columns(of: name, sql, dialect: dialect))
                }
                guard let layout = layouts[name], object["columns"] as? [String] == layout.columns.map(\.name) else {
                    throw StoreError.incompatible("table \(name) does not match this schema")
                }
                table = layout
                counts[name] = 0
            } else if let object = value as? [String: Any], let trailer = object["counts"] as? [String: Int] {
                try await flush()
                expected = trailer
            }
        }
        guard let expected else { throw StoreError.incompatible("the backup is incomplete (no trailer)") }
        guard expected.filter({ $0.value > 0 }) == counts.filter({ $0.value > 0 }) else {
            throw StoreError.incompatible("row counts in the backup do not match its trailer")
        }
        return counts
    }

    private static func insert(_ rows: [[Any]], into table: TableLayout, _ sql: any SQLDatabase) async throws {
        var query = SQLQueryString("INSERT INTO ")
        query.appendInterpolation(ident: table.name)
        query.appendLiteral(" (" + table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ") + ") VALUES ")
        for (rowIndex, row) in rows.enumerated() {
            query.appendLiteral(rowIndex == 0 ? "(" : ", (")
            for (index, column) in table.columns.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                query.appendInterpolation(bind: try bindable(row[index], as: column))
            }
            query.appendLiteral(")")
        }
        try await sql.raw(query).run()
    }

    static func value(of column: TableLayout.Column, in row: any SQLRow) throws -> Any {
        switch column.kind {
        case .text: try row.decode(column: column.name, as: String?.self) ?? NSNull()
        case .integer: try row.decode(column: column.name, as: Int64?.self) ?? NSNull()
        case .double: try row.decode(column: column.name, as: Double?.self) ?? NSNull()
        case .boolean: try row.decode(column: column.name, as: Bool?.self) ?? NSNull()
        }
    }

    private static func bindable(_ value: Any, as column: TableLayout.Column) throws -> any Encodable & Sendable {
        if value is NSNull {
            switch column.kind {
            case .text: return String?.none
            case .integer: return Int64?.none
            case .double: return Double?.none
            case .boolean: return Bool?.none
            }
        }
        switch column.kind {
        case .text:
            guard let text = value as? String else { throw StoreError.incompatible("\(column.name) should be text") }
            return text
        case .integer:
            guard let number = value as? NSNumber else { throw StoreError.incompatible("\(column.name) should be an integer") }
            return number.int64Value
        case .double:
            guard let number = value as? NSNumber else { throw StoreError.incompatible("\(column.name) should be a number") }
            return number.doubleValue
        case .boolean:
            guard let flag = value as? Bool else { throw StoreError.incompatible("\(column.name) should be true or false") }
            return flag
        }
    }

    static func write(_ value: Any, to handle: FileHandle) throws {
        var data = try JSONSerialization.data(withJSONObject: value, options: [.withoutEscapingSlashes])
        data.append(0x0A)
        try handle.write(contentsOf: data)
    }

    private static func object(_ line: String) throws -> [String: Any]? {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }
}

/// Receives a table's rows as the driver streams them and writes each as a line of the backup.
private final class RowSink: Sendable {
    private struct State {
        var count = 0
        var failure: (any Error)?
    }

    private let state = Mutex(State())
    private let handle: FileHandle
    private let columns: [TableLayout.Column]

    init(handle: FileHandle, columns: [TableLayout.Column]) {
        self.handle = handle
        self.columns = columns
    }

    func take(_ row: any SQLRow) {
        state.withLock { state in
            guard state.failure == nil else { return }
            do {
                let values: [Any] = try columns.map { try PortableBackup.value(of: $0, in: row) }
                try PortableBackup.write(values, to: handle)
                state.count += 1
            } catch {
                state.failure = error
            }
        }
    }

    /// The number of rows written, or the first error met.
    func finish() throws -> Int {
        try state.withLock { state in
            if let failure = state.failure { throw failure }
            return state.count
        }
    }
}

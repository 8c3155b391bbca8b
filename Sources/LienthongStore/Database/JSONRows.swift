import Lienthong
import NIOCore
import SQLKit

/// Rows sent to the database as one JSON array of arrays and read back through a table function, so that a batch of
/// any size is one short statement with one bound value: no statement of thousands of placeholders to parse, no value
/// encoded one at a time (the audit log's group commit spent a quarter of its time there; a bulk load, more). Values
/// are text, integers, numbers, booleans or NULL; a column is read with `JSONRows.text(n)`, `integer(n)`,
/// `number(n, dialect)` or `boolean(n)` from the table `j` that `table(_:)` names.
struct JSONRows: Sendable, RowCellSink {
    enum Value {
        case text(String?)
        case integer(Int64)
        /// Written as a JSON number; infinities and NaN, which JSON has no number for, as the strings
        /// `"Infinity"`, `"-Infinity"` and `"NaN"` that `number(_:_:)` turns back.
        case number(Double)
        case boolean(Bool)
    }

    private var bytes: [UInt8] = [UInt8(ascii: "[")]
    private(set) var count = 0

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ row: [Value]) {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(value)
        }
        bytes.append(UInt8(ascii: "]"))
        count += 1
    }

    /// Appends a row of a load, each value as its column stores it (as `HostedDataStore.bindable` binds it: a year as
    /// an integer, a date, datetime or time as its `storedText`), written straight into the bytes: no value or
    /// `String` is made for a cell. (`CopyRows` has the same switch: one mapping through `JSONRows.Value` for both
    /// measured slower on PostgreSQL loads in eight runs of ten.)
    mutating func append(_ row: [FieldValue]) {
        beginRow()
        for (index, value) in row.enumerated() { append(value, at: index) }
        endRow()
    }

    private mutating func append(_ value: Value) {
        switch value {
        case .integer(let number): bytes.append(contentsOf: String(number).utf8)
        case .text(nil): bytes.append(contentsOf: "null".utf8)
        case .text(var text?): text.withUTF8 { Self.appendString($0, to: &bytes) }
        case .number(let number) where number.isNaN: bytes.append(contentsOf: #""NaN""#.utf8)
        case .number(let number) where number.isInfinite: bytes.append(contentsOf: (number < 0 ? #""-Infinity""# : #""Infinity""#).utf8)
        case .number(let number): bytes.append(contentsOf: number.description.utf8)
        case .boolean(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        }
    }

    var byteCount: Int { bytes.count }

    mutating func beginRow() {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "["))
    }

    mutating func append(_ value: FieldValue, at position: Int) {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        switch value {
        case .null: append(.text(nil))
        case .string(var text): text.withUTF8 { Self.appendString($0, to: &bytes) }
        case .integer(let number): append(.integer(number))
        case .number(let number): append(.number(number))
        case .boolean(let flag): append(.boolean(flag))
        case .year(let year): append(.integer(Int64(year)))
        case .date, .datetime, .time: HostedDataStore.writeStoredUTF8(value, into: &bytes) { Self.appendString($1, to: &$0) }
        }
    }

    mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        Self.appendString(utf8, to: &bytes)
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "]"))
        count += 1
    }

    mutating func removeBytes(from byteCount: Int) {
        bytes.removeSubrange(byteCount...)
    }

    /// The JSON text of every row so far.
    var json: String { String(decoding: bytes + [UInt8(ascii: "]")], as: UTF8.self) }

    /// The same text's bytes.
    private var utf8: ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count + 1)
        buffer.writeBytes(bytes)
        buffer.writeInteger(UInt8(ascii: "]"))
        return buffer
    }

    /// The rows as a table `j` whose column `value` is one row's JSON array: SQLite's `jsonb_each` (3.45+; its values
    /// are binary JSON, which `->>` reads without parsing text again for every column) over the text sent as a blob,
    /// PostgreSQL's
    /// `jsonb_array_elements` (the one place the two dialects differ).
    func table(_ dialect: Dialect) -> SQLQueryString {
        switch dialect {
        // SQLite reads a blob cast to text as the UTF-8 it holds: no Swift String made and checked first.
        case .sqlite: "jsonb_each(CAST(\(bind: utf8) AS TEXT)) AS j"
        case .postgres: "jsonb_array_elements(CAST(\(bind: json) AS jsonb)) AS j(value)"
        }
    }

    /// The rows as one SQLite text value (`jsonb_each` reads it).
    var sqliteText: SQLQueryString { "CAST(\(bind: utf8) AS TEXT)" }

    /// Column `index` of a row as text (NULL for JSON null).
    static func text(_ index: Int) -> String { "j.value ->> \(index)" }

    /// Column `index` of a row as an integer.
    static func integer(_ index: Int) -> String { "CAST(j.value ->> \(index) AS BIGINT)" }

    /// Column `index` of a row as a double, infinities and NaN included (SQLite stores NaN as NULL, as it does a
    /// bound NaN).
    static func number(_ index: Int, _ dialect: Dialect) -> String {
        switch dialect {
        case .sqlite:
            "(CASE j.value ->> \(index) WHEN 'Infinity' THEN 9e999 WHEN '-Infinity' THEN -9e999 WHEN 'NaN' THEN NULL "
                + "ELSE CAST(j.value ->> \(index) AS DOUBLE PRECISION) END)"
        case .postgres: "CAST(j.value ->> \(index) AS DOUBLE PRECISION)"
        }
    }

    /// Column `index` of a row as a boolean (SQLite's `->>` gives 1 or 0, PostgreSQL's `true` or `false`).
    static func boolean(_ index: Int) -> String { "CAST(j.value ->> \(index) AS BOOLEAN)" }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as UTF-8.
    private static func appendString(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most text has nothing to escape and goes in whole.
        guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

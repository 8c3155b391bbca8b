import Lienthong
import NIOCore

/// Rows in PostgreSQL's `COPY … FROM STDIN` text format: one line per row, columns separated by tabs, NULL as `\N`,
/// backslash, tab, newline and carriage return escaped. PostgreSQL reads this with less work than the JSON of
/// `JSONRows` (no JSON to parse, no cast per column), so loads and audit appends send it there (`BulkCopier`).
///
/// The text is gathered in a byte array and copied into a `ByteBuffer` once, when sent: written cell by cell into a
/// `ByteBuffer`, each write checked exclusive access to its storage at run time (a tenth of a load's own work).
struct CopyRows: Sendable, RowCellSink {
    private var bytes: [UInt8] = []
    private(set) var count = 0

    /// The bytes written so far.
    var byteCount: Int { bytes.count }

    /// The text as the connection sends it.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Appends a row of a load, each value as its column stores it (as `HostedDataStore.bindable` binds it: a year as
    /// an integer, a date, datetime or time as its `storedText`), written straight into the bytes: no value or
    /// `String` is made for a cell. (`JSONRows` has the same switch: one mapping through `JSONRows.Value` for both
    /// measured slower on PostgreSQL loads in eight runs of ten.)
    mutating func append(_ row: [FieldValue]) {
        for (index, value) in row.enumerated() { append(value, at: index) }
        endRow()
    }

    func beginRow() {}

    mutating func append(_ value: FieldValue, at position: Int) {
        if position > 0 { bytes.append(UInt8(ascii: "\t")) }
        switch value {
        case .null: bytes.append(contentsOf: "\\N".utf8)
        case .string(var text): text.withUTF8 { Self.appendText($0, to: &bytes) }
        case .integer(let number): append(.integer(number))
        case .number(let number): append(.number(number))
        case .boolean(let flag): append(.boolean(flag))
        case .year(let year): append(.integer(Int64(year)))
        // Digits, dashes, colons, `T`, `.` and `Z`: nothing to escape.
        case .date, .datetime, .time: HostedDataStore.writeStoredUTF8(value, into: &bytes) { $0.append(contentsOf: $1) }
        }
    }

    mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int) {
        if position > 0 { bytes.append(UInt8(ascii: "\t")) }
        Self.appendText(utf8, to: &bytes)
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        count += 1
    }

    mutating func removeBytes(from byteCount: Int) {
        bytes.removeSubrange(byteCount...)
    }

    /// Appends a row of values.
    mutating func append(_ row: [JSONRows.Value]) {
        for (index, value) in row.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: "\t")) }
            append(value)
        }
        bytes.append(UInt8(ascii: "\n"))
        count += 1
    }

    private mutating func append(_ value: JSONRows.Value) {
        switch value {
        case .text(nil): bytes.append(contentsOf: "\\N".utf8)
        case .text(var text?): text.withUTF8 { Self.appendText($0, to: &bytes) }
        case .integer(let number): bytes.append(contentsOf: String(number).utf8)
        case .number(let number) where number.isNaN: bytes.append(contentsOf: "NaN".utf8)
        case .number(let number) where number.isInfinite: bytes.append(contentsOf: (number < 0 ? "-Infinity" : "Infinity").utf8)
        // Zero as 0: PostgreSQL keeps a negative zero from COPY text, which the JSON path (numeric) never stores.
        case .number(let number) where number == 0: bytes.append(UInt8(ascii: "0"))
        case .number(let number): bytes.append(contentsOf: number.description.utf8)
        case .boolean(let flag): bytes.append(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        }
    }

    /// Text with the four characters the format gives a meaning escaped; most text has none and goes in whole.
    private static func appendText(_ utf8: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        guard utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            bytes.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            default: bytes.append(byte)
            }
        }
    }
}

import Lienthong
import NIOCore

/// Rows in PostgreSQL's `COPY … FROM STDIN` text format: one line per row, columns separated by tabs, NULL as `\N`,
/// backslash, tab, newline and carriage return escaped. PostgreSQL reads this with less work than the JSON of
/// `JSONRows` (no JSON to parse, no cast per column), so loads and audit appends send it there (`BulkCopier`).
struct CopyRows: Sendable {
    private(set) var buffer: ByteBuffer
    private(set) var count = 0

    /// The bytes written so far.
    var byteCount: Int { buffer.readableBytes }

    init(capacity: Int = 0) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    /// Appends a row of a load, each value as its column stores it (as `HostedDataStore.bindable` binds it: a year as
    /// an integer, a date, datetime or time as its `storedText`), written straight into the buffer: no value or
    /// `String` is made for a cell.
    mutating func append(_ row: [FieldValue]) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .string(var text): text.withUTF8 { Self.appendText($0, to: &buffer) }
            case .integer(let number): append(.integer(number))
            case .number(let number): append(.number(number))
            case .boolean(let flag): append(.boolean(flag))
            case .year(let year): append(.integer(Int64(year)))
            // Digits, dashes, colons, `T`, `.` and `Z`: nothing to escape.
            case .date, .datetime, .time: HostedDataStore.writeStoredUTF8(value, into: &buffer) { $0.writeBytes($1) }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        count += 1
    }

    /// Appends a row of values.
    mutating func append(_ row: [JSONRows.Value]) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            append(value)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
        count += 1
    }

    private mutating func append(_ value: JSONRows.Value) {
        switch value {
        case .text(nil): buffer.writeStaticString("\\N")
        case .text(var text?): text.withUTF8 { Self.appendText($0, to: &buffer) }
        case .integer(let number): buffer.writeString(String(number))
        case .number(let number) where number.isNaN: buffer.writeStaticString("NaN")
        case .number(let number) where number.isInfinite: buffer.writeStaticString(number < 0 ? "-Infinity" : "Infinity")
        // Zero as 0: PostgreSQL keeps a negative zero from COPY text, which the JSON path (numeric) never stores.
        case .number(let number) where number == 0: buffer.writeInteger(UInt8(ascii: "0"))
        case .number(let number): buffer.writeString(number.description)
        case .boolean(let flag): buffer.writeInteger(flag ? UInt8(ascii: "t") : UInt8(ascii: "f"))
        }
    }

    /// Text with the four characters the format gives a meaning escaped; most text has none and goes in whole.
    private static func appendText(_ utf8: UnsafeBufferPointer<UInt8>, to buffer: inout ByteBuffer) {
        guard utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            buffer.writeBytes(utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case 0x09: buffer.writeStaticString("\\t")
            case 0x0A: buffer.writeStaticString("\\n")
            case 0x0D: buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }
}

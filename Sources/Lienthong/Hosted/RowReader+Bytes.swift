import Foundation

/// Where a load writes a row's cells, in schema order, in the form its database takes in bulk (JSON for SQLite,
/// `COPY` text for PostgreSQL).
public protocol RowCellSink {
    /// The bytes written so far: a row begun can be taken back to it with `removeBytes(from:)`.
    var byteCount: Int { get }
    mutating func beginRow()
    /// Appends the cell at `position` (0 for a row's first) as its column stores the value.
    mutating func append(_ value: FieldValue, at position: Int)
    /// Appends a text cell from its UTF-8 bytes, as `append(.string(text), at:)` would.
    mutating func appendText(_ utf8: UnsafeBufferPointer<UInt8>, at position: Int)
    mutating func endRow()
    /// Takes back everything written after `byteCount` (a row begun and not ended).
    mutating func removeBytes(from byteCount: Int)
}

extension RowReader {
    /// Writes a record's cells into `sink`, read from their bytes, for the cells a load meets most: present text
    /// already NFC (its enum; its pattern and lengths on ASCII text), integers, decimal numbers, booleans, years,
    /// dates, date-times of 19 characters, and empty cells that may be missing. Returns false, with `sink` as it was,
    /// for a record with any other cell (a refusal among them): the caller reads it with `read(_:)`, which decides it
    /// exactly as before. A `String` is made only for a cell with an enum, a decimal of more than 15 digits, or text
    /// that is neither ASCII nor made of precomposed letters.
    public func write<Sink: RowCellSink>(_ record: CSVRow, into sink: inout Sink) -> Bool {
        guard record.count == width else { return false }
        let mark = sink.byteCount
        sink.beginRow()
        for position in columns.indices {
            guard Self.write(record[columns[position]], readers[position], at: position, into: &sink) else {
                sink.removeBytes(from: mark)
                return false
            }
        }
        sink.endRow()
        return true
    }

    private static func write<Sink: RowCellSink>(
        _ bytes: UnsafeBufferPointer<UInt8>, _ reader: CellReader, at position: Int, into sink: inout Sink
    ) -> Bool {
        let field = reader.field
        guard reader.onlyEmptyIsMissing else { return false }
        if bytes.isEmpty {
            guard field.constraints.required != true, !field.subject else { return false }
            sink.append(.null, at: position)
            return true
        }
        let value: FieldValue
        switch field.type {
        case .string:
            let constraints = field.constraints
            guard ByteValues.isNFC(bytes) else { return false }
            if constraints.minLength != nil || constraints.maxLength != nil {
                // Characters are bytes in ASCII text without a carriage return (CR LF is one character).
                guard ASCIIText.isASCII(bytes), !bytes.contains(0x0D) else { return false }
                if let minimum = constraints.minLength, bytes.count < minimum { return false }
                if let maximum = constraints.maxLength, bytes.count > maximum { return false }
            }
            if constraints.enum != nil {
                guard let allowed = reader.allowed, allowed.contains(String(decoding: bytes, as: UTF8.self)) else { return false }
            }
            if constraints.pattern != nil {
                guard let pattern = reader.pattern, ASCIIText.isASCII(bytes), pattern.matches(bytes) else { return false }
            }
            sink.appendText(bytes, at: position)
            return true
        case .integer:
            guard let number = ByteValues.integer(bytes) else { return false }
            value = .integer(number)
        case .number:
            guard let number = ByteValues.number(bytes) else { return false }
            value = .number(number)
        case .date:
            guard let day = ByteValues.date(bytes) else { return false }
            value = .date(CivilDate(dayNumber: day))
        case .datetime:
            // Without a fraction or a zone: whole seconds, the same Double as `SchemaField.parseDatetime` gives.
            guard bytes.count == 19, let seconds = ByteValues.datetime(bytes) else { return false }
            value = .datetime(Date(timeIntervalSince1970: seconds))
        case .boolean:
            switch Array(ByteValues.trimmed(bytes)) {
            case Array("true".utf8), Array("True".utf8), Array("TRUE".utf8), Array("1".utf8): value = .boolean(true)
            case Array("false".utf8), Array("False".utf8), Array("FALSE".utf8), Array("0".utf8): value = .boolean(false)
            default: return false
            }
        case .year:
            guard bytes.count == 4, let year = ByteValues.digits(bytes, 0, 4) else { return false }
            value = .year(year)
        case .time:
            return false
        }
        // The enum is checked against the cell's text, which this path does not make.
        guard field.constraints.enum == nil, field.check(value, original: "", allowed: nil, simplePattern: nil) == nil else { return false }
        sink.append(value, at: position)
        return true
    }
}

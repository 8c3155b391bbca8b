/// Reads a JSON array of objects incrementally: it finds where each top-level element starts and ends
/// (minding strings and escapes) and decodes one object at a time, so memory holds one object whatever the
/// file's size. Records are numbered by their position in the array, from 1.
public struct JSONArrayReader: Sendable {
    private enum State: Sendable {
        /// Before the opening `[` (a byte-order mark and white space may come first).
        case start
        /// Between elements: expecting an element, `,` or `]`.
        case between(afterComma: Bool)
        /// Inside an element, `depth` brackets deep.
        case element(depth: Int, inString: Bool, escaped: Bool)
        /// After the closing `]`: only white space may follow.
        case end
    }

    private let fields: [SchemaField]
    private var state = State.start
    private var pending: [UInt8] = []
    private var bytesRead = 0
    public private(set) var elementsRead = 0

    public init(schema: TableSchema) {
        fields = schema.fields
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(JSONRecord.Failure) -> [JSONRecord] {
        var records: [JSONRecord] = []
        for byte in bytes {
            bytesRead += 1
            if let record = try take(byte) { records.append(record) }
        }
        return records
    }

    /// Checks that the array was closed.
    public mutating func finish() throws(JSONRecord.Failure) -> [JSONRecord] {
        switch state {
        case .end: return []
        default: throw .notAnArray(byte: bytesRead)
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// The first three bytes, to recognise a leading byte-order mark.
    private var bom: [UInt8] = []

    private mutating func take(_ byte: UInt8) throws(JSONRecord.Failure) -> JSONRecord? {
        if bytesRead <= 3 { bom.append(byte) }
        switch state {
        case .start:
            if Self.isSpace(byte) || (bytesRead <= 3 && Array(bom.prefix(bytesRead)) == Array([0xEF, 0xBB, 0xBF].prefix(bytesRead))) {
                return nil
            }
            guard byte == UInt8(ascii: "[") else { throw .notAnArray(byte: bytesRead) }
            state = .between(afterComma: false)
        case .between(let afterComma):
            if Self.isSpace(byte) { return nil }
            if byte == UInt8(ascii: ",") {
                guard !afterComma, elementsRead > 0 else { throw .notAnArray(byte: bytesRead) }
                state = .between(afterComma: true)
            } else if byte == UInt8(ascii: "]") {
                guard !afterComma else { throw .notAnArray(byte: bytesRead) }
                state = .end
            } else {
                guard afterComma || elementsRead == 0 else { throw .notAnArray(byte: bytesRead) }
                elementsRead += 1
                guard byte == UInt8(ascii: "{") else { throw .notAnObject(row: elementsRead) }
                pending.append(byte)
                state = .element(depth: 1, inString: false, escaped: false)
            }
        case .element(var depth, var inString, var escaped):
            guard pending.count < JSONRecord.maximumBytes else { throw .tooLong(row: elementsRead) }
            pending.append(byte)
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
            }
            guard depth == 0 else {
                state = .element(depth: depth, inString: inString, escaped: escaped)
                return nil
            }
            state = .between(afterComma: false)
            defer { pending.removeAll(keepingCapacity: true) }
            return try JSONRecord.decode(pending, fields: fields, row: elementsRead)
        case .end:
            guard Self.isSpace(byte) else { throw .notAnArray(byte: bytesRead) }
        }
        return nil
    }
}

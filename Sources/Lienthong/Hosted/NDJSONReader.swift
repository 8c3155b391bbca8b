import Foundation

/// Reads NDJSON incrementally (one JSON object per line) into records in the order of a schema's fields.
public struct NDJSONReader: Sendable {
    private let fields: [SchemaField]
    private var pending: [UInt8] = []
    public private(set) var linesRead = 0

    public init(schema: TableSchema) {
        fields = schema.fields
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(JSONRecord.Failure) -> [JSONRecord] {
        var records: [JSONRecord] = []
        for byte in bytes {
            if byte == 0x0A {
                if let record = try take() { records.append(record) }
            } else {
                guard pending.count < JSONRecord.maximumBytes else { throw .tooLong(row: linesRead + 1) }
                pending.append(byte)
            }
        }
        return records
    }

    public mutating func finish() throws(JSONRecord.Failure) -> [JSONRecord] {
        guard !pending.isEmpty, let record = try take() else { return [] }
        return [record]
    }

    private mutating func take() throws(JSONRecord.Failure) -> JSONRecord? {
        defer { pending.removeAll(keepingCapacity: true) }
        linesRead += 1
        return try JSONRecord.decode(pending, fields: fields, row: linesRead)
    }
}

import Foundation

/// Reads NDJSON incrementally (one JSON object per line) into records in the order of a schema's fields, so
/// that the same row checks apply as to CSV. A key the schema does not have makes the row an `extra-cell`;
/// a missing key is an empty cell.
public struct NDJSONReader: Sendable {
    public enum Failure: Error, Sendable, Equatable {
        case notUTF8(line: Int)
        case notAnObject(line: Int)
        case lineTooLong(line: Int)
    }

    /// A line as a record (field values as cell text), or the shape problem that refuses it, with its line
    /// number in the file.
    public enum Line: Sendable, Equatable {
        case record([String], line: Int)
        case extraKey(String, line: Int)
    }

    public static let maximumLineBytes = 4 << 20

    private let fields: [SchemaField]
    private var pending: [UInt8] = []
    public private(set) var linesRead = 0

    public init(schema: TableSchema) {
        fields = schema.fields
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [Line] {
        var lines: [Line] = []
        for byte in bytes {
            if byte == 0x0A {
                if let line = try take() { lines.append(line) }
            } else {
                guard pending.count < Self.maximumLineBytes else { throw .lineTooLong(line: linesRead + 1) }
                pending.append(byte)
            }
        }
        return lines
    }

    public mutating func finish() throws(Failure) -> [Line] {
        guard !pending.isEmpty, let line = try take() else { return [] }
        return [line]
    }

    private mutating func take() throws(Failure) -> Line? {
        defer { pending.removeAll(keepingCapacity: true) }
        linesRead += 1
        if pending.last == 0x0D { pending.removeLast() }
        guard !pending.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { return nil }
        guard String(validating: pending, as: UTF8.self) != nil else { throw .notUTF8(line: linesRead) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(pending))) as? [String: Any] else {
            throw .notAnObject(line: linesRead)
        }
        let names = Set(fields.map(\.name))
        if let extra = object.keys.sorted().first(where: { !names.contains($0) }) { return .extraKey(extra, line: linesRead) }
        return .record(
            fields.map { field in
                switch object[field.name] {
                case nil, is NSNull: return ""
                case let text as String: return text
                case let flag as Bool where field.type == .boolean: return flag ? "true" : "false"
                case let number as NSNumber: return number.stringValue
                case let other?: return String(describing: other)
                }
            }, line: linesRead)
    }
}

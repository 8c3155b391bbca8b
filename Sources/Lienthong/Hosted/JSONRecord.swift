import Foundation

/// One JSON object of an NDJSON or JSON-array load, as a record in the order of a schema's fields, so that
/// the same row checks apply as to CSV. A key the schema does not have refuses the row as `extra-cell`; a
/// missing key or `null` is an empty cell.
public enum JSONRecord: Sendable, Equatable {
    /// Field values as cell text, and the record's line (NDJSON) or position (JSON array) in the file.
    case record([String], row: Int)
    case extraKey(String, row: Int)

    /// Why a JSON file was refused as a whole.
    public enum Failure: Error, Sendable, Equatable {
        case notUTF8(row: Int)
        /// A NUL character (U+0000) in the object's text, which no text may hold.
        case nulCharacter(row: Int)
        case notAnObject(row: Int)
        case tooLong(row: Int)
        /// A JSON-array load whose text is not one array (of objects), naming the byte where that shows.
        case notAnArray(byte: Int)
    }

    /// The longest one object may be.
    public static let maximumBytes = 4 << 20

    /// Decodes `bytes` (one JSON object) for `fields`; nil when it is only white space.
    static func decode(_ bytes: [UInt8], fields: [SchemaField], row: Int) throws(Failure) -> JSONRecord? {
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return nil }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notUTF8(row: row) }
        guard !JSONText.mayHoldNul(bytes) else { throw .nulCharacter(row: row) }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            throw .notAnObject(row: row)
        }
        if let extra = object.keys.sorted().first(where: { name in !fields.contains { $0.name == name } }) {
            return .extraKey(extra, row: row)
        }
        return .record(
            fields.map { field in
                switch object[field.name] {
                case nil, is NSNull: return ""
                case let text as String: return text
                case let flag as Bool where field.type == .boolean: return flag ? "true" : "false"
                case let number as NSNumber: return number.stringValue
                case let other?: return String(describing: other)
                }
            }, row: row)
    }
}

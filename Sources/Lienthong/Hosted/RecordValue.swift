/// A stored cell as the records API returns it: dates, times and datetimes as their ISO text.
public enum RecordValue: Sendable, Hashable, Encodable {
    case null
    case text(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .text(let text): try container.encode(text)
        case .integer(let number): try container.encode(number)
        case .number(let number): try container.encode(number)
        case .boolean(let flag): try container.encode(flag)
        }
    }

    /// The value as a cursor or filter text.
    public var text: String {
        switch self {
        case .null: ""
        case .text(let text): text
        case .integer(let number): String(number)
        case .number(let number): String(number)
        case .boolean(let flag): String(flag)
        }
    }
}

import Foundation

/// A cell after it has been read as its field's type.
public enum FieldValue: Sendable, Hashable {
    case null
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case date(CivilDate)
    /// An instant, to the millisecond.
    case datetime(Date)
    /// Seconds since midnight.
    case time(Int)
    case year(Int)
}

extension SchemaField {
    /// Reads a cell's text as this field's type, following Table Schema's rules (booleans as `true`/`false`,
    /// `1`/`0`…; dates `YYYY-MM-DD`; datetimes ISO 8601 with a zone; times `HH:MM:SS`). Text is made NFC.
    /// A missing value becomes `.null`; whether that is allowed is a constraint, checked by `check(_:)`.
    public func cast(_ text: String, missingValues: [String] = [""]) -> Result<FieldValue, CellError> {
        if missingValues.contains(text) { return .success(.null) }
        return castPresent(text)
    }

    /// `cast` for text that is not a missing value.
    func castPresent(_ text: String) -> Result<FieldValue, CellError> {
        switch type {
        case .string:
            return .success(.string(text.nfc))
        case .integer:
            guard let value = Int64(text.trimmingWhitespace()) else { return .failure(typeError(text)) }
            return .success(.integer(value))
        case .number:
            let trimmed = text.trimmingWhitespace()
            guard let value = Double(trimmed), value.isFinite || ["NaN", "INF", "-INF"].contains(trimmed) else {
                return .failure(typeError(text))
            }
            return .success(.number(value))
        case .boolean:
            switch text.trimmingWhitespace() {
            case "true", "True", "TRUE", "1": return .success(.boolean(true))
            case "false", "False", "FALSE", "0": return .success(.boolean(false))
            default: return .failure(typeError(text))
            }
        case .date:
            // `CivilDate(iso:)` takes ten ASCII bytes only: no count of characters first (grapheme breaking, per cell).
            guard let day = CivilDate(iso: text) else { return .failure(typeError(text)) }
            return .success(.date(day))
        case .datetime:
            guard let instant = Self.parseDatetime(text) else { return .failure(typeError(text)) }
            return .success(.datetime(instant))
        case .time:
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
                let second = Int(parts[2]), (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second)
            else { return .failure(typeError(text)) }
            return .success(.time(hour * 3600 + minute * 60 + second))
        case .year:
            // `Int` reads ASCII only, so four bytes are four characters.
            guard text.utf8.count == 4, let year = Int(text) else { return .failure(typeError(text)) }
            return .success(.year(year))
        }
    }

    /// Checks a read value against the field's constraints (not `unique`, which needs the whole table).
    public func check(_ value: FieldValue, original text: String) -> CellError? {
        check(value, original: text, allowed: nil, simplePattern: constraints.pattern.flatMap { PatternCache.shared.bytePattern($0) })
    }

    /// `check` with the enum as a set (nil: the list is searched) and the pattern's byte matcher (nil: the regular
    /// expression engine) given: a `CellReader` looks them up once for all cells.
    func check(_ value: FieldValue, original text: String, allowed: Set<String>?, simplePattern: BytePattern?) -> CellError? {
        if case .null = value {
            return constraints.required == true || subject ? CellError(field: name, value: text, type: .missingValue, rule: "required") : nil
        }
        if let values = constraints.enum, !(allowed?.contains(text) ?? values.contains(text)) {
            return constraintError(text, "enum")
        }
        if case .string(let string) = value {
            if let minimum = constraints.minLength, string.count < minimum { return constraintError(text, "minLength") }
            if let maximum = constraints.maxLength, string.count > maximum { return constraintError(text, "maxLength") }
            if let pattern = constraints.pattern, !Self.matches(string, pattern: pattern, simple: simplePattern) {
                return constraintError(text, "pattern")
            }
        }
        if let minimum = constraints.minimum, let order = compare(value, minimum), order < 0 { return constraintError(text, "minimum") }
        if let maximum = constraints.maximum, let order = compare(value, maximum), order > 0 { return constraintError(text, "maximum") }
        return nil
    }

    /// Casts and checks in one step (`CellReader` does the same for many cells).
    public func read(_ text: String, missingValues: [String] = [""]) -> Result<FieldValue, CellError> {
        CellReader(self, missingValues: missingValues, preparing: false).read(text)
    }

    private func typeError(_ text: String) -> CellError {
        CellError(field: name, value: text, type: .typeError, rule: type.rawValue)
    }

    private func constraintError(_ text: String, _ rule: String) -> CellError {
        CellError(field: name, value: text, type: .constraintError, rule: rule)
    }

    /// -1, 0 or 1 comparing a value with a bound; nil when they cannot be compared.
    private func compare(_ value: FieldValue, _ bound: ConstraintBound) -> Int? {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (value, bound) {
        case (.integer(let v), .number(let b)): return order(Double(v), b)
        case (.number(let v), .number(let b)): return order(v, b)
        case (.year(let v), .number(let b)): return order(Double(v), b)
        case (.date(let v), .text(let b)): return CivilDate(iso: b).map { order(v, $0) }
        case (.datetime(let v), .text(let b)): return Self.parseDatetime(b).map { order(v, $0) }
        case (.time, .text(let b)):
            guard case .success(let parsed) = SchemaField(name: name, type: .time).cast(b), case .time(let limit) = parsed,
                case .time(let seconds) = value
            else { return nil }
            return order(seconds, limit)
        default: return nil
        }
    }

    /// Whether the whole of `text` matches a Table Schema (XML Schema style, anchored) pattern.
    static func matches(_ text: String, pattern: String) -> Bool {
        matches(text, pattern: pattern, simple: PatternCache.shared.bytePattern(pattern))
    }

    /// `matches` with the pattern's byte matcher given (nil when it has none).
    static func matches(_ text: String, pattern: String, simple: BytePattern?) -> Bool {
        // ASCII text against a pattern the byte matcher reads (phone numbers, ID numbers, codes) skips the
        // regular expression engine, which bridged every cell to NSString (an eighth of a load).
        if let simple {
            var text = text
            let matched = text.withUTF8 { bytes in ASCIIText.isASCII(bytes) ? simple.matches(bytes) : nil }
            if let matched { return matched }
        }
        guard let regex = PatternCache.shared.regex(pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]`, read by hand (a load reads millions). A time without a
    /// zone (`2026-07-30T22:03:59`) is Vietnam's local time (UTC+7), as data from the city's own systems means it.
    public static func parseDatetime(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { utf8 -> Date? in
            let count = utf8.count
            guard count >= 19, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"),
                utf8[10] == UInt8(ascii: "T") || utf8[10] == UInt8(ascii: " "), utf8[13] == UInt8(ascii: ":"),
                utf8[16] == UInt8(ascii: ":")
            else { return nil }
            func number(_ start: Int, _ length: Int) -> Int? {
                guard start + length <= count else { return nil }
                var value = 0
                for index in start..<start + length {
                    let digit = Int(utf8[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
                let minute = number(14, 2), let second = number(17, 2), let civil = CivilDate(year: year, month: month, day: day),
                hour < 24, minute < 60, second < 61
            else { return nil }
            var index = 19
            var fraction = 0.0
            if index < count, utf8[index] == UInt8(ascii: ".") {
                index += 1
                var scale = 0.1
                let start = index
                while index < count, (48...57).contains(utf8[index]) {
                    fraction += Double(utf8[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
                guard index > start else { return nil }
            }
            var offset = 7 * 3600
            if index < count {
                if utf8[index] == UInt8(ascii: "Z"), index + 1 == count {
                    offset = 0
                } else if utf8[index] == UInt8(ascii: "+") || utf8[index] == UInt8(ascii: "-"), count - index == 6,
                    utf8[index + 3] == UInt8(ascii: ":"), let hours = number(index + 1, 2), let minutes = number(index + 4, 2)
                {
                    offset = (hours * 3600 + minutes * 60) * (utf8[index] == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    return nil
                }
            }
            let seconds = Double(civil.dayNumber * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
            return Date(timeIntervalSince1970: seconds)
        }
    }
}

/// Why a cell was refused, in Frictionless's terms.
public struct CellError: Error, Sendable, Hashable {
    /// Frictionless error types for cells.
    public enum Kind: String, Sendable, Hashable, Codable {
        case typeError = "type-error"
        case constraintError = "constraint-error"
        /// A required value is missing (Frictionless reports this as a `constraint-error` on `required`).
        case missingValue = "missing-value"
    }

    public let field: String
    public let value: String
    public let type: Kind
    /// The type or constraint that failed (`integer`, `maxLength`, `required`…).
    public let rule: String

    public init(field: String, value: String, type: Kind, rule: String) {
        self.field = field
        self.value = value
        self.type = type
        self.rule = rule
    }

    /// The error type as Frictionless reports it.
    public var frictionlessType: String { type == .missingValue ? "constraint-error" : type.rawValue }
}

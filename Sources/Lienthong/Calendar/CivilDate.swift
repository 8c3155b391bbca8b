/// A calendar day with no time and no time zone (`2026-11-25`), as deadlines and holidays are written.
///
/// Arithmetic goes through `dayNumber` (days since 1970-01-01), so adding days never meets a daylight-saving
/// or time-zone surprise.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date; returns nil for an impossible one (30 February).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` (ASCII digits), byte by byte: a load reads one per date cell.
    public init?(iso: some StringProtocol) {
        var fields = (year: 0, month: 0, day: 0)
        var count = 0
        for byte in iso.utf8 {
            switch count {
            case 4, 7:
                guard byte == UInt8(ascii: "-") else { return nil }
            case 0..<10:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if count < 4 {
                    fields.year = fields.year * 10 + digit
                } else if count < 7 {
                    fields.month = fields.month * 10 + digit
                } else {
                    fields.day = fields.day * 10 + digit
                }
            default:
                return nil
            }
            count += 1
        }
        guard count == 10 else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    /// The date `dayNumber` days after 1970-01-01 (Howard Hinnant's civil-from-days).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
        return (w < 0 ? w + 7 : w) + 1
    }

    public var isWeekend: Bool { isoWeekday >= 6 }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Whether the year has four digits (0–9999), the years `write(to:)` and `writeInstant` can write.
    public var hasFourDigitYear: Bool { (0...9999).contains(year) }

    /// `YYYY-MM-DD`, as the API writes dates.
    public var description: String {
        guard hasFourDigitYear else {
            return "\(String(year).leftPadded(to: 4))-\(String(month).leftPadded(to: 2))-\(String(day).leftPadded(to: 2))"
        }
        return String(unsafeUninitializedCapacity: 10) { buffer in
            write(to: buffer)
            return 10
        }
    }

    /// Writes `YYYY-MM-DD` into the first ten bytes of `buffer` (for a year of four digits).
    public func write(to buffer: UnsafeMutableBufferPointer<UInt8>) {
        ASCIIText.writeDigits(year, 4, into: buffer, at: 0)
        buffer[4] = UInt8(ascii: "-")
        ASCIIText.writeDigits(month, 2, into: buffer, at: 5)
        buffer[7] = UInt8(ascii: "-")
        ASCIIText.writeDigits(day, 2, into: buffer, at: 8)
    }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`: the UTC instant `millisecond` milliseconds into this day (for a year of four
    /// digits), the form the audit log (`AuditTime`) and the database (`Timestamp`) store instants in.
    public func instantText(millisecond: Int) -> String {
        String(unsafeUninitializedCapacity: 24) { buffer in
            writeInstant(millisecond: millisecond, to: buffer)
            return 24
        }
    }

    /// Writes `instantText(millisecond:)` into the first 24 bytes of `buffer`.
    public func writeInstant(millisecond: Int, to buffer: UnsafeMutableBufferPointer<UInt8>) {
        write(to: buffer)
        buffer[10] = UInt8(ascii: "T")
        ASCIIText.writeDigits(millisecond / 3_600_000, 2, into: buffer, at: 11)
        buffer[13] = UInt8(ascii: ":")
        ASCIIText.writeDigits(millisecond / 60_000 % 60, 2, into: buffer, at: 14)
        buffer[16] = UInt8(ascii: ":")
        ASCIIText.writeDigits(millisecond / 1000 % 60, 2, into: buffer, at: 17)
        buffer[19] = UInt8(ascii: ".")
        ASCIIText.writeDigits(millisecond % 1000, 3, into: buffer, at: 20)
        buffer[23] = UInt8(ascii: "Z")
    }

    /// `dd/MM/yyyy`, as the Vietnamese interface shows dates.
    public var vietnameseFormat: String {
        "\(String(day).leftPadded(to: 2))/\(String(month).leftPadded(to: 2))/\(year)"
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import Foundation

/// Reading typed values straight from a cell's bytes, as `SchemaField.cast` reads them from text, without making
/// a `String` for each of a million cells. Anything unusual goes back to `cast`.
enum ByteValues {
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// The bytes without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// `[+-]?[0-9]+`, surrounded by spaces or not, that fits 64 bits.
    static func integer(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        let bytes = trimmed(raw)
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        guard index < bytes.count else { return nil }
        var value: Int64 = 0
        while index < bytes.count {
            let digit = Int64(bytes[index]) - 48
            guard digit >= 0, digit <= 9 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        return value
    }

    /// A decimal number; `[+-]?digits[.digits]` exactly, anything else through `Double(String)` as `cast` does.
    static func number(_ raw: UnsafeBufferPointer<UInt8>) -> Double? {
        let bytes = trimmed(raw)
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var seenPoint = false
        var simple = index < bytes.count
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if byte >= 48, byte <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(byte - 48)
                digits += 1
                if seenPoint { scale += 1 }
            } else {
                simple = false
                break
            }
            index += 1
        }
        // Exact when the digits fit a double's mantissa and the power of ten is exact: one correctly rounded division.
        if simple, digits > 0, digits <= 15, scale <= 22 {
            let value = Double(mantissa) / powersOfTen[scale]
            return negative ? -value : value
        }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = Double(text), value.isFinite || ["NaN", "INF", "-INF"].contains(text) else { return nil }
        return value
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// `YYYY-MM-DD` as days since 1970-01-01.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), let year = digits(bytes, 0, 4),
            let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2)
        else { return nil }
        return CivilDate(year: year, month: month, day: day)?.dayNumber
    }

    /// ISO 8601 `YYYY-MM-DDTHH:MM:SS[.fff][Z|±HH:MM]` as seconds since 1970 UTC; without a zone, Vietnam's time
    /// (UTC+7), as `SchemaField.parseDatetime` reads it.
    static func datetime(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        let count = bytes.count
        guard count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2), let hour = digits(bytes, 11, 2),
            let minute = digits(bytes, 14, 2), let second = digits(bytes, 17, 2), hour < 24, minute < 60, second < 61,
            let civil = CivilDate(year: year, month: month, day: day)
        else { return nil }
        var seconds = Double(civil.dayNumber * 86_400 + hour * 3600 + minute * 60 + second)
        if count == 19 { return seconds - 7 * 3600 }
        // Fractions and zones are rarer: the general reader.
        guard let instant = SchemaField.parseDatetime(String(decoding: bytes, as: UTF8.self)) else { return nil }
        seconds = instant.timeIntervalSince1970
        return seconds
    }

    @inline(__always)
    static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int? {
        var value = 0
        for index in start..<start + length {
            let digit = Int(bytes[index]) &- 48
            guard digit >= 0, digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Whether every byte is an ASCII digit.
    @inline(__always)
    static func allDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte < 48 || byte > 57 { return false }
        return true
    }

    /// Whether the text is in Unicode NFC. Code points below U+0300 and the precomposed Latin letters
    /// (U+1E00–U+1EFF, all of Vietnamese) are NFC whatever surrounds them; anything else is checked in full.
    static func isNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var simple = true
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
            } else if lead < 0xCC {
                index += 2  // U+0080–U+02FF
            } else if lead == 0xE1, index + 1 < bytes.count,
                bytes[index + 1] == 0xB8 || bytes[index + 1] == 0xB9 || bytes[index + 1] == 0xBA
                    || bytes[index + 1] == 0xBB
            {
                index += 3  // U+1E00–U+1EFF
            } else {
                simple = false
                break
            }
        }
        if simple { return true }
        let text = String(decoding: bytes, as: UTF8.self)
        return Array(text.utf8) == Array(text.nfc.utf8)
    }
}

/// Byte-level checks for the hot paths that read text by the million (loads, verification), where most text is ASCII
/// and Foundation's general routines cost more than the work itself.
public enum ASCIIText {
    /// Whether every byte is below 0x80, checked eight bytes at a time.
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            offset += 8
        }
        while offset < bytes.count {
            if bytes[offset] & 0x80 != 0 { return false }
            offset += 1
        }
        return true
    }

    /// Writes `value` (not negative) as `digits` decimal digits, zero-padded, into `buffer` from `offset`.
    public static func writeDigits(_ value: Int, _ digits: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        var value = value
        for index in stride(from: offset + digits - 1, through: offset, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
            value /= 10
        }
    }

    /// Whether `scalar` is in Foundation's `CharacterSet.whitespaces`: general category Zs, a tab, or the zero width
    /// space (U+200B, which Foundation counts although it is a format character).
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x200B: true
        case 0..<0x80: false
        default: scalar.properties.generalCategory == .spaceSeparator
        }
    }
}

extension String {
    /// The text without leading and trailing whitespace (`CharacterSet.whitespaces`), as
    /// `trimmingCharacters(in: .whitespaces)` gives it, but without Foundation's bridge: the text itself when neither
    /// end is whitespace, as nearly every cell of a load is.
    public func trimmingWhitespace() -> String {
        // Most cells begin and end with an ASCII byte that is neither a space nor a tab (the only ASCII scalars in
        // the set): nothing to trim, found without decoding the last scalar.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80 {
            if first != 0x20, first != 0x09, last != 0x20, last != 0x09 { return self }
        }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return self }
        if !ASCIIText.isWhitespace(first), !ASCIIText.isWhitespace(last) { return self }
        guard let start = scalars.firstIndex(where: { !ASCIIText.isWhitespace($0) }),
            let end = scalars.lastIndex(where: { !ASCIIText.isWhitespace($0) })
        else { return "" }
        return String(scalars[start...end])
    }
}

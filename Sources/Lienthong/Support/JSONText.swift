/// Checks on JSON text before it is parsed.
public enum JSONText {
    /// Whether the text holds a NUL character: a raw 0x00 byte, or the escape `\u0000` (an escaped backslash
    /// followed by `u0000` is not one). Text with one is refused everywhere: PostgreSQL cannot store it, and the
    /// same input must get the same answer on SQLite.
    public static func mayHoldNul<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        let text = Array(bytes)
        let zeros = Array("0000".utf8)
        var index = 0
        while index < text.count {
            switch text[index] {
            case 0: return true
            case UInt8(ascii: "\\"):
                if index + 5 < text.count, text[index + 1] == UInt8(ascii: "u"), Array(text[index + 2...index + 5]) == zeros { return true }
                index += 2  // the escaped character, whatever it is
            default: index += 1
            }
        }
        return false
    }
}

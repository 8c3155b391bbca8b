/// Checks on JSON text before it is parsed.
public enum JSONText {
    /// Whether the text holds a NUL character: a raw 0x00 byte, or the escape `\u0000` (an escaped backslash
    /// followed by `u0000` is not one). Text with one is refused everywhere: PostgreSQL cannot store it, and the
    /// same input must get the same answer on SQLite. Reads the bytes in place (bodies and every record of a load).
    public static func mayHoldNul<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Bool {
        bytes.withContiguousStorageIfAvailable(holdsNul) ?? Array(bytes).withUnsafeBufferPointer(holdsNul)
    }

    private static func holdsNul(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < text.count {
            switch text[index] {
            case 0: return true
            case UInt8(ascii: "\\"):
                if index + 5 < text.count, text[index + 1] == UInt8(ascii: "u"), text[index + 2...index + 5].elementsEqual("0000".utf8) {
                    return true
                }
                index += 2  // the escaped character, whatever it is
            default: index += 1
            }
        }
        return false
    }
}

import Foundation

extension UUID {
    /// The id as Lienthong stores, logs and shows it: lowercase text (`0f8fad5b-d9cb-469f-a165-70867728950e`),
    /// written from the bytes. Foundation's `uuidString` formats each byte with `snprintf` and `lowercased()` copies
    /// the result again: together about 3% of a gateway read, which names several ids.
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { text in
                let digits: StaticString = "0123456789abcdef"
                var at = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        text[at] = UInt8(ascii: "-")
                        at += 1
                    }
                    text[at] = digits.utf8Start[Int(byte >> 4)]
                    text[at + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    at += 2
                }
                return at
            }
        }
    }
}

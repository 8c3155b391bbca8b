import Foundation

extension String {
    /// The text in Unicode NFC, as Lienthong stores it. Text whose every scalar is below U+0300 (ASCII, Latin-1,
    /// the Latin Extended letters, among them ă, đ, ơ, ư) or a precomposed letter of U+1E00–U+1EFF (ạ, ế, ở, …)
    /// holds no combining mark and no character NFC rewrites, so it is returned as it is without asking
    /// Foundation; Vietnamese typed in NFC, as nearly all of it is, takes this path.
    public var nfc: String {
        var text = self
        let alreadyNFC = text.withUTF8(Self.holdsOnlyComposedLetters)
        return alreadyNFC ? self : precomposedStringWithCanonicalMapping
    }

    /// Whether UTF-8 holds only scalars below U+0300 (bytes below 0xCC: ASCII, the leads of two-byte scalars up to
    /// U+02FF, continuation bytes) and U+1E00–U+1EFF (0xE1 0xB8–0xBB, then one byte).
    static func holdsOnlyComposedLetters(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = utf8.count
        while index < count {
            let byte = utf8[index]
            if byte < 0xCC {
                index += 1
            } else if byte == 0xE1, index + 2 < count, (0xB8...0xBB).contains(utf8[index + 1]) {
                index += 3
            } else {
                return false
            }
        }
        return true
    }
}

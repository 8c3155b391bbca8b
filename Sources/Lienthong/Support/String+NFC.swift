import Foundation

extension String {
    /// The text in Unicode NFC, as Lienthong stores it. Text whose every scalar is below U+0300 (ASCII, Latin-1,
    /// the Latin Extended letters, among them ă, đ, ơ, ư) or a precomposed letter of U+1E00–U+1EFF (ạ, ế, ở, …)
    /// holds no combining mark and no character NFC rewrites, so it is returned as it is without asking
    /// Foundation; Vietnamese typed in NFC, as nearly all of it is, takes this path.
    public var nfc: String {
        let alreadyNFC = unicodeScalars.allSatisfy { $0.value < 0x300 || (0x1E00...0x1EFF).contains($0.value) }
        return alreadyNFC ? self : precomposedStringWithCanonicalMapping
    }
}

import Foundation

/// Text compared the way people search Vietnamese: without case or diacritics, đ as d.
/// `fold("Sở Y tế") == fold("so y te")`.
public enum SearchText {
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "Đ", with: "d")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The folded ASCII words of `text` joined by `-` (`"Y tế" → "y-te"`): names and IRIs minted from free text.
    public static func slug(_ text: String) -> String {
        fold(text).split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
    }

    /// The distinct folded words of `text` (letters and digits; anything else separates them), in order, at most
    /// 64 characters each: what the catalog's word index holds and what a search looks up.
    public static func words(_ text: String) -> [String] {
        words(folded: fold(text))
    }

    /// The distinct words of text already folded (the catalog index's folded titles), as `words` makes them.
    public static func words(folded text: String) -> [String] {
        var seen: Set<String> = []
        return text.split { !($0.isLetter || $0.isNumber) }.map { String($0.prefix(64)) }.filter { seen.insert($0).inserted }
    }
}

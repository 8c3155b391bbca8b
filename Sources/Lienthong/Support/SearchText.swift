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
}

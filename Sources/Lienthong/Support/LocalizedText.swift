import Foundation

/// A user-facing text in Vietnamese (the default) and English.
public struct LocalizedText: Sendable, Hashable, Codable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi.precomposedStringWithCanonicalMapping
        self.en = en
    }

    /// The text in the given language (`vi` or `en`; anything else gets Vietnamese).
    public func text(_ language: Language) -> String {
        language == .en ? en : vi
    }

    /// Replaces `{0}`, `{1}`… with the arguments, in both languages.
    public func format(_ arguments: String...) -> LocalizedText { format(arguments: arguments) }

    /// `format(_:)` with the arguments in an array.
    public func format(arguments: [String]) -> LocalizedText {
        var vi = self.vi
        var en = self.en
        for (index, argument) in arguments.enumerated() {
            vi = vi.replacingOccurrences(of: "{\(index)}", with: argument)
            en = en.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return LocalizedText(vi: vi, en: en)
    }
}

/// The languages of the interface. Vietnamese is the default.
public enum Language: String, Sendable, Codable, CaseIterable {
    case vi
    case en
}

import Foundation
import Hummingbird
import HummingbirdCore

extension Parameters {
    /// A free-text query parameter as a browser's GET form sends it: `+` stands for a space
    /// (application/x-www-form-urlencoded), which the URI decoder leaves as it is.
    func formText(_ name: String, maximumLength: Int = 200) -> String {
        String((get(name) ?? "").replacingOccurrences(of: "+", with: " ").prefix(maximumLength))
    }

    /// A parameter that must be one of an enumeration's values: nil when absent or empty, 422 naming it when
    /// it is something else.
    func choice<T: RawRepresentable>(_ name: String, as type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = get(name), !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else { throw Problem.invalidField(name) }
        return value
    }
}

extension URI {
    /// The query's items decoded as a form does (`FormItems.parse`), keys as well as values
    /// (so `filter%5Bten%5D=Ph%E1%BB%9F+b%C3%B2` reads `filter[ten]` = `Phở bò`).
    var formItems: [(key: String, value: String)] { FormItems.parse(query ?? "") }
}

/// `application/x-www-form-urlencoded` text: `+` is a space, then percent-decoding, keys as well as values.
enum FormItems {
    static func parse(_ text: String) -> [(key: String, value: String)] {
        text.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

import Foundation
import Hummingbird

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

import Foundation
import Hummingbird

extension Parameters {
    /// A free-text query parameter as a browser's GET form sends it: `+` stands for a space
    /// (application/x-www-form-urlencoded), which the URI decoder leaves as it is.
    func formText(_ name: String, maximumLength: Int = 200) -> String {
        String((get(name) ?? "").replacingOccurrences(of: "+", with: " ").prefix(maximumLength))
    }
}

import Foundation
import Synchronization

/// Compiled field patterns, so that a load checking a million cells compiles each pattern once.
final class PatternCache: Sendable {
    static let shared = PatternCache()

    /// `NSRegularExpression` is immutable after creation and documented as safe to use from several threads
    /// at once; the wrapper only lets it cross into the Sendable cache.
    private struct Compiled: @unchecked Sendable {
        let regex: NSRegularExpression?
    }

    private let compiled = Mutex<[String: Compiled]>([:])

    /// When `pattern` only asks for ASCII digits (`[0-9]{12}`, `[0-9]{9,12}`, `[0-9]+`, `[0-9]*`), how many; else nil.
    static func digits(_ pattern: String) -> ClosedRange<Int>? {
        var rest = Substring(pattern)
        // Only `[0-9]`: `\d` also means every other script's digits, as the regular expression engine reads it.
        guard rest.hasPrefix("[0-9]") else { return nil }
        rest = rest.dropFirst(5)
        switch rest {
        case "": return 1...1
        case "+": return 1...Int.max
        case "*": return 0...Int.max
        default:
            guard rest.first == "{", rest.last == "}" else { return nil }
            let bounds = rest.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false)
            guard let low = Int(bounds[0]) else { return nil }
            if bounds.count == 1 { return low...low }
            guard bounds.count == 2 else { return nil }
            if bounds[1].isEmpty { return low...Int.max }
            guard let high = Int(bounds[1]), high >= low else { return nil }
            return low...high
        }
    }

    /// The anchored expression for `pattern`, or nil when it does not compile.
    func regex(_ pattern: String) -> NSRegularExpression? {
        if let known = compiled.withLock({ $0[pattern] }) { return known.regex }
        let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$")
        compiled.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[pattern] = Compiled(regex: regex)
        }
        return regex
    }
}

/// The shape rules for codes and usernames that appear in URLs and on the command line.
public enum Identifiers {
    /// An agency or dataset code: lowercase ASCII letters, digits and `-`, 2–64 characters, starting with
    /// a letter or digit (`syt`, `phuong-ba-dinh`).
    public static func isValidCode(_ code: String) -> Bool {
        guard (2...64).contains(code.count), let first = code.unicodeScalars.first,
            isLowerAlnum(first)
        else { return false }
        return code.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "-" }
    }

    /// A staff username: lowercase ASCII letters, digits, `.`, `_` and `-`, 2–64 characters.
    public static func isValidUsername(_ name: String) -> Bool {
        guard (2...64).contains(name.count), let first = name.unicodeScalars.first, isLowerAlnum(first) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { isLowerAlnum($0) || $0 == "-" || $0 == "." || $0 == "_" }
    }

    private static func isLowerAlnum(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}

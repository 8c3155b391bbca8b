/// A citizen ID (căn cước công dân): twelve digits. Citizens are identities, not staff: the platform keeps only
/// the keyed hash of the ID (`SubjectHasher`), never the ID itself.
public enum CitizenID {
    /// Whether `text` has the shape of a citizen ID.
    public static func isValid(_ text: String) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The ID as people may see it on a shared screen: the last three digits only (`*********345`).
    public static func masked(_ text: String) -> String {
        String(repeating: "*", count: max(text.count - 3, 0)) + text.suffix(3)
    }
}

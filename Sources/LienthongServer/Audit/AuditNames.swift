/// Names as the audit log records them when they come from outside (a username typed at sign-in): cut to a
/// sane length and to the characters a username may have, so that nobody can write arbitrary text into the
/// log (a password typed into the username field, a forged line).
enum AuditNames {
    static func username(_ typed: String) -> String {
        let allowed = typed.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        return allowed.isEmpty ? "-" : String(allowed.prefix(64))
    }
}

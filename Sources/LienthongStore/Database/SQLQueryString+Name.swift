import SQLKit

extension SQLQueryString {
    /// A table or column name, quoted as `\(ident:)` quotes it on both SQLite and PostgreSQL (`"name"`, a `"` inside
    /// doubled), without SQLKit's escaping when the name holds no `"`: SQLKit escapes through the standard library's
    /// generic `replacing`, which took 3% of a gateway read for the two names of its query.
    mutating func appendInterpolation(name: String) {
        if name.utf8.contains(UInt8(ascii: "\"")) {
            appendInterpolation(ident: name)
        } else {
            appendInterpolation(unsafeRaw: "\"" + name + "\"")
        }
    }
}

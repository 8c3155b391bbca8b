import Lienthong

/// Names as the audit log records them when they come from outside (a username typed at sign-in): cut to a
/// sane length and to the characters a username may have, so that nobody can write arbitrary text into the
/// log (a password typed into the username field, a forged line).
enum AuditNames {
    static func username(_ typed: String) -> String {
        let allowed = typed.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
        return allowed.isEmpty ? "-" : String(allowed.prefix(64))
    }

    /// A record as an audit resource, and the people it concerns: `dataset:X/record:KEY`, except that a key holding
    /// the person-key field (a citizen ID) never enters the log: the resource is then `dataset:X/record` and the
    /// person is in the subjects, as a keyed hash.
    static func record(_ dataset: String, schema: TableSchema, key: [String], subjects: SubjectHasher) -> (resource: String, subjects: [String]) {
        guard let subject = schema.subjectField, let index = schema.primaryKey.firstIndex(of: subject.name), index < key.count else {
            return ("dataset:\(dataset)/record:\(key.joined(separator: ","))", [])
        }
        return ("dataset:\(dataset)/record", [subjects.hash(key[index])])
    }

    /// The keyed hashes of the people some rows (whole rows, in the schema's order) concern, from the schema's
    /// person-key field, each once; none when the dataset has no such field.
    static func subjects(of records: some Collection<[RecordValue]>, schema: TableSchema, hasher: SubjectHasher) -> [String] {
        guard let index = schema.fields.firstIndex(where: \.subject) else { return [] }
        var seen = Set<String>()
        return records.compactMap { values in
            let text = values[index].text
            guard !text.isEmpty else { return nil }
            let hash = hasher.hash(text)
            return seen.insert(hash).inserted ? hash : nil
        }
    }
}

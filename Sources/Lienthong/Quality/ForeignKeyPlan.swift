/// A Table Schema foreign key, checked as a consistency rule: each row's key (all its fields present) must exist
/// in the dataset it points to. Another dataset's keys come as a `DatasetLookup` (`dataset/field`); keys pointing at
/// this dataset's own primary key are gathered and looked up at the end, once every key of the file is known.
struct ForeignKeyPlan: Sendable {
    let rule: Int
    let columns: [Int]
    /// The other dataset's keys; nil for a reference to this dataset, or when the other dataset is not available.
    let lookup: DatasetLookup?
    let isSelfReference: Bool
    /// For a self-reference: each key seen, how many rows hold it and the first of them.
    private var seen: [String: (rows: Int, first: Int)] = [:]

    init(_ key: ForeignKey, columns: [String: Int], context: CheckContext, counts: inout RuleCounts) {
        let resource = key.reference.resource ?? ""
        isSelfReference = resource.isEmpty
        let target = isSelfReference ? "" : DatasetLookup.name(dataset: resource, field: key.reference.fields.joined(separator: ","))
        rule = counts.add(key.fields.joined(separator: ","), isSelfReference ? "foreign-key" : "foreign-key:\(target)", .consistent)
        self.columns = key.fields.map { columns[$0] ?? -1 }
        lookup = isSelfReference ? nil : context.lookups[target]
        if !isSelfReference, lookup == nil { counts.results[rule].note = "not run: \(resource) is not available" }
        if isSelfReference, key.reference.fields != context.schema.primaryKey {
            counts.results[rule].note = "not run: a reference to this dataset must name its primary key"
        }
    }

    mutating func check(_ row: CSVRow, number: Int, context: CheckContext, counts: inout RuleCounts) {
        guard !columns.contains(-1), isSelfReference || lookup != nil else { return }
        var parts: [String] = []
        for column in columns {
            guard !context.isMissing(row[column]) else { return }  // a key with a part missing points nowhere: allowed
            parts.append(String(decoding: ByteValues.trimmed(row[column]), as: UTF8.self))
        }
        counts.results[rule].tested += 1
        if let lookup {
            if !lookup.keys.contains(DatasetLookup.normalized(parts.joined(separator: ","))) { counts.fail(rule, number, row) }
            return
        }
        let key = parts.joined(separator: "\u{1F}")
        if let known = seen[key] {
            seen[key] = (known.rows + 1, known.first)
        } else {
            seen[key] = (1, number)
        }
    }

    /// Takes in the keys a later part of the file saw.
    mutating func merge(_ other: ForeignKeyPlan, rowOffset: Int) {
        for (key, theirs) in other.seen {
            let mine = seen[key]
            seen[key] = ((mine?.rows ?? 0) + theirs.rows, mine?.first ?? theirs.first + rowOffset)
        }
    }

    /// For a self-reference: the keys that are not among the file's primary keys fail, each row once; the examples are
    /// the first row of each such key.
    func finish(primaryKeys: UniqueTracker, counts: inout RuleCounts) {
        guard isSelfReference, counts.results[rule].note == nil else { return }
        let missing = seen.filter { !primaryKeys.contains(text: $0.key) }
        counts.results[rule].failed += missing.values.reduce(0) { $0 + $1.rows }
        counts.results[rule].samples = missing.values.map(\.first).sorted().prefix(RuleResult.sampleLimit).map { $0 }
    }
}

import Lienthong

/// Records of a load read from the file and not yet checked. Each batch is cast and checked in a task of its own,
/// on the other core while the file goes on being read (reading and checking each took about half of the load's
/// own work, which ran on one core while the database used part of the other).
struct LoadBatch: Sendable {
    /// The records as the file gave them.
    private(set) var records: [[String]] = []
    /// The file row of each record.
    private(set) var fileRows: [Int] = []
    /// Rows refused before any check (a JSON record with a key the schema does not have), each after the records
    /// read before it, to keep the report in the file's order.
    private var refusedEarly: [(before: Int, row: RefusedRow)] = []

    var count: Int { records.count }
    var isEmpty: Bool { records.isEmpty && refusedEarly.isEmpty }

    mutating func append(_ record: [String], row: Int) {
        records.append(record)
        fileRows.append(row)
    }

    mutating func refuse(_ error: LoadError) {
        refusedEarly.append((records.count, RefusedRow(errors: [error])))
    }

    /// Casts and checks every record. The rows that pass become `COPY` text (`copying`) or JSON rows; with an
    /// `upsertKey` (the positions of the primary key's fields) a key seen before in a part starts the next part,
    /// since PostgreSQL refuses to update one row twice in a statement (the later row then updates it, as SQLite
    /// would have done within one statement).
    func checked(by reader: RowReader, copying: Bool, upsertKey: [Int]?) -> CheckedBatch {
        var checked = CheckedBatch()
        var part = CheckedBatch.Part(copying: copying)
        var keys: Set<[FieldValue]> = []
        var early = refusedEarly[...]
        for (index, (record, row)) in zip(records, fileRows).enumerated() {
            while let first = early.first, first.before == index {
                checked.refused.append(first.row)
                early = early.dropFirst()
            }
            switch reader.read(record) {
            case .success(let values):
                if let upsertKey {
                    let key = upsertKey.map { values[$0] }
                    if keys.contains(key) {
                        checked.parts.append(part)
                        part = CheckedBatch.Part(copying: copying)
                        keys.removeAll(keepingCapacity: true)
                    }
                    keys.insert(key)
                }
                part.append(values, row: row)
            case .failure(let problem):
                checked.refused.append(RefusedRow(row: row, problem: problem))
            }
        }
        checked.refused += early.map(\.row)
        if !part.fileRows.isEmpty { checked.parts.append(part) }
        return checked
    }
}

/// A batch once checked: the rows refused, and the rows to write as one statement per part.
struct CheckedBatch: Sendable {
    var refused: [RefusedRow] = []
    var parts: [Part] = []

    /// Rows written by one statement: a `COPY`'s text or an INSERT's JSON rows, with the file row of each.
    struct Part: Sendable {
        var copy: CopyRows?
        var json: JSONRows?
        var fileRows: [Int] = []

        init(copying: Bool) {
            if copying { copy = CopyRows(capacity: 1 << 19) } else { json = JSONRows(capacity: 1 << 16) }
        }

        mutating func append(_ values: [FieldValue], row: Int) {
            if copy != nil {
                copy?.append(values)
            } else {
                json?.append(values.map(HostedDataStore.jsonValue))
            }
            fileRows.append(row)
        }
    }
}

/// A record refused, as the errors the report gives for it.
struct RefusedRow: Sendable {
    let errors: [LoadError]

    init(errors: [LoadError]) { self.errors = errors }

    /// The errors for the record at file row `row` that its checks refused.
    init(row: Int, problem: RowProblem) {
        errors =
            problem.errors.isEmpty
            ? [LoadError(row: row, type: problem.type)]
            : problem.errors.map {
                LoadError(row: row, field: $0.field, value: $0.value, type: $0.frictionlessType, rule: $0.rule)
            }
    }
}

/// What became of one batch: its refused rows, each part written with how many rows the database took (fewer than
/// sent when keys repeat), or the duplicate that stopped a `COPY` in the part it stopped.
struct BatchOutcome: Sendable {
    var refused: [RefusedRow]
    var parts: [(written: WrittenBatch, inserted: Int)] = []
    var duplicate: (written: WrittenBatch, duplicate: BulkCopier.Duplicate)?
    /// No `COPY` may run after this batch: it or one ahead met a duplicate.
    var copyStopped = false
}

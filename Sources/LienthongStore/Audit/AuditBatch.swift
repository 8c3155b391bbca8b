import Foundation
import Lienthong
import SQLKit

/// Where the audit log ends: the sequence the next entry gets and the chain hash of the last entry.
struct AuditTail: Sendable, Equatable {
    let nextSequence: Int64
    let chainHash: Data
}

/// Drafts turned into the entries that follow `start`, hashed and chained, with the rows the database stores:
/// everything an append computes, made before its transaction so that the next batch can be prepared while this
/// one commits.
struct AuditBatch: Sendable {
    let start: AuditTail
    let end: AuditTail
    let entries: [AuditEntry]
    /// The `audit_entries` rows: JSON for SQLite (read by `jsonb_each`), one array per column for PostgreSQL.
    let rows: JSONRows?
    let columns: AuditColumns?
    /// The `audit_subjects` rows, as two columns: each person an entry concerns, once, and the entry's sequence
    /// (PostgreSQL takes them as two arrays in the statement that takes the log's end, SQLite as JSON).
    let subjects: [String]
    let subjectSequences: [Int64]

    init(_ drafts: [AuditDraft], after start: AuditTail, at time: Date, for dialect: Dialect) {
        var sequence = start.nextSequence
        var chain = start.chainHash
        var entries: [AuditEntry] = []
        var rows = dialect == .sqlite ? JSONRows(capacity: drafts.count * 640) : nil
        var columns = dialect == .postgres ? AuditColumns(capacity: drafts.count) : nil
        var subjects: [String] = []
        var subjectSequences: [Int64] = []
        entries.reserveCapacity(drafts.count)
        for draft in drafts {
            let entry = draft.entry(sequence: sequence, at: time)
            let leaf = entry.leafHash
            chain = AuditEntry.chainHash(previous: chain, leafHash: leaf)
            let row = AuditStore.row(entry, leafHash: Hex.encode(leaf), chainHash: Hex.encode(chain))
            // Through the optionals in place: a copy of the rows would be made for each row otherwise.
            if rows != nil { rows!.append(row) } else { columns!.append(row) }
            for subject in Set(entry.subjects) {
                subjects.append(subject)
                subjectSequences.append(sequence)
            }
            entries.append(entry)
            sequence += 1
        }
        self.start = start
        self.end = AuditTail(nextSequence: sequence, chainHash: chain)
        self.entries = entries
        self.rows = rows
        self.columns = columns
        self.subjects = subjects
        self.subjectSequences = subjectSequences
    }
}

/// The `audit_entries` rows as PostgreSQL takes them in one statement: the sequences as a `bigint[]` and each other
/// column as a `text[]` (all of them are text), read back with `unnest`. One bound value per column, whatever the
/// batch's size, in the binary format: nothing for the server to parse per row.
struct AuditColumns: Sendable {
    private(set) var sequences: [Int64] = []
    private(set) var texts: [PostgresTextArray]

    init(capacity: Int) {
        sequences.reserveCapacity(capacity)
        texts = Array(repeating: PostgresTextArray(capacity: capacity * 48), count: AuditStore.columns.count - 1)
    }

    /// Appends a row of `AuditStore.row`: the sequence, then text.
    mutating func append(_ row: [JSONRows.Value]) {
        for (index, value) in row.enumerated() {
            switch value {
            case .integer(let sequence) where index == 0: sequences.append(sequence)
            case .text(let text) where index > 0: texts[index - 1].append(text)
            default: preconditionFailure("an audit row is its sequence, then text")
            }
        }
    }

    /// The rows as the source of an `INSERT … SELECT`.
    var select: SQLQueryString {
        let arrays = texts.map { "\(bind: $0)::text[]" as SQLQueryString }.joined(separator: ", ")
        return "SELECT * FROM unnest(\(bind: sequences)::bigint[], " + arrays + ")"
    }
}

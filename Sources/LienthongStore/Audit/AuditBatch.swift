import Foundation
import Lienthong

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
    /// The `audit_entries` rows; on SQLite, the rows of the `audit_append` view, which also name the chain hash each
    /// entry follows and its subjects as a JSON array (`AuditStore.sqliteAppend`).
    let rows: BulkRows
    /// On PostgreSQL, the `audit_subjects` rows, as two columns: each person an entry concerns, once, and the entry's
    /// sequence (taken as two arrays in the statement that takes the log's end).
    let subjects: [String]
    let subjectSequences: [Int64]

    init(_ drafts: [AuditDraft], after start: AuditTail, at time: Date, for dialect: Dialect) {
        var sequence = start.nextSequence
        var chain = start.chainHash
        var entries: [AuditEntry] = []
        var rows = BulkRows(for: dialect, capacity: drafts.count * 640)
        var subjects: [String] = []
        var subjectSequences: [Int64] = []
        entries.reserveCapacity(drafts.count)
        for draft in drafts {
            let entry = draft.entry(sequence: sequence, at: time)
            let leaf = entry.leafHash
            let previous = chain
            chain = AuditEntry.chainHash(previous: previous, leafHash: leaf)
            let row = AuditStore.row(entry, leafHash: Hex.encode(leaf), chainHash: Hex.encode(chain))
            switch dialect {
            case .sqlite:
                rows.append(row + [.text(Hex.encode(previous)), .text(JSONRows.array(Set(entry.subjects)))])
            case .postgres:
                rows.append(row)
                for subject in Set(entry.subjects) {
                    subjects.append(subject)
                    subjectSequences.append(sequence)
                }
            }
            entries.append(entry)
            sequence += 1
        }
        self.start = start
        self.end = AuditTail(nextSequence: sequence, chainHash: chain)
        self.entries = entries
        self.rows = rows
        self.subjects = subjects
        self.subjectSequences = subjectSequences
    }
}

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
    /// The `audit_entries` rows.
    let rows: BulkRows
    /// The `audit_subjects` rows, as two columns: each person an entry concerns, once, and the entry's sequence
    /// (PostgreSQL takes them as two arrays in the statement that takes the log's end, SQLite as JSON).
    let subjects: [String]
    let subjectSequences: [Int64]

    init(_ drafts: [AuditDraft], after start: AuditTail, at time: Date, for dialect: Dialect) {
        var sequence = start.nextSequence
        var chain = start.chainHash
        var entries: [AuditEntry] = []
        var rows = BulkRows(for: dialect, columns: AuditStore.columns.count, capacity: drafts.count * 640)
        var subjects: [String] = []
        var subjectSequences: [Int64] = []
        entries.reserveCapacity(drafts.count)
        for draft in drafts {
            let entry = draft.entry(sequence: sequence, at: time)
            let leaf = entry.leafHash
            chain = AuditEntry.chainHash(previous: chain, leafHash: leaf)
            rows.append(AuditStore.row(entry, leafHash: Hex.encode(leaf), chainHash: Hex.encode(chain)))
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
        self.subjects = subjects
        self.subjectSequences = subjectSequences
    }
}

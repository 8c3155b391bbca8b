import Foundation
import Lienthong
import SQLKit
import SQLiteNIO

/// The audit log's storage: appends in one transaction per batch, reads in sequence order, tree heads,
/// and search. There is no update or delete here, and the database refuses both by trigger.
///
/// Appends take the single `audit_state` row first (`FOR UPDATE` on PostgreSQL; SQLite's write
/// transaction is exclusive), so batches from several nodes interleave in one order with no gaps.
public struct AuditStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Appends the drafts in order, in one transaction; returns them as entries with their sequences.
    @discardableResult
    public func append(_ drafts: [AuditDraft], at time: Date = Date()) async throws -> [AuditEntry] {
        guard !drafts.isEmpty else { return [] }
        return try await appendReadingTail(drafts, at: time, locked: { _ in }).entries
    }

    /// Appends the drafts after the tail read under the state row's lock (`FOR UPDATE` on PostgreSQL; SQLite's
    /// write transaction is exclusive), calling `locked` with the end the batch leaves once the lock is held;
    /// returns the written batch.
    func appendReadingTail(_ drafts: [AuditDraft], at time: Date, locked: @Sendable (AuditTail) -> Void) async throws -> AuditBatch {
        let dialect = database.dialect
        return try await database.bulkWrite(contended: true) { sql, _ in
            let genesis = Hex.encode(AuditEntry.genesisChainHash)
            try await sql.raw(
                """
                INSERT INTO audit_state (id, next_seq, last_chain_hash) VALUES (1, 0, \(bind: genesis))
                ON CONFLICT (id) DO NOTHING
                """
            ).run()
            let lock = dialect == .postgres ? " FOR UPDATE" : ""
            guard
                let state = try await sql.raw(
                    "SELECT next_seq, last_chain_hash FROM audit_state WHERE id = 1\(unsafeRaw: lock)"
                ).first()
            else { throw StoreError.incompatible("the audit state row is missing") }
            guard let chain = Hex.decode(try state.decode(column: "last_chain_hash", as: String.self)) else {
                throw StoreError.incompatible("the audit state holds a malformed chain hash")
            }
            let tail = AuditTail(nextSequence: try state.decode(column: "next_seq", as: Int64.self), chainHash: chain)
            // Hashing is work for the global executor, not for the connection's event loop a contended write runs on.
            let batch = await withTaskExecutorPreference(globalConcurrentExecutor) {
                AuditBatch(drafts, after: tail, at: time, for: dialect)
            }
            locked(batch.end)
            try await Self.insert(batch, sql, dialect)
            try await sql.raw(
                "UPDATE audit_state SET next_seq = \(bind: batch.end.nextSequence), last_chain_hash = \(bind: Hex.encode(batch.end.chainHash)) WHERE id = 1"
            ).run()
            return batch
        }
    }

    /// Writes a batch prepared after `batch.start` if the log still ends there; false, with nothing written, when
    /// another writer moved the log's end meanwhile. `locked` gets the batch's end as soon as the next batch may be
    /// prepared after it: on PostgreSQL just before the batch is sent, on SQLite once it is written.
    ///
    /// On PostgreSQL the batch is one prepared statement, its own transaction (`PostgresAuditAppend`): it moves the
    /// state row's end if it finds it where the batch expects it, and in the same statement writes the entries (one
    /// array per column, `ArrayRows`) and the subjects. It commits without waiting for the write-ahead log's flush,
    /// then waits for the flush on its own (`Database.autocommitWrite`): the next batch, sent meanwhile and waiting
    /// at the server on the state row, runs as soon as this one commits. Two round trips, where a transaction took six
    /// (`BEGIN`, `SET LOCAL`, the state row, `COPY`, `COMMIT`, the flush). A next batch that overtakes this one finds the end
    /// moved and is chained again under the lock. (The end cannot already be `batch.end` unless these very entries
    /// were written, which a batch never is twice.) On SQLite too the whole batch is one statement (`sqliteAppend`).
    func append(_ batch: AuditBatch, locked: @Sendable (AuditTail) -> Void) async throws -> Bool {
        if database.dialect == .sqlite {
            // One statement has no moment when the end is held and the batch not yet written: `locked` comes after.
            let written = try await sqliteAppend(batch)
            if written { locked(batch.end) }
            return written
        }
        return try await database.autocommitWrite { _, prepared in
            guard let prepared else { throw StoreError.incompatible("no prepared statements on PostgreSQL") }
            locked(batch.end)
            return try await prepared.rows(PostgresAuditAppend(batch: batch)).first == batch.end
        }
    }

    /// On SQLite, writes `batch` in one statement (`audit_batches`, migration 23) if the log still ends at
    /// `batch.start`: true when written, false when the log's end moved.
    private func sqliteAppend(_ batch: AuditBatch) async throws -> Bool {
        guard let entries = batch.rows.json else { throw StoreError.incompatible("an audit batch for SQLite without JSON rows") }
        let subjects = Self.subjectJSON(batch)
        let (start, end) = (batch.start, batch.end)
        let statement: SQLQueryString = """
            INSERT INTO audit_batches (start_seq, start_chain_hash, end_seq, end_chain_hash, entries, subjects)
            VALUES (\(bind: start.nextSequence), \(bind: Hex.encode(start.chainHash)), \(bind: end.nextSequence),
                \(bind: Hex.encode(end.chainHash)), \(entries.sqliteText), \(subjects.sqliteText))
            """
        return try await database.autocommitWrite { sql, _ in
            do {
                try await sql.raw(statement).run()
                return true
            } catch let error as SQLiteError where error.message.contains(Migration.auditBatchMoved) {
                return false
            }
        }
    }

    /// One statement per table, whatever the batch's size: the entries travel as one JSON value (SQLite) or one
    /// array per column (PostgreSQL), the subjects as one JSON value or two arrays.
    private static func insert(
        _ batch: AuditBatch, _ sql: any SQLDatabase, _ dialect: Dialect
    ) async throws {
        try await sql.raw(
            """
            INSERT INTO audit_entries (\(unsafeRaw: columns.joined(separator: ", ")))
            SELECT \(unsafeRaw: values(integer: batch.rows.integer, text: batch.rows.text)) FROM \(batch.rows.table)
            """
        ).run()
        if !batch.subjects.isEmpty {
            try await sql.raw("INSERT INTO audit_subjects (subject, seq) \(subjectRows(batch, dialect))").run()
        }
    }

    /// The batch's subjects as the rows of a `SELECT`: two arrays on PostgreSQL (bound in its binary format), JSON
    /// on SQLite.
    private static func subjectRows(_ batch: AuditBatch, _ dialect: Dialect) -> SQLQueryString {
        switch dialect {
        case .postgres:
            return "SELECT * FROM unnest(\(bind: batch.subjects)::text[], \(bind: batch.subjectSequences)::bigint[])"
        case .sqlite:
            return "SELECT \(unsafeRaw: JSONRows.text(0)), \(unsafeRaw: JSONRows.integer(1)) FROM \(subjectJSON(batch).table(dialect))"
        }
    }

    /// The batch's subjects as JSON rows `[subject, sequence]` (SQLite).
    private static func subjectJSON(_ batch: AuditBatch) -> JSONRows {
        var rows = JSONRows(capacity: batch.subjects.count * 80)
        for (subject, sequence) in zip(batch.subjects, batch.subjectSequences) { rows.append([.text(subject), .integer(sequence)]) }
        return rows
    }

    /// The `columns` as read from rows by column index (`BulkRows`, `ArrayRows`): the sequence as an integer, the rest
    /// as text.
    static func values(integer: (Int) -> String, text: (Int) -> String) -> String {
        ([integer(0)] + (1..<columns.count).map(text)).joined(separator: ", ")
    }

    static let columns = [
        "seq", "recorded_at", "actor_kind", "actor_id", "agency_code", "action", "resource", "dataset_code", "purpose",
        "subjects", "outcome", "request_id", "leaf_hash", "chain_hash",
    ]

    static func row(_ entry: AuditEntry, leafHash: String, chainHash: String) -> [JSONRows.Value] {
        [
            .integer(entry.sequence), .text(AuditTime.string(entry.recordedAt)), .text(entry.actor.kind.rawValue), .text(entry.actor.id),
            .text(entry.agencyCode), .text(entry.action), .text(entry.resource), .text(entry.datasetCode), .text(entry.purpose),
            .text(entry.subjects.joined(separator: " ")), .text(entry.outcome.rawValue), .text(entry.requestID), .text(leafHash),
            .text(chainHash),
        ]
    }

    /// How many entries the log holds.
    public func count() async throws -> Int64 {
        try await database.read { sql in
            let row = try await sql.raw("SELECT COUNT(*) AS n FROM audit_entries").first()
            return try row?.decode(column: "n", as: Int64.self) ?? 0
        }
    }

    /// Entries from `start` on, in sequence order, `limit` at most.
    public func entries(from start: Int64, limit: Int) async throws -> [StoredAuditEntry] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM audit_entries WHERE seq >= \(bind: start) ORDER BY seq LIMIT \(bind: limit)"
            ).all().map(Self.stored)
        }
    }

    /// One entry, or nil.
    public func entry(_ sequence: Int64) async throws -> StoredAuditEntry? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM audit_entries WHERE seq = \(bind: sequence)").first().map(Self.stored)
        }
    }

    /// Every entry in order, in pages of `pageSize`, each page read in its own query (for verify and export).
    public func forEachEntry(pageSize: Int = 5_000, _ body: ([StoredAuditEntry]) async throws -> Bool) async throws {
        var start: Int64 = 0
        while true {
            let page = try await database.read { sql in
                try await sql.raw(
                    "SELECT * FROM audit_entries WHERE seq >= \(bind: start) ORDER BY seq LIMIT \(bind: pageSize)"
                ).all().map(Self.stored)
            }
            guard let last = page.last else { return }
            guard try await body(page) else { return }
            if page.count < pageSize { return }
            start = last.entry.sequence + 1
        }
    }

    /// The sequence the next entry will get: the number of committed entries.
    public func nextSequence() async throws -> Int64 {
        try await database.read(Self.nextSequence)
    }

    /// The sequence the next entry will get, read on `sql`; every entry below it is committed and visible.
    static func nextSequence(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT next_seq FROM audit_state WHERE id = 1").first()?.decode(column: "next_seq", as: Int64.self) ?? 0
    }

    /// The leaf hashes of entries `start..<end`, in order (for proofs and tree heads).
    public func leafHashes(from start: Int64 = 0, upTo end: Int64) async throws -> [Data] {
        try await database.read { sql in
            let rows = try await sql.raw(
                "SELECT leaf_hash FROM audit_entries WHERE seq >= \(bind: start) AND seq < \(bind: end) ORDER BY seq"
            ).all()
            return try rows.map {
                guard let hash = Hex.decode(try $0.decode(column: "leaf_hash", as: String.self)) else {
                    throw StoreError.incompatible("a malformed leaf hash in the audit log")
                }
                return hash
            }
        }
    }

    static func stored(_ row: any SQLRow) throws -> StoredAuditEntry {
        let subjects = try row.decode(column: "subjects", as: String.self)
        guard let recorded = AuditTime.date(try row.decode(column: "recorded_at", as: String.self)) else {
            throw StoreError.incompatible("a malformed time in the audit log")
        }
        let kind = try row.decode(column: "actor_kind", as: String.self)
        let outcome = try row.decode(column: "outcome", as: String.self)
        let (knownKind, knownOutcome) = (AuditActor.Kind(rawValue: kind), AuditOutcome(rawValue: outcome))
        let entry = AuditEntry(
            sequence: try row.decode(column: "seq", as: Int64.self), recordedAt: recorded,
            actor: AuditActor(kind: knownKind ?? .anonymous, id: try row.decode(column: "actor_id", as: String.self)),
            agencyCode: try row.optionalText("agency_code"),
            action: try row.decode(column: "action", as: String.self),
            resource: try row.optionalText("resource"),
            datasetCode: try row.optionalText("dataset_code"),
            purpose: try row.optionalText("purpose"),
            subjects: subjects.isEmpty ? [] : subjects.utf8.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) },
            outcome: knownOutcome ?? .failed,
            requestID: try row.optionalText("request_id"))
        return StoredAuditEntry(
            entry: entry, leafHash: Hex.decode(try row.decode(column: "leaf_hash", as: String.self)) ?? Data(),
            chainHash: Hex.decode(try row.decode(column: "chain_hash", as: String.self)) ?? Data(),
            unknownValue: knownKind == nil ? kind : knownOutcome == nil ? outcome : nil)
    }
}

extension SQLRow {
    /// A nullable text column, decoded without the generic optional path (this runs for every audit entry read).
    func optionalText(_ column: String) throws -> String? {
        try decodeNil(column: column) ? nil : decode(column: column, as: String.self)
    }
}

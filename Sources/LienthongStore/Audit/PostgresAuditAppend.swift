import Foundation
import Lienthong
import PostgresNIO

/// A batch of audit entries written on PostgreSQL in one statement, its own transaction (`AuditStore.append(_:locked:)`),
/// prepared once per connection: the statement is long, and parsing and planning it took longer than running it.
///
/// It moves the state row's end if it finds it where the batch expects it, and in the same statement writes the
/// entries (one `text[]` per column, `unnest`ed) and the subjects, only if it did. It returns the end it leaves, and
/// turns off the wait for the flush for its own commit alone (`set_config(…, true)` lasts until the end of the
/// statement's transaction).
struct PostgresAuditAppend: PostgresPreparedStatement {
    typealias Row = AuditTail

    let batch: AuditBatch

    static let name = "lienthong_audit_append"

    /// `$1`, `$2`: the end the batch expects; `$3`, `$4`: the end it leaves; `$5`…: the entries' columns; then the
    /// subjects and their sequences. The condition is in the CASE, not the WHERE: PostgreSQL tests a WHERE against the
    /// row as the statement's snapshot sees it, before waiting for the batch ahead, which would always fail here.
    static let sql: String = {
        let columns = AuditStore.columns
        let arrays = columns.indices.map { "$\($0 + 5)::text[]" }.joined(separator: ", ")
        let values = AuditStore.values(integer: ArrayRows.integer, text: ArrayRows.text)
        let subjects = columns.count + 5
        let expected = "next_seq = $1 AND last_chain_hash = $2"
        let written = "EXISTS (SELECT 1 FROM moved WHERE next_seq = $3 AND last_chain_hash = $4)"
        return """
            WITH moved AS (
                UPDATE audit_state SET
                    next_seq = CASE WHEN \(expected) THEN $3 ELSE next_seq END,
                    last_chain_hash = CASE WHEN \(expected) THEN $4 ELSE last_chain_hash END
                WHERE id = 1 RETURNING next_seq, last_chain_hash
            ), entries AS (
                INSERT INTO audit_entries (\(columns.joined(separator: ", ")))
                SELECT \(values) FROM unnest(\(arrays)) \(ArrayRows.alias(columns: columns.count)) WHERE \(written)
            ), subjects AS (
                INSERT INTO audit_subjects (subject, seq)
                SELECT * FROM unnest($\(subjects)::text[], $\(subjects + 1)::bigint[]) WHERE \(written)
            )
            SELECT next_seq, last_chain_hash, set_config('synchronous_commit', 'off', true) FROM moved
            """
    }()

    func makeBindings() throws -> PostgresBindings {
        guard let columns = batch.rows.arrays?.columns else {
            throw StoreError.incompatible("an audit batch for PostgreSQL without array rows")
        }
        var bindings = PostgresBindings(capacity: columns.count + 6)
        bindings.append(batch.start.nextSequence)
        bindings.append(Hex.encode(batch.start.chainHash))
        bindings.append(batch.end.nextSequence)
        bindings.append(Hex.encode(batch.end.chainHash))
        for column in columns { bindings.append(column) }
        var subjects = TextArray(capacity: batch.subjects.count * 70)
        for subject in batch.subjects { subjects.append(subject) }
        bindings.append(subjects)
        bindings.append(batch.subjectSequences)
        return bindings
    }

    /// The end the statement left.
    func decodeRow(_ row: PostgresRow) throws -> AuditTail {
        let (sequence, chain, _) = try row.decode((Int64, String, String).self)
        guard let hash = Hex.decode(chain) else { throw StoreError.incompatible("the audit state holds a malformed chain hash") }
        return AuditTail(nextSequence: sequence, chainHash: hash)
    }
}

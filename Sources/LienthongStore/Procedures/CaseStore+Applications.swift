import Foundation
import Lienthong
import SQLKit

extension CaseStore {
    /// An application being filled: the procedure, and what prefill read for it (nil until the form is first shown).
    public struct Application: Sendable {
        public var id: UUID
        public var subject: String
        public var procedureCode: String
        public var prefill: PrefillResult?
        public var createdAt: Date
    }

    /// Starts an application with the citizen's answer for each source, in one transaction.
    public func startApplication(_ id: UUID, subject: String, procedureCode: String, consents: [Consent], at time: Date) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO applications (id, subject, procedure_code, created_at)
                VALUES (\(bind: id.lowercasedString), \(bind: subject), \(bind: procedureCode), \(bind: Timestamp.string(time)))
                """
            ).run()
            try await Self.insert(sql, consents)
        }
    }

    /// The citizen `subject`'s application, or nil (another citizen's is as absent as a missing one).
    public func application(_ id: UUID, subject: String) async throws -> Application? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM applications WHERE id = \(bind: id.lowercasedString) AND subject = \(bind: subject)").first().map {
                row in
                Application(
                    id: try row.uuid("id"), subject: try row.decode(column: "subject", as: String.self),
                    procedureCode: try row.decode(column: "procedure_code", as: String.self),
                    prefill: try row.json("prefill_json", as: PrefillResult.self), createdAt: try row.date("created_at"))
            }
        }
    }

    /// Keeps what prefill read, so that the form shows it again and the case is filed with it without reading twice.
    public func savePrefill(_ result: PrefillResult, for id: UUID) async throws {
        try await database.write { sql in
            try await sql.raw("UPDATE applications SET prefill_json = \(bind: SharingStore.encoded(result)) WHERE id = \(bind: id.lowercasedString)")
                .run()
        }
    }

    /// Forgets applications never filed as a case after `age` seconds, with their prefilled values and consents.
    @discardableResult
    public func purgeApplications(olderThan age: TimeInterval, at time: Date = Date()) async throws -> Int {
        let cutoff = Timestamp.string(time.addingTimeInterval(-age))
        return try await database.write { sql in
            try await sql.raw(
                """
                DELETE FROM consents WHERE application_id IN (
                    SELECT id FROM applications WHERE created_at < \(bind: cutoff) AND id NOT IN (SELECT id FROM cases))
                """
            ).run()
            return try await sql.raw(
                """
                DELETE FROM applications WHERE created_at < \(bind: cutoff) AND id NOT IN (SELECT id FROM cases)
                RETURNING id
                """
            ).all().count
        }
    }
}

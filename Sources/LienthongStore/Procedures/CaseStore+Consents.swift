import Foundation
import Lienthong
import SQLKit

extension CaseStore {
    /// Records the citizen's answers for one application, one per source, replacing earlier answers for the same
    /// application and source (a citizen who goes back and changes their mind), in one transaction.
    public func recordConsents(_ consents: [Consent]) async throws {
        try await database.write { sql in try await Self.insert(sql, consents) }
    }

    /// Inserts `consents`, each replacing an earlier answer for its application and source.
    static func insert(_ sql: any SQLDatabase, _ consents: [Consent]) async throws {
        for consent in consents {
            try await sql.raw(
                "DELETE FROM consents WHERE application_id = \(bind: consent.applicationID.lowercasedString) AND dataset_code = \(bind: consent.datasetCode)"
            ).run()
            try await sql.raw(
                """
                INSERT INTO consents (id, application_id, subject, procedure_code, dataset_code, source_agency, fields_json, accepted, given_at,
                    valid_until, withdrawn_at)
                VALUES (\(bind: consent.id.lowercasedString), \(bind: consent.applicationID.lowercasedString), \(bind: consent.subject),
                    \(bind: consent.procedureCode), \(bind: consent.datasetCode), \(bind: consent.sourceAgencyCode),
                    \(bind: SharingStore.encoded(consent.fields) ?? "[]"), \(bind: consent.accepted ? 1 : 0),
                    \(bind: Timestamp.string(consent.givenAt)), \(bind: consent.validUntil.description),
                    \(bind: consent.withdrawnAt.map(Timestamp.string)))
                """
            ).run()
        }
    }

    /// The answers given for one application, by source.
    public func consents(application id: UUID) async throws -> [Consent] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM consents WHERE application_id = \(bind: id.lowercasedString) ORDER BY given_at, dataset_code").all()
                .map(Self.consent)
        }
    }

    /// Every answer a citizen gave, newest first.
    public func consents(subject: String, limit: Int = 500) async throws -> [Consent] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM consents WHERE subject = \(bind: subject) ORDER BY given_at DESC, dataset_code LIMIT \(bind: limit)"
            ).all().map(Self.consent)
        }
    }

    /// Withdraws a consent of the citizen `subject` (another citizen's is as absent as a missing one).
    public func withdrawConsent(_ id: UUID, subject: String, at time: Date = Date()) async throws -> Consent {
        try await database.write { sql in
            guard
                var consent = try await sql.raw("SELECT * FROM consents WHERE id = \(bind: id.lowercasedString) AND subject = \(bind: subject)")
                    .first()
                    .map(Self.consent)
            else { throw ProcedureError.unknownConsent(id.lowercasedString) }
            guard consent.withdrawnAt == nil else { return consent }
            consent.withdrawnAt = time
            try await sql.raw("UPDATE consents SET withdrawn_at = \(bind: Timestamp.string(time)) WHERE id = \(bind: id.lowercasedString)").run()
            return consent
        }
    }

    static func consent(_ row: any SQLRow) throws -> Consent {
        Consent(
            id: try row.uuid("id"), applicationID: try row.uuid("application_id"), subject: try row.decode(column: "subject", as: String.self),
            procedureCode: try row.decode(column: "procedure_code", as: String.self),
            datasetCode: try row.decode(column: "dataset_code", as: String.self),
            sourceAgencyCode: try row.decode(column: "source_agency", as: String.self), fields: try row.json("fields_json", as: [String].self) ?? [],
            accepted: try row.decode(column: "accepted", as: Int.self) != 0, givenAt: try row.date("given_at"),
            validUntil: try civil(row, "valid_until") ?? CivilDate(dayNumber: 0), withdrawnAt: Timestamp.date(try row.optionalText("withdrawn_at")))
    }
}

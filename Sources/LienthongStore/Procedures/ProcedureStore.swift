import Foundation
import Lienthong
import SQLKit

/// Procedures: saved whole (checked by `Procedure.checked`) by the coordinator, listed for citizens. Saving a
/// procedure also makes its code a purpose on the coordinator's list, so that grants can name it and prefill reads
/// carry it.
public struct ProcedureStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Creates or replaces a procedure of an existing agency, in one transaction with its purpose. Its system, when
    /// named, must be an API client of the owner agency.
    public func save(_ procedure: Procedure, by username: String) async throws -> Procedure {
        let procedure = try procedure.checked()
        try await database.write { sql in
            _ = try await DirectoryStore.agencyID(sql, code: procedure.ownerAgencyCode)
            if let system = procedure.systemClientID {
                let owner = try await sql.raw(
                    "SELECT a.code FROM api_clients c JOIN agencies a ON a.id = c.agency_id WHERE c.id = \(bind: system.lowercasedString)"
                ).first()?.decode(column: "code", as: String.self)
                guard owner == procedure.ownerAgencyCode else { throw ProcedureError.invalidFields(["systemClientId"]) }
            }
            try await sql.raw("DELETE FROM procedures WHERE code = \(bind: procedure.code)").run()
            try await sql.raw(
                """
                INSERT INTO procedures (code, owner_agency, name_vi, name_en, system_client_id, processing_days, fee_dong, documents_json,
                    fields_json, active, updated_at, updated_by)
                VALUES (\(bind: procedure.code), \(bind: procedure.ownerAgencyCode), \(bind: procedure.nameVi), \(bind: procedure.nameEn),
                    \(bind: procedure.systemClientID?.lowercasedString), \(bind: procedure.processingDays), \(bind: procedure.feeDong),
                    \(bind: SharingStore.encoded(procedure.documents) ?? "[]"), \(bind: SharingStore.encoded(procedure.fields) ?? "[]"),
                    \(bind: procedure.active ? 1 : 0), \(bind: Timestamp.string(procedure.updatedAt)), \(bind: username))
                """
            ).run()
            if try await sql.raw("SELECT code FROM purposes WHERE code = \(bind: procedure.code)").first() == nil {
                try await sql.raw(
                    """
                    INSERT INTO purposes (code, name_vi, name_en, created_at)
                    VALUES (\(bind: procedure.code), \(bind: String(procedure.nameVi.prefix(200))), \(bind: String(procedure.nameEn.prefix(200))),
                        \(bind: Timestamp.string(procedure.updatedAt)))
                    """
                ).run()
            }
        }
        return procedure
    }

    /// Every procedure (or the active ones), by agency and code.
    public func procedures(activeOnly: Bool = false) async throws -> [Procedure] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT * FROM procedures"
            if activeOnly { query += " WHERE active = 1" }
            query += " ORDER BY owner_agency, code"
            return try await sql.raw(query).all().map(Self.procedure)
        }
    }

    /// The procedure `code`, or nil.
    public func procedure(_ code: String) async throws -> Procedure? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM procedures WHERE code = \(bind: code)").first().map(Self.procedure)
        }
    }

    static func procedure(_ row: any SQLRow) throws -> Procedure {
        Procedure(
            code: try row.decode(column: "code", as: String.self), nameVi: try row.decode(column: "name_vi", as: String.self),
            nameEn: try row.decode(column: "name_en", as: String.self), ownerAgencyCode: try row.decode(column: "owner_agency", as: String.self),
            systemClientID: try row.optionalText("system_client_id").flatMap(UUID.init(uuidString:)),
            processingDays: try row.decode(column: "processing_days", as: Int.self), feeDong: try row.decode(column: "fee_dong", as: Int.self),
            documents: try row.json("documents_json", as: [String].self) ?? [], fields: try row.json("fields_json", as: [FormField].self) ?? [],
            active: try row.decode(column: "active", as: Int.self) != 0, updatedAt: try row.date("updated_at"))
    }
}

import Foundation
import Lienthong
import SQLKit

extension DirectoryStore {
    /// Adds an agency; the parent, if any, must exist. Throws `StoreError.duplicate` for a taken code.
    @discardableResult
    public func createAgency(_ agency: Agency) async throws -> Agency {
        guard Identifiers.isValidCode(agency.code) else { throw DirectoryError.invalidCode(agency.code) }
        guard !agency.nameVi.isEmpty else { throw DirectoryError.invalidField("nameVi") }
        guard !agency.nameEn.isEmpty else { throw DirectoryError.invalidField("nameEn") }
        var agency = agency
        agency.nameVi = agency.nameVi.precomposedStringWithCanonicalMapping
        let stored = agency
        try await database.write { sql in
            let parentID = try await stored.parentCode.asyncMap { try await Self.agencyID(sql, code: $0) }
            try await sql.raw(
                """
                INSERT INTO agencies (id, code, name_vi, name_en, kind, parent_id, unit_code, created_at)
                VALUES (\(bind: stored.id.lowercasedString), \(bind: stored.code), \(bind: stored.nameVi), \(bind: stored.nameEn),
                        \(bind: stored.kind.rawValue), \(bind: parentID), \(bind: stored.unitCode),
                        \(bind: Timestamp.string(stored.createdAt)))
                """
            ).run()
        }
        return agency
    }

    /// Changes an agency's names, kind, parent or unit code (its code is stable).
    public func updateAgency(_ agency: Agency) async throws {
        try await database.write { sql in
            let parentID = try await agency.parentCode.asyncMap { try await Self.agencyID(sql, code: $0) }
            _ = try await Self.agencyID(sql, code: agency.code)
            try await sql.raw(
                """
                UPDATE agencies SET name_vi = \(bind: agency.nameVi.precomposedStringWithCanonicalMapping),
                    name_en = \(bind: agency.nameEn), kind = \(bind: agency.kind.rawValue),
                    parent_id = \(bind: parentID), unit_code = \(bind: agency.unitCode)
                WHERE code = \(bind: agency.code)
                """
            ).run()
        }
    }

    /// Agencies ordered by code: all of them, or `limit` after the code `after` (keyset paging).
    public func agencies(after: String? = nil, limit: Int? = nil) async throws -> [Agency] {
        try await database.read { sql in
            var query: SQLQueryString = "\(unsafeRaw: Self.agencySelect)"
            if let after { query += " WHERE a.code > \(bind: after)" }
            query += " ORDER BY a.code"
            if let limit { query += " LIMIT \(bind: limit)" }
            return try await sql.raw(query).all().map(Self.agency)
        }
    }

    /// The agency with `code`, or nil.
    public func agency(code: String) async throws -> Agency? {
        try await database.read { sql in
            try await sql.raw("\(unsafeRaw: Self.agencySelect) WHERE a.code = \(bind: code)").first().map(Self.agency)
        }
    }

    static let agencySelect = """
        SELECT a.id, a.code, a.name_vi, a.name_en, a.kind, p.code AS parent_code, a.unit_code, a.created_at
        FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id
        """

    static func agency(_ row: any SQLRow) throws -> Agency {
        Agency(
            id: try row.uuid("id"), code: try row.decode(column: "code", as: String.self),
            nameVi: try row.decode(column: "name_vi", as: String.self),
            nameEn: try row.decode(column: "name_en", as: String.self),
            kind: AgencyKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other,
            parentCode: try row.decode(column: "parent_code", as: String?.self),
            unitCode: try row.decode(column: "unit_code", as: String?.self),
            createdAt: try row.date("created_at"))
    }
}

extension Optional {
    /// `map` with an async transform: the wrapped value transformed, or nil.
    public func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}

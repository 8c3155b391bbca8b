import Foundation
import Lienthong
import SQLKit

/// Agency services: registration (checked by `AgencyService.checked`), lists, one service, and health results.
public struct ServiceStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Registers a service of an existing agency; its code is unique within the agency, its host one that `hosts`
    /// permits.
    public func register(_ service: AgencyService, hosts: ServiceHosts) async throws -> AgencyService {
        let service = try service.checked(hosts: hosts)
        try await database.write { sql in
            _ = try await DirectoryStore.agencyID(sql, code: service.agencyCode)
            try await sql.raw(
                """
                INSERT INTO agency_services (id, agency_code, code, name_vi, name_en, description_vi, base_url, openapi_json, endpoints_json,
                    sharing_level, timeout_ms, created_at, updated_at)
                VALUES (\(bind: service.id.lowercasedString), \(bind: service.agencyCode), \(bind: service.code), \(bind: service.nameVi),
                    \(bind: service.nameEn), \(bind: service.descriptionVi), \(bind: service.baseURL), \(bind: service.openAPI),
                    \(bind: SharingStore.encoded(service.endpoints) ?? "[]"), \(bind: service.sharingLevel.rawValue),
                    \(bind: service.timeoutMilliseconds), \(bind: Timestamp.string(service.createdAt)), \(bind: Timestamp.string(service.updatedAt)))
                """
            ).run()
        }
        return service
    }

    /// Every service, or an agency's, by agency and code.
    public func services(agencyCode: String? = nil) async throws -> [AgencyService] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT * FROM agency_services"
            if let agencyCode { query += " WHERE agency_code = \(bind: agencyCode)" }
            query += " ORDER BY agency_code, code"
            return try await sql.raw(query).all().map(Self.service)
        }
    }

    /// The service `agency/code`, or nil.
    public func service(agencyCode: String, code: String) async throws -> AgencyService? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM agency_services WHERE agency_code = \(bind: agencyCode) AND code = \(bind: code)").first()
                .map(Self.service)
        }
    }

    /// Records a health check's result.
    public func recordHealth(_ health: ServiceHealth, of id: UUID) async throws {
        try await database.write { sql in
            try await sql.raw(
                "UPDATE agency_services SET health_json = \(bind: SharingStore.encoded(health)) WHERE id = \(bind: id.lowercasedString)"
            ).run()
        }
    }

    static func service(_ row: any SQLRow) throws -> AgencyService {
        AgencyService(
            id: try row.uuid("id"), agencyCode: try row.decode(column: "agency_code", as: String.self),
            code: try row.decode(column: "code", as: String.self), nameVi: try row.decode(column: "name_vi", as: String.self),
            nameEn: try row.decode(column: "name_en", as: String.self), descriptionVi: try row.decode(column: "description_vi", as: String.self),
            baseURL: try row.decode(column: "base_url", as: String.self), openAPI: try row.decode(column: "openapi_json", as: String.self),
            endpoints: try row.json("endpoints_json", as: [ServiceEndpoint].self) ?? [],
            sharingLevel: SharingLevel(rawValue: try row.decode(column: "sharing_level", as: String.self)) ?? .private,
            timeoutMilliseconds: try row.decode(column: "timeout_ms", as: Int.self), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), health: try row.json("health_json", as: ServiceHealth.self))
    }
}

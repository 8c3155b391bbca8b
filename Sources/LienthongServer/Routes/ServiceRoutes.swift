import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// Agency services over the API: the list (shared and open ones for everyone, private ones for the city's staff),
/// one service with its endpoints and health, and registration by the agency's steward or the coordinator.
struct ServiceRoutes {
    let services: AppServices

    struct NewService: APIInput {
        static let fields: Set<String> = [
            "agencyCode", "code", "nameVi", "nameEn", "descriptionVi", "baseUrl", "openApi", "endpoints", "sharingLevel", "timeoutMs",
        ]
        let agencyCode: String?
        let code: String
        let nameVi: String
        let nameEn: String
        let descriptionVi: String?
        let baseUrl: String
        /// The service's OpenAPI document as JSON text; its paths become the endpoints when none are listed.
        let openApi: String?
        let endpoints: [String]?
        let sharingLevel: SharingLevel?
        let timeoutMs: Int?
    }

    struct Page: Encodable, Sendable {
        let items: [ServiceView]
        let nextCursor: String?
    }

    func register(on routes: RouteRegistrar) {
        let store = ServiceStore(database: services.database)
        routes.add(.get, "/api/v1/services") { _, context in
            let all = try await store.services().filter { Self.canSee($0, context) }
            return try JSONCoding.response(Page(items: all.map(ServiceView.init), nextCursor: nil))
        }
        routes.add(.get, "/api/v1/services/{agency}/{service}") { _, context in
            try JSONCoding.response(ServiceView(try await Self.visible(context, store: store)))
        }
        routes.add(.post, "/api/v1/services") { request, context in
            let body = try await request.decodeJSON(NewService.self, limit: services.configuration.maxJSONBodyBytes)
            let agency = body.agencyCode ?? context.identity?.agencyCode ?? ""
            try DatasetRoutes.requireOwner(agency, context)
            let endpoints = try (body.endpoints ?? []).map { key in
                guard let endpoint = ServiceEndpoint(key: key) else { throw Problem.invalidField("endpoints") }
                return endpoint
            }
            let service = try await store.register(
                AgencyService(
                    agencyCode: agency, code: body.code, nameVi: body.nameVi, nameEn: body.nameEn, descriptionVi: body.descriptionVi ?? "",
                    baseURL: body.baseUrl, openAPI: body.openApi ?? "", endpoints: endpoints, sharingLevel: body.sharingLevel ?? .shared,
                    timeoutMilliseconds: body.timeoutMs ?? 10_000),
                hosts: services.configuration.serviceHosts)
            try await services.audit.record(context, "service.register", resource: "service:\(service.key)")
            return try JSONCoding.response(ServiceView(service), status: .created)
        }
    }

    /// Private services are for the city's staff; the rest for everyone.
    static func canSee(_ service: AgencyService, _ context: AppRequestContext) -> Bool {
        service.sharingLevel != .private || context.identity != nil
    }

    /// The service in the path, if the caller may see it (otherwise 404).
    static func visible(_ context: AppRequestContext, store: ServiceStore) async throws -> AgencyService {
        let agency = try context.parameters.require("agency")
        let code = try context.parameters.require("service")
        guard let service = try await store.service(agencyCode: agency, code: code), canSee(service, context) else {
            throw ServiceError.unknownService("\(agency)/\(code)")
        }
        return service
    }
}

/// An agency service as the API shows it: where consumers call it, not where it runs.
struct ServiceView: Encodable, Sendable {
    let id: String
    let agencyCode: String
    let code: String
    let nameVi: String
    let nameEn: String
    let descriptionVi: String
    let gatewayPath: String
    let endpoints: [String]
    let sharingLevel: SharingLevel
    let timeoutMs: Int
    let health: ServiceHealth?

    init(_ service: AgencyService) {
        id = service.id.lowercasedString
        agencyCode = service.agencyCode
        code = service.code
        nameVi = service.nameVi
        nameEn = service.nameEn
        descriptionVi = service.descriptionVi
        gatewayPath = "/gateway/v1/services/\(service.key)"
        endpoints = service.endpoints.map(\.key)
        sharingLevel = service.sharingLevel
        timeoutMs = service.timeoutMilliseconds
        health = service.health
    }
}

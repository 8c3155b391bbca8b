import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The directory of agencies: public to read, changed by the coordinator.
struct AgencyRoutes {
    let services: AppServices

    struct NewAgency: APIInput {
        static let fields: Set<String> = ["code", "nameVi", "nameEn", "kind", "parentCode", "unitCode"]
        let code: String
        let nameVi: String
        let nameEn: String
        let kind: AgencyKind
        let parentCode: String?
        let unitCode: String?
    }

    struct AgencyChange: APIInput {
        static let fields: Set<String> = ["nameVi", "nameEn", "kind", "parentCode", "unitCode"]
        let nameVi: String?
        let nameEn: String?
        let kind: AgencyKind?
        let parentCode: String?
        let unitCode: String?
    }

    func register(on routes: RouteRegistrar) {
        let limit = services.configuration.maxJSONBodyBytes
        let directory = services.directory
        routes.add(.get, "/api/v1/agencies") { request, _ in
            let paging = try Paging(request.uri.queryParameters)
            let page = paging.page(try await directory.agencies(after: paging.after, limit: paging.limit + 1)) { $0.code }
            return try JSONCoding.response(ListPage(items: page.items.map(AgencyView.init), nextCursor: page.nextCursor))
        }
        routes.add(.post, "/api/v1/agencies") { request, context in
            let input = try await request.decodeJSON(NewAgency.self, limit: limit)
            let agency = try await directory.createAgency(
                Agency(
                    code: input.code, nameVi: input.nameVi, nameEn: input.nameEn, kind: input.kind,
                    parentCode: input.parentCode, unitCode: input.unitCode))
            try await services.audit.record(context, "agency.create", resource: "agency:\(agency.code)")
            return try JSONCoding.response(AgencyView(agency), status: .created)
        }
        routes.add(.get, "/api/v1/agencies/{code}") { _, context in
            let code = try context.parameters.require("code")
            guard let agency = try await directory.agency(code: code) else { throw DirectoryError.unknownAgency(code) }
            return try JSONCoding.response(AgencyView(agency))
        }
        routes.add(.patch, "/api/v1/agencies/{code}") { request, context in
            let code = try context.parameters.require("code")
            let input = try await request.decodeJSON(AgencyChange.self, limit: limit)
            guard var agency = try await directory.agency(code: code) else { throw DirectoryError.unknownAgency(code) }
            if let nameVi = input.nameVi { agency.nameVi = nameVi }
            if let nameEn = input.nameEn { agency.nameEn = nameEn }
            if let kind = input.kind { agency.kind = kind }
            if let parentCode = input.parentCode { agency.parentCode = parentCode.isEmpty ? nil : parentCode }
            if let unitCode = input.unitCode { agency.unitCode = unitCode.isEmpty ? nil : unitCode }
            guard agency.parentCode != agency.code else { throw Problem.invalidField("parentCode") }
            try await directory.updateAgency(agency)
            try await services.audit.record(context, "agency.update", resource: "agency:\(code)")
            return try JSONCoding.response(try await directory.agency(code: code).map(AgencyView.init))
        }
    }
}

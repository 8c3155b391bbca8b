import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// Declare-once services over the API: procedures (the coordinator edits them), a citizen's application
/// (consent, the prefilled form, the case), an agency's cases for its officers, ratings, consents and the
/// service indicators the programme tracker reads.
struct ProcedureRoutes {
    let services: AppServices

    struct ProcedureBody: APIInput {
        static let fields: Set<String> = [
            "nameVi", "nameEn", "ownerAgencyCode", "systemClientId", "processingDays", "feeDong", "documents", "fields", "active",
        ]
        let nameVi: String
        let nameEn: String
        let ownerAgencyCode: String
        let systemClientId: UUID?
        let processingDays: Int
        let feeDong: Int?
        let documents: [String]?
        let fields: [FormField]
        let active: Bool?
    }

    struct ApplicationBody: APIInput {
        static let fields: Set<String> = ["accept"]
        /// The datasets the citizen accepts as sources; the others are declined.
        let accept: [String]
    }

    struct CaseBody: APIInput {
        static let fields: Set<String> = ["values"]
        /// The typed values by form field name (prefilled fields are taken as read).
        let values: [String: String]?
    }

    struct StatusBody: APIInput {
        static let fields: Set<String> = ["status", "note"]
        let status: CaseStatus
        let note: String?
    }

    struct RatingBody: APIInput {
        static let fields: Set<String> = ["stars", "comment"]
        let stars: Int
        let comment: String?
    }

    /// An empty JSON object: a cookie-authenticated action needs a JSON body, which a cross-site form cannot send.
    struct EmptyBody: APIInput {
        static let fields: Set<String> = []
    }

    /// A notice to the citizen that their case moved on.
    struct CitizenNoticeView: Encodable, Sendable {
        let id: String
        let caseId: String
        let createdAt: Date
        let text: String
        let link: String
        let seen: Bool
    }

    struct ApplicationView: Encodable, Sendable {
        let id: String
        let procedure: String
        let consents: [ConsentView]
    }

    func register(on routes: RouteRegistrar) {
        let desk = CaseDesk(services: services)
        let limit = services.configuration.maxJSONBodyBytes
        routes.add(.get, "/api/v1/procedures") { _, _ in
            try JSONCoding.response(SharingRoutes.Page(items: try await desk.procedures.procedures().map(ProcedureView.init), nextCursor: nil))
        }
        routes.add(.get, "/api/v1/procedures/{code}") { _, context in
            try JSONCoding.response(ProcedureView(try await desk.procedure(try context.parameters.require("code"), includingInactive: true)))
        }
        routes.add(.put, "/api/v1/procedures/{code}") { request, context in
            let body = try await request.decodeJSON(ProcedureBody.self, limit: limit)
            let code = try context.parameters.require("code")
            let existed = try await desk.procedures.procedure(code) != nil
            let saved = try await desk.procedures.save(
                Procedure(
                    code: code, nameVi: body.nameVi, nameEn: body.nameEn, ownerAgencyCode: body.ownerAgencyCode, systemClientID: body.systemClientId,
                    processingDays: body.processingDays, feeDong: body.feeDong ?? 0, documents: body.documents ?? [], fields: body.fields,
                    active: body.active ?? true),
                by: Auditor.actor(context.identity).id)
            try await services.audit.record(context, existed ? "procedure.update" : "procedure.create", resource: "procedure:\(code)")
            return try JSONCoding.response(ProcedureView(saved), status: existed ? .ok : .created)
        }
        routes.add(.post, "/api/v1/procedures/{code}/applications") { request, context in
            let citizen = try await Self.citizen(request, services: services)
            let body = try await request.decodeJSON(ApplicationBody.self, limit: limit)
            let procedure = try await desk.procedure(try context.parameters.require("code"))
            let id = try await desk.start(procedure, subject: citizen.subject, accepted: Set(body.accept), context: context)
            let consents = try await desk.store.consents(application: id)
            return try JSONCoding.response(
                ApplicationView(id: id.lowercasedString, procedure: procedure.code, consents: consents.map { ConsentView($0) }), status: .created)
        }
        routes.add(.get, "/api/v1/applications/{id}/form") { request, context in
            let citizen = try await Self.citizen(request, services: services)
            let id = try Self.uuid(context, "id")
            let form = try await desk.form(id, subject: citizen.subject, citizenID: citizen.citizenID, context: context)
            return try JSONCoding.response(FormView(id: id, procedure: form.procedure, prefill: form.prefill, language: context.language))
        }
        routes.add(.post, "/api/v1/applications/{id}/case") { request, context in
            let citizen = try await Self.citizen(request, services: services)
            let body = try await request.decodeJSON(CaseBody.self, limit: limit)
            let key = request.headers[.idempotencyKey].map { String($0.prefix(200)) }
            let result = try await desk.submit(
                try Self.uuid(context, "id"), subject: citizen.subject, citizenID: citizen.citizenID, typed: body.values ?? [:], idempotencyKey: key,
                context: context)
            return try JSONCoding.response(CaseView(result.case), status: result.created ? .created : .ok)
        }
        routes.add(.get, "/api/v1/citizen/cases") { request, _ in
            let citizen = try await Self.citizen(request, services: services)
            let cases = try await desk.store.cases(CaseStore.Filter(subject: citizen.subject))
            return try JSONCoding.response(SharingRoutes.Page(items: cases.map { CaseView($0) }, nextCursor: nil))
        }
        routes.add(.post, "/api/v1/citizen/cases/{id}/rating") { request, context in
            let citizen = try await Self.citizen(request, services: services)
            let body = try await request.decodeJSON(RatingBody.self, limit: limit)
            let rated = try await desk.rate(
                try Self.uuid(context, "id"), subject: citizen.subject, stars: body.stars, comment: body.comment ?? "", context: context)
            return try JSONCoding.response(CaseView(rated))
        }
        routes.add(.get, "/api/v1/citizen/notifications") { request, context in
            let citizen = try await Self.citizen(request, services: services)
            let notices = try await desk.store.notices(subject: citizen.subject).map {
                CitizenNoticeView(
                    id: $0.id.lowercasedString, caseId: $0.caseID.lowercasedString, createdAt: $0.createdAt, text: $0.text.text(context.language),
                    link: $0.link, seen: $0.seenAt != nil)
            }
            return try JSONCoding.response(SharingRoutes.Page(items: notices, nextCursor: nil))
        }
        routes.add(.get, "/api/v1/citizen/consents") { request, _ in
            let citizen = try await Self.citizen(request, services: services)
            return try JSONCoding.response(
                SharingRoutes.Page(items: try await desk.store.consents(subject: citizen.subject).map { ConsentView($0) }, nextCursor: nil))
        }
        routes.add(.post, "/api/v1/citizen/consents/{id}/withdraw") { request, context in
            let citizen = try await Self.citizen(request, services: services)
            _ = try await request.decodeJSON(EmptyBody.self, limit: limit)
            return try JSONCoding.response(
                ConsentView(try await desk.withdraw(try Self.uuid(context, "id"), subject: citizen.subject, context: context)))
        }
        routes.add(.get, "/api/v1/cases") { request, context in
            let parameters = request.uri.queryParameters
            var filter = CaseStore.Filter(agencyCode: Self.agencyScope(context), procedureCode: parameters["procedure"].map(String.init))
            if let status = parameters["status"] {
                guard let status = CaseStatus(rawValue: String(status)) else { throw Problem.invalidField("status") }
                filter.statuses = [status]
            }
            return try JSONCoding.response(SharingRoutes.Page(items: try await desk.store.cases(filter).map { CaseView($0) }, nextCursor: nil))
        }
        routes.add(.get, "/api/v1/cases/{id}") { _, context in
            let item = try await Self.visibleCase(try Self.uuid(context, "id"), context: context, desk: desk)
            try await Self.auditRead(item, context: context, services: services)
            return try JSONCoding.response(CaseView(item))
        }
        routes.add(.post, "/api/v1/cases/{id}/status") { request, context in
            let body = try await request.decodeJSON(StatusBody.self, limit: limit)
            return try JSONCoding.response(
                CaseView(try await desk.move(try Self.uuid(context, "id"), to: body.status, note: body.note ?? "", context: context)))
        }
        routes.add(.get, "/api/v1/service-indicators") { request, _ in
            let agency = request.uri.queryParameters["agency"].map(String.init)
            return try JSONCoding.response(try await desk.indicators(agencyCode: agency))
        }
    }

    /// The signed-in citizen, or 401.
    static func citizen(_ request: Request, services: AppServices) async throws -> (subject: String, citizenID: String?) {
        guard let citizen = try await CitizenSession.citizen(request, services: services) else {
            throw Problem(.unauthorized, type: "citizen-sign-in", title: Messages.citizenSignInNeeded)
        }
        return citizen
    }

    static func uuid(_ context: AppRequestContext, _ name: String) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require(name)) else { throw Problem.notFound }
        return id
    }

    /// The agency whose cases a staff member sees: their own, except the coordinator and the inspector (all).
    static func agencyScope(_ context: AppRequestContext) -> String? {
        guard let identity = context.identity, identity.role != .admin, identity.role != .inspector else { return nil }
        return identity.agencyCode
    }

    /// A staff member's look at a case is a read of the citizen's data: it is in their "who read my data".
    static func auditRead(_ item: ServiceCase, context: AppRequestContext, services: AppServices) async throws {
        try await services.audit.record(context, "case.read", resource: "case:\(item.number)", purpose: item.procedureCode, subjects: [item.subject])
    }

    /// A case the staff member may see (another agency's is as absent as a missing one).
    static func visibleCase(_ id: UUID, context: AppRequestContext, desk: CaseDesk) async throws -> ServiceCase {
        guard let item = try await desk.store.case(id: id), agencyScope(context).map({ $0 == item.agencyCode }) ?? true else {
            throw ProcedureError.unknownCase(id.lowercasedString)
        }
        return item
    }
}

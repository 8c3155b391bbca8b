import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The sharing workflow over the API: purposes, access requests and their answers, the coordinator's decisions,
/// grants and their revocation, the scoreboard and an agency's notifications.
struct SharingRoutes {
    let services: AppServices

    struct NewRequest: APIInput {
        static let fields: Set<String> = [
            "dataset", "service", "fields", "endpoints", "purpose", "legalBasis", "justification", "clientIds", "until", "requesterAgencyCode",
        ]
        /// A dataset's code, or…
        let dataset: String?
        /// …a service's `agency/code`.
        let service: String?
        let fields: [String]?
        /// A service's endpoints (`GET /facilities/{id}`).
        let endpoints: [String]?
        let purpose: String
        let legalBasis: String
        let justification: String?
        let clientIds: [UUID]?
        let until: CivilDate
        let requesterAgencyCode: String?
    }

    struct AnswerBody: APIInput {
        static let fields: Set<String> = ["decision", "fields", "rowFilter", "validUntil", "reason", "legalBasis"]
        let decision: AccessAnswer.Decision
        let fields: [String]?
        let rowFilter: RowFilter?
        let validUntil: CivilDate?
        let reason: String?
        let legalBasis: String?
    }

    struct DecisionBody: APIInput {
        static let fields: Set<String> = ["decision", "note", "legalBasis"]
        let decision: CoordinatorDecision.Kind
        let note: String?
        let legalBasis: String?
    }

    struct RevokeBody: APIInput {
        static let fields: Set<String> = ["reason"]
        let reason: String
    }

    struct PurposeBody: APIInput {
        static let fields: Set<String> = ["code", "nameVi", "nameEn"]
        let code: String
        let nameVi: String
        let nameEn: String
    }

    struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
        let items: [Item]
        let nextCursor: String?
    }

    struct NotificationView: Encodable, Sendable {
        let id: String
        let createdAt: Date
        let kind: String
        let text: String
        let link: String
    }

    func register(on routes: RouteRegistrar) {
        let desk = SharingDesk(services: services)
        let store = desk.store
        let limit = services.configuration.maxJSONBodyBytes
        let calendar = services.configuration.calendar
        routes.add(.get, "/api/v1/purposes") { _, _ in
            try JSONCoding.response(Page(items: try await store.purposes(), nextCursor: nil))
        }
        routes.add(.post, "/api/v1/purposes") { request, context in
            let body = try await request.decodeJSON(PurposeBody.self, limit: limit)
            let purpose = try await store.addPurpose(Purpose(code: body.code, nameVi: body.nameVi, nameEn: body.nameEn))
            try await services.audit.record(context, "purpose.create", resource: "purpose:\(purpose.code)")
            return try JSONCoding.response(purpose, status: .created)
        }
        routes.add(.get, "/api/v1/access-requests") { request, context in
            let filter = try Self.requestFilter(request.uri.queryParameters, identity: context.identity)
            let items = try await store.requests(filter).map { AccessRequestView($0, calendar: calendar) }
            return try JSONCoding.response(Page(items: items, nextCursor: nil))
        }
        routes.add(.post, "/api/v1/access-requests") { request, context in
            let body = try await request.decodeJSON(NewRequest.self, limit: limit)
            guard (body.dataset == nil) != (body.service == nil) else { throw Problem.invalidField(body.dataset == nil ? "dataset" : "service") }
            let ask = SharingDesk.Ask(
                dataset: body.dataset ?? body.service ?? "", service: body.service != nil,
                fields: body.service != nil ? body.endpoints ?? [] : body.fields ?? [], purpose: body.purpose, legalBasis: body.legalBasis,
                justification: body.justification ?? "", clientIDs: body.clientIds ?? [], until: body.until,
                requesterAgencyCode: body.requesterAgencyCode)
            let key = request.headers[.idempotencyKey].map { String($0.prefix(200)) }
            let result = try await desk.submit(ask, context: context, idempotencyKey: key)
            return try JSONCoding.response(AccessRequestView(result.request, calendar: calendar), status: result.created ? .created : .ok)
        }
        routes.add(.get, "/api/v1/access-requests/{id}") { _, context in
            let record = try await desk.visible(try context.parameters.require("id"), context: context)
            return try JSONCoding.response(AccessRequestView(record.request, events: record.events, calendar: calendar))
        }
        routes.add(.post, "/api/v1/access-requests/{id}/answer") { request, context in
            let body = try await request.decodeJSON(AnswerBody.self, limit: limit)
            let answer = AccessAnswer(
                decision: body.decision, fields: body.fields ?? [], rowFilter: body.rowFilter, validUntil: body.validUntil,
                reason: body.reason ?? "", legalBasis: body.legalBasis ?? "", by: Auditor.actor(context.identity).id, at: Date())
            let record = try await desk.answer(try context.parameters.require("id"), answer, context: context)
            return try JSONCoding.response(AccessRequestView(record.request, events: record.events, calendar: calendar))
        }
        routes.add(.post, "/api/v1/access-requests/{id}/decision") { request, context in
            let body = try await request.decodeJSON(DecisionBody.self, limit: limit)
            let decision = CoordinatorDecision(
                kind: body.decision, note: body.note ?? "", legalBasis: body.legalBasis ?? "", by: Auditor.actor(context.identity).id, at: Date())
            let record = try await desk.decide(try context.parameters.require("id"), decision, context: context)
            return try JSONCoding.response(AccessRequestView(record.request, events: record.events, calendar: calendar))
        }
        routes.add(.post, "/api/v1/access-requests/{id}/withdraw") { _, context in
            let record = try await desk.withdraw(try context.parameters.require("id"), context: context)
            return try JSONCoding.response(AccessRequestView(record.request, events: record.events, calendar: calendar))
        }
        routes.add(.get, "/api/v1/grants") { request, context in
            let active = try request.uri.queryParameters.choice("active", as: BooleanChoice.self) == .true
            return try JSONCoding.response(
                Page(items: try await desk.grants(context: context, activeOnly: active).map { GrantView($0) }, nextCursor: nil))
        }
        routes.add(.get, "/api/v1/grants/{id}") { _, context in
            let id = try context.parameters.require("id")
            guard let grant = try await desk.grants(context: context, activeOnly: false).first(where: { $0.id.lowercasedString == id.lowercased() })
            else { throw SharingError.unknownGrant(id) }
            return try JSONCoding.response(GrantView(grant))
        }
        routes.add(.post, "/api/v1/grants/{id}/revoke") { request, context in
            let body = try await request.decodeJSON(RevokeBody.self, limit: limit)
            let grant = try await desk.revoke(try context.parameters.require("id"), reason: body.reason, context: context)
            return try JSONCoding.response(GrantView(grant))
        }
        routes.add(.get, "/api/v1/sharing/scoreboard") { _, context in
            var board = try await desk.scoreboard()
            // The public sees the counts; the written refusal reasons are for the city's staff.
            if context.identity?.role == nil {
                board.lines = board.lines.map { line in
                    var line = line
                    line.refusalReasons = []
                    return line
                }
            }
            return try JSONCoding.response(board)
        }
        routes.add(.get, "/api/v1/notifications") { _, context in
            guard let identity = context.identity else { throw Problem.unauthenticated }
            let items = try await store.notifications(agencyCode: identity.agencyCode).map {
                NotificationView(
                    id: $0.id.lowercasedString, createdAt: $0.createdAt, kind: $0.kind, text: $0.text.text(context.language), link: $0.link)
            }
            return try JSONCoding.response(Page(items: items, nextCursor: nil))
        }
    }

    /// `box=inbox` (sent to the caller's agency), `outbox` (sent by it) or `all` (both; everything for the
    /// coordinator and overseers); `status=` one status, `dataset=` one dataset.
    static func requestFilter(_ parameters: Parameters, identity: Identity?) throws -> SharingStore.RequestFilter {
        guard let identity, let role = identity.role else { throw Problem.unauthenticated }
        var filter = SharingStore.RequestFilter()
        let overseer = [Role.admin, .inspector, .security].contains(role)
        switch parameters.get("box") ?? "all" {
        case "inbox": filter.ownerAgencyCode = identity.agencyCode
        case "outbox": filter.requesterAgencyCode = identity.agencyCode
        case "all": if !overseer { filter.involvingAgencyCode = identity.agencyCode }
        default: throw Problem.invalidField("box")
        }
        if let status = try parameters.choice("status", as: AccessRequestStatus.self) { filter.statuses = [status] }
        filter.datasetCode = parameters.get("dataset").flatMap { $0.isEmpty ? nil : $0 }
        return filter
    }
}

/// `true` or `false` in a query string.
enum BooleanChoice: String, CaseIterable, Sendable {
    case `true`, `false`
}

extension HTTPField.Name {
    static let idempotencyKey = Self("Idempotency-Key")!
}

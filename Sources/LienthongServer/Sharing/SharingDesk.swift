import Foundation
import Lienthong
import LienthongStore

/// The sharing workflow as the API, the web pages and the escalation job use it: who may do what with a request
/// or a grant, the store's transaction, the audit entry and the notices, in one place.
struct SharingDesk: Sendable {
    let services: AppServices
    var store: SharingStore { SharingStore(database: services.database) }
    var datasets: DatasetStore { DatasetStore(database: services.database) }

    /// What a requester asks for.
    struct Ask: Sendable {
        /// The dataset's code; for a service, its `agency/code` with `service` set.
        var dataset: String
        var service: Bool = false
        /// Fields of a dataset, or endpoints of a service (`GET /facilities/{id}`); empty: all.
        var fields: [String]
        var purpose: String
        var legalBasis: String
        var justification: String
        var clientIDs: [UUID]
        var until: CivilDate
        /// The requesting agency: the caller's own, unless the coordinator files for another.
        var requesterAgencyCode: String?
    }

    /// Files a request from the caller's agency: checked against the dataset, due in the configured working days.
    func submit(_ ask: Ask, context: AppRequestContext, idempotencyKey: String?) async throws -> (request: AccessRequest, created: Bool) {
        guard let identity = context.identity, case .staff(let user, _) = identity else { throw Problem.unauthenticated }
        guard user.role == .steward || user.role == .admin else { throw Problem.forbidden }
        let requester = user.role == .admin ? (ask.requesterAgencyCode ?? user.agencyCode) : user.agencyCode
        if ask.requesterAgencyCode != nil, ask.requesterAgencyCode != user.agencyCode, user.role != .admin { throw Problem.forbidden }
        let now = Date()
        let today = CivilDate(vietnam: now)
        let target: (owner: String, code: String, fields: [String])
        if ask.service {
            let parts = ask.dataset.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let service = try await ServiceStore(database: services.database).service(agencyCode: parts[0], code: parts[1])
            else { throw ServiceError.unknownService(ask.dataset) }
            target = (
                service.agencyCode, service.key,
                try AccessRequest.checkedEndpoints(
                    ask.fields, service: service, requester: requester, legalBasis: ask.legalBasis, until: ask.until, today: today)
            )
        } else {
            let dataset = try await DatasetRoutes.visible(context, store: datasets, id: ask.dataset)
            guard dataset.status == .published else { throw CatalogError.unknownDataset(ask.dataset) }
            let schema = try await datasets.schema(of: dataset)
            target = (
                dataset.ownerAgencyCode, dataset.code,
                try AccessRequest.checkedFields(
                    ask.fields, dataset: dataset, schema: schema, requester: requester, legalBasis: ask.legalBasis, until: ask.until, today: today)
            )
        }
        let clients = try await services.directory.apiClients(agencyCode: requester)
        let unknownClients = ask.clientIDs.filter { id in !clients.contains { $0.id == id } }
        if !unknownClients.isEmpty { throw SharingError.invalidFields(["clientIds"]) }
        let request = AccessRequest(
            requesterAgencyCode: requester, ownerAgencyCode: target.owner, target: ask.service ? .service : .dataset, datasetCode: target.code,
            fields: target.fields,
            purposeCode: ask.purpose, legalBasis: ask.legalBasis.trimmingCharacters(in: .whitespacesAndNewlines),
            justification: ask.justification.trimmingCharacters(in: .whitespacesAndNewlines), clientIDs: ask.clientIDs,
            requestedUntil: ask.until, submittedBy: user.username, submittedAt: now,
            dueOn: services.configuration.calendar.adding(workingDays: services.configuration.answerWorkingDays, to: today))
        let result = try await store.submit(request, idempotencyKey: idempotencyKey, notice: try await notices().received(request))
        if result.created {
            try await services.audit.record(
                context, "accessRequest.submit", resource: "accessRequest:\(request.id.lowercasedString)", datasetCode: request.datasetCode,
                purpose: request.purposeCode)
        }
        return result
    }

    /// A request the caller may see: staff of either agency, the coordinator, inspectors and the security officer.
    func visible(_ id: String, context: AppRequestContext) async throws -> SharingStore.RequestRecord {
        guard let identity = context.identity, let role = identity.role else { throw Problem.unauthenticated }
        guard let uuid = UUID(uuidString: id), let record = try await store.request(id: uuid) else { throw SharingError.unknownRequest(id) }
        let involved = [record.request.ownerAgencyCode, record.request.requesterAgencyCode].contains(identity.agencyCode)
        guard involved || [.admin, .inspector, .security].contains(role) else { throw SharingError.unknownRequest(id) }
        return record
    }

    /// The owner's steward answers.
    func answer(_ id: String, _ answer: AccessAnswer, context: AppRequestContext) async throws -> SharingStore.RequestRecord {
        let record = try await visible(id, context: context)
        guard context.identity?.role == .steward, context.identity?.agencyCode == record.request.ownerAgencyCode else { throw Problem.forbidden }
        // A service's answer narrows endpoints or time only: no schema, so no row filter.
        var schema = TableSchema(fields: [])
        if record.request.target == .dataset {
            guard let dataset = try await datasets.dataset(record.request.datasetCode) else {
                throw CatalogError.unknownDataset(record.request.datasetCode)
            }
            schema = try await datasets.schema(of: dataset)
        }
        let checked = try record.request.checked(answer, schema: schema)
        let saved = try await store.answer(
            record.request.id, with: checked, notice: try await notices().answered(record.request, decision: checked.decision))
        services.grants.forget()
        try await services.audit.record(
            context, "accessRequest.\(checked.decision.rawValue)", resource: "accessRequest:\(record.request.id.lowercasedString)",
            datasetCode: record.request.datasetCode, purpose: record.request.purposeCode)
        return saved
    }

    /// The coordinator orders the grant or upholds the refusal.
    func decide(_ id: String, _ decision: CoordinatorDecision, context: AppRequestContext) async throws -> SharingStore.RequestRecord {
        let record = try await visible(id, context: context)
        guard context.identity?.role == .admin else { throw Problem.forbidden }
        let text = try await notices().decided(record.request, kind: decision.kind)
        let saved = try await store.decide(
            record.request.id, with: decision,
            notices: [(record.request.ownerAgencyCode, text), (record.request.requesterAgencyCode, text)])
        services.grants.forget()
        try await services.audit.record(
            context, "accessRequest.\(decision.kind.rawValue)", resource: "accessRequest:\(record.request.id.lowercasedString)",
            datasetCode: record.request.datasetCode, purpose: record.request.purposeCode)
        return saved
    }

    /// The requester's steward (or the coordinator) withdraws an open request.
    func withdraw(_ id: String, context: AppRequestContext) async throws -> SharingStore.RequestRecord {
        let record = try await visible(id, context: context)
        guard let identity = context.identity,
            identity.role == .admin || (identity.role == .steward && identity.agencyCode == record.request.requesterAgencyCode)
        else { throw Problem.forbidden }
        let saved = try await store.withdraw(record.request.id, by: Auditor.actor(identity).id)
        try await services.audit.record(
            context, "accessRequest.withdraw", resource: "accessRequest:\(record.request.id.lowercasedString)",
            datasetCode: record.request.datasetCode)
        return saved
    }

    /// Grants the caller may see: those of its agency (as consumer or owner); all for the coordinator and overseers.
    func grants(context: AppRequestContext, activeOnly: Bool) async throws -> [Grant] {
        guard let identity = context.identity, let role = identity.role else { throw Problem.unauthenticated }
        let now = activeOnly ? Date() : nil
        if [.admin, .inspector, .security].contains(role) { return try await store.grants(.init(activeAt: now)) }
        let consumed = try await store.grants(.init(consumerAgencyCode: identity.agencyCode, activeAt: now))
        let owned = try await store.grants(.init(ownerAgencyCode: identity.agencyCode, activeAt: now))
        return (consumed + owned).sorted { $0.createdAt > $1.createdAt }
    }

    /// Revokes a grant: the owner's steward, the coordinator or the security officer. Effective at once here and
    /// within a second on every other node.
    func revoke(_ id: String, reason: String, context: AppRequestContext) async throws -> Grant {
        guard let identity = context.identity, let role = identity.role else { throw Problem.unauthenticated }
        guard let uuid = UUID(uuidString: id), let grant = try await store.grant(id: uuid) else { throw SharingError.unknownGrant(id) }
        let owner = try await store.datasetOwners()[grant.datasetCode]
        guard role == .admin || role == .security || (role == .steward && identity.agencyCode == owner) else { throw Problem.forbidden }
        let text = try await notices().revoked(grant, reason: reason)
        let revoked = try await store.revoke(
            uuid, by: Auditor.actor(identity).id, reason: reason,
            notices: [(grant.consumerAgencyCode, text)] + (owner.map { [($0, text)] } ?? []))
        services.grants.forget()
        try await services.audit.record(context, "grant.revoke", resource: "grant:\(uuid.lowercasedString)", datasetCode: grant.datasetCode)
        return revoked
    }

    /// The scoreboard from live data.
    func scoreboard() async throws -> SharingScoreboard {
        try await store.scoreboard(calendar: services.configuration.calendar)
    }

    /// Escalates what is overdue and reminds of grants about to end (`SharingStore.runDeadlines`).
    func runDeadlines(now: Date = Date()) async throws -> (escalated: [AccessRequest], reminded: [Grant]) {
        try await store.runDeadlines(calendar: services.configuration.calendar, now: now, audit: services.audit.log.store)
    }

    /// Agency names and dataset titles for the notices.
    func notices() async throws -> SharingNotices { try await store.notices() }
}

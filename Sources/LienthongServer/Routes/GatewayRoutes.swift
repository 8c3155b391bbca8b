import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The gateway: consumer systems read other agencies' records under a grant, with the records query language of
/// the API. The key says which agency and system calls; `Lienthong-Purpose` says why, and a grant in force must
/// cover the system, the dataset, the purpose and every field named; rows outside the grant's row filter never
/// leave the database. Each read is in the audit log with the people it concerns before the answer goes out.
struct GatewayRoutes {
    let services: AppServices

    /// What the caller may read, once the gate has let it through.
    struct Access: Sendable {
        let client: APIClient
        let dataset: Dataset
        let lastLoaded: Date?
        let purpose: String?
        /// The grant used (nil for open data and the owner's own systems).
        let grant: Grant?
    }

    func register(on routes: RouteRegistrar) {
        let datasets = DatasetStore(database: services.database)
        let hosted = HostedDataStore(database: services.database)
        routes.add(.get, "/gateway/v1/datasets/{id}/records") { request, context in
            let items = request.uri.formItems
            let (access, candidates) = try await gate(request, context)
            let version = try RecordQuery.schemaVersion(in: items) ?? access.dataset.schemaVersion
            let schema = try await datasets.schema(of: access.dataset, version: version)
            var query = try RecordQuery(items: items, schema: schema)
            let granted = try await restrict(&query, schema: schema, access: access, candidates: candidates, request: request, context: context)
            let read = try RecordRoutes.RecordRead(schema: schema, version: version, query: query, request: request)
            let paging = try Paging(request.uri.queryParameters)
            let page = try await hosted.records(
                of: granted.dataset, schema: schema, query: read.query, after: try RecordRoutes.cursor(paging), limit: paging.limit)
            try await audit(
                context, granted, subjects: subjects(page.records, schema: schema),
                resource: "dataset:\(granted.dataset.code)" + Self.fieldsSuffix(read.fields))
            var response = try RecordRoutes.pageResponse(request, read: read, page: page)
            try await provenance(&response.headers, read: read, access: granted)
            return response
        }
        routes.add(.get, "/gateway/v1/datasets/{id}/records/{key}") { request, context in
            let (access, candidates) = try await gate(request, context)
            let schema = try await datasets.schema(of: access.dataset)
            var query = try RecordQuery(items: request.uri.formItems.filter { $0.key == "fields" }, schema: schema)
            let granted = try await restrict(&query, schema: schema, access: access, candidates: candidates, request: request, context: context)
            let key = try RecordRoutes.key(context)
            let named = AuditNames.record(granted.dataset.code, schema: schema, key: key, subjects: services.configuration.keys.subjects)
            var record = try await hosted.record(of: granted.dataset, schema: schema, key: key)
            // A row outside the grant's row filter, or not the person named, is as absent as a missing one.
            var allowed: [(field: String, values: Set<String>)] = []
            if let filter = granted.grant?.rowFilter { allowed.append((filter.field, Set(filter.values))) }
            if let subject = request.headers[.subject], let field = schema.subjectField {
                allowed.append((field.name, [subject.trimmingWhitespace()]))
            }
            for (field, values) in allowed {
                guard let index = schema.fields.firstIndex(where: { $0.name == field }), let found = record else { continue }
                if !values.contains(found[index].text) { record = nil }
            }
            let read = try RecordRoutes.RecordRead(schema: schema, version: granted.dataset.schemaVersion, query: query, request: request)
            try await audit(
                context, granted, subjects: record.map { subjects([$0], schema: schema) } ?? named.subjects,
                resource: named.resource + Self.fieldsSuffix(read.fields), outcome: record == nil ? .failed : .success)
            guard let values = record else { throw Problem.notFound }
            var response = JSONCoding.record(read.projected(values), fields: read.fields)
            try await provenance(&response.headers, read: read, access: granted)
            return response
        }
    }

    /// The agency system calling the gateway (staff sessions are refused: the gateway is for systems), once its
    /// rate allows another call. The dataset and service gateways share it.
    static func caller(_ context: AppRequestContext, services: AppServices) throws -> APIClient {
        guard case .client(let client) = context.identity else {
            throw Problem(
                context.identity == nil ? .unauthorized : .forbidden, type: "gateway-needs-key", title: Messages.gatewayNeedsKey,
                headers: [.wwwAuthenticate: "Bearer realm=\"lienthong\""])
        }
        if let wait = services.rateLimiter.take(client.id) {
            throw Problem(
                .tooManyRequests, type: "rate-limited", title: Messages.rateLimited.format(String(wait)), headers: [.retryAfter: String(wait)])
        }
        return client
    }

    /// Who calls, whether within its rate, which dataset, for which purpose, and the grants that may cover it.
    private func gate(
        _ request: Request, _ context: AppRequestContext
    ) async throws -> (Access, [Grant]) {
        let client = try Self.caller(context, services: services)
        let id = try context.parameters.require("id")
        let found = try await Self.dataset(id, services: services)
        guard let dataset = found.dataset, dataset.status == .published else { throw CatalogError.unknownDataset(id) }
        let purpose = request.headers[.purpose]?.trimmingWhitespace().lowercased()
        if dataset.sharingLevel == .open || dataset.ownerAgencyCode == client.agencyCode {
            return (Access(client: client, dataset: dataset, lastLoaded: found.lastLoaded, purpose: purpose, grant: nil), [])
        }
        guard let purpose, !purpose.isEmpty else {
            try await services.audit.record(
                context, "gateway.read", resource: "dataset:\(dataset.code)", outcome: .denied, datasetCode: dataset.code)
            throw Problem(.badRequest, type: "purpose-missing", title: Messages.purposeMissing)
        }
        let candidates = try await Self.grants(client: client, dataset: dataset.code, purpose: purpose, services: services)
        guard !candidates.isEmpty else {
            try await services.audit.record(
                context, "gateway.read", resource: "dataset:\(dataset.code)", outcome: .denied, datasetCode: dataset.code, purpose: purpose)
            throw Problem(.forbidden, type: "grant-missing", title: Messages.grantMissing.format(dataset.code, purpose))
        }
        return (Access(client: client, dataset: dataset, lastLoaded: found.lastLoaded, purpose: purpose, grant: nil), candidates)
    }

    /// Narrows the query to what a grant allows and picks that grant: every field returned, filtered on or sorted
    /// by must be granted (otherwise 403 naming them); no `fields` means the grant's fields; the grant's row filter
    /// and the `Lienthong-Subject` header become filters.
    private func restrict(
        _ query: inout RecordQuery, schema: TableSchema, access: Access, candidates: [Grant], request: Request, context: AppRequestContext
    ) async throws -> Access {
        var access = access
        let named = Set((query.fields ?? []) + query.filters.map(\.field) + query.sort.map(\.field))
        if !candidates.isEmpty {
            let textFields = Set(schema.fields.filter { $0.type == .string }.map(\.name))
            let fitting = candidates.filter { grant in
                named.isSubset(of: grant.fields) && (query.text == nil || textFields.isSubset(of: grant.fields))
            }
            guard let grant = fitting.max(by: { $0.fields.count < $1.fields.count }) else {
                let union = Set(candidates.flatMap(\.fields))
                var outside = named.subtracting(union).sorted()
                if outside.isEmpty { outside = named.sorted() }
                if query.text != nil, !textFields.isSubset(of: union) { outside.append("q") }
                try await services.audit.record(
                    context, "gateway.read", resource: "dataset:\(access.dataset.code)", outcome: .denied,
                    datasetCode: access.dataset.code, purpose: access.purpose)
                throw Problem(
                    .forbidden, type: "fields-not-granted", title: Messages.fieldsNotGranted.format(outside.joined(separator: ", ")),
                    errors: outside.map { FieldProblem(field: $0, code: "not-granted", message: Messages.fieldsNotGranted.format($0)) })
            }
            if query.fields == nil { query.fields = schema.fields.map(\.name).filter(grant.fields.contains) }
            if let filter = grant.rowFilter {
                guard let condition = Self.condition(filter, schema: schema) else {
                    throw Problem(.forbidden, type: "grant-missing", title: Messages.grantMissing.format(access.dataset.code, access.purpose ?? ""))
                }
                query.filters.append(condition)
            }
            access = Access(client: access.client, dataset: access.dataset, lastLoaded: access.lastLoaded, purpose: access.purpose, grant: grant)
        }
        if let subject = request.headers[.subject] {
            guard let field = schema.subjectField, case .success(let value) = field.cast(subject), value != .null,
                access.grant.map({ $0.fields.contains(field.name) }) ?? true
            else { throw Problem.invalidField("Lienthong-Subject") }
            query.filters.append(RecordQuery.Filter(field: field.name, op: .eq, values: [value]))
        }
        return access
    }

    /// A dataset and when it was last loaded, as the node read them less than half a second ago (a change or a load
    /// made through this node is seen at once).
    static func dataset(_ id: String, services: AppServices) async throws -> GatewayDataset {
        guard let dataset = try await DatasetStore(database: services.database).recentDataset(id) else {
            return GatewayDataset(dataset: nil, lastLoaded: nil)
        }
        return GatewayDataset(dataset: dataset, lastLoaded: try await HostedDataStore(database: services.database).recentLastLoaded(dataset))
    }

    /// The grants in force that let `client` read `dataset` for `purpose` (the live grants cached for half a second).
    static func grants(client: APIClient, dataset: String, purpose: String, services: AppServices, at now: Date = Date()) async throws -> [Grant] {
        let live = try await services.grants.value(for: client.agencyCode + "\u{1F}" + dataset) {
            try await SharingStore(database: services.database).liveGrants(consumer: client.agencyCode, dataset: dataset)
        }
        return live.filter { $0.isActive(at: now) && $0.covers(client: client.id) && $0.purposes.contains(purpose) }
    }

    /// A grant's row filter as a query condition (nil when the schema no longer has its field: nothing may be read).
    static func condition(_ filter: RowFilter, schema: TableSchema) -> RecordQuery.Filter? {
        guard let field = schema.field(filter.field) else { return nil }
        let values = filter.values.compactMap { text -> FieldValue? in
            guard case .success(let value) = field.cast(text), value != .null else { return nil }
            return value
        }
        return RecordQuery.Filter(field: field.name, op: .in, values: values)
    }

    /// The fields a read returned, as its audit resource ends (`#fields=cccd,ho_ten`): a citizen sees which of
    /// their data was read.
    static func fieldsSuffix(_ fields: [String]) -> String { "#fields=" + fields.joined(separator: ",") }

    /// The fields named in an audit resource written with `fieldsSuffix`.
    static func fields(inResource resource: String?) -> [String] {
        guard let resource, let range = resource.range(of: "#fields=") else { return [] }
        return resource[range.upperBound...].split(separator: ",").map(String.init)
    }

    /// The keyed hashes of the people the records concern, from the schema's person-key field.
    private func subjects(_ records: [[RecordValue]], schema: TableSchema) -> [String] {
        AuditNames.subjects(of: records, schema: schema, hasher: services.configuration.keys.subjects)
    }

    /// Reads of data that is not open are audited, with the purpose and the subjects, before the answer goes out.
    private func audit(
        _ context: AppRequestContext, _ access: Access, subjects: [String], resource: String, outcome: AuditOutcome = .success
    ) async throws {
        guard access.dataset.sharingLevel != .open else { return }
        try await services.audit.record(
            context, "gateway.read", resource: resource, outcome: outcome, datasetCode: access.dataset.code, purpose: access.purpose,
            subjects: subjects)
    }

    private func provenance(_ headers: inout HTTPFields, read: RecordRoutes.RecordRead, access: Access) async throws {
        headers[.sourceAgency] = access.dataset.ownerAgencyCode
        headers[.datasetVersion] = String(read.version)
        if let lastLoaded = access.lastLoaded { headers[.lastLoaded] = LastLoadedHeader.text(lastLoaded) }
        if let grant = access.grant { headers[.grant] = grant.id.lowercasedString }
        if let purpose = access.purpose { headers[.purpose] = purpose }
    }
}

/// A dataset as the gateway looked it up, with when it was last loaded (for the provenance headers).
struct GatewayDataset: Sendable {
    let dataset: Dataset?
    let lastLoaded: Date?
}

extension HTTPField.Name {
    static let purpose = Self("Lienthong-Purpose")!
    static let subject = Self("Lienthong-Subject")!
    static let grant = Self("Lienthong-Grant")!
}

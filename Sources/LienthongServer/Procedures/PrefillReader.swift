import Foundation
import Lienthong
import LienthongStore
import Logging

/// Reads a form's prefilled values through the gateway's rules, as the procedure's system: the purpose is the
/// procedure's code, the subject is the citizen, a grant in force must cover the system, the dataset, the purpose
/// and every field read (the key field included), and each read is in the audit log before the form is shown, so
/// it appears in the citizen's "who read my data". A source the citizen declined, that holds nothing about them,
/// that is down or not granted gives a notice instead: the citizen types those fields, the service goes on.
struct PrefillReader {
    let services: AppServices

    /// What was read, with a notice for each source that gave nothing. Sources keyed by the citizen's ID are read
    /// at once; sources keyed by another prefilled value follow, in the form's order.
    func read(
        _ procedure: Procedure, citizenID: String, subject: String, consents: [Consent], context: AppRequestContext, at now: Date = Date()
    ) async -> PrefillResult {
        let sources = procedure.sources
        let client = try? await procedure.systemClientID.asyncMap { try await services.directory.apiClient(id: $0) } ?? nil
        var result = PrefillResult()
        let direct = sources.filter { $0.fields.allSatisfy { $0.source?.by == PrefillSource.citizenID } }
        let chained = sources.filter { source in !direct.contains { $0.dataset == source.dataset } }
        let first = await withTaskGroup(of: (Int, SourceResult).self) { group in
            for (index, source) in direct.enumerated() {
                group.addTask {
                    (
                        index,
                        await read(
                            source, procedure: procedure, key: citizenID, client: client, subject: subject, consents: consents, context: context,
                            now: now)
                    )
                }
            }
            var results: [(Int, SourceResult)] = []
            for await item in group { results.append(item) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for item in first { item.add(to: &result) }
        for source in chained {
            let by = source.fields.first?.source?.by ?? PrefillSource.citizenID
            let key = by == PrefillSource.citizenID ? citizenID : result.value(by)?.value
            guard let key, !key.isEmpty else {
                let agency = (try? await GatewayRoutes.dataset(source.dataset, services: services))?.dataset?.ownerAgencyCode ?? ""
                result.notices.append(
                    PrefillNotice(dataset: source.dataset, agencyCode: agency, fields: source.fields.map(\.name), reason: .noRecord))
                continue
            }
            await read(source, procedure: procedure, key: key, client: client, subject: subject, consents: consents, context: context, now: now)
                .add(to: &result)
        }
        return result
    }

    /// One source's outcome.
    private enum SourceResult: Sendable {
        case values([CaseValue])
        case notice(PrefillNotice)

        func add(to result: inout PrefillResult) {
            switch self {
            case .values(let values): result.values += values
            case .notice(let notice): result.notices.append(notice)
            }
        }
    }

    private func read(
        _ source: (dataset: String, fields: [FormField]), procedure: Procedure, key: String, client: APIClient?, subject: String,
        consents: [Consent], context: AppRequestContext, now: Date
    ) async -> SourceResult {
        let names = source.fields.map(\.name)
        func notice(_ reason: PrefillNotice.Reason, agency: String = "") -> SourceResult {
            .notice(PrefillNotice(dataset: source.dataset, agencyCode: agency, fields: names, reason: reason))
        }
        do {
            guard let dataset = try await GatewayRoutes.dataset(source.dataset, services: services).dataset, dataset.status == .published else {
                return notice(.unavailable)
            }
            let agency = dataset.ownerAgencyCode
            // The consent must be in force and name every field read (a procedure changed since is not consented to).
            let fields = Set(source.fields.compactMap { $0.source?.field })
            guard consents.contains(where: { $0.datasetCode == dataset.code && $0.allowsReads(at: now) && fields.isSubset(of: $0.fields) }) else {
                return notice(.declined, agency: agency)
            }
            let schema = try await DatasetStore(database: services.database).schema(of: dataset)
            let named = source.fields.first?.source?.keyField
            guard let keyField = named.map({ schema.field($0) }) ?? schema.subjectField else { return notice(.unavailable, agency: agency) }
            guard let client, client.isUsable(at: now), client.agencyCode == procedure.ownerAgencyCode else {
                return notice(.notGranted, agency: agency)
            }
            let read = Set(source.fields.compactMap { $0.source?.field } + [keyField.name])
            guard read.allSatisfy({ schema.field($0) != nil }) else { return notice(.unavailable, agency: agency) }
            var query = RecordQuery()
            if dataset.sharingLevel != .open, dataset.ownerAgencyCode != client.agencyCode {
                let grants = try await GatewayRoutes.grants(
                    client: client, dataset: dataset.code, purpose: procedure.code, services: services, at: now)
                guard let grant = grants.filter({ read.isSubset(of: $0.fields) }).max(by: { $0.fields.count < $1.fields.count }) else {
                    try await audit(
                        context, client: client, dataset: dataset.code, procedure: procedure, subject: subject, fields: [], outcome: .denied)
                    return notice(.notGranted, agency: agency)
                }
                if let filter = grant.rowFilter {
                    guard let condition = GatewayRoutes.condition(filter, schema: schema) else { return notice(.notGranted, agency: agency) }
                    query.filters.append(condition)
                }
            }
            guard case .success(let value) = keyField.cast(key), value != .null else { return notice(.noRecord, agency: agency) }
            query.filters.append(RecordQuery.Filter(field: keyField.name, op: .eq, values: [value]))
            let page = try await HostedDataStore(database: services.database).records(of: dataset, schema: schema, query: query, limit: 1)
            try await audit(
                context, client: client, dataset: dataset.code, procedure: procedure, subject: subject,
                fields: source.fields.compactMap { $0.source?.field },
                outcome: page.records.isEmpty ? .failed : .success)
            guard let record = page.records.first else { return notice(.noRecord, agency: agency) }
            let lastLoaded = try await GatewayRoutes.dataset(dataset.code, services: services).lastLoaded
            return .values(
                source.fields.compactMap { field in
                    guard let name = field.source?.field, let index = page.fields.firstIndex(of: name) else { return nil }
                    let text = record[index].text
                    guard !text.isEmpty else { return nil }
                    return CaseValue(
                        name: field.name, value: text, prefilled: true, sourceDataset: dataset.code, sourceAgency: agency, sourceUpdatedAt: lastLoaded
                    )
                })
        } catch {
            services.logger.warning("prefill source unavailable", metadata: ["dataset": "\(source.dataset)", "error": "\(type(of: error))"])
            return notice(.unavailable)
        }
    }

    /// The read as the gateway records it: by the procedure's system, for the procedure's purpose, about the citizen.
    private func audit(
        _ context: AppRequestContext, client: APIClient, dataset: String, procedure: Procedure, subject: String, fields: [String],
        outcome: AuditOutcome
    ) async throws {
        try await services.audit.record(
            context, "gateway.read", resource: "dataset:\(dataset)/record" + (fields.isEmpty ? "" : GatewayRoutes.fieldsSuffix(fields)),
            outcome: outcome, actor: AuditActor(kind: .client, id: client.id.lowercasedString), agencyCode: client.agencyCode,
            datasetCode: dataset, purpose: procedure.code, subjects: [subject])
    }
}

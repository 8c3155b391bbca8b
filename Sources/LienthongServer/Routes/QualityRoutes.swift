import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// Quality over the API: a dataset's latest run with its six scores and every rule's counts, its history, a run on
/// demand, its rules file; the agencies' scorecards and the city's; and flagging a value as wrong.
struct QualityRoutes {
    let services: AppServices

    struct RulesBody: APIInput {
        static let fields: Set<String> = ["rules"]
        let rules: [DeclaredRule]
    }

    struct FlagBody: APIInput {
        static let fields: Set<String> = ["field", "reason"]
        let field: String
        let reason: String
    }

    struct CitizenFlagBody: APIInput {
        static let fields: Set<String> = ["dataset", "field", "citizenId", "reason"]
        let dataset: String
        let field: String
        let citizenId: String
        let reason: String
    }

    func register(on routes: RouteRegistrar) {
        let datasets = DatasetStore(database: services.database)
        let store = QualityStore(database: services.database)
        let runner = QualityRunner(database: services.database, calendar: services.configuration.calendar)
        routes.add(.get, "/api/v1/datasets/{id}/quality") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            let runs = try await store.runs(of: dataset, limit: 30)
            return try JSONCoding.response(QualityView(dataset: dataset, runs: runs, samples: Self.seesSamples(dataset, context)))
        }
        routes.add(.get, "/api/v1/datasets/{id}/quality/runs") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            let runs = try await store.runs(of: dataset, limit: 100)
            return try JSONCoding.response(SharingRoutes.Page(items: runs.map(QualityView.RunSummary.init), nextCursor: nil))
        }
        routes.add(.post, "/api/v1/datasets/{id}/quality/runs") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try RecordRoutes.requireLoader(dataset, context)
            let run = try await runner.run(dataset, trigger: .demand)
            try await services.audit.record(
                context, "quality.run", resource: "dataset:\(dataset.code)/quality-run:\(run.id.lowercasedString)", datasetCode: dataset.code)
            return try JSONCoding.response(QualityView(dataset: dataset, runs: [run], samples: true), status: .created)
        }
        routes.add(.get, "/api/v1/datasets/{id}/quality/runs/{run}") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            let id = try context.parameters.require("run")
            guard let run = try await store.runs(of: dataset, limit: 1_000).first(where: { $0.id.lowercasedString == id.lowercased() }) else {
                throw Problem.notFound
            }
            return try JSONCoding.response(QualityView(dataset: dataset, runs: [run], samples: Self.seesSamples(dataset, context)))
        }
        routes.add(.get, "/api/v1/datasets/{id}/quality/rules") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            return try JSONCoding.response(try await store.rules(of: dataset))
        }
        routes.add(.put, "/api/v1/datasets/{id}/quality/rules") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try DatasetRoutes.requireOwner(dataset.ownerAgencyCode, context)
            let body = try await request.decodeJSON(RulesBody.self, limit: services.configuration.maxJSONBodyBytes)
            let rules = QualityRules(rules: body.rules)
            try await store.setRules(rules, of: dataset, schema: try await datasets.schema(of: dataset), by: Auditor.actor(context.identity).id)
            try await services.audit.record(context, "quality.rules", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
            return try JSONCoding.response(rules)
        }
        routes.add(.get, "/api/v1/quality/scorecards") { _, context in
            try JSONCoding.response(try await scorecards(context.language))
        }
        routes.add(.get, "/api/v1/quality/agencies/{code}") { _, context in
            let (card, members) = try await agency(try context.parameters.require("code"), context: context)
            return try JSONCoding.response(
                QualityView.AgencyScorecard(
                    agency: card,
                    datasets: members.map { QualityView.DatasetScores(dataset: $0.dataset, run: $0.run, language: context.language) }
                        .sorted { $0.code < $1.code }))
        }
        routes.add(.post, "/api/v1/datasets/{id}/records/{key}/flags") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            guard let agency = context.identity?.agencyCode else { throw Problem.unauthenticated }
            let body = try await request.decodeJSON(FlagBody.self, limit: services.configuration.maxJSONBodyBytes)
            let key = try RecordRoutes.key(context)
            try await requireFlagger(dataset, agency: agency, field: body.field, key: key, context: context)
            guard let ticket = try await store.flag(dataset, key: key, field: body.field, reason: body.reason, by: .agency(agency)) else {
                throw Problem.notFound
            }
            try await services.audit.record(
                context, "quality.flag", resource: "ticket:\(ticket.id.lowercasedString)", agencyCode: agency, datasetCode: dataset.code)
            return try JSONCoding.response(TicketPages.TicketView(ticket, showsValue: agency == dataset.ownerAgencyCode), status: .created)
        }
        routes.add(.post, "/api/v1/citizen/flags") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { throw Problem.unauthenticated }
            let body = try await request.decodeJSON(CitizenFlagBody.self, limit: services.configuration.maxJSONBodyBytes)
            let ticket = try await CitizenFlag(services: services).flag(
                datasetCode: body.dataset, field: body.field, citizenID: body.citizenId, reason: body.reason, subject: subject, context: context)
            return try JSONCoding.response(TicketPages.TicketView(ticket), status: .created)
        }
    }

    /// The owner agency's staff and systems and the coordinator see sample rows and keys; others the counts.
    static func seesSamples(_ dataset: Dataset, _ context: AppRequestContext) -> Bool {
        guard let identity = context.identity else { return false }
        return identity.role == .admin || identity.agencyCode == dataset.ownerAgencyCode
    }

    /// A value may be flagged by whoever may read it: the owner, the coordinator, everyone for open data, or a consumer
    /// agency whose grant in force covers that field and that record (its row filter), so a flag never reads more
    /// than the grant does.
    private func requireFlagger(_ dataset: Dataset, agency: String, field: String, key: [String], context: AppRequestContext) async throws {
        if (try? RecordRoutes.requireReader(dataset, context)) != nil { return }
        let grants = try await SharingStore(database: services.database).liveGrants(consumer: agency, dataset: dataset.code)
        let covering = grants.filter { $0.fields.contains(field) }
        guard !covering.isEmpty else { throw Problem.forbidden }
        let schema = try await DatasetStore(database: services.database).schema(of: dataset)
        guard let values = try await HostedDataStore(database: services.database).record(of: dataset, schema: schema, key: key) else {
            throw Problem.forbidden
        }
        let admitted = covering.contains { grant in
            guard let filter = grant.rowFilter else { return true }
            guard let index = schema.fields.firstIndex(where: { $0.name == filter.field }) else { return false }
            return filter.admits(values[index].text)
        }
        guard admitted else { throw Problem.forbidden }
    }

    /// The city's scorecard and each agency's, with the agencies' names, from `latest` (read when not given).
    func scorecards(_ language: Language, latest: [String: QualityRun]? = nil) async throws -> QualityView.Scorecards {
        let runs: [String: QualityRun]
        if let latest { runs = latest } else { runs = try await QualityStore(database: services.database).latestScores() }
        let (agencies, city) = QualityStore.scorecards(of: runs)
        let names = try await services.agencyNames(language)
        return QualityView.Scorecards(
            city: QualityView.Card(city, name: Messages.webTexts(language)["quality_city"] ?? "city"),
            agencies: agencies.map { QualityView.Card($0, name: names[$0.code] ?? $0.code) })
    }

    /// An agency's scorecard and the newest run of each of its datasets the caller may see (the API and the page).
    func agency(_ code: String, context: AppRequestContext) async throws -> (card: QualityView.Card, datasets: [(dataset: Dataset, run: QualityRun)])
    {
        let latest = try await QualityStore(database: services.database).latestScores()
        guard let card = try await scorecards(context.language, latest: latest).agencies.first(where: { $0.code == code }) else {
            throw Problem.notFound
        }
        let datasets = DatasetStore(database: services.database)
        let viewer = DatasetRoutes.viewer(context.identity)
        var members: [(dataset: Dataset, run: QualityRun)] = []
        for run in latest.values where run.ownerAgencyCode == code {
            guard let dataset = try await datasets.dataset(run.datasetCode), viewer.canSee(dataset) else { continue }
            members.append((dataset, run))
        }
        return (card, members)
    }
}

import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The quality pages: the city's league table (`/quality`), an agency's scorecard (`/quality/agencies/{code}`), a
/// dataset's quality tab with six explained gauges, every rule's counts, the trend, a run on demand and the rules
/// file (`/catalog/{code}/quality`), and a citizen's "report wrong data" form (`/citizen/flag`).
struct QualityPages {
    let services: AppServices

    struct Gauge: Sendable {
        let criterion: String
        let name: String
        let about: String
        let svg: String
        let explanation: String
        let rules: [RuleRow]
        let hasRules: Bool
    }

    struct RuleRow: Sendable {
        let field: String
        let rule: String
        let criterion: String
        let tested: Int
        let failed: Int
        let hasFailures: Bool
        let score: String
        let samples: String
        let note: String
    }

    struct CardRow: Sendable {
        let rank: Int
        let code: String
        let name: String
        let href: String
        let scores: [String]
        let overall: String
        let members: Int
        let latest: String
    }

    struct LeagueContent: Sendable {
        let gauges: [Gauge]
        let rows: [CardRow]
        let isEmpty: Bool
        let criteria: [String]
    }

    struct AgencyContent: Sendable {
        let name: String
        let gauges: [Gauge]
        let rows: [CardRow]
        let criteria: [String]
    }

    struct DatasetQualityContent: Sendable {
        let code: String
        let title: String
        let hasRun: Bool
        let runInfo: String
        let gauges: [Gauge]
        let rules: [RuleRow]
        let trend: String
        let canRun: Bool
        let rulesJSON: String
        let showSamples: Bool
    }

    struct FlagContent: Sendable {
        let dataset: String
        let title: String
        let fields: [FieldOption]
    }

    struct FieldOption: Sendable {
        let name: String
        let label: String
    }

    func register(on routes: RouteRegistrar) {
        let datasets = DatasetStore(database: services.database)
        let store = QualityStore(database: services.database)
        routes.page(.get, "/quality") { request, context in
            let t = Messages.webTexts(context.language)
            let cards = try await QualityRoutes(services: services).scorecards(context.language)
            let rows = cards.agencies.enumerated().map { index, card in
                Self.cardRow(card, rank: index + 1, href: "/quality/agencies/\(card.code)", language: context.language)
            }
            let content = LeagueContent(
                gauges: Self.gauges(cards.city.scores, results: nil, t: t, language: context.language), rows: rows, isEmpty: rows.isEmpty,
                criteria: Self.criteriaNames(t))
            return try services.web.page("quality", title: t["quality_title"]!, content: content, request: request, context: context)
        }
        routes.page(.get, "/quality/agencies/{code}") { request, context in
            let t = Messages.webTexts(context.language)
            let (card, members) = try await QualityRoutes(services: services).agency(try context.parameters.require("code"), context: context)
            var rows: [CardRow] = []
            for (dataset, run) in members.sorted(by: { ($0.run.overall ?? -1) > ($1.run.overall ?? -1) }) {
                let scores = QualityCriterion.allCases.map { criterion in run.scores[criterion].map { String(format: "%.0f", $0) } ?? "—" }
                rows.append(
                    CardRow(
                        rank: rows.count + 1, code: dataset.code, name: context.language == .vi ? dataset.titleVi : dataset.titleEn,
                        href: "/catalog/\(dataset.code)/quality", scores: scores, overall: run.overall.map { String(format: "%.1f", $0) } ?? "—",
                        members: run.report.rows, latest: DisplayDate.formatTime(run.report.finishedAt, context.language)))
            }
            let content = AgencyContent(
                name: card.name, gauges: Self.gauges(card.scores, results: nil, t: t, language: context.language), rows: rows,
                criteria: Self.criteriaNames(t))
            return try services.web.page(
                "quality-agency", title: "\(t["quality_agency_title"]!): \(card.name)", content: content, request: request, context: context)
        }
        routes.page(.get, "/catalog/{code}/quality") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets, parameter: "code")
            let notice: Notice? =
                request.uri.queryParameters["ran"] != nil
                ? .success(Messages.webTexts(context.language)["quality_run_done"]!)
                : request.uri.queryParameters["saved"] != nil ? .success(Messages.webTexts(context.language)["quality_rules_saved"]!) : nil
            return try await datasetPage(dataset, request: request, context: context, notice: notice, rulesText: nil)
        }
        routes.page(.post, "/catalog/{code}/quality/run") { request, context in
            _ = try await WebForm.read(request)
            let dataset = try await DatasetRoutes.visible(context, store: datasets, parameter: "code")
            try RecordRoutes.requireLoader(dataset, context)
            let run = try await QualityRunner(database: services.database, calendar: services.configuration.calendar).run(dataset, trigger: .demand)
            try await services.audit.record(
                context, "quality.run", resource: "dataset:\(dataset.code)/quality-run:\(run.id.lowercasedString)", datasetCode: dataset.code)
            return WebRenderer.redirect(to: "/catalog/\(dataset.code)/quality?ran=1")
        }
        routes.page(.post, "/catalog/{code}/quality/rules") { request, context in
            let form = try await WebForm.read(request)
            let dataset = try await DatasetRoutes.visible(context, store: datasets, parameter: "code")
            try DatasetRoutes.requireOwner(dataset.ownerAgencyCode, context)
            let text = form.text("rules")
            do {
                let rules = try QualityRules.decode(Data(text.utf8))
                try await store.setRules(rules, of: dataset, schema: try await datasets.schema(of: dataset), by: Auditor.actor(context.identity).id)
            } catch let error as QualityInputError {
                let message = Messages.web["quality_rules_bad"]!.format(error.message.text(context.language)).text(context.language)
                return try await datasetPage(
                    dataset, request: request, context: context, notice: .error(message), rulesText: text, status: .unprocessableContent)
            } catch let error as CatalogError {
                let message = Messages.web["quality_rules_bad"]!.format(error.message.text(context.language)).text(context.language)
                return try await datasetPage(
                    dataset, request: request, context: context, notice: .error(message), rulesText: text, status: .unprocessableContent)
            }
            try await services.audit.record(context, "quality.rules", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
            return WebRenderer.redirect(to: "/catalog/\(dataset.code)/quality?saved=1")
        }
        routes.page(.get, "/citizen/flag") { request, context in
            guard try await CitizenSession.subject(request, services: services) != nil else { return WebRenderer.redirect(to: "/citizen") }
            return try await flagPage(request, context: context, notice: nil)
        }
        routes.page(.post, "/citizen/flag") { request, context in
            let form = try await WebForm.read(request)
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let t = Messages.webTexts(context.language)
            do {
                _ = try await CitizenFlag(services: services).flag(
                    datasetCode: form.text("dataset"), field: form.text("field"), citizenID: form.text("citizen_id"), reason: form.text("reason"),
                    subject: subject, context: context)
            } catch is SharingError {
                return try await flagPage(request, context: context, notice: .error(t["quality_flag_bad"]!), dataset: form.text("dataset"))
            } catch let problem as Problem where problem.status == .notFound {
                return try await flagPage(request, context: context, notice: .error(t["quality_flag_missing"]!), dataset: form.text("dataset"))
            }
            return WebRenderer.redirect(to: "/citizen/tickets?flagged=1")
        }
    }

    /// A dataset's quality tab.
    private func datasetPage(
        _ dataset: Dataset, request: Request, context: AppRequestContext, notice: Notice?, rulesText: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = Messages.webTexts(context.language)
        let store = QualityStore(database: services.database)
        let runs = try await store.runs(of: dataset, limit: 30)
        let latest = runs.first
        let showSamples = QualityRoutes.seesSamples(dataset, context)
        let language = context.language
        let rules = latest?.report.results.map { Self.ruleRow($0, samples: showSamples, t: t) } ?? []
        let names = Self.criteriaNames(t)
        let oldestFirst = Array(runs.reversed())
        let trend = SVGChart.trend(
            title: t["quality_trend"]!,
            series: QualityCriterion.allCases.enumerated().map { index, criterion in
                SVGChart.Series(label: names[index], values: oldestFirst.map { $0.scores[criterion] })
            },
            first: oldestFirst.first.map { DisplayDate.format($0.report.finishedAt, language) } ?? "",
            last: oldestFirst.last.map { DisplayDate.format($0.report.finishedAt, language) } ?? "")
        let runInfo = latest.map { run in
            Messages.web["quality_run_info"]!.format(
                t["quality_trigger_\(run.trigger.rawValue)"] ?? run.trigger.rawValue, DisplayDate.formatTime(run.report.finishedAt, language),
                String(run.report.rows), run.report.rulesVersion, run.report.referenceVersion
            ).text(language)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let currentRules = try await store.rules(of: dataset)
        let content = DatasetQualityContent(
            code: dataset.code, title: language == .vi ? dataset.titleVi : dataset.titleEn, hasRun: latest != nil, runInfo: runInfo ?? "",
            gauges: Self.gauges(latest?.scores ?? [:], results: latest?.report.results ?? [], t: t, language: context.language), rules: rules,
            trend: runs.count > 1 ? trend : "",
            canRun: (try? RecordRoutes.requireLoader(dataset, context)) != nil,
            rulesJSON: rulesText ?? String(decoding: (try? encoder.encode(currentRules)) ?? Data(), as: UTF8.self), showSamples: showSamples)
        return try services.web.page(
            "dataset-quality", title: "\(t["quality_tab"]!): \(content.title)", content: content, request: request, context: context, status: status,
            notice: notice)
    }

    private func flagPage(_ request: Request, context: AppRequestContext, notice: Notice?, dataset code: String? = nil) async throws -> Response {
        let t = Messages.webTexts(context.language)
        let code = code ?? request.uri.queryParameters["dataset"].map(String.init) ?? ""
        let datasets = DatasetStore(database: services.database)
        guard let dataset = try await datasets.dataset(code) else { throw Problem.notFound }
        let schema = try await datasets.schema(of: dataset)
        let fields = schema.fields.filter { !$0.subject }.map { FieldOption(name: $0.name, label: $0.title ?? $0.name) }
        let content = FlagContent(dataset: dataset.code, title: context.language == .vi ? dataset.titleVi : dataset.titleEn, fields: fields)
        return try services.web.page(
            "citizen-flag", title: t["quality_flag_title"]!, content: content, request: request, context: context,
            status: notice == nil ? .ok : .unprocessableContent, notice: notice)
    }

    static func criteriaNames(_ t: [String: String]) -> [String] {
        QualityCriterion.allCases.map { t["quality_\($0.rawValue)"] ?? $0.rawValue }
    }

    /// The six gauges, each with what it measures and, for a dataset, the rules it is the mean of.
    static func gauges(_ scores: [String: Double], results: [RuleResult]?, t: [String: String], language: Language) -> [Gauge] {
        gauges(
            Dictionary(uniqueKeysWithValues: scores.compactMap { key, value in QualityCriterion(rawValue: key).map { ($0, value) } }),
            results: results,
            t: t, language: language)
    }

    static func gauges(_ scores: [QualityCriterion: Double], results: [RuleResult]?, t: [String: String], language: Language) -> [Gauge] {
        QualityCriterion.allCases.map { criterion in
            let name = t["quality_\(criterion.rawValue)"] ?? criterion.rawValue
            let own = (results ?? []).filter { $0.criterion == criterion && $0.score != nil }
            let explanation =
                results == nil
                ? "" : own.isEmpty ? t["quality_no_rule"]! : Messages.web["quality_mean_of"]!.format(String(own.count)).text(language)
            return Gauge(
                criterion: criterion.rawValue, name: name, about: t["quality_about_\(criterion.rawValue)"] ?? "",
                svg: SVGChart.gauge(title: name, score: scores[criterion]), explanation: explanation,
                rules: own.map { ruleRow($0, samples: false, t: t) }, hasRules: !own.isEmpty)
        }
    }

    static func ruleRow(_ result: RuleResult, samples: Bool, t: [String: String]) -> RuleRow {
        RuleRow(
            field: result.field.isEmpty ? "—" : result.field, rule: result.rule, criterion: t["quality_\(result.criterion.rawValue)"] ?? "",
            tested: result.tested, failed: result.failed, hasFailures: result.failed > 0 || (result.fixedScore ?? 100) < 100,
            score: result.score.map { String(format: "%.1f", $0) } ?? "—",
            samples: samples ? result.samples.prefix(10).map(String.init).joined(separator: ", ") + (result.samples.count > 10 ? ", …" : "") : "",
            note: [
                result.rowsInDuplicateGroups.map { "\($0) rows in duplicate groups" },
                result.rule == "one-spelling" && !samples ? nil : result.note,  // quotes values: for the owner only
            ].compactMap { $0 }.joined(separator: "; "))
    }

    static func cardRow(_ card: QualityView.Card, rank: Int, href: String, language: Language) -> CardRow {
        CardRow(
            rank: rank, code: card.code, name: card.name, href: href,
            scores: QualityCriterion.allCases.map { card.scores[$0.rawValue].map { String(format: "%.0f", $0) } ?? "—" },
            overall: card.overall.map { String(format: "%.1f", $0) } ?? "—", members: card.members,
            latest: card.latestRun.map { DisplayDate.formatTime($0, language) } ?? "—")
    }
}

import Foundation
import Lienthong
import SQLKit

/// Quality rules files, runs and scores. Reading the latest runs is one query; the agency and city scorecards
/// are rolled up from them (`QualityScorecard.rollUp`).
public struct QualityStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The dataset's rules file (empty when none was set).
    public func rules(of dataset: Dataset) async throws -> QualityRules {
        try await database.read { sql in
            try await sql.raw("SELECT rules_json FROM quality_rules WHERE dataset_id = \(bind: dataset.id.lowercasedString)").first()?
                .json("rules_json", as: QualityRules.self) ?? QualityRules()
        }
    }

    /// Sets the dataset's rules file, after checking it against the newest schema.
    public func setRules(_ rules: QualityRules, of dataset: Dataset, schema: TableSchema, by actor: String, at time: Date = Date()) async throws {
        let problems = rules.problems(schema: schema)
        guard problems.isEmpty else { throw CatalogError.invalidRules(problems) }
        let json = SharingStore.encoded(rules) ?? "{\"rules\":[]}"
        try await database.write { sql in
            try await sql.raw("DELETE FROM quality_rules WHERE dataset_id = \(bind: dataset.id.lowercasedString)").run()
            try await sql.raw(
                """
                INSERT INTO quality_rules (dataset_id, rules_json, updated_at, updated_by)
                VALUES (\(bind: dataset.id.lowercasedString), \(bind: json), \(bind: Timestamp.string(time)), \(bind: actor))
                """
            ).run()
        }
    }

    /// Keeps a run.
    public func record(_ run: QualityRun, datasetID: UUID) async throws {
        let scores = run.scores
        let json = SharingStore.encoded(run.report) ?? "{}"
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO quality_runs (id, dataset_id, dataset_code, owner_agency, schema_version, run_trigger, load_id, rows_checked,
                    rules_version, reference_version, as_of, finished_at, score_correct, score_complete, score_clean, score_live,
                    score_consistent, score_shared, report_json)
                VALUES (\(bind: run.id.lowercasedString), \(bind: datasetID.lowercasedString), \(bind: run.datasetCode), \(bind: run.ownerAgencyCode),
                    \(bind: run.schemaVersion), \(bind: run.trigger.rawValue), \(bind: run.loadID?.lowercasedString), \(bind: run.report.rows),
                    \(bind: run.report.rulesVersion), \(bind: run.report.referenceVersion), \(bind: Timestamp.string(run.report.asOf)),
                    \(bind: Timestamp.string(run.report.finishedAt)), \(bind: scores[.correct]), \(bind: scores[.complete]),
                    \(bind: scores[.clean]), \(bind: scores[.live]), \(bind: scores[.consistent]), \(bind: scores[.shared]), \(bind: json))
                """
            ).run()
        }
    }

    /// A dataset's runs, newest first.
    public func runs(of dataset: Dataset, limit: Int = 30) async throws -> [QualityRun] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT * FROM quality_runs WHERE dataset_id = \(bind: dataset.id.lowercasedString)
                ORDER BY finished_at DESC, id LIMIT \(bind: limit)
                """
            ).all().map(Self.run)
        }
    }

    /// The newest run of every dataset that has one, by dataset code (only the scores: the report's rule list is
    /// left empty, for the league tables).
    public func latestScores() async throws -> [String: QualityRun] {
        try await database.read { sql in
            let rows = try await sql.raw(
                """
                SELECT r.id, r.dataset_code, r.owner_agency, r.schema_version, r.run_trigger, r.load_id, r.rows_checked, r.rules_version,
                    r.reference_version, r.as_of, r.finished_at, r.score_correct, r.score_complete, r.score_clean, r.score_live,
                    r.score_consistent, r.score_shared
                FROM quality_runs r
                WHERE r.id = (SELECT q.id FROM quality_runs q WHERE q.dataset_id = r.dataset_id ORDER BY q.finished_at DESC, q.id LIMIT 1)
                """
            ).all()
            var runs: [String: QualityRun] = [:]
            for row in rows {
                var results: [RuleResult] = []
                for criterion in QualityCriterion.allCases {
                    if let score = try row.decodeNil(column: "score_\(criterion.rawValue)")
                        ? nil : row.decode(column: "score_\(criterion.rawValue)", as: Double.self)
                    {
                        results.append(RuleResult(field: "", rule: "score", criterion: criterion, fixedScore: score))
                    }
                }
                let run = try Self.run(row, report: Self.report(row, results: results))
                runs[run.datasetCode] = run
            }
            return runs
        }
    }

    /// Each agency's scorecard and the city's (code `city`), from the newest run of each dataset.
    public func scorecards() async throws -> (agencies: [QualityScorecard], city: QualityScorecard) {
        Self.scorecards(of: try await latestScores())
    }

    /// The scorecards rolled up from `latest` (from `latestScores()`), for a caller that needs both.
    public static func scorecards(of latest: [String: QualityRun]) -> (agencies: [QualityScorecard], city: QualityScorecard) {
        let byAgency = Dictionary(grouping: latest.values, by: \.ownerAgencyCode)
        let agencies = byAgency.map { code, runs in
            QualityScorecard.rollUp(code: code, runs.map { ($0.scores, $0.report.finishedAt) })
        }.sorted { ($0.overall ?? -1, $1.code) > ($1.overall ?? -1, $0.code) }
        let city = QualityScorecard.rollUp(code: "city", agencies.map { ($0.scores, $0.latestRun) })
        return (agencies, city)
    }

    static func run(_ row: any SQLRow) throws -> QualityRun {
        let report = try row.json("report_json", as: QualityReport.self) ?? report(row, results: [])
        return try run(row, report: report)
    }

    static func run(_ row: any SQLRow, report: QualityReport) throws -> QualityRun {
        QualityRun(
            id: try row.uuid("id"), datasetCode: try row.decode(column: "dataset_code", as: String.self),
            ownerAgencyCode: try row.decode(column: "owner_agency", as: String.self),
            schemaVersion: try row.decode(column: "schema_version", as: Int.self),
            trigger: QualityRun.Trigger(rawValue: try row.decode(column: "run_trigger", as: String.self)) ?? .demand,
            loadID: try row.optionalText("load_id").flatMap(UUID.init(uuidString:)), report: report)
    }

    static func report(_ row: any SQLRow, results: [RuleResult]) throws -> QualityReport {
        let finished = try row.date("finished_at")
        return QualityReport(
            rows: try row.decode(column: "rows_checked", as: Int.self), asOf: try row.date("as_of"),
            rulesVersion: try row.decode(column: "rules_version", as: String.self),
            referenceVersion: try row.decode(column: "reference_version", as: String.self), results: results, startedAt: finished,
            finishedAt: finished)
    }
}

extension QualityStore {
    /// Every run's finish and overall score (the mean of its criteria), oldest first: the city's quality over time, or
    /// one agency's datasets' with `agencyCode`.
    public func overallHistory(agencyCode: String? = nil) async throws -> [(finished: Date, score: Double)] {
        try await database.read { sql in
            let columns = QualityCriterion.allCases.map { "score_\($0.rawValue)" }
            let owner: SQLQueryString = agencyCode.map { "WHERE owner_agency = \(bind: $0)" } ?? ""
            let rows = try await sql.raw(
                "SELECT finished_at, \(unsafeRaw: columns.joined(separator: ", ")) FROM quality_runs \(owner) ORDER BY finished_at, id"
            ).all()
            return try rows.compactMap { row -> (finished: Date, score: Double)? in
                let scores = try columns.compactMap { try row.decodeNil(column: $0) ? nil : row.decode(column: $0, as: Double.self) }
                guard !scores.isEmpty else { return nil }
                return (try row.date("finished_at"), scores.reduce(0, +) / Double(scores.count))
            }
        }
    }
}

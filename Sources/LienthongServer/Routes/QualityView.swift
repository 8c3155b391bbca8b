import Foundation
import Lienthong

/// The quality API's answers: scores rounded to one decimal, criteria by their English names.
struct QualityView: Encodable, Sendable {
    let dataset: String
    let owner: String
    let scores: [String: Double]
    let overall: Double?
    /// The newest run, or nil before the first.
    let run: RunSummary?
    /// Every rule of the newest run with its counts (samples only for the owner and the coordinator).
    let rules: [RuleView]
    /// The runs, newest first (at most 30): the trend.
    let trend: [RunSummary]

    init(dataset: Dataset, runs: [QualityRun], samples: Bool) {
        self.dataset = dataset.code
        owner = dataset.ownerAgencyCode
        let latest = runs.first
        scores = (latest?.scores ?? [:]).rounded
        overall = latest?.overall.map(Self.rounded)
        run = latest.map(RunSummary.init)
        rules = latest?.report.results.map { RuleView($0, samples: samples) } ?? []
        trend = runs.map(RunSummary.init)
    }

    static func rounded(_ value: Double) -> Double { (value * 10).rounded() / 10 }

    /// A run without its rules.
    struct RunSummary: Encodable, Sendable {
        let id: String
        let trigger: String
        let loadId: String?
        let rows: Int
        let asOf: Date
        let finishedAt: Date
        let rulesVersion: String
        let referenceVersion: String
        let scores: [String: Double]
        let overall: Double?

        init(_ run: QualityRun) {
            id = run.id.lowercasedString
            trigger = run.trigger.rawValue
            loadId = run.loadID?.lowercasedString
            rows = run.report.rows
            asOf = run.report.asOf
            finishedAt = run.report.finishedAt
            rulesVersion = run.report.rulesVersion
            referenceVersion = run.report.referenceVersion
            scores = run.scores.rounded
            overall = run.overall.map(QualityView.rounded)
        }
    }

    /// One rule's counts.
    struct RuleView: Encodable, Sendable {
        let field: String
        let rule: String
        let criterion: String
        let tested: Int
        let failed: Int
        let score: Double?
        let rowsInDuplicateGroups: Int?
        let note: String?
        let samples: [Int]?
        let sampleKeys: [String]?

        init(_ result: RuleResult, samples: Bool) {
            field = result.field
            rule = result.rule
            criterion = result.criterion.rawValue
            tested = result.tested
            failed = result.failed
            score = result.score.map(QualityView.rounded)
            rowsInDuplicateGroups = result.rowsInDuplicateGroups
            // A spelling note quotes values: like the samples, for the owner only.
            note = result.rule == "one-spelling" && !samples ? nil : result.note
            self.samples = samples ? result.samples : nil
            sampleKeys = samples ? result.sampleKeys : nil
        }
    }

    /// An agency's or the city's scores.
    struct Card: Encodable, Sendable {
        let code: String
        let name: String
        let scores: [String: Double]
        let overall: Double?
        /// Datasets (an agency) or agencies (the city) the scores are the mean of.
        let members: Int
        let latestRun: Date?

        init(_ card: QualityScorecard, name: String) {
            code = card.code
            self.name = name
            scores = card.scores.rounded
            overall = card.overall.map(QualityView.rounded)
            members = card.members
            latestRun = card.latestRun
        }
    }

    /// The city's scorecard and the agencies', best first: the league table.
    struct Scorecards: Encodable, Sendable {
        let city: Card
        let agencies: [Card]
    }

    /// A dataset's newest scores, for an agency's scorecard.
    struct DatasetScores: Encodable, Sendable {
        let code: String
        let title: String
        let scores: [String: Double]
        let overall: Double?
        let finishedAt: Date

        init(dataset: Dataset, run: QualityRun, language: Language) {
            code = dataset.code
            title = language == .vi ? dataset.titleVi : dataset.titleEn
            scores = run.scores.rounded
            overall = run.overall.map(QualityView.rounded)
            finishedAt = run.report.finishedAt
        }
    }

    /// An agency's scorecard with its datasets.
    struct AgencyScorecard: Encodable, Sendable {
        let agency: Card
        let datasets: [DatasetScores]
    }
}

import Foundation

/// One quality run of a dataset as it is kept: what started it, the rules' counts and the six scores. Runs
/// happen with every load (in the same pass), on demand, and on a schedule (freshness decays with time).
public struct QualityRun: Sendable, Hashable, Codable {
    /// What started a run.
    public enum Trigger: String, Sendable, Hashable, Codable, CaseIterable {
        case load, demand, schedule
    }

    public var id: UUID
    public var datasetCode: String
    public var ownerAgencyCode: String
    public var schemaVersion: Int
    public var trigger: Trigger
    /// The load whose pass this run was part of.
    public var loadID: UUID?
    public var report: QualityReport

    public init(
        id: UUID = UUID(), datasetCode: String, ownerAgencyCode: String, schemaVersion: Int, trigger: Trigger, loadID: UUID? = nil,
        report: QualityReport
    ) {
        self.id = id
        self.datasetCode = datasetCode
        self.ownerAgencyCode = ownerAgencyCode
        self.schemaVersion = schemaVersion
        self.trigger = trigger
        self.loadID = loadID
        self.report = report
    }

    /// The six scores; a criterion no rule measured is absent.
    public var scores: [QualityCriterion: Double] { report.scores }

    /// The mean of the criteria that have a score.
    public var overall: Double? { Self.mean(Array(scores.values)) }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}

/// Scores rolled up from datasets to an agency and from agencies to the city: each criterion is the mean over the
/// datasets (or agencies) that have a score for it, and the overall score the mean of the six.
public struct QualityScorecard: Sendable, Hashable, Codable {
    /// An agency code, or `city`.
    public var code: String
    public var scores: [QualityCriterion: Double]
    /// How many datasets (or agencies) the scores are the mean of.
    public var members: Int
    /// When the newest run among them finished.
    public var latestRun: Date?

    public init(code: String, scores: [QualityCriterion: Double], members: Int, latestRun: Date?) {
        self.code = code
        self.scores = scores
        self.members = members
        self.latestRun = latestRun
    }

    public var overall: Double? { QualityRun.mean(Array(scores.values)) }

    /// The mean, criterion by criterion, of `parts`.
    public static func rollUp(code: String, _ parts: [(scores: [QualityCriterion: Double], finished: Date?)]) -> QualityScorecard {
        var scores: [QualityCriterion: Double] = [:]
        for criterion in QualityCriterion.allCases {
            if let mean = QualityRun.mean(parts.compactMap { $0.scores[criterion] }) { scores[criterion] = mean }
        }
        return QualityScorecard(code: code, scores: scores, members: parts.count, latestRun: parts.compactMap(\.finished).max())
    }
}

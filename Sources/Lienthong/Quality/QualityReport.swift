import Foundation

/// What one rule found: how many values it tested, how many failed, and up to 100 examples.
public struct RuleResult: Sendable, Hashable, Codable {
    /// The field (or fields, joined by `,`) the rule is about; empty for a rule about the whole dataset.
    public var field: String
    /// The rule's name: a Table Schema constraint (`required`, `pattern`, `unique`…), `type`, a Vietnamese rule
    /// (`vn:citizen-id`, `vn:ward-in-force`…), a built-in (`not-future`, `nfc`, `placeholder`) or a rules-file type.
    public var rule: String
    public var criterion: QualityCriterion
    public var tested: Int
    public var failed: Int
    /// File row numbers (the header is row 1) of the first failures, at most 100.
    public var samples: [Int]
    /// The primary-key values of the same rows (when the dataset has a primary key).
    public var sampleKeys: [String]
    /// For duplicates: the rows in duplicate groups (first occurrences included); `failed` counts the repeats
    /// after the first, which is what the score uses.
    public var rowsInDuplicateGroups: Int?
    /// A score the rule sets itself (0–100) instead of the share of tested values that passed: the rules about the
    /// whole dataset (load age, sharing).
    public var fixedScore: Double?
    /// What the failures mean, or what a fix would be (a legacy ward code's new codes).
    public var note: String?

    public init(
        field: String, rule: String, criterion: QualityCriterion, tested: Int = 0, failed: Int = 0, samples: [Int] = [], sampleKeys: [String] = [],
        rowsInDuplicateGroups: Int? = nil, fixedScore: Double? = nil, note: String? = nil
    ) {
        self.field = field
        self.rule = rule
        self.criterion = criterion
        self.tested = tested
        self.failed = failed
        self.samples = samples
        self.sampleKeys = sampleKeys
        self.rowsInDuplicateGroups = rowsInDuplicateGroups
        self.fixedScore = fixedScore
        self.note = note
    }

    /// 0–100: the share of tested values that passed, or the rule's own score; nil when nothing was tested.
    public var score: Double? {
        if let fixedScore { return fixedScore }
        guard tested > 0 else { return nil }
        return 100 * Double(tested - failed) / Double(tested)
    }

    /// How many examples a rule keeps.
    public static let sampleLimit = 100
}

/// The outcome of checking one file or one dataset: every rule's counts and the six scores.
public struct QualityReport: Sendable, Hashable, Codable {
    /// Data rows read (the header and blank lines are not rows).
    public var rows: Int
    /// The clock the run used for "in the future" and "fresh".
    public var asOf: Date
    /// A hash of the schema and rules that ran, so two runs can be compared.
    public var rulesVersion: String
    /// The version of the reference data (administrative units, ID rules).
    public var referenceVersion: String
    public var results: [RuleResult]
    public var startedAt: Date
    public var finishedAt: Date

    public init(
        rows: Int, asOf: Date, rulesVersion: String, referenceVersion: String, results: [RuleResult], startedAt: Date, finishedAt: Date
    ) {
        self.rows = rows
        self.asOf = asOf
        self.rulesVersion = rulesVersion
        self.referenceVersion = referenceVersion
        self.results = results
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Whether any rule failed.
    public var hasFindings: Bool { results.contains { $0.failed > 0 || ($0.fixedScore ?? 100) < 100 } }

    /// Each criterion's score: the mean of its rules' scores (each rule counts once, however many values it tested);
    /// nil when no rule of the criterion tested anything.
    public var scores: [QualityCriterion: Double] {
        var scores: [QualityCriterion: Double] = [:]
        for criterion in QualityCriterion.allCases {
            let values = results.filter { $0.criterion == criterion }.compactMap(\.score)
            if !values.isEmpty { scores[criterion] = values.reduce(0, +) / Double(values.count) }
        }
        return scores
    }
}

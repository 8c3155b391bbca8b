import Foundation

/// A platform metric a task, an indicator or a problem is measured by: the value comes from the platform's own
/// tables, never from a report.
public struct MetricBinding: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// An agency's published datasets that are open or shared (`subject`: the agency).
        case datasetsShared = "datasets-shared"
        /// An agency's published open datasets (`subject`: the agency).
        case datasetsOpen = "datasets-open"
        /// A dataset's latest overall quality score, 0–100 (`subject`: the dataset).
        case qualityScore = "quality-score"
        /// The share of access requests to an agency answered by their deadline, 0–100 (`subject`: the agency).
        case requestsAnsweredOnTime = "requests-answered-on-time"
        /// A procedure's on-time rate, 0–100 (`subject`: the procedure).
        case procedureOnTime = "procedure-on-time"
        /// Catalog publications made on or after a day (`subject`: the day, ISO).
        case catalogPublishedSince = "catalog-published-since"
        /// Distinct agencies sharing at least one dataset (`subject`: `city`).
        case agenciesSharing = "agencies-sharing"
    }

    public var kind: Kind
    public var subject: String
    /// The value that means done (higher is better).
    public var target: Double

    public init(kind: Kind, subject: String, target: Double) {
        self.kind = kind
        self.subject = subject
        self.target = target
    }

    /// The key its readings and measured values are kept under: the same for every target (`datasets-shared:syt`).
    public var key: String { kind.rawValue + ":" + subject }

    /// A positive, finite target and a subject of the kind's shape (a day for `catalog-published-since`).
    public var isValid: Bool {
        guard target.isFinite, target > 0, !subject.isEmpty, subject.count <= 64 else { return false }
        return kind == .catalogPublishedSince ? CivilDate(iso: subject) != nil : true
    }

    /// How far `value` is towards the target, 0–100.
    public func progress(of value: Double) -> Int {
        guard target > 0 else { return 100 }
        return Int(min(100, max(0, value / target * 100)).rounded(.down))
    }

    /// Whether `value` reaches the target.
    public func holds(_ value: Double) -> Bool { value >= target }
}

/// A claim the data contradicts: a task said done (or far along) whose metric says otherwise.
public struct ClaimCheck: Sendable, Hashable, Codable {
    public var claimedProgress: Int
    public var claimedDone: Bool
    public var measured: Double
    public var measuredProgress: Int
    public var contradicted: Bool

    /// Contradicted when the task is reported done but its metric misses the target, or its reported progress is 30
    /// points or more above the measured progress.
    public init(task: ProgrammeTask, claimedProgress: Int, measured: Double, binding: MetricBinding) {
        self.claimedProgress = claimedProgress
        claimedDone = task.doneOn != nil
        self.measured = measured
        measuredProgress = binding.progress(of: measured)
        contradicted = (claimedDone && !binding.holds(measured)) || claimedProgress - measuredProgress >= 30
    }
}

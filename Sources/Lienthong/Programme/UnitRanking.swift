import Foundation

/// The Inspection Committee's ranking of units: one score from five parts, each 0–100, a part with nothing to count
/// left out and the others weighted up — tasks (done on time ÷ (done + overdue), weight 35), sharing (requests
/// answered on time, 15), quality (the latest overall score of the unit's datasets, 15), services (cases finished on
/// time, 15), reporting discipline (reports filed on time ÷ reports due, 20). Exemplary: 80 or more and no overdue
/// task; negligent: under 50, or three overdue tasks or more.
public struct UnitScore: Sendable, Hashable, Codable {
    public enum Verdict: String, Sendable, Hashable, Codable {
        case exemplary, negligent, neither
    }

    public var agencyCode: String
    public var tasks: Double?
    public var sharing: Double?
    public var quality: Double?
    public var services: Double?
    public var discipline: Double?
    public var overdueTasks: Int
    public var score: Double?
    public var verdict: Verdict

    public static let weights: (tasks: Double, sharing: Double, quality: Double, services: Double, discipline: Double) = (35, 15, 15, 15, 20)

    public init(
        agencyCode: String, tasks: Double?, sharing: Double?, quality: Double?, services: Double?, discipline: Double? = nil, overdueTasks: Int
    ) {
        func rounded(_ value: Double?) -> Double? { value.map { ($0 * 10).rounded() / 10 } }
        self.agencyCode = agencyCode
        self.tasks = rounded(tasks)
        self.sharing = rounded(sharing)
        self.quality = rounded(quality)
        self.services = rounded(services)
        self.discipline = rounded(discipline)
        self.overdueTasks = overdueTasks
        let parts = [
            (tasks, Self.weights.tasks), (sharing, Self.weights.sharing), (quality, Self.weights.quality), (services, Self.weights.services),
            (discipline, Self.weights.discipline),
        ]
        .compactMap { value, weight in value.map { ($0, weight) } }
        let weight = parts.reduce(0) { $0 + $1.1 }
        let score = weight == 0 ? nil : (parts.reduce(0) { $0 + $1.0 * $1.1 } / weight * 10).rounded() / 10
        self.score = score
        if let score, score >= 80, overdueTasks == 0 {
            verdict = .exemplary
        } else if overdueTasks >= 3 || (score.map { $0 < 50 } ?? false) {
            verdict = .negligent
        } else {
            verdict = .neither
        }
    }

    /// The tasks part: done on time ÷ (done + overdue), 0–100; nil when the unit has neither.
    public static func taskPart(_ states: [TaskState]) -> Double? {
        let counted = states.filter { $0 != .inTerm }
        return ServiceIndicators.percent(counted.filter { $0 == .doneOnTime }.count, of: counted.count)
    }
}

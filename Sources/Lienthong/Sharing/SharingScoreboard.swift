import Foundation

/// Who shares and who does not, per agency, from live platform data: datasets by sharing level, requests
/// received and how they were answered, the median answer time in working days, consumers and reads served.
/// The coordinator, the inspectors and the public read it; it is computed, never typed in.
public struct SharingScoreboard: Sendable, Codable {
    /// One agency's line.
    public struct Line: Sendable, Codable, Hashable {
        public var agencyCode: String
        public var datasetsOpen = 0
        public var datasetsShared = 0
        public var datasetsPrivate = 0
        /// Requests other agencies sent to this one.
        public var received = 0
        public var answeredOnTime = 0
        public var answeredLate = 0
        /// Unanswered and still within the deadline.
        public var pendingInTerm = 0
        /// Unanswered past the deadline (escalated, or about to be).
        public var overdue = 0
        /// Requests that escalated to the coordinator, answered since or not.
        public var escalated = 0
        public var refused = 0
        /// Refusals the coordinator overturned by ordering the grant.
        public var ordered = 0
        /// The median working days from submission to answer, over answered requests.
        public var medianAnswerDays: Double?
        /// Agencies holding a grant in force on this agency's data.
        public var consumers = 0
        /// Reads of this agency's data through the gateway in the period.
        public var readsServed = 0
        /// The written reasons of its refusals, newest first.
        public var refusalReasons: [String] = []

        public init(agencyCode: String) {
            self.agencyCode = agencyCode
        }

        /// The share of answered requests answered on time, 0–1 (nil when none was answered).
        public var onTimeRate: Double? {
            let answered = answeredOnTime + answeredLate
            return answered == 0 ? nil : Double(answeredOnTime) / Double(answered)
        }

        /// Whether the agency does not share yet: no open or shared dataset, or requests left overdue or refused.
        public var holdsBack: Bool { datasetsOpen + datasetsShared == 0 || overdue > 0 || refused > 0 }
    }

    public var lines: [Line]
    public var generatedAt: Date

    /// Builds the scoreboard. `datasets` are (owner, sharing level) of published datasets; `grants` those in force;
    /// `reads` counts gateway reads by owner agency.
    public init(
        agencies: [String], datasets: [(owner: String, level: SharingLevel)], requests: [AccessRequest], grants: [Grant],
        datasetOwners: [String: String], reads: [String: Int], calendar: WorkingDayCalendar, now: Date
    ) {
        var lines = Dictionary(uniqueKeysWithValues: agencies.map { ($0, Line(agencyCode: $0)) })
        for dataset in datasets {
            switch dataset.level {
            case .open: lines[dataset.owner]?.datasetsOpen += 1
            case .shared: lines[dataset.owner]?.datasetsShared += 1
            case .private: lines[dataset.owner]?.datasetsPrivate += 1
            }
        }
        let today = CivilDate(vietnam: now)
        var answerDays: [String: [Int]] = [:]
        for request in requests.sorted(by: { $0.submittedAt > $1.submittedAt }) where request.status != .withdrawn {
            let owner = request.ownerAgencyCode
            guard lines[owner] != nil else { continue }
            lines[owner]!.received += 1
            if request.escalatedAt != nil { lines[owner]!.escalated += 1 }
            if let answer = request.answer {
                if request.answeredOnTime == true { lines[owner]!.answeredOnTime += 1 } else { lines[owner]!.answeredLate += 1 }
                answerDays[owner, default: []].append(
                    calendar.workingDays(from: CivilDate(vietnam: request.submittedAt), to: CivilDate(vietnam: answer.at)))
                if answer.decision == .refuse {
                    lines[owner]!.refused += 1
                    lines[owner]!.refusalReasons.append(answer.reason)
                }
            } else if request.status.isOpen {
                if today > request.dueOn { lines[owner]!.overdue += 1 } else { lines[owner]!.pendingInTerm += 1 }
            }
            if request.decision?.kind == .order, request.answer?.decision == .refuse { lines[owner]!.ordered += 1 }
        }
        for (owner, days) in answerDays { lines[owner]?.medianAnswerDays = Self.median(days) }
        var consumers: [String: Set<String>] = [:]
        for grant in grants where grant.isActive(at: now) {
            if let owner = datasetOwners[grant.datasetCode] { consumers[owner, default: []].insert(grant.consumerAgencyCode) }
        }
        for (owner, set) in consumers { lines[owner]?.consumers = set.count }
        for (owner, count) in reads { lines[owner]?.readsServed = count }
        // Agencies that hold no dataset and were asked for nothing (wards, oversight bodies) have nothing to score.
        self.lines = lines.values.filter { $0.datasetsOpen + $0.datasetsShared + $0.datasetsPrivate + $0.received > 0 }.sorted {
            ($0.holdsBack ? 0 : 1, -$0.overdue, $0.agencyCode) < ($1.holdsBack ? 0 : 1, -$1.overdue, $1.agencyCode)
        }
        generatedAt = now
    }

    static func median(_ values: [Int]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count.isMultiple(of: 2) ? Double(sorted[middle - 1] + sorted[middle]) / 2 : Double(sorted[middle])
    }
}

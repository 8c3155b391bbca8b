import Foundation

/// A reporting duty in the fields of Decree 09/2019/NĐ-CP: name, content, reporting units, receiver, frequency,
/// deadline, data cut-off and template. Each unit owes one report per period; filed on time, late or missing, the
/// reports give the unit its digital-discipline score.
public struct ReportingDuty: Sendable, Hashable, Codable {
    public enum Frequency: String, Sendable, Hashable, Codable, CaseIterable {
        case monthly, quarterly, yearly

        var months: Int {
            switch self {
            case .monthly: 1
            case .quarterly: 3
            case .yearly: 12
            }
        }
    }

    public var code: String
    public var name: String
    public var content: String
    public var reportingUnits: [String]
    public var receiverAgencyCode: String
    public var frequency: Frequency
    /// The report is due this many days after its period ends.
    public var deadlineDays: Int
    /// The data cut-off: this many days before the period ends.
    public var cutoffDaysBeforeEnd: Int
    public var template: String
    /// The first period owed is the one that contains this day.
    public var since: CivilDate

    public init(
        code: String, name: String, content: String, reportingUnits: [String], receiverAgencyCode: String, frequency: Frequency, deadlineDays: Int,
        cutoffDaysBeforeEnd: Int = 0, template: String = "", since: CivilDate
    ) {
        self.code = code
        self.name = name
        self.content = content
        self.reportingUnits = reportingUnits
        self.receiverAgencyCode = receiverAgencyCode
        self.frequency = frequency
        self.deadlineDays = deadlineDays
        self.cutoffDaysBeforeEnd = cutoffDaysBeforeEnd
        self.template = template
        self.since = since
    }

    /// The duty checked: a code, a name, units, days in range.
    public func checked() throws(ProgrammeError) -> ReportingDuty {
        var duty = self
        duty.name = name.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        duty.content = content.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if !Identifiers.isValidCode(code) { invalid.append("code") }
        if duty.name.isEmpty || duty.name.count > 300 { invalid.append("name") }
        if reportingUnits.isEmpty || !reportingUnits.allSatisfy(Identifiers.isValidCode) { invalid.append("reportingUnits") }
        if !Identifiers.isValidCode(receiverAgencyCode) { invalid.append("receiver") }
        if !(0...90).contains(deadlineDays) { invalid.append("deadlineDays") }
        if !(0...30).contains(cutoffDaysBeforeEnd) { invalid.append("cutoffDaysBeforeEnd") }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        return duty
    }

    /// One period owed: its name (`2026-11`, `2026-Q4`, `2026`), first and last day, data cut-off and due date.
    public struct Period: Sendable, Hashable, Codable {
        public var name: String
        public var start: CivilDate
        public var end: CivilDate
        public var cutoff: CivilDate
        public var dueOn: CivilDate
    }

    /// The periods that have ended by `today`, oldest first (at most `limit`, the newest kept).
    public func periods(until today: CivilDate, limit: Int = 24) -> [Period] {
        var result: [Period] = []
        var year = since.year
        var month = ((since.month - 1) / frequency.months) * frequency.months + 1
        while true {
            guard let start = CivilDate(year: year, month: month, day: 1) else { break }
            var nextMonth = month + frequency.months
            var nextYear = year
            if nextMonth > 12 {
                nextMonth -= 12
                nextYear += 1
            }
            let end = CivilDate(year: nextYear, month: nextMonth, day: 1)!.adding(days: -1)
            guard end < today else { break }
            let name: String =
                switch frequency {
                case .monthly: String(format: "%04d-%02d", year, month)
                case .quarterly: "\(year)-Q\((month - 1) / 3 + 1)"
                case .yearly: String(year)
                }
            result.append(
                Period(name: name, start: start, end: end, cutoff: end.adding(days: -cutoffDaysBeforeEnd), dueOn: end.adding(days: deadlineDays)))
            (year, month) = (nextYear, nextMonth)
        }
        return Array(result.suffix(limit))
    }
}

/// One unit's report for one period of a duty: drafted from live data, completed with the officer's narrative and
/// signed; on time, late, missing (its due date passed unfiled) or still open.
public struct ReportInstance: Sendable, Hashable, Codable {
    public enum State: String, Sendable, Hashable, Codable {
        case onTime = "on-time"
        case late
        case missing
        case open
    }

    public var dutyCode: String
    public var unitCode: String
    public var period: ReportingDuty.Period
    public var submittedAt: Date?
    public var signedBy: String?
    public var narrative: String
    public var draft: String

    public init(
        dutyCode: String, unitCode: String, period: ReportingDuty.Period, submittedAt: Date? = nil, signedBy: String? = nil, narrative: String = "",
        draft: String = ""
    ) {
        self.dutyCode = dutyCode
        self.unitCode = unitCode
        self.period = period
        self.submittedAt = submittedAt
        self.signedBy = signedBy
        self.narrative = narrative
        self.draft = draft
    }

    public func state(on today: CivilDate) -> State {
        if let submittedAt { return CivilDate(vietnam: submittedAt) <= period.dueOn ? .onTime : .late }
        return today > period.dueOn ? .missing : .open
    }

    /// A unit's digital-discipline score, 0–100: reports filed on time ÷ reports due (on time, late or missing).
    public static func discipline(_ states: [State]) -> Double? {
        let due = states.filter { $0 != .open }
        return ServiceIndicators.percent(due.filter { $0 == .onTime }.count, of: due.count)
    }
}

import Foundation

/// A task a directive gives an agency: who leads it, with what resources ("nguồn lực đi cùng"), by when (the original
/// deadline and the current one after any approved change), how far it claims to be, and the platform metric that
/// measures it, if any. Its state is computed, never typed.
public struct ProgrammeTask: Sendable, Hashable, Codable {
    public var code: String
    public var directiveCode: String
    public var title: String
    public var ownerAgencyCode: String
    public var leadOfficial: String
    public var coAgencyCodes: [String]
    public var budgetDong: Int
    public var staff: Int
    public var assignedOn: CivilDate
    public var originalDueOn: CivilDate
    /// The deadline in force (the original one unless a change was approved; see the ledger).
    public var dueOn: CivilDate
    /// The progress the owner reports, 0–100 (for a task with sub-tasks: their weighted mean).
    public var progress: Int
    /// The day the owner reported it done.
    public var doneOn: CivilDate?
    /// A sub-task's parent and its weight in the parent's progress.
    public var parentCode: String?
    public var weight: Int
    public var metric: MetricBinding?

    public init(
        code: String, directiveCode: String, title: String, ownerAgencyCode: String, leadOfficial: String = "", coAgencyCodes: [String] = [],
        budgetDong: Int = 0, staff: Int = 0, assignedOn: CivilDate, originalDueOn: CivilDate, dueOn: CivilDate? = nil, progress: Int = 0,
        doneOn: CivilDate? = nil, parentCode: String? = nil, weight: Int = 1, metric: MetricBinding? = nil
    ) {
        self.code = code
        self.directiveCode = directiveCode
        self.title = title
        self.ownerAgencyCode = ownerAgencyCode
        self.leadOfficial = leadOfficial
        self.coAgencyCodes = coAgencyCodes
        self.budgetDong = budgetDong
        self.staff = staff
        self.assignedOn = assignedOn
        self.originalDueOn = originalDueOn
        self.dueOn = dueOn ?? originalDueOn
        self.progress = progress
        self.doneOn = doneOn
        self.parentCode = parentCode
        self.weight = weight
        self.metric = metric
    }

    /// The days a task's dates may fall on. A programme runs for years, not centuries; a deadline in 9999 would only
    /// make every count of working days to it long.
    public static let dates = CivilDate(year: 2000, month: 1, day: 1)!...CivilDate(year: 2100, month: 12, day: 31)!

    /// The task checked: codes, a title, dates in order and between 2000 and 2100, progress 0–100, a positive weight.
    public func checked() throws(ProgrammeError) -> ProgrammeTask {
        var task = self
        task.title = title.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        task.leadOfficial = leadOfficial.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if !Identifiers.isValidCode(code) { invalid.append("code") }
        if !Identifiers.isValidCode(directiveCode) { invalid.append("directive") }
        if task.title.isEmpty || task.title.count > 500 { invalid.append("title") }
        if !Identifiers.isValidCode(ownerAgencyCode) { invalid.append("ownerAgency") }
        if originalDueOn < assignedOn || !Self.dates.contains(originalDueOn) { invalid.append("originalDueOn") }
        if dueOn < assignedOn || !Self.dates.contains(dueOn) { invalid.append("dueOn") }
        if !Self.dates.contains(assignedOn) { invalid.append("assignedOn") }
        if !(0...100).contains(progress) { invalid.append("progress") }
        if budgetDong < 0 { invalid.append("budgetDong") }
        if staff < 0 { invalid.append("staff") }
        if !(1...1_000).contains(weight) { invalid.append("weight") }
        if let parentCode, parentCode == code || !Identifiers.isValidCode(parentCode) { invalid.append("parent") }
        if let metric, !metric.isValid { invalid.append("metric") }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        return task
    }

    /// The state against the deadline in force on `today`.
    public func state(on today: CivilDate) -> TaskState { Self.state(doneOn: doneOn, due: dueOn, today: today) }

    /// The state against the original deadline, side by side with `state(on:)`.
    public func originalState(on today: CivilDate) -> TaskState { Self.state(doneOn: doneOn, due: originalDueOn, today: today) }

    static func state(doneOn: CivilDate?, due: CivilDate, today: CivilDate) -> TaskState {
        if let doneOn { return doneOn <= due ? .doneOnTime : .doneLate }
        return today > due ? .overdue : .inTerm
    }

    /// Working days from `today` to the deadline in force (negative when past it).
    public func workingDaysLeft(on today: CivilDate, calendar: WorkingDayCalendar) -> Int {
        calendar.workingDays(from: today, to: dueOn)
    }

    /// Whether an open task in term will slip, from its speed so far (progress per working day since it was assigned)
    /// and its unit's record: with progress, the day it reaches 100% at its speed is after its deadline, or its unit
    /// keeps fewer than half its deadlines and five working days or fewer are left; with none, a third of its time is
    /// gone, or — the unit's history standing in for a speed — the time its unit usually takes (`record.pace` × the time
    /// given, measured on two tasks or more) ends after its deadline.
    public func forecast(on today: CivilDate, calendar: WorkingDayCalendar, record: UnitRecord?) -> Forecast {
        guard doneOn == nil, today <= dueOn else { return Forecast(projectedDoneOn: nil, atRisk: false, reason: nil) }
        let spent = max(1, calendar.workingDays(from: assignedOn, to: today))
        let total = max(1, calendar.workingDays(from: assignedOn, to: dueOn))
        let left = total - spent
        if progress >= 100 { return Forecast(projectedDoneOn: today, atRisk: false, reason: nil) }
        guard progress > 0 else {
            if spent * 3 >= total { return Forecast(projectedDoneOn: nil, atRisk: true, reason: .noProgress) }
            guard let record, record.samples >= 2, let pace = record.pace else {
                return Forecast(projectedDoneOn: nil, atRisk: false, reason: nil)
            }
            let given = max(1, calendar.workingDays(from: assignedOn, to: originalDueOn))
            let projected = calendar.adding(workingDays: Int((Double(given) * pace).rounded(.up)), to: assignedOn)
            let late = projected > dueOn
            return Forecast(projectedDoneOn: projected, atRisk: late, reason: late ? .unitRecord : nil)
        }
        let perDay = Double(progress) / Double(spent)
        let needed = Int((Double(100 - progress) / perDay).rounded(.up))
        let projected = calendar.adding(workingDays: needed, to: today)
        if projected > dueOn { return Forecast(projectedDoneOn: projected, atRisk: true, reason: .tooSlow) }
        if let rate = record?.onTimeRate, rate < 50, left <= 5 {
            return Forecast(projectedDoneOn: projected, atRisk: true, reason: .unitRecord)
        }
        return Forecast(projectedDoneOn: projected, atRisk: false, reason: nil)
    }

    /// The progress of every task, a parent's being the weighted mean of its sub-tasks' (recursively; a task's own
    /// figure when it has none). Cycles count as leaves.
    public static func rolledUp(_ tasks: [ProgrammeTask]) -> [String: Int] {
        let children = Dictionary(grouping: tasks.filter { $0.parentCode != nil }, by: { $0.parentCode! })
        var memo: [String: Int] = [:]
        func progress(_ task: ProgrammeTask, _ visiting: Set<String>) -> Int {
            if let known = memo[task.code] { return known }
            guard let kids = children[task.code], !kids.isEmpty, !visiting.contains(task.code) else { return task.progress }
            let weights = kids.reduce(0) { $0 + $1.weight }
            let sum = kids.reduce(0) { $0 + progress($1, visiting.union([task.code])) * $1.weight }
            let value = weights == 0 ? task.progress : Int((Double(sum) / Double(weights)).rounded())
            memo[task.code] = value
            return value
        }
        return Dictionary(uniqueKeysWithValues: tasks.map { ($0.code, progress($0, [])) })
    }
}

/// Where a task stands against a deadline.
public enum TaskState: String, Sendable, Hashable, Codable, CaseIterable {
    case doneOnTime = "done-on-time"
    case doneLate = "done-late"
    case inTerm = "in-term"
    case overdue

    public var isDone: Bool { self == .doneOnTime || self == .doneLate }
}

/// Whether an open task will slip, and why.
public struct Forecast: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable {
        /// At its speed so far it reaches 100% after its deadline.
        case tooSlow = "too-slow"
        /// No progress with a third of its time gone.
        case noProgress = "no-progress"
        /// Its unit's history says it will be late: the time the unit usually takes runs past the deadline, or the unit
        /// keeps fewer than half its deadlines and the task is days from its end.
        case unitRecord = "unit-record"
    }

    public var projectedDoneOn: CivilDate?
    public var atRisk: Bool
    public var reason: Reason?
}

/// One change of a task's deadline or target, as the ledger keeps it: who asked, who approved, why.
public struct TaskChange: Sendable, Hashable, Codable {
    public enum Field: String, Sendable, Hashable, Codable {
        case deadline, target
    }

    public var taskCode: String
    public var field: Field
    public var from: String
    public var to: String
    public var requestedBy: String
    public var approvedBy: String
    public var reason: String
    public var at: Date

    public init(taskCode: String, field: Field, from: String, to: String, requestedBy: String, approvedBy: String, reason: String, at: Date) {
        self.taskCode = taskCode
        self.field = field
        self.from = from
        self.to = to
        self.requestedBy = requestedBy
        self.approvedBy = approvedBy
        self.reason = reason
        self.at = at
    }
}

extension ProgrammeTask {
    private enum CodingKeys: String, CodingKey {
        case code, directiveCode, title, ownerAgencyCode, leadOfficial, coAgencyCodes, budgetDong, staff, assignedOn, originalDueOn, dueOn
        case progress, doneOn, parentCode, weight, metric
    }

    /// Decodes a task as other systems feed it: `code`, `directiveCode`, `title`, `ownerAgencyCode`, `assignedOn` and a
    /// deadline (`originalDueOn`, or `dueOn` alone) are required; the rest default as in `init` (no lead, no
    /// co-agencies, no resources, progress 0, weight 1, no parent, no metric).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let dueOn = try container.decodeIfPresent(CivilDate.self, forKey: .dueOn)
        guard let originalDueOn = try container.decodeIfPresent(CivilDate.self, forKey: .originalDueOn) ?? dueOn else {
            throw DecodingError.keyNotFound(
                CodingKeys.originalDueOn, .init(codingPath: container.codingPath, debugDescription: "a task needs originalDueOn or dueOn"))
        }
        self.init(
            code: try container.decode(String.self, forKey: .code), directiveCode: try container.decode(String.self, forKey: .directiveCode),
            title: try container.decode(String.self, forKey: .title), ownerAgencyCode: try container.decode(String.self, forKey: .ownerAgencyCode),
            leadOfficial: try container.decodeIfPresent(String.self, forKey: .leadOfficial) ?? "",
            coAgencyCodes: try container.decodeIfPresent([String].self, forKey: .coAgencyCodes) ?? [],
            budgetDong: try container.decodeIfPresent(Int.self, forKey: .budgetDong) ?? 0,
            staff: try container.decodeIfPresent(Int.self, forKey: .staff) ?? 0,
            assignedOn: try container.decode(CivilDate.self, forKey: .assignedOn), originalDueOn: originalDueOn, dueOn: dueOn,
            progress: try container.decodeIfPresent(Int.self, forKey: .progress) ?? 0,
            doneOn: try container.decodeIfPresent(CivilDate.self, forKey: .doneOn),
            parentCode: try container.decodeIfPresent(String.self, forKey: .parentCode),
            weight: try container.decodeIfPresent(Int.self, forKey: .weight) ?? 1,
            metric: try container.decodeIfPresent(MetricBinding.self, forKey: .metric))
    }
}

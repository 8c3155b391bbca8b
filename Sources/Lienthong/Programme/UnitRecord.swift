import Foundation

/// A unit's record on its own tasks so far, which the forecast reads: how many deadlines it kept, and how long it
/// takes against the time it was given.
public struct UnitRecord: Sendable, Hashable, Codable {
    /// Tasks done on time among those done or overdue, 0–100 (the ranking's tasks part); nil with none.
    public var onTimeRate: Double?
    /// Working days taken ÷ working days given by the original deadline, averaged over its done tasks and its overdue
    /// ones (for which the time so far is a floor): above 1, the unit is late on average. Nil with none.
    public var pace: Double?
    /// How many tasks the pace is measured on.
    public var samples: Int

    public init(onTimeRate: Double?, pace: Double?, samples: Int) {
        self.onTimeRate = onTimeRate
        self.pace = pace
        self.samples = samples
    }

    /// The record of whoever owns `tasks`, on `today`.
    public init(tasks: [ProgrammeTask], today: CivilDate, calendar: WorkingDayCalendar) {
        onTimeRate = UnitScore.taskPart(tasks.map { $0.state(on: today) })
        var ratios: [Double] = []
        for task in tasks {
            let given = max(1, calendar.workingDays(from: task.assignedOn, to: task.originalDueOn))
            if let doneOn = task.doneOn {
                ratios.append(Double(max(0, calendar.workingDays(from: task.assignedOn, to: doneOn))) / Double(given))
            } else if today > task.dueOn {
                ratios.append(Double(max(0, calendar.workingDays(from: task.assignedOn, to: today))) / Double(given))
            }
        }
        samples = ratios.count
        pace = ratios.isEmpty ? nil : ratios.reduce(0, +) / Double(ratios.count)
    }

    /// The records of every owner of `tasks`, by agency code.
    public static func byUnit(_ tasks: [ProgrammeTask], today: CivilDate, calendar: WorkingDayCalendar) -> [String: UnitRecord] {
        Dictionary(grouping: tasks, by: \.ownerAgencyCode).mapValues { UnitRecord(tasks: $0, today: today, calendar: calendar) }
    }
}

import Foundation

/// A task as the tracker judges it on a day — its state against the deadline in force and the original one, its
/// progress rolled up from its sub-tasks, the forecast from its speed and its unit's record, the claim checked against
/// the measured value, and why it is late or moved — the one judgement the committee's view, the task page, the API
/// and the CLI all show.
public struct TaskStatus: Sendable, Hashable, Codable {
    public var code: String
    public var title: String
    public var directiveCode: String
    /// The directive's number (its code when the directive is unknown).
    public var directive: String
    public var issuer: Directive.Issuer
    public var ownerAgencyCode: String
    public var leadOfficial: String
    public var parentCode: String?
    public var originalDueOn: CivilDate
    public var dueOn: CivilDate
    public var state: TaskState
    public var originalState: TaskState
    /// Working days to the deadline in force (negative: overdue by that many).
    public var workingDaysLeft: Int
    /// The reported progress, rolled up from the sub-tasks when it has any.
    public var progress: Int
    public var forecast: Forecast
    public var metric: MetricBinding?
    /// The claim against the measured value, when the task is bound to a metric that was measured.
    public var claim: ClaimCheck?
    /// Why it is late or moved: the ledger's reasons, then the titles of the problems it addresses.
    public var why: [String]

    /// Judges every task in `tasks` on `today`. `measured` holds the metrics' values by `MetricBinding.key`; the units'
    /// records come from all of `tasks`.
    public static func judge(
        _ tasks: [ProgrammeTask], directives: [Directive], changes: [TaskChange], problems: [ProgrammeProblem], measured: [String: Double],
        calendar: WorkingDayCalendar, today: CivilDate
    ) -> [TaskStatus] {
        let directives = Dictionary(directives.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let progress = ProgrammeTask.rolledUp(tasks)
        let records = UnitRecord.byUnit(tasks, today: today, calendar: calendar)
        let reasons = Dictionary(grouping: changes, by: \.taskCode).mapValues { $0.map(\.reason) }
        var problemTitles: [String: [String]] = [:]
        for problem in problems { for task in problem.taskCodes { problemTitles[task, default: []].append(problem.title) } }
        return tasks.map { task in
            var claimed = task
            claimed.progress = progress[task.code] ?? task.progress
            let claim = task.metric.flatMap { metric in
                measured[metric.key].map { ClaimCheck(task: task, claimedProgress: claimed.progress, measured: $0, binding: metric) }
            }
            return TaskStatus(
                code: task.code, title: task.title, directiveCode: task.directiveCode,
                directive: directives[task.directiveCode]?.number ?? task.directiveCode,
                issuer: directives[task.directiveCode]?.issuer ?? .city, ownerAgencyCode: task.ownerAgencyCode, leadOfficial: task.leadOfficial,
                parentCode: task.parentCode, originalDueOn: task.originalDueOn, dueOn: task.dueOn, state: task.state(on: today),
                originalState: task.originalState(on: today), workingDaysLeft: task.workingDaysLeft(on: today, calendar: calendar),
                progress: claimed.progress, forecast: claimed.forecast(on: today, calendar: calendar, record: records[task.ownerAgencyCode]),
                metric: task.metric, claim: claim, why: (reasons[task.code] ?? []) + (problemTitles[task.code] ?? []))
        }
    }
}

import Foundation
import Lienthong
import LienthongStore

/// What the Inspection Committee sees: counts of tasks by source and state, each unit's tasks and score, the overdue
/// tasks with why (the ledger's reasons and the problems they address), the tasks at risk before they are overdue,
/// the claims the data contradicts, and the problem register's counts.
struct ProgrammeOverview: Encodable, Sendable {
    struct Counts: Encodable, Sendable {
        var total = 0
        var overdue = 0
        var inTerm = 0
        var doneOnTime = 0
        var doneLate = 0
        var atRisk = 0
        var overdueOnOriginalDeadline = 0
    }

    /// A top-level task as judged today (the core's one judgement).
    typealias TaskLine = TaskStatus

    struct Unit: Encodable, Sendable {
        let agencyCode: String
        let counts: Counts
        let contradicted: Int
        let score: UnitScore
    }

    /// A lead official by their tasks: exemplary with 80% or more done on time and none overdue, negligent with
    /// three overdue or under half on time (the units' thresholds, on the tasks part alone).
    struct Official: Encodable, Sendable {
        let name: String
        let agencyCode: String
        let tasks: Int
        let overdue: Int
        let onTimeRate: Double?
        let verdict: UnitScore.Verdict
    }

    let today: CivilDate
    let central: Counts
    let city: Counts
    let units: [Unit]
    let officials: [Official]
    let overdue: [TaskLine]
    let atRisk: [TaskLine]
    let contradicted: [TaskLine]
    /// The Inspection Committee's findings made follow-up tasks, newest first.
    let findings: [TaskLine]
    let problems: [String: Int]
    let shortcomingGroups: Int
    let formula: String

    init(
        tasks: [ProgrammeTask], directives: [Directive], findingsDirective: String, changes: [TaskChange], problems: [ProgrammeProblem],
        measured: [String: Double],
        sharing: [String: Double], quality: [String: Double], services: [String: Double], discipline: [String: Double], calendar: WorkingDayCalendar,
        today: CivilDate,
        language: Language
    ) {
        self.today = today
        let lines = TaskStatus.judge(
            tasks, directives: directives, changes: changes, problems: problems, measured: measured, calendar: calendar, today: today
        ).filter { $0.parentCode == nil }
        func count(_ lines: [TaskLine]) -> Counts {
            var counts = Counts()
            for line in lines {
                counts.total += 1
                switch line.state {
                case .overdue: counts.overdue += 1
                case .inTerm: counts.inTerm += 1
                case .doneOnTime: counts.doneOnTime += 1
                case .doneLate: counts.doneLate += 1
                }
                if line.forecast.atRisk { counts.atRisk += 1 }
                if line.originalState == .overdue { counts.overdueOnOriginalDeadline += 1 }
            }
            return counts
        }
        central = count(lines.filter { $0.issuer == .central })
        city = count(lines.filter { $0.issuer == .city })
        units = Dictionary(grouping: lines, by: \.ownerAgencyCode).map { (agency: String, own: [TaskLine]) -> Unit in
            let counts = count(own)
            return Unit(
                agencyCode: agency, counts: counts, contradicted: own.filter { $0.claim?.contradicted == true }.count,
                score: UnitScore(
                    agencyCode: agency, tasks: UnitScore.taskPart(own.map(\.state)), sharing: sharing[agency], quality: quality[agency],
                    services: services[agency], discipline: discipline[agency], overdueTasks: counts.overdue))
        }.sorted { (left: Unit, right: Unit) -> Bool in
            let (a, b) = (left.score.score ?? -1, right.score.score ?? -1)
            return a != b ? a > b : left.agencyCode < right.agencyCode
        }
        let led = Dictionary(grouping: lines.filter { !$0.leadOfficial.isEmpty }) { (line: TaskLine) -> String in
            line.leadOfficial + "\u{1F}" + line.ownerAgencyCode
        }
        var officials: [Official] = []
        for own in led.values {
            let states: [TaskState] = own.map(\.state)
            officials.append(
                Official(
                    name: own[0].leadOfficial, agencyCode: own[0].ownerAgencyCode, tasks: own.count, overdue: states.filter { $0 == .overdue }.count,
                    onTimeRate: UnitScore.taskPart(states),
                    verdict: UnitScore(
                        agencyCode: own[0].ownerAgencyCode, tasks: UnitScore.taskPart(states), sharing: nil, quality: nil, services: nil,
                        overdueTasks: states.filter { $0 == .overdue }.count
                    ).verdict))
        }
        self.officials = officials.sorted { (left: Official, right: Official) -> Bool in
            left.overdue != right.overdue ? left.overdue > right.overdue : left.name < right.name
        }
        overdue = lines.filter { $0.state == .overdue }.sorted { (left: TaskLine, right: TaskLine) -> Bool in
            left.workingDaysLeft != right.workingDaysLeft ? left.workingDaysLeft < right.workingDaysLeft : left.code < right.code
        }
        atRisk = lines.filter(\.forecast.atRisk).sorted { (left: TaskLine, right: TaskLine) -> Bool in
            left.dueOn != right.dueOn ? left.dueOn < right.dueOn : left.code < right.code
        }
        contradicted = lines.filter { $0.claim?.contradicted == true }
        findings = lines.filter { $0.directiveCode == findingsDirective }.sorted { (left: TaskLine, right: TaskLine) -> Bool in
            left.code > right.code
        }
        self.problems = Dictionary(grouping: problems.filter { $0.closedOn == nil }, by: \.kind.rawValue).mapValues(\.count)
        shortcomingGroups = Set(problems.filter { $0.kind == .shortcoming && $0.closedOn == nil }.map(\.group)).count
        formula = Messages.unitRankingFormula.text(language)
    }
}

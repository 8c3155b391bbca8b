import Foundation
import Lienthong
import Testing

@Suite("Programme tracker: task states, forecasts, roll-up, claims, unit scores")
struct ProgrammeTests {
    let calendar = WorkingDayCalendar.vietnam()

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    func task(_ code: String, assigned: String = "2026-03-02", due: String = "2026-04-30", progress: Int = 0, done: String? = nil) -> ProgrammeTask {
        ProgrammeTask(
            code: code, directiveCode: "nq-57", title: "Nhiệm vụ \(code)", ownerAgencyCode: "syt", assignedOn: day(assigned), originalDueOn: day(due),
            progress: progress, doneOn: done.map(day))
    }

    @Test("a task's state is computed against the deadline in force and the original one, side by side")
    func states() {
        var moved = task("a", due: "2026-04-01")
        moved.dueOn = day("2026-04-20")
        #expect(moved.state(on: day("2026-04-10")) == .inTerm && moved.originalState(on: day("2026-04-10")) == .overdue)
        #expect(moved.state(on: day("2026-04-21")) == .overdue)
        var done = moved
        done.doneOn = day("2026-04-15")
        #expect(done.state(on: day("2026-05-01")) == .doneOnTime && done.originalState(on: day("2026-05-01")) == .doneLate)
    }

    @Test("a task checks its codes, dates, progress and weight")
    func checking() {
        var bad = task("Bad Code", due: "2026-01-01", progress: 120)
        bad.weight = 0
        #expect(throws: ProgrammeError.invalidFields(["code", "originalDueOn", "dueOn", "progress", "weight"])) { try bad.checked() }
    }

    @Test("the forecast: too slow at its speed, no progress after a third of its time, fine when on pace")
    func forecast() {
        // Assigned 2/3, due 30/4; on 1/4 about 22 of 43 working days are gone.
        let slow = task("slow", progress: 20).forecast(on: day("2026-04-01"), calendar: calendar, record: nil)
        #expect(slow.atRisk && slow.reason == .tooSlow && slow.projectedDoneOn! > day("2026-04-30"))
        let idle = task("idle", progress: 0).forecast(on: day("2026-04-01"), calendar: calendar, record: nil)
        #expect(idle.atRisk && idle.reason == .noProgress)
        let pace = task("pace", progress: 70).forecast(on: day("2026-04-01"), calendar: calendar, record: nil)
        #expect(!pace.atRisk && pace.projectedDoneOn! <= day("2026-04-30"))
        let record = task("record", progress: 95).forecast(
            on: day("2026-04-22"), calendar: calendar, record: UnitRecord(onTimeRate: 20, pace: nil, samples: 0))
        #expect(record.atRisk && record.reason == .unitRecord, "on pace, days from its end, in a unit that is mostly late")
        #expect(
            !task("record", progress: 95).forecast(
                on: day("2026-04-22"), calendar: calendar, record: UnitRecord(onTimeRate: 80, pace: nil, samples: 0)
            ).atRisk)
        #expect(!task("done", progress: 100, done: "2026-03-20").forecast(on: day("2026-04-01"), calendar: calendar, record: nil).atRisk)
    }

    @Test("with no progress yet, the unit's history stands in for a speed: a unit that takes half as long again slips")
    func forecastFromHistory() {
        // Two earlier tasks of 20 working days each: one done in 30, one overdue with 30 gone (pace 1.5).
        let late = task("late", assigned: "2026-01-05", due: "2026-02-02", progress: 100, done: "2026-02-13")
        let stuck = task("stuck", assigned: "2026-01-05", due: "2026-02-02")
        let record = UnitRecord(tasks: [late, stuck], today: day("2026-02-26"), calendar: calendar)
        #expect(record.samples == 2 && record.onTimeRate == 0 && record.pace! > 1.3)
        // A fresh task (a tenth of its time gone, no progress): at its unit's pace it ends after its deadline.
        let fresh = task("fresh", assigned: "2026-03-02", due: "2026-04-30").forecast(on: day("2026-03-05"), calendar: calendar, record: record)
        #expect(fresh.atRisk && fresh.reason == .unitRecord && fresh.projectedDoneOn! > day("2026-04-30"))
        // The same task in a unit that keeps its time, or with one task of history only, is not at risk yet.
        let prompt = UnitRecord(onTimeRate: 100, pace: 0.8, samples: 4)
        let calm = task("fresh").forecast(on: day("2026-03-05"), calendar: calendar, record: prompt)
        #expect(!calm.atRisk && calm.projectedDoneOn! < day("2026-04-30"))
        #expect(!task("fresh").forecast(on: day("2026-03-05"), calendar: calendar, record: UnitRecord(onTimeRate: 0, pace: 2, samples: 1)).atRisk)
    }

    @Test("a parent's progress is the weighted mean of its sub-tasks'")
    func rollUp() {
        var first = task("child-1", progress: 100)
        first.parentCode = "parent"
        first.weight = 3
        var second = task("child-2", progress: 0)
        second.parentCode = "parent"
        let rolled = ProgrammeTask.rolledUp([task("parent", progress: 10), first, second])
        #expect(rolled["parent"] == 75 && rolled["child-2"] == 0)
    }

    @Test("a claim is contradicted when done but short of the target, or 30 points above what is measured")
    func claims() {
        let binding = MetricBinding(kind: .datasetsShared, subject: "syt", target: 2)
        #expect(ClaimCheck(task: task("a", done: "2026-03-10"), claimedProgress: 100, measured: 1, binding: binding).contradicted)
        #expect(ClaimCheck(task: task("b"), claimedProgress: 90, measured: 1, binding: binding).contradicted)
        #expect(!ClaimCheck(task: task("c"), claimedProgress: 60, measured: 1, binding: binding).contradicted)
        #expect(!ClaimCheck(task: task("d", done: "2026-03-10"), claimedProgress: 100, measured: 2, binding: binding).contradicted)
        #expect(binding.progress(of: 1) == 50 && binding.progress(of: 5) == 100)
    }

    @Test("a unit's score weighs its parts and leaves out what it lacks; the verdicts follow the formula")
    func unitScores() {
        let good = UnitScore(agencyCode: "stc", tasks: 100, sharing: nil, quality: 90, services: 80, overdueTasks: 0)
        #expect(good.score == 93.1 && good.verdict == .exemplary)
        let late = UnitScore(agencyCode: "syt", tasks: 90, sharing: 90, quality: 90, services: 90, overdueTasks: 3)
        #expect(late.verdict == .negligent, "three overdue tasks")
        let poor = UnitScore(agencyCode: "sct", tasks: 20, sharing: 40, quality: 70, services: nil, overdueTasks: 1)
        #expect(poor.score == 36.2 && poor.verdict == .negligent)
        let disciplined = UnitScore(agencyCode: "stp", tasks: 50, sharing: nil, quality: nil, services: nil, discipline: 100, overdueTasks: 0)
        #expect(disciplined.score == 68.2, "35 × 50 + 20 × 100, over 55")
        #expect(UnitScore(agencyCode: "x", tasks: nil, sharing: nil, quality: nil, services: nil, overdueTasks: 0).score == nil)
        #expect(UnitScore.taskPart([.doneOnTime, .doneLate, .overdue, .inTerm]) == 33.3)
    }

    @Test("results: twelve months up to today's, each series a percentage per month or nothing, as CSV too")
    func results() {
        let inMonth = { (text: String) in Date(timeIntervalSince1970: TimeInterval(CivilDate(iso: text)!.dayNumber * 86_400 + 7_200)) }
        let report = ResultsReport(
            today: day("2026-11-26"), cases: [],
            requests: [(inMonth("2026-10-05"), true), (inMonth("2026-10-20"), false), (inMonth("2026-11-02"), true)],
            runs: [(inMonth("2026-11-03"), 80), (inMonth("2026-11-10"), 90)], calendar: calendar, agenciesSharing: 2, agencies: 8,
            datasetsOpenOrShared: 3, datasetsPublished: 7)
        #expect(report.months.count == 12 && report.months.first == "2025-12" && report.months.last == "2026-11")
        let requests = report.series.first { $0.key == "requests-on-time" }!.values
        #expect(requests.suffix(2) == [50, 100] && requests.first! == nil)
        #expect(report.series.first { $0.key == "quality" }!.values.last! == 85)
        #expect(report.csv.hasPrefix("month,requests-on-time,cases-on-time,fully-online,declare-once,satisfied,quality\n2025-12,,,,,,\n"))
        #expect(report.csv.contains("2026-11,100.0,,,,,85.0\n"))
    }

    @Test("reporting duties: periods that have ended, due dates, and the discipline of reports filed on time over reports due")
    func reporting() {
        let duty = ReportingDuty(
            code: "bc", name: "Báo cáo", content: "", reportingUnits: ["syt"], receiverAgencyCode: "skhcn", frequency: .quarterly, deadlineDays: 10,
            cutoffDaysBeforeEnd: 1, since: day("2026-02-10"))
        let periods = duty.periods(until: day("2026-11-26"))
        #expect(periods.map(\.name) == ["2026-Q1", "2026-Q2", "2026-Q3"])
        #expect(periods.first?.end == day("2026-03-31") && periods.first?.dueOn == day("2026-04-10") && periods.first?.cutoff == day("2026-03-30"))
        var monthly = duty
        monthly.frequency = .monthly
        #expect(monthly.periods(until: day("2026-05-01")).map(\.name) == ["2026-02", "2026-03", "2026-04"])
        let at = { (text: String) in Date(timeIntervalSince1970: TimeInterval(self.day(text).dayNumber * 86_400 + 3_600)) }
        let onTime = ReportInstance(dutyCode: "bc", unitCode: "syt", period: periods[0], submittedAt: at("2026-04-09"))
        let late = ReportInstance(dutyCode: "bc", unitCode: "syt", period: periods[1], submittedAt: at("2026-07-20"))
        let missing = ReportInstance(dutyCode: "bc", unitCode: "syt", period: periods[2])
        let states = [onTime, late, missing].map { $0.state(on: day("2026-11-26")) }
        #expect(states == [.onTime, .late, .missing])
        #expect(missing.state(on: day("2026-10-05")) == .open)
        #expect(ReportInstance.discipline(states) == 33.3 && ReportInstance.discipline([.open]) == nil)
        var bad = duty
        bad.reportingUnits = []
        #expect(throws: ProgrammeError.invalidFields(["reportingUnits"])) { try bad.checked() }
    }
}

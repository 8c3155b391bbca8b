import Foundation
import Lienthong
import LienthongStore

/// The one place where the programme tracker reads and changes: the overview for the Inspection Committee (measured
/// values taken now and kept as readings), a task with its ledger and readings, progress reports by the owner,
/// deadline and target changes by the coordinator, problems closed by their metric. Each change is audited.
struct ProgrammeDesk {
    let services: AppServices
    var store: ProgrammeStore { ProgrammeStore(database: services.database) }
    var metrics: ProgrammeMetrics { ProgrammeMetrics(database: services.database, calendar: services.configuration.calendar) }

    /// The overview on `time`: every bound metric measured now (a reading kept when it changed), the units' sharing,
    /// quality and services parts from the other capabilities.
    func overview(language: Language, at time: Date = Date()) async throws -> ProgrammeOverview {
        let tasks = try await store.tasks()
        let problems = try await store.problems()
        let measured = try await metrics.measureAndRecord(tasks.compactMap(\.metric) + problems.compactMap(\.closingMetric), at: time)
        let calendar = services.configuration.calendar
        // Sharing: requests answered by their deadline among those answered or overdue (an unanswered overdue request
        // counts against the unit), for units that received any.
        let board = try await SharingStore(database: services.database).scoreboard(calendar: calendar, now: time)
        var sharing: [String: Double] = [:]
        for line in board.lines where line.answeredOnTime + line.answeredLate + line.overdue > 0 {
            sharing[line.agencyCode] = try await metrics.measure(
                MetricBinding(kind: .requestsAnsweredOnTime, subject: line.agencyCode, target: 100), at: time)
        }
        let quality = Dictionary(
            try await QualityStore(database: services.database).scorecards().agencies.compactMap { card in card.overall.map { (card.code, $0) } },
            uniquingKeysWith: { first, _ in first })
        let report = try await CaseDesk(services: services).indicators(at: time)
        let serviceRates = Dictionary(
            report.byAgency.compactMap { line in line.onTimeRate.map { (line.key, $0) } }, uniquingKeysWith: { first, _ in first })
        let reports = try await reporting.reports(today: CivilDate(vietnam: time))
        let discipline = Dictionary(grouping: reports, by: \.unitCode).compactMapValues { own in
            ReportInstance.discipline(own.map { $0.state(on: CivilDate(vietnam: time)) })
        }
        return ProgrammeOverview(
            tasks: tasks, directives: try await store.directives(), findingsDirective: Self.findingsDirective.code,
            changes: try await store.changes(), problems: problems, measured: measured,
            sharing: sharing, quality: quality, services: serviceRates, discipline: discipline, calendar: calendar, today: CivilDate(vietnam: time),
            language: language)
    }

    /// Every task judged on `time` (sub-tasks after their parents, by code), every bound metric measured now.
    func statuses(at time: Date = Date()) async throws -> [TaskStatus] {
        let tasks = try await store.tasks()
        return TaskStatus.judge(
            tasks, directives: try await store.directives(), changes: try await store.changes(), problems: try await store.problems(),
            measured: try await metrics.measureAndRecord(tasks.compactMap(\.metric), at: time), calendar: services.configuration.calendar,
            today: CivilDate(vietnam: time))
    }

    /// The owner agency's steward (or the coordinator) reports progress.
    func report(_ code: String, progress: Int, done: Bool, context: AppRequestContext, at time: Date = Date()) async throws -> ProgrammeTask {
        guard let task = try await store.task(code) else { throw ProgrammeError.unknownTask(code) }
        guard let identity = context.identity, identity.role == .admin || (identity.role == .steward && identity.agencyCode == task.ownerAgencyCode)
        else { throw ProgrammeError.notOwner }
        let saved = try await store.report(
            code, progress: done ? 100 : progress, doneOn: done ? CivilDate(vietnam: time) : nil, by: Auditor.actor(identity).id, at: time)
        try await services.audit.record(
            context, "task.progress", resource: "task:\(code)#progress=\(saved.progress)", agencyCode: task.ownerAgencyCode)
        return saved
    }

    /// The coordinator changes a deadline or a target, naming who asked and why; the ledger keeps it.
    func change(
        _ code: String, field: TaskChange.Field, to value: String, requestedBy: String, reason: String, context: AppRequestContext
    ) async throws -> ProgrammeTask {
        let approver = Auditor.actor(context.identity).id
        let saved = try await store.change(code, field, to: value, requestedBy: requestedBy, approvedBy: approver, reason: reason)
        try await services.audit.record(context, "task.\(field.rawValue)", resource: "task:\(code)#to=\(value)", agencyCode: saved.ownerAgencyCode)
        return saved
    }
}

extension ProgrammeDesk {
    var reporting: ReportingStore { ReportingStore(database: services.database) }

    /// A unit's report drafted from live data: its tasks by state and the overdue ones, and its sharing, quality and
    /// service figures today. The officer adds the narrative and signs.
    func draft(unit: String, language: Language, at time: Date = Date()) async throws -> String {
        let overview = try await overview(language: language, at: time)
        let names = try await services.agencyNames(language)
        let name = names[unit] ?? unit
        guard let line = overview.units.first(where: { $0.agencyCode == unit }) else {
            return language == .en ? "\(name): no programme tasks." : "\(name): không có nhiệm vụ theo dõi."
        }
        let overdue = overview.overdue.filter { $0.ownerAgencyCode == unit }.map { "\($0.code) \($0.title)" }
        func figure(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }
        let counts = line.counts
        if language == .en {
            return """
                \(name), as measured on \(ServiceDisplay.day(CivilDate(vietnam: time), .en)): \(counts.total) tasks — \(counts.doneOnTime) done on time, \(counts.doneLate) done late, \
                \(counts.inTerm) in term, \(counts.overdue) overdue (\(counts.atRisk) at risk); \(line.contradicted) claims the data contradicts.
                Overdue: \(overdue.isEmpty ? "none" : overdue.joined(separator: "; ")).
                Requests answered on time: \(figure(line.score.sharing))%; data quality: \(figure(line.score.quality)); cases on time: \(figure(line.score.services))%.
                """
        }
        return """
            \(name), số liệu đo ngày \(CivilDate(vietnam: time).vietnameseFormat): \(counts.total) nhiệm vụ — \(counts.doneOnTime) hoàn thành đúng hạn, \
            \(counts.doneLate) hoàn thành trễ hạn, \(counts.inTerm) trong hạn, \(counts.overdue) quá hạn (\(counts.atRisk) có nguy cơ chậm); \
            \(line.contradicted) báo cáo trái với số liệu.
            Nhiệm vụ quá hạn: \(overdue.isEmpty ? "không" : overdue.joined(separator: "; ")).
            Yêu cầu khai thác trả lời đúng hạn: \(figure(line.score.sharing))%; chất lượng dữ liệu: \(figure(line.score.quality)); hồ sơ đúng hạn: \(figure(line.score.services))%.
            """
    }

    /// The steward of the reporting unit files its report for a period: the draft made now, their narrative, their name.
    func file(duty: String, period: String, narrative: String, context: AppRequestContext, at time: Date = Date()) async throws -> ReportInstance {
        guard case .staff(let user, _) = context.identity, user.role == .steward || user.role == .admin else { throw ProgrammeError.notOwner }
        let draft = try await draft(unit: user.agencyCode, language: .vi, at: time)
        let filed = try await reporting.submit(
            duty: duty, unit: user.agencyCode, period: period, narrative: narrative, draft: draft, signedBy: user.username, at: time)
        try await services.audit.record(context, "report.file", resource: "report:\(duty)/\(user.agencyCode)/\(period)")
        return filed
    }
}

extension ProgrammeDesk {
    /// The directive that the Inspection Committee's findings become tasks under.
    static let findingsDirective = Directive(
        code: "ket-luan-ubkt", issuer: .city, number: "Kết luận UBKT", issuedOn: CivilDate(year: 2025, month: 11, day: 14)!,
        title: "Kết luận kiểm tra, giám sát của Ủy ban Kiểm tra Thành ủy")

    /// An inspector's (or the coordinator's) finding becomes a follow-up task of `unit`, due `dueOn`, under the
    /// committee's directive; `related` names the task it follows up.
    func finding(
        unit: String, title: String, dueOn: CivilDate, related: String?, context: AppRequestContext, at time: Date = Date()
    ) async throws
        -> ProgrammeTask
    {
        let today = CivilDate(vietnam: time)
        if try await store.directives().first(where: { $0.code == Self.findingsDirective.code }) == nil {
            _ = try await store.save(Self.findingsDirective)
        }
        if let related, try await store.task(related) == nil { throw ProgrammeError.unknownTask(related) }
        let text = title.trimmingCharacters(in: .whitespacesAndNewlines)
        // The next free `kl-NNN`: a finding never replaces another, even when two are filed at once.
        var number = (try await store.tasks().compactMap { $0.code.hasPrefix("kl-") ? Int($0.code.dropFirst(3)) : nil }.max() ?? 0) + 1
        var created: ProgrammeTask?
        while created == nil {
            do {
                created = try await store.save(
                    ProgrammeTask(
                        code: String(format: "kl-%03d", number), directiveCode: Self.findingsDirective.code,
                        title: related.map { text + " (theo dõi \($0))" } ?? text, ownerAgencyCode: unit, assignedOn: today, originalDueOn: dueOn),
                    by: Auditor.actor(context.identity).id, at: time, onlyNew: true)
            } catch let error as ProgrammeError where error == .alreadyFiled && number < 10_000 {
                number += 1
            }
        }
        guard let task = created else { throw ProgrammeError.unknownTask("kl") }
        try await services.audit.record(context, "finding.create", resource: "task:\(task.code)", agencyCode: unit)
        return task
    }
}

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
        for line in board.lines where line.received > 0 {
            sharing[line.agencyCode] = try await metrics.measure(
                MetricBinding(kind: .requestsAnsweredOnTime, subject: line.agencyCode, target: 100), at: time)
        }
        let quality = Dictionary(
            try await QualityStore(database: services.database).scorecards().agencies.compactMap { card in card.overall.map { (card.code, $0) } },
            uniquingKeysWith: { first, _ in first })
        let report = try await CaseDesk(services: services).indicators(at: time)
        let serviceRates = Dictionary(
            report.byAgency.compactMap { line in line.onTimeRate.map { (line.key, $0) } }, uniquingKeysWith: { first, _ in first })
        return ProgrammeOverview(
            tasks: tasks, directives: try await store.directives(), changes: try await store.changes(), problems: problems, measured: measured,
            sharing: sharing, quality: quality, services: serviceRates, calendar: calendar, today: CivilDate(vietnam: time), language: language)
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

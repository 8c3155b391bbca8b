import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The programme tracker over the API: the Inspection Committee's overview, directives and tasks (the coordinator
/// writes them; other systems can feed them), progress reports by the owner, ledgered deadline and target changes,
/// a task's readings and claim check, the problem register.
struct ProgrammeRoutes {
    let services: AppServices

    struct DirectiveBody: APIInput {
        static let fields: Set<String> = ["issuer", "number", "issuedOn", "title"]
        let issuer: Directive.Issuer
        let number: String
        let issuedOn: CivilDate
        let title: String
    }

    struct TaskBody: APIInput {
        static let fields: Set<String> = [
            "directive", "title", "ownerAgencyCode", "leadOfficial", "coAgencyCodes", "budgetDong", "staff", "assignedOn", "dueOn", "progress",
            "parent", "weight", "metric",
        ]
        let directive: String
        let title: String
        let ownerAgencyCode: String
        let leadOfficial: String?
        let coAgencyCodes: [String]?
        let budgetDong: Int?
        let staff: Int?
        let assignedOn: CivilDate
        let dueOn: CivilDate
        let progress: Int?
        let parent: String?
        let weight: Int?
        let metric: MetricBinding?
    }

    struct ProgressBody: APIInput {
        static let fields: Set<String> = ["progress", "done"]
        let progress: Int
        let done: Bool?
    }

    struct ChangeBody: APIInput {
        static let fields: Set<String> = ["field", "to", "requestedBy", "reason"]
        let field: TaskChange.Field
        let to: String
        let requestedBy: String
        let reason: String
    }

    /// A task with its state, ledger, readings and claim check; `status` is the whole judgement (forecast, roll-up,
    /// why) as the committee's view shows it.
    struct TaskView: Encodable, Sendable {
        let task: ProgrammeTask
        let state: TaskState
        let originalState: TaskState
        let changes: [TaskChange]
        let measured: Double?
        let claim: ClaimCheck?
        let readings: [Reading]
        let status: TaskStatus
        /// Its sub-tasks, judged the same way.
        let subTasks: [TaskStatus]
    }

    struct DutyBody: APIInput {
        static let fields: Set<String> = [
            "name", "content", "reportingUnits", "receiverAgencyCode", "frequency", "deadlineDays", "cutoffDaysBeforeEnd", "template", "since",
        ]
        let name: String
        let content: String?
        let reportingUnits: [String]
        let receiverAgencyCode: String
        let frequency: ReportingDuty.Frequency
        let deadlineDays: Int
        let cutoffDaysBeforeEnd: Int?
        let template: String?
        let since: CivilDate
    }

    struct FindingBody: APIInput {
        static let fields: Set<String> = ["unit", "title", "dueOn", "relatedTask"]
        let unit: String
        let title: String
        let dueOn: CivilDate
        let relatedTask: String?
    }

    struct ProblemBody: APIInput {
        static let fields: Set<String> = ["kind", "group", "title", "agencyCodes", "linkedCodes", "taskCodes", "closingMetric"]
        let kind: ProgrammeProblem.Kind
        let group: String?
        let title: String
        let agencyCodes: [String]?
        let linkedCodes: [String]?
        let taskCodes: [String]?
        let closingMetric: MetricBinding?
    }

    struct NarrativeBody: APIInput {
        static let fields: Set<String> = ["narrative"]
        let narrative: String
    }

    /// A report owed, with its state today.
    struct ReportView: Encodable, Sendable {
        let report: ReportInstance
        let state: ReportInstance.State
    }

    struct Reading: Encodable, Sendable {
        let at: Date
        let value: Double
    }

    func register(on routes: RouteRegistrar) {
        let desk = ProgrammeDesk(services: services)
        let limit = services.configuration.maxJSONBodyBytes
        routes.add(.get, "/api/v1/programme/overview") { _, context in
            try JSONCoding.response(try await desk.overview(language: context.language))
        }
        routes.add(.get, "/api/v1/programme/directives") { _, _ in
            try JSONCoding.response(SharingRoutes.Page(items: try await desk.store.directives(), nextCursor: nil))
        }
        routes.add(.put, "/api/v1/programme/directives/{code}") { request, context in
            let body = try await request.decodeJSON(DirectiveBody.self, limit: limit)
            let saved = try await desk.store.save(
                Directive(
                    code: try context.parameters.require("code"), issuer: body.issuer, number: body.number, issuedOn: body.issuedOn, title: body.title
                ))
            try await services.audit.record(context, "directive.save", resource: "directive:\(saved.code)")
            return try JSONCoding.response(saved)
        }
        routes.add(.get, "/api/v1/programme/tasks") { request, _ in
            let agency = request.uri.queryParameters["agency"].map(String.init)
            try await services.requireAgency(agency)
            return try JSONCoding.response(SharingRoutes.Page(items: try await desk.store.tasks(ownerAgencyCode: agency), nextCursor: nil))
        }
        routes.add(.put, "/api/v1/programme/tasks/{code}") { request, context in
            let body = try await request.decodeJSON(TaskBody.self, limit: limit)
            let code = try context.parameters.require("code")
            let existing = try await desk.store.task(code)
            // The deadline in force and the target change through the ledger only: the store keeps them on a replaced task.
            let task = ProgrammeTask(
                code: code, directiveCode: body.directive, title: body.title, ownerAgencyCode: body.ownerAgencyCode,
                leadOfficial: body.leadOfficial ?? "",
                coAgencyCodes: body.coAgencyCodes ?? [], budgetDong: body.budgetDong ?? 0, staff: body.staff ?? 0, assignedOn: body.assignedOn,
                originalDueOn: body.dueOn, progress: body.progress ?? 0, parentCode: body.parent, weight: body.weight ?? 1, metric: body.metric)
            let saved = try await desk.store.save(task, by: Auditor.actor(context.identity).id)
            try await services.audit.record(
                context, existing == nil ? "task.create" : "task.update", resource: "task:\(code)", agencyCode: saved.ownerAgencyCode)
            return try JSONCoding.response(saved, status: existing == nil ? .created : .ok)
        }
        routes.add(.get, "/api/v1/programme/tasks/{code}") { _, context in
            try JSONCoding.response(try await taskView(try context.parameters.require("code"), desk: desk))
        }
        routes.add(.post, "/api/v1/programme/tasks/{code}/progress") { request, context in
            let body = try await request.decodeJSON(ProgressBody.self, limit: limit)
            return try JSONCoding.response(
                try await desk.report(try context.parameters.require("code"), progress: body.progress, done: body.done ?? false, context: context))
        }
        routes.add(.post, "/api/v1/programme/tasks/{code}/changes") { request, context in
            let body = try await request.decodeJSON(ChangeBody.self, limit: limit)
            return try JSONCoding.response(
                try await desk.change(
                    try context.parameters.require("code"), field: body.field, to: body.to, requestedBy: body.requestedBy, reason: body.reason,
                    context: context))
        }
        routes.add(.get, "/api/v1/programme/duties") { _, _ in
            try JSONCoding.response(SharingRoutes.Page(items: try await desk.reporting.duties(), nextCursor: nil))
        }
        routes.add(.put, "/api/v1/programme/duties/{code}") { request, context in
            let body = try await request.decodeJSON(DutyBody.self, limit: limit)
            let saved = try await desk.reporting.save(
                ReportingDuty(
                    code: try context.parameters.require("code"), name: body.name, content: body.content ?? "", reportingUnits: body.reportingUnits,
                    receiverAgencyCode: body.receiverAgencyCode, frequency: body.frequency, deadlineDays: body.deadlineDays,
                    cutoffDaysBeforeEnd: body.cutoffDaysBeforeEnd ?? 0, template: body.template ?? "", since: body.since))
            try await services.audit.record(context, "duty.save", resource: "duty:\(saved.code)")
            return try JSONCoding.response(saved)
        }
        routes.add(.get, "/api/v1/programme/reports") { request, _ in
            let today = CivilDate(vietnam: Date())
            let reports = try await desk.reporting.reports(unit: request.uri.queryParameters["unit"].map(String.init), today: today)
            return try JSONCoding.response(
                SharingRoutes.Page(items: reports.map { ReportView(report: $0, state: $0.state(on: today)) }, nextCursor: nil))
        }
        routes.add(.get, "/api/v1/programme/reports/draft") { _, context in
            guard let unit = context.identity?.agencyCode else { throw Problem.unauthenticated }
            return try JSONCoding.response(["unit": unit, "draft": try await desk.draft(unit: unit, language: context.language)])
        }
        routes.add(.post, "/api/v1/programme/reports/{duty}/{period}") { request, context in
            let body = try await request.decodeJSON(NarrativeBody.self, limit: limit)
            let filed = try await desk.file(
                duty: try context.parameters.require("duty"), period: try context.parameters.require("period"), narrative: body.narrative,
                context: context)
            return try JSONCoding.response(ReportView(report: filed, state: filed.state(on: CivilDate(vietnam: Date()))), status: .created)
        }
        routes.add(.post, "/api/v1/programme/findings") { request, context in
            let body = try await request.decodeJSON(FindingBody.self, limit: limit)
            let task = try await desk.finding(unit: body.unit, title: body.title, dueOn: body.dueOn, related: body.relatedTask, context: context)
            return try JSONCoding.response(task, status: .created)
        }
        routes.add(.get, "/api/v1/programme/problems") { _, _ in
            try JSONCoding.response(SharingRoutes.Page(items: try await desk.store.problems(), nextCursor: nil))
        }
        routes.add(.put, "/api/v1/programme/problems/{code}") { request, context in
            let body = try await request.decodeJSON(ProblemBody.self, limit: limit)
            let code = try context.parameters.require("code")
            let existed = try await desk.store.problems().contains { $0.code == code }
            let saved = try await desk.store.save(
                ProgrammeProblem(
                    code: code, kind: body.kind, group: body.group ?? "", title: body.title, agencyCodes: body.agencyCodes ?? [],
                    linkedCodes: body.linkedCodes ?? [], taskCodes: body.taskCodes ?? [], closingMetric: body.closingMetric))
            try await services.audit.record(context, existed ? "problem.update" : "problem.create", resource: "problem:\(code)")
            return try JSONCoding.response(saved, status: existed ? .ok : .created)
        }
        routes.add(.post, "/api/v1/programme/problems/{code}/close") { _, context in
            let code = try context.parameters.require("code")
            guard let problem = try await desk.store.problems().first(where: { $0.code == code }) else { throw ProgrammeError.unknownProblem(code) }
            let measured = try await problem.closingMetric.asyncMap { try await desk.metrics.measure($0) }
            let closed = try await desk.store.close(code, measured: measured, on: CivilDate(vietnam: Date()))
            try await services.audit.record(context, "problem.close", resource: "problem:\(code)")
            return try JSONCoding.response(closed)
        }
    }

    /// A task with everything its page shows, judged with every task (its sub-tasks' roll-up, its unit's record).
    func taskView(_ code: String, desk: ProgrammeDesk, at time: Date = Date()) async throws -> TaskView {
        guard let task = try await desk.store.task(code) else { throw ProgrammeError.unknownTask(code) }
        let measured = try await task.metric.asyncMap { try await desk.metrics.measureAndRecord([$0], at: time)[$0.key] ?? 0 }
        let readings = try await task.metric.asyncMap { try await desk.metrics.readings($0) } ?? []
        let changes = try await desk.store.changes(of: code)
        let judged = TaskStatus.judge(
            try await desk.store.tasks(), directives: try await desk.store.directives(), changes: changes, problems: try await desk.store.problems(),
            measured: task.metric.flatMap { metric in measured.map { [metric.key: $0] } } ?? [:], calendar: services.configuration.calendar,
            today: CivilDate(vietnam: time))
        let status = judged.first { $0.code == code }
        guard let status else { throw ProgrammeError.unknownTask(code) }
        return TaskView(
            task: task, state: status.state, originalState: status.originalState, changes: changes, measured: measured, claim: status.claim,
            readings: readings.map { Reading(at: $0.at, value: $0.value) }, status: status, subTasks: judged.filter { $0.parentCode == code })
    }
}

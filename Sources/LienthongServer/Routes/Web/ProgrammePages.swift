import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The programme tracker on the web: the Inspection Committee's view (`/programme`, printable), a task's page with
/// its ledger, measured values and forms (`/programme/tasks/{code}`), and the problem register (`/programme/problems`).
struct ProgrammePages {
    let services: AppServices

    struct Stat {
        let value: String
        let label: String
        let testID: String
    }

    struct TaskRow {
        let code: String
        let title: String
        let directive: String
        let owner: String
        let lead: String
        let originalDue: String
        let due: String
        let daysLate: Int
        let progress: Int
        let measured: String
        let why: String
        let forecast: String
        let state: String
        let stateKey: String
    }

    struct UnitRow {
        let rank: Int
        let name: String
        let score: String
        let verdict: String
        let verdictKey: String
        let overdue: Int
        let atRisk: Int
        let contradicted: Int
        let tasks: String
        let sharing: String
        let quality: String
        let services: String
        let discipline: String
    }

    struct OfficialRow {
        let name: String
        let agency: String
        let tasks: Int
        let overdue: Int
        let onTime: String
        let verdict: String
        let verdictKey: String
    }

    struct OverviewContent {
        let stats: [Stat]
        let units: [UnitRow]
        let formula: String
        let officials: [OfficialRow]
        let overdue: [TaskRow]
        let atRisk: [TaskRow]
        let contradicted: [TaskRow]
        let problems: String
        /// The inspector and the coordinator turn findings into follow-up tasks.
        let canFind: Bool
        let agencies: [ProcedurePages.AgencyOption]
    }

    struct ChangeRow {
        let field: String
        let from: String
        let to: String
        let requestedBy: String
        let approvedBy: String
        let reason: String
        let at: String
    }

    struct TaskContent {
        let row: TaskRow
        let originalState: String
        let co: String
        let resources: String
        let assigned: String
        let metric: String
        let hasMetric: Bool
        let claim: String
        let contradicted: Bool
        let changes: [ChangeRow]
        let hasChanges: Bool
        let readings: [String]
        let hasReadings: Bool
        let canReport: Bool
        let canChange: Bool
        let parent: String
        let hasParent: Bool
        let subTasks: [TaskRow]
        let hasSubTasks: Bool
    }

    struct TaskListContent {
        let rows: [TaskRow]
        let agencies: [ProcedurePages.AgencyOption]
        let count: Int
    }

    struct ProblemRow {
        let code: String
        let kind: String
        let group: String
        let title: String
        let agencies: String
        let linked: String
        let tasks: String
        let closing: String
        let state: String
    }

    struct ProblemsContent {
        let rows: [ProblemRow]
    }

    func register(on routes: RouteRegistrar) {
        let desk = ProgrammeDesk(services: services)
        routes.page(.get, "/programme") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let overview = try await desk.overview(language: language)
            let names = try await services.agencyNames(language)
            let rows = OverviewRows(overview: overview, names: names, t: t, language: language)
            let stats = [
                Stat(value: "\(overview.central.overdue)/\(overview.central.total)", label: t["programme_central"]!, testID: "central-overdue"),
                Stat(value: "\(overview.city.overdue)/\(overview.city.total)", label: t["programme_city"]!, testID: "city-overdue"),
                Stat(value: String(overview.atRisk.count), label: t["programme_at_risk"]!, testID: "at-risk"),
                Stat(value: String(overview.contradicted.count), label: t["programme_contradicted"]!, testID: "contradicted-count"),
            ]
            let content = OverviewContent(
                stats: stats, units: rows.units, formula: overview.formula, officials: rows.officials, overdue: rows.overdue, atRisk: rows.atRisk,
                contradicted: rows.contradicted,
                problems: rows.problems,
                canFind: [.admin, .inspector].contains(context.identity?.role),
                agencies: try await services.directory.agencies().map {
                    ProcedurePages.AgencyOption(code: $0.code, name: language == .en ? $0.nameEn : $0.nameVi, selected: false)
                })
            return try services.web.page("programme", title: t["programme_title"]!, content: content, request: request, context: context)
        }
        routes.page(.get, "/programme/tasks") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let agency = request.uri.queryParameters["agency"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            try await services.requireAgency(agency)
            let names = try await services.agencyNames(language)
            let rows = try await desk.statuses().filter { agency == nil || $0.ownerAgencyCode == agency }.map {
                Self.row($0, names: names, t: t, language: language)
            }
            let content = TaskListContent(
                rows: rows,
                agencies: try await services.directory.agencies().map {
                    ProcedurePages.AgencyOption(code: $0.code, name: language == .en ? $0.nameEn : $0.nameVi, selected: $0.code == agency)
                }, count: rows.count)
            return try services.web.page("programme-tasks", title: t["programme_all_tasks"]!, content: content, request: request, context: context)
        }
        routes.page(.get, "/programme/tasks/{code}") { request, context in
            var notice: Notice?
            if request.uri.queryParameters["saved"] != nil { notice = .success(Messages.webTexts(context.language)["task_saved"]!) }
            return try await taskPage(try context.parameters.require("code"), request: request, context: context, desk: desk, notice: notice)
        }
        routes.page(.post, "/programme/tasks/{code}/progress") { request, context in
            let form = try await WebForm.read(request)
            let code = try context.parameters.require("code")
            guard let progress = Int(form.text("progress")) else { throw Problem.invalidField("progress") }
            _ = try await desk.report(code, progress: progress, done: form["done"] != nil, context: context)
            return WebRenderer.redirect(to: "/programme/tasks/\(code)?saved=1")
        }
        routes.page(.post, "/programme/tasks/{code}/changes") { request, context in
            let form = try await WebForm.read(request)
            let code = try context.parameters.require("code")
            let field = TaskChange.Field(rawValue: form.text("field")) ?? .deadline
            let value = field == .deadline ? form.text("to") : form.text("target")
            _ = try await desk.change(
                code, field: field, to: value, requestedBy: form.text("requestedBy"), reason: form.text("reason"), context: context)
            return WebRenderer.redirect(to: "/programme/tasks/\(code)?saved=1")
        }
        routes.page(.post, "/programme/findings") { request, context in
            let form = try await WebForm.read(request)
            guard let due = CivilDate(iso: form.text("dueOn")) else { throw Problem.invalidField("dueOn") }
            let related = form.text("relatedTask")
            let task = try await desk.finding(
                unit: form.text("unit"), title: form.text("title"), dueOn: due, related: related.isEmpty ? nil : related, context: context)
            return WebRenderer.redirect(to: "/programme/tasks/\(task.code)?saved=1")
        }
        routes.page(.get, "/programme/problems") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let names = try await services.agencyNames(language)
            let rows = try await desk.store.problems().map { problem in
                ProblemRow(
                    code: problem.code, kind: t["problem_kind_\(problem.kind.rawValue)"] ?? problem.kind.rawValue, group: problem.group,
                    title: problem.title,
                    agencies: problem.agencyCodes.map { names[$0] ?? $0 }.joined(separator: ", "),
                    linked: problem.linkedCodes.joined(separator: ", "),
                    tasks: problem.taskCodes.joined(separator: ", "),
                    closing: problem.closingMetric.map { Self.metric($0, names: names, t: t) + " ≥ " + String(format: "%g", $0.target) } ?? "—",
                    state: problem.closedOn.map { Messages.fill(t["problem_closed"]!, ServiceDisplay.day($0, language)) } ?? t[
                        "problem_open"]!)
            }
            return try services.web.page(
                "programme-problems", title: t["programme_problems"]!, content: ProblemsContent(rows: rows), request: request, context: context)
        }
    }

    /// The overview's tables as the committee's view and its printed report show them.
    struct OverviewRows {
        let units: [UnitRow]
        let officials: [OfficialRow]
        let overdue: [TaskRow]
        let atRisk: [TaskRow]
        let contradicted: [TaskRow]
        let findings: [TaskRow]
        /// The register's open counts in words.
        let problems: String

        init(overview: ProgrammeOverview, names: [String: String], t: [String: String], language: Language) {
            let row = { (line: TaskStatus) in ProgrammePages.row(line, names: names, t: t, language: language) }
            let percent = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "—" }
            units = overview.units.enumerated().map { index, unit in
                UnitRow(
                    rank: index + 1, name: names[unit.agencyCode] ?? unit.agencyCode, score: percent(unit.score.score),
                    verdict: t["unit_verdict_\(unit.score.verdict.rawValue)"] ?? "", verdictKey: unit.score.verdict.rawValue,
                    overdue: unit.counts.overdue, atRisk: unit.counts.atRisk, contradicted: unit.contradicted, tasks: percent(unit.score.tasks),
                    sharing: percent(unit.score.sharing), quality: percent(unit.score.quality), services: percent(unit.score.services),
                    discipline: percent(unit.score.discipline))
            }
            officials = overview.officials.map {
                OfficialRow(
                    name: $0.name, agency: names[$0.agencyCode] ?? $0.agencyCode, tasks: $0.tasks, overdue: $0.overdue,
                    onTime: percent($0.onTimeRate), verdict: t["unit_verdict_\($0.verdict.rawValue)"] ?? "", verdictKey: $0.verdict.rawValue)
            }
            overdue = overview.overdue.map(row)
            atRisk = overview.atRisk.map(row)
            contradicted = overview.contradicted.map(row)
            findings = overview.findings.map(row)
            problems = Messages.fill(
                t["programme_problem_counts"]!, String(overview.shortcomingGroups), String(overview.problems["cause"] ?? 0),
                String(overview.problems["bottleneck"] ?? 0))
        }
    }

    static func row(_ line: TaskStatus, names: [String: String], t: [String: String], language: Language) -> TaskRow {
        let forecast: String =
            switch line.forecast.reason {
            case .tooSlow:
                Messages.fill(
                    t["task_forecast_too-slow"]!, line.forecast.projectedDoneOn.map { ServiceDisplay.day($0, language) } ?? "—")
            case .noProgress: t["task_forecast_no-progress"]!
            case .unitRecord:
                Messages.fill(
                    t["task_forecast_unit-record"]!, line.forecast.projectedDoneOn.map { ServiceDisplay.day($0, language) } ?? "—")
            case nil: line.state == .overdue ? t["task_forecast_overdue"]! : "—"
            }
        return TaskRow(
            code: line.code, title: line.title, directive: line.directive, owner: names[line.ownerAgencyCode] ?? line.ownerAgencyCode,
            lead: line.leadOfficial, originalDue: ServiceDisplay.day(line.originalDueOn, language), due: ServiceDisplay.day(line.dueOn, language),
            daysLate: max(0, -line.workingDaysLeft), progress: line.progress,
            measured: line.claim.map { String(format: "%g", $0.measured) } ?? "—", why: line.why.joined(separator: "; "), forecast: forecast,
            state: t["task_state_\(line.state.rawValue)"] ?? line.state.rawValue, stateKey: line.state.rawValue)
    }

    static func metric(_ binding: MetricBinding, names: [String: String], t: [String: String]) -> String {
        Messages.fill(t["metric_\(binding.kind.rawValue)"] ?? binding.kind.rawValue, names[binding.subject] ?? binding.subject)
    }

    private func taskPage(_ code: String, request: Request, context: AppRequestContext, desk: ProgrammeDesk, notice: Notice?) async throws -> Response
    {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let view = try await ProgrammeRoutes(services: services).taskView(code, desk: desk)
        let task = view.task
        let line = view.status
        let identity = context.identity
        let content = TaskContent(
            row: Self.row(line, names: names, t: t, language: language),
            originalState: t["task_state_\(view.originalState.rawValue)"] ?? view.originalState.rawValue,
            co: task.coAgencyCodes.map { names[$0] ?? $0 }.joined(separator: ", "),
            resources: Messages.fill(
                t["task_resources_value"]!, ServiceDisplay.money(task.budgetDong, language).replacingOccurrences(of: " đ", with: ""),
                String(task.staff)),
            assigned: ServiceDisplay.day(task.assignedOn, language), metric: task.metric.map { Self.metric($0, names: names, t: t) } ?? "",
            hasMetric: task.metric != nil,
            claim: view.claim.map {
                Messages.fill(
                    t["task_claim"]!, String($0.claimedProgress), String(format: "%g", $0.measured), String(format: "%g", task.metric?.target ?? 0))
            } ?? "", contradicted: view.claim?.contradicted ?? false,
            changes: view.changes.map {
                ChangeRow(
                    field: $0.field.rawValue, from: $0.from, to: $0.to, requestedBy: $0.requestedBy, approvedBy: $0.approvedBy, reason: $0.reason,
                    at: DisplayDate.formatTime($0.at, language))
            }, hasChanges: !view.changes.isEmpty,
            readings: view.readings.map { DisplayDate.formatTime($0.at, language) + ": " + String(format: "%g", $0.value) },
            hasReadings: !view.readings.isEmpty,
            canReport: identity?.role == .admin || (identity?.role == .steward && identity?.agencyCode == task.ownerAgencyCode),
            canChange: identity?.role == .admin, parent: task.parentCode ?? "", hasParent: task.parentCode != nil,
            subTasks: view.subTasks.map { Self.row($0, names: names, t: t, language: language) }, hasSubTasks: !view.subTasks.isEmpty)
        return try services.web.page("programme-task", title: task.title, content: content, request: request, context: context, notice: notice)
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// Reporting duties on the web (`/programme/reports`): each unit's digital discipline (reports filed on time, late,
/// missing), and for a steward their unit's reports still owed, each with the draft made from live data and a form to
/// add the narrative and sign.
struct ReportPages {
    let services: AppServices

    struct DisciplineRow {
        let unit: String
        let onTime: Int
        let late: Int
        let missing: Int
        let score: String
    }

    struct OwedRow {
        let duty: String
        let dutyName: String
        let period: String
        let due: String
        let state: String
        let stateKey: String
    }

    struct Content {
        let discipline: [DisciplineRow]
        let owed: [OwedRow]
        let hasOwed: Bool
        let draft: String
        let canFile: Bool
    }

    func register(on routes: RouteRegistrar) {
        let desk = ProgrammeDesk(services: services)
        routes.page(.get, "/programme/reports") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let names = try await services.agencyNames(language)
            let today = CivilDate(vietnam: Date())
            let reports = try await desk.reporting.reports(today: today)
            let duties = Dictionary(try await desk.reporting.duties().map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
            var discipline: [DisciplineRow] = []
            for (unit, own) in Dictionary(grouping: reports, by: \.unitCode) {
                let states: [ReportInstance.State] = own.map { $0.state(on: today) }
                let score: String = ReportInstance.discipline(states).map { String(format: "%.1f", $0) } ?? "—"
                discipline.append(
                    DisciplineRow(
                        unit: names[unit] ?? unit, onTime: states.filter { $0 == .onTime }.count, late: states.filter { $0 == .late }.count,
                        missing: states.filter { $0 == .missing }.count, score: score))
            }
            discipline.sort { (left: DisciplineRow, right: DisciplineRow) -> Bool in
                left.missing != right.missing ? left.missing > right.missing : left.unit < right.unit
            }
            let canFile = context.identity?.role == .steward || context.identity?.role == .admin
            let unit = context.identity?.agencyCode ?? ""
            let owed = reports.filter { $0.unitCode == unit && $0.submittedAt == nil }.map { report in
                let state = report.state(on: today)
                return OwedRow(
                    duty: report.dutyCode, dutyName: duties[report.dutyCode] ?? report.dutyCode, period: report.period.name,
                    due: ServiceDisplay.day(report.period.dueOn, language), state: t["report_state_\(state.rawValue)"] ?? state.rawValue,
                    stateKey: "report-" + state.rawValue)
            }
            var notice: Notice?
            if request.uri.queryParameters["filed"] != nil { notice = .success(t["report_filed"]!) }
            let content = Content(
                discipline: discipline, owed: owed, hasOwed: canFile && !owed.isEmpty,
                draft: canFile && !owed.isEmpty ? try await desk.draft(unit: unit, language: language) : "", canFile: canFile)
            return try services.web.page(
                "programme-reports", title: t["reports_title"]!, content: content, request: request, context: context, notice: notice)
        }
        routes.page(.post, "/programme/reports/{duty}/{period}") { request, context in
            let form = try await WebForm.read(request, limit: 64 * 1024)
            _ = try await desk.file(
                duty: try context.parameters.require("duty"), period: try context.parameters.require("period"), narrative: form.text("narrative"),
                context: context)
            return WebRenderer.redirect(to: "/programme/reports?filed=1")
        }
    }
}

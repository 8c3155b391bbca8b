import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The Inspection Committee's report as a document to print and sign (`/programme/committee-report`): the seed's
/// figures, overdue tasks by source and unit with why, the claims the data contradicts, the tasks that will slip
/// next, the units and officials named exemplary or negligent with the formula, and the findings assigned — every
/// figure from the live overview at the moment it is printed.
struct CommitteeReportPage {
    let services: AppServices

    struct UnitOverdue {
        let name: String
        let central: Int
        let city: Int
        let total: Int
    }

    struct Content {
        let issuer: String
        let date: String
        let summary: [String]
        let byUnit: [UnitOverdue]
        let totals: UnitOverdue
        let overdue: [ProgrammePages.TaskRow]
        let contradicted: [ProgrammePages.TaskRow]
        let atRisk: [ProgrammePages.TaskRow]
        let units: [ProgrammePages.UnitRow]
        let formula: String
        let exemplary: String
        let negligent: String
        let officials: [ProgrammePages.OfficialRow]
        let findings: [ProgrammePages.TaskRow]
        let hasFindings: Bool
        let preparedBy: String
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/programme/committee-report") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let overview = try await ProgrammeDesk(services: services).overview(language: language)
            let names = try await services.agencyNames(language)
            let page = ProgrammePages.OverviewRows(overview: overview, names: names, t: t, language: language)
            let content = Self.content(overview, page: page, names: names, t: t, language: language, preparedBy: context.identity)
            return try services.web.page(
                "committee-report", title: t["committee_report"]!, content: content, request: request, context: context)
        }
    }

    static func content(
        _ overview: ProgrammeOverview, page: ProgrammePages.OverviewRows, names: [String: String], t: [String: String], language: Language,
        preparedBy identity: Identity?
    ) -> Content {
        let fill = { (key: String, values: [String]) in Messages.fill(t[key]!, arguments: values) }
        let (central, city) = (overview.central, overview.city)
        let summary = [
            fill(
                "committee_summary_tasks",
                [central.total, central.overdue, central.overdueOnOriginalDeadline, city.total, city.overdue, city.overdueOnOriginalDeadline].map(
                    String.init)),
            fill("committee_summary_risk", [String(overview.atRisk.count), String(overview.contradicted.count)]), page.problems,
        ]
        var byUnit: [String: (central: Int, city: Int)] = [:]
        for line in overview.overdue {
            var counts = byUnit[line.ownerAgencyCode] ?? (0, 0)
            if line.issuer == .central { counts.central += 1 } else { counts.city += 1 }
            byUnit[line.ownerAgencyCode] = counts
        }
        let unitRows = byUnit.map { code, counts in
            UnitOverdue(name: names[code] ?? code, central: counts.central, city: counts.city, total: counts.central + counts.city)
        }.sorted { (left: UnitOverdue, right: UnitOverdue) -> Bool in left.total != right.total ? left.total > right.total : left.name < right.name }
        let named = { (verdict: UnitScore.Verdict) -> String in
            let units = overview.units.filter { $0.score.verdict == verdict }.map { names[$0.agencyCode] ?? $0.agencyCode }
            return units.isEmpty ? t["committee_none"]! : units.joined(separator: ", ")
        }
        return Content(
            issuer: t["pub_issuer"]!, date: fill("committee_measured_on", [ServiceDisplay.day(overview.today, language)]), summary: summary,
            byUnit: unitRows,
            totals: UnitOverdue(name: t["committee_total"]!, central: central.overdue, city: city.overdue, total: central.overdue + city.overdue),
            overdue: page.overdue, contradicted: page.contradicted, atRisk: page.atRisk, units: page.units, formula: overview.formula,
            exemplary: named(.exemplary), negligent: named(.negligent), officials: page.officials, findings: page.findings,
            hasFindings: !page.findings.isEmpty,
            preparedBy: identity.map { identity in
                if case .staff(let user, _) = identity { return user.displayName.isEmpty ? user.username : user.displayName }
                return ""
            } ?? "")
    }
}

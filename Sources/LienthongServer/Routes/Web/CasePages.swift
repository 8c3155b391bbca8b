import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The officer's inbox (`/cases`): their agency's cases with due dates in working days, and each case's page
/// (`/cases/{id}`) where an officer or steward of that agency moves it on. The coordinator and the inspector see
/// every agency's cases and act on none.
struct CasePages {
    let services: AppServices

    struct StatusOption {
        let value: String
        let label: String
    }

    struct ListContent {
        let lead: String
        let rows: [CaseRow]
        let isEmpty: Bool
        let filters: [StatusOption]
    }

    struct CaseContent {
        let item: CitizenServicePages.CaseContent
        let next: [StatusOption]
        let canAct: Bool
    }

    func register(on routes: RouteRegistrar) {
        let desk = CaseDesk(services: services)
        routes.page(.get, "/cases") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let names = try await services.agencyNames(language)
            let procedures = Dictionary(
                try await desk.procedures.procedures().map { ($0.code, $0.name(language)) }, uniquingKeysWith: { first, _ in first })
            var filter = CaseStore.Filter(agencyCode: ProcedureRoutes.agencyScope(context))
            if let status = request.uri.queryParameters["status"].flatMap({ CaseStatus(rawValue: String($0)) }) { filter.statuses = [status] }
            let today = CivilDate(vietnam: Date())
            let rows = try await desk.store.cases(filter).map {
                CaseRow($0, procedures: procedures, agencies: names, language: language, today: today)
            }
            let scope = ProcedureRoutes.agencyScope(context).flatMap { names[$0] } ?? t["quality_city"]!
            let content = ListContent(
                lead: Messages.fill(t["cases_lead"]!, scope), rows: rows, isEmpty: rows.isEmpty,
                filters: CaseStatus.allCases.map { StatusOption(value: $0.rawValue, label: t["case_status_\($0.rawValue)"] ?? $0.rawValue) })
            return try services.web.page("cases", title: t["cases_title"]!, content: content, request: request, context: context)
        }
        routes.page(.get, "/cases/{id}") { request, context in
            let item = try await ProcedureRoutes.visibleCase(try ProcedureRoutes.uuid(context, "id"), context: context, desk: desk)
            try await ProcedureRoutes.auditRead(item, context: context, services: services)
            var notice: Notice?
            if request.uri.queryParameters["moved"] != nil { notice = .success(Messages.webTexts(context.language)["case_moved"]!) }
            return try await casePage(item, request: request, context: context, desk: desk, notice: notice)
        }
        routes.page(.post, "/cases/{id}/status") { request, context in
            let form = try await WebForm.read(request)
            let id = try ProcedureRoutes.uuid(context, "id")
            guard let status = CaseStatus(rawValue: form.text("status")) else { throw Problem.invalidField("status") }
            do {
                _ = try await desk.move(id, to: status, note: form.text("note"), context: context)
                return WebRenderer.redirect(to: "/cases/\(id.lowercasedString)?moved=1")
            } catch let error as ProcedureError where !error.fields.isEmpty {
                let item = try await ProcedureRoutes.visibleCase(id, context: context, desk: desk)
                let t = Messages.webTexts(context.language)
                return try await casePage(
                    item, request: request, context: context, desk: desk,
                    notice: .error(Messages.fill(t["form_missing"]!, t["case_reason"]!)), status: .unprocessableContent)
            }
        }
    }

    private func casePage(
        _ item: ServiceCase, request: Request, context: AppRequestContext, desk: CaseDesk, notice: Notice?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = Messages.webTexts(context.language)
        let content = CaseContent(
            item: try await CitizenServicePages(services: services).caseContent(item, language: context.language, desk: desk),
            next: item.status.next.map { StatusOption(value: $0.rawValue, label: t["case_status_\($0.rawValue)"] ?? $0.rawValue) },
            canAct: [.officer, .steward].contains(context.identity?.role) && context.identity?.agencyCode == item.agencyCode && !item.status.isFinal)
        return try services.web.page("case", title: item.number, content: content, request: request, context: context, status: status, notice: notice)
    }
}

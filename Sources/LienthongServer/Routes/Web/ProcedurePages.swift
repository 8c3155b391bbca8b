import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// Public services on the web: the procedures a citizen can file (`/procedures`), the coordinator's editor
/// (`/procedures/edit`), and the service indicators (`/service-indicators`).
struct ProcedurePages {
    let services: AppServices

    struct Row {
        let code: String
        let name: String
        let agency: String
        let days: Int
        let fee: String
        let documents: [String]
        let hasDocuments: Bool
        let prefilled: Int
        let fields: Int
        let active: Bool
    }

    struct ListContent {
        let rows: [Row]
        let isEmpty: Bool
        let canEdit: Bool
    }

    struct AgencyOption {
        let code: String
        let name: String
        let selected: Bool
    }

    struct EditContent {
        let code: String
        let isNew: Bool
        let nameVi: String
        let nameEn: String
        let agencies: [AgencyOption]
        let system: String
        let days: String
        let fee: String
        let documents: String
        let fields: String
        let active: Bool
    }

    struct IndicatorRow {
        let key: String
        let name: String
        let cases: Int
        let overdue: Int
        let onTime: String
        let online: String
        let declareOnce: String
        let satisfaction: String
        let days: String
    }

    struct IndicatorsContent {
        let city: IndicatorRow
        let byProcedure: [IndicatorRow]
        let byAgency: [IndicatorRow]
        let byMonth: [IndicatorRow]
    }

    func register(on routes: RouteRegistrar) {
        let desk = CaseDesk(services: services)
        routes.page(.get, "/procedures") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let names = try await services.agencyNames(language)
            let isAdmin = context.identity?.role == .admin
            let rows = try await desk.procedures.procedures(activeOnly: !isAdmin).map { procedure in
                Row(
                    code: procedure.code, name: procedure.name(language), agency: names[procedure.ownerAgencyCode] ?? procedure.ownerAgencyCode,
                    days: procedure.processingDays,
                    fee: procedure.feeDong == 0 ? t["procedure_free"]! : ServiceDisplay.money(procedure.feeDong, language),
                    documents: procedure.documents, hasDocuments: !procedure.documents.isEmpty,
                    prefilled: procedure.fields.filter { $0.source != nil }.count, fields: procedure.fields.count, active: procedure.active)
            }
            var notice: Notice?
            if request.uri.queryParameters["saved"] != nil { notice = .success(t["procedure_saved"]!) }
            return try services.web.page(
                "procedures", title: t["procedures_title"]!, content: ListContent(rows: rows, isEmpty: rows.isEmpty, canEdit: isAdmin),
                request: request, context: context, notice: notice)
        }
        routes.page(.get, "/procedures/edit") { request, context in
            let code = request.uri.queryParameters["code"].map(String.init) ?? ""
            let procedure = code.isEmpty ? nil : try await desk.procedures.procedure(code)
            return try await editPage(
                procedure.map(Self.values) ?? ["days": "10", "fee": "0", "fields": "[]", "active": "1"], isNew: procedure == nil,
                request: request, context: context)
        }
        routes.page(.post, "/procedures") { request, context in
            let form = try await WebForm.read(request)
            let t = Messages.webTexts(context.language)
            do {
                guard let fields = try? JSONDecoder().decode([FormField].self, from: Data(form.text("fields").utf8)) else {
                    throw ProcedureError.invalidFields(["fields"])
                }
                let code = form.text("code")
                let existed = try await desk.procedures.procedure(code) != nil
                let system = form.text("system")
                guard system.isEmpty || UUID(uuidString: system) != nil else { throw ProcedureError.invalidFields(["systemClientId"]) }
                _ = try await desk.procedures.save(
                    Procedure(
                        code: code, nameVi: form.text("nameVi"), nameEn: form.text("nameEn"), ownerAgencyCode: form.text("owner"),
                        systemClientID: UUID(uuidString: system), processingDays: Int(form.text("days")) ?? 0, feeDong: Int(form.text("fee")) ?? -1,
                        documents: form.text("documents").split(whereSeparator: \.isNewline).map(String.init), fields: fields,
                        active: form["active"] != nil),
                    by: Auditor.actor(context.identity).id)
                try await services.audit.record(context, existed ? "procedure.update" : "procedure.create", resource: "procedure:\(code)")
                return WebRenderer.redirect(to: "/procedures?saved=1")
            } catch let error as ProcedureError {
                return try await editPage(
                    form.fields, isNew: true, request: request, context: context,
                    notice: .error(Messages.fill(t["procedure_invalid"]!, error.fields.joined(separator: ", "))),
                    status: .unprocessableContent)
            }
        }
        routes.page(.get, "/service-indicators") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let names = try await services.agencyNames(language)
            let procedures = Dictionary(
                try await desk.procedures.procedures().map { ($0.code, $0.name(language)) }, uniquingKeysWith: { first, _ in first })
            let report = try await desk.indicators()
            let content = IndicatorsContent(
                city: Self.row(report.city, name: t["quality_city"]!),
                byProcedure: report.byProcedure.map { Self.row($0, name: procedures[$0.key] ?? $0.key) },
                byAgency: report.byAgency.map { Self.row($0, name: names[$0.key] ?? $0.key) },
                byMonth: report.byMonth.map { Self.row($0, name: $0.key) })
            return try services.web.page("service-indicators", title: t["indicators_title"]!, content: content, request: request, context: context)
        }
    }

    static func row(_ indicators: ServiceIndicators, name: String) -> IndicatorRow {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0) } ?? "—" }
        return IndicatorRow(
            key: indicators.key, name: name, cases: indicators.cases, overdue: indicators.overdue, onTime: percent(indicators.onTimeRate),
            online: percent(indicators.onlineRate), declareOnce: percent(indicators.declareOnceRate),
            satisfaction: indicators.satisfaction.map { String(format: "%.2f (%d)", $0, indicators.ratings) } ?? "—",
            days: indicators.meanProcessingDays.map { String(format: "%.1f", $0) } ?? "—")
    }

    static func values(_ procedure: Procedure) -> [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [
            "code": procedure.code, "nameVi": procedure.nameVi, "nameEn": procedure.nameEn, "owner": procedure.ownerAgencyCode,
            "system": procedure.systemClientID?.lowercasedString ?? "", "days": String(procedure.processingDays), "fee": String(procedure.feeDong),
            "documents": procedure.documents.joined(separator: "\n"),
            "fields": (try? encoder.encode(procedure.fields)).map { String(decoding: $0, as: UTF8.self) } ?? "[]",
            "active": procedure.active ? "1" : "",
        ]
    }

    private func editPage(
        _ values: [String: String], isNew: Bool, request: Request, context: AppRequestContext, notice: Notice? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let t = Messages.webTexts(context.language)
        let agencies = try await services.directory.agencies().map {
            AgencyOption(code: $0.code, name: context.language == .en ? $0.nameEn : $0.nameVi, selected: $0.code == values["owner"])
        }
        let content = EditContent(
            code: values["code"] ?? "", isNew: isNew, nameVi: values["nameVi"] ?? "", nameEn: values["nameEn"] ?? "", agencies: agencies,
            system: values["system"] ?? "", days: values["days"] ?? "", fee: values["fee"] ?? "", documents: values["documents"] ?? "",
            fields: values["fields"] ?? "[]", active: !(values["active"] ?? "").isEmpty)
        return try services.web.page(
            "procedure-edit", title: t["procedure_edit"]!, content: content, request: request, context: context, status: status, notice: notice)
    }
}

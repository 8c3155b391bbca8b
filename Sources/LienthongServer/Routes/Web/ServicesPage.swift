import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The agency services offered through the gateway (`/services`): who runs each, what it offers, where consumers
/// call it and whether it answered its last health check.
struct ServicesPage {
    let services: AppServices

    struct Row {
        let agency: String
        let key: String
        let name: String
        let gatewayPath: String
        let endpoints: [String]
        let sharing: String
        let sharingClass: String
        let health: String
        let healthClass: String
        let checked: String
    }

    struct Content {
        let rows: [Row]
        let isEmpty: Bool
        /// Stewards and the coordinator register services here.
        let canRegister: Bool
        let values: [String: String]
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/services") { request, context in
            let notice: Notice? =
                request.uri.queryParameters["registered"] != nil ? .success(Messages.webTexts(context.language)["service_registered"]!) : nil
            return try await list(request, context, values: [:], notice: notice, status: .ok)
        }
        routes.page(.post, "/services") { request, context in
            let form = try await WebForm.read(request)
            let agency = context.identity?.agencyCode ?? ""
            do {
                try DatasetRoutes.requireOwner(agency, context)
                let endpoints = form.text("endpoints").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty }
                let parsed = try endpoints.map { key in
                    guard let endpoint = ServiceEndpoint(key: key) else { throw ServiceError.invalidFields(["endpoints"]) }
                    return endpoint
                }
                let service = try await ServiceStore(database: services.database).register(
                    AgencyService(
                        agencyCode: agency, code: form.text("code"), nameVi: form.text("nameVi"), nameEn: form.text("nameEn"),
                        descriptionVi: form.text("descriptionVi"), baseURL: form.text("baseUrl"), endpoints: parsed,
                        sharingLevel: SharingLevel(rawValue: form.text("sharingLevel")) ?? .shared),
                    hosts: services.configuration.serviceHosts)
                try await services.audit.record(context, "service.register", resource: "service:\(service.key)")
                return WebRenderer.redirect(to: "/services?registered=1")
            } catch let error as ServiceError {
                let t = Messages.webTexts(context.language)
                let text = ([error.message.text(context.language)] + error.fields.map { "\(t["service_field_\($0)"] ?? $0)" }).joined(
                    separator: " — ")
                return try await list(request, context, values: form.fields, notice: .error(text), status: .unprocessableContent)
            } catch let error as StoreError where error.isDuplicate {
                return try await list(
                    request, context, values: form.fields, notice: .error(Messages.webTexts(context.language)["service_duplicate"]!),
                    status: .conflict)
            }
        }
    }

    private func list(
        _ request: Request, _ context: AppRequestContext, values: [String: String], notice: Notice?, status: HTTPResponse.Status
    ) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let rows = try await ServiceStore(database: services.database).services().filter { ServiceRoutes.canSee($0, context) }.map { service in
            let health = service.health
            return Row(
                agency: names[service.agencyCode] ?? service.agencyCode, key: service.key,
                name: language == .en ? service.nameEn : service.nameVi, gatewayPath: "/gateway/v1/services/\(service.key)",
                endpoints: service.endpoints.map(\.key), sharing: t["sharing_\(service.sharingLevel.rawValue)"] ?? "",
                sharingClass: service.sharingLevel.rawValue,
                health: health.map { t[$0.isUp ? "service_up" : "service_down"]! + " — " + $0.message } ?? t["service_unchecked"]!,
                healthClass: health.map { $0.isUp ? "granted" : "refused" } ?? "pending",
                checked: health.map { DisplayDate.formatTime($0.checkedAt, language) } ?? "—")
        }
        let role = context.identity?.role
        return try services.web.page(
            "services", title: t["services_title"]!,
            content: Content(rows: rows, isEmpty: rows.isEmpty, canRegister: role == .steward || role == .admin, values: values), request: request,
            context: context, status: status, notice: notice)
    }
}

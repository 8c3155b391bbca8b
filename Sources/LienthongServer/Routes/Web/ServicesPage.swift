import Foundation
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
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/services") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let names = Dictionary(
                try await services.directory.agencies().map { ($0.code, language == .en ? $0.nameEn : $0.nameVi) },
                uniquingKeysWith: { first, _ in first })
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
            return try services.web.page(
                "services", title: t["services_title"]!, content: Content(rows: rows, isEmpty: rows.isEmpty), request: request, context: context)
        }
    }
}

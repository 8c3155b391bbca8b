import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The overview (`/`): what the platform is, the directory in figures, and what is coming.
struct OverviewPage {
    let services: AppServices

    struct Content {
        let stats: [Stat]
        /// Server-made SVG, rendered unescaped (`{{{content.chart}}}`); every text in it is escaped by `SVGChart`.
        let chart: String
        /// The catalog's datasets by sharing level, as the viewer may see them (SVG, like `chart`).
        let sharingChart: String
        let coming: [String]
    }

    struct Stat {
        let label: String
        let value: String
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/") { request, context in
            let t = Messages.webTexts(context.language)
            let agencies = try await services.directory.agencies()
            var stats = [
                Stat(label: t["stat_agencies"]!, value: String(agencies.count)),
                Stat(label: t["stat_departments"]!, value: String(agencies.filter { $0.kind == .department }.count)),
                Stat(
                    label: t["stat_local_units"]!, value: String(agencies.filter { $0.kind == .ward || $0.kind == .commune }.count)),
            ]
            if context.identity?.role != nil {
                let users = try await services.directory.users().filter { $0.deactivatedAt == nil }
                let systems = try await services.directory.apiClients().filter { $0.isUsable(at: Date()) }
                stats.append(Stat(label: t["stat_staff"]!, value: String(users.count)))
                stats.append(Stat(label: t["stat_systems"]!, value: String(systems.count)))
            }
            let catalog = try await DatasetStore(database: services.database).search(
                CatalogQuery(viewer: DatasetRoutes.viewer(context.identity), limit: 1))
            stats.insert(Stat(label: t["stat_datasets"]!, value: String(catalog.total)), at: 1)
            let sharingBars = SharingLevel.allCases.map {
                SVGChart.Bar(label: t["sharing_\($0.rawValue)"] ?? $0.rawValue, value: Double(catalog.facets.sharingLevels[$0.rawValue] ?? 0))
            }
            let bars = AgencyKind.allCases.compactMap { kind -> SVGChart.Bar? in
                let count = agencies.filter { $0.kind == kind }.count
                return count == 0 ? nil : SVGChart.Bar(label: t["kind_\(kind.rawValue)"] ?? kind.rawValue, value: Double(count))
            }
            let content = Content(
                stats: stats, chart: SVGChart.horizontalBars(title: t["chart_agencies_by_kind"]!, bars: bars, width: 440),
                sharingChart: SVGChart.horizontalBars(title: t["chart_datasets_by_sharing"]!, bars: sharingBars, width: 440),
                coming: ["quality", "services", "programme"].map { t["coming_\($0)"]! })
            let notice = request.uri.queryParameters["signedout"] != nil ? Notice.success(t["signed_out"]!) : nil
            return try services.web.page(
                "overview", title: t["overview_title"]!, content: content, request: request, context: context, notice: notice)
        }
    }
}

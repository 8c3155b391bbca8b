import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The catalog as DCAT-AP 3 for harvesters: `/catalog.jsonld` and `/catalog.ttl` (the live catalog, as the caller
/// may see it: anonymous harvesters get open and shared datasets), `/catalog/{code}.jsonld|.ttl` for one dataset
/// and `/publications/{number}.jsonld|.ttl` for a publication. IRIs come from the public base URL.
struct DCATRoutes {
    let services: AppServices

    /// The two serializations.
    enum Syntax: String, CaseIterable {
        case jsonld, ttl

        var contentType: String { self == .jsonld ? "application/ld+json" : "text/turtle; charset=utf-8" }

        /// The syntax a path segment ends with (`code.ttl`), and the segment without it.
        static func split(_ segment: String) -> (name: String, syntax: Syntax)? {
            for syntax in allCases where segment.hasSuffix("." + syntax.rawValue) {
                return (String(segment.dropLast(syntax.rawValue.count + 1)), syntax)
            }
            return nil
        }

        func response(_ graph: RDFGraph) -> Response {
            Response(
                status: .ok, headers: [.contentType: contentType],
                body: .init(byteBuffer: ByteBuffer(string: self == .jsonld ? graph.jsonLD() : graph.turtle())))
        }
    }

    func register(on routes: RouteRegistrar) {
        for syntax in Syntax.allCases {
            routes.page(.get, "/catalog.\(syntax.rawValue)") { _, context in
                syntax.response(try await liveCatalog(context))
            }
        }
    }

    var export: DCATExport { DCATExport(baseURL: services.configuration.publicBaseURL) }

    /// Every published dataset the caller may see, with its agency's names.
    func liveCatalog(_ context: AppRequestContext) async throws -> RDFGraph {
        let names = try await agencyNames()
        let entries = try await DatasetStore(database: services.database)
            .searchAll(CatalogQuery(status: .published, viewer: DatasetRoutes.viewer(context.identity)))
            .map { entry($0.dataset, names) }
        return export.catalog(
            page: export.base + "/catalog", titleVi: "Danh mục dữ liệu dùng chung", titleEn: "Catalog of shared data",
            descriptionVi: "Các bộ dữ liệu của các cơ quan trong thành phố và cách truy cập chúng.",
            descriptionEn: "The datasets of the city's agencies and how to reach them.", entries: entries,
            agencyServices: try await ServiceStore(database: services.database).services().filter { ServiceRoutes.canSee($0, context) }.map {
                ($0, names[$0.agencyCode]?.vi ?? $0.agencyCode, names[$0.agencyCode]?.en ?? "")
            })
    }

    /// One dataset the caller may see.
    func dataset(_ dataset: Dataset) async throws -> RDFGraph {
        export.dataset(entry(dataset, try await agencyNames()))
    }

    private func agencyNames() async throws -> [String: (vi: String, en: String)] {
        Dictionary(uniqueKeysWithValues: try await services.directory.agencies().map { ($0.code, ($0.nameVi, $0.nameEn)) })
    }

    private func entry(_ dataset: Dataset, _ names: [String: (vi: String, en: String)]) -> DCATExport.Entry {
        let name = names[dataset.ownerAgencyCode]
        return DCATExport.Entry(dataset: dataset, agencyNameVi: name?.vi ?? dataset.ownerAgencyCode, agencyNameEn: name?.en ?? "")
    }
}

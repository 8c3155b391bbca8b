import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The directory of agencies (`/agencies`), searchable by name or code without diacritics (`q=so y te`).
struct AgenciesPage {
    let services: AppServices

    struct Content {
        let query: String
        let rows: [Row]
        let count: Int
        let isEmpty: Bool
    }

    struct Row {
        let code: String
        let name: String
        let otherName: String
        let kind: String
        let parent: String
        let unitCode: String
        let created: String
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/agencies") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let query = request.uri.queryParameters.formText("q", maximumLength: 100)
            let agencies = try await services.directory.agencies()
            let names = Dictionary(uniqueKeysWithValues: agencies.map { ($0.code, language == .en ? $0.nameEn : $0.nameVi) })
            let needle = SearchText.fold(query)
            let rows = agencies.filter { agency in
                needle.isEmpty || [agency.code, agency.nameVi, agency.nameEn].contains { SearchText.fold($0).contains(needle) }
            }.map { agency in
                Row(
                    code: agency.code, name: language == .en ? agency.nameEn : agency.nameVi,
                    otherName: language == .en ? agency.nameVi : agency.nameEn, kind: t["kind_\(agency.kind.rawValue)"] ?? "",
                    parent: agency.parentCode.flatMap { names[$0] } ?? "—", unitCode: agency.unitCode ?? "—",
                    created: DisplayDate.format(agency.createdAt, language))
            }
            let content = Content(query: query, rows: rows, count: rows.count, isEmpty: rows.isEmpty)
            return try services.web.page("agencies", title: t["agencies_title"]!, content: content, request: request, context: context)
        }
    }
}

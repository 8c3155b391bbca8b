import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The catalog in the browser: search with facets (`/catalog`), a dataset's page (`/catalog/{code}`), and the
/// steward's forms to register (`/catalog/new`) and publish a dataset.
struct CatalogPages {
    let services: AppServices

    struct SearchContent {
        let query: String
        let total: Int
        let results: [ResultRow]
        let isEmpty: Bool
        let facets: [FacetGroup]
        let nextHref: String?
        let canCreate: Bool
    }

    struct ResultRow {
        let code: String
        let title: String
        let otherTitle: String
        let agency: String
        let sharing: String
        let sharingClass: String
        let status: String
        let isDraft: Bool
        let themes: String
    }

    struct FacetGroup {
        let label: String
        let items: [FacetItem]
    }

    struct FacetItem {
        let label: String
        let count: Int
        let href: String
        let active: Bool
    }

    struct DatasetContent {
        let code: String
        let title: String
        let otherTitle: String
        let description: String?
        let agency: String
        let sharing: String
        let sharingClass: String
        let status: String
        let frequency: String
        let themes: String
        let keywords: String
        let legalBasis: String
        /// Nil when there is none (Mustache shows an empty text's section).
        let contact: String?
        let updated: String
        let schemaVersion: Int
        let fields: [FieldRow]
        let primaryKey: String
        let canPublish: Bool
        let canRetire: Bool
        let canLoad: Bool
        /// Whether the reader may download the rows (the same rule as the records API).
        let canDownload: Bool
        let loads: [LoadRow]
        let hasLoads: Bool
        let latestErrors: [ErrorRow]
        let hasErrors: Bool
        let sample: SampleView?
    }

    struct LoadRow {
        let time: String
        let outcome: String
        let refused: Bool
        let read: Int
        let loaded: Int
        let rejected: Int
        let by: String
    }

    struct ErrorRow {
        let row: String
        let field: String
        let type: String
        let value: String
    }

    struct SampleView {
        let headers: [String]
        let rows: [[String]]
    }

    struct FieldRow {
        let name: String
        let type: String
        let title: String
        let rules: String
        let isKey: Bool
    }

    struct NewContent {
        let agencies: [AgencyOption]
        let sharingLevels: [Choice]
        let frequencies: [Choice]
        let values: [String: String]
    }

    struct AgencyOption {
        let code: String
        let name: String
        let selected: Bool
    }

    struct Choice {
        let value: String
        let label: String
        let selected: Bool
    }

    func register(on routes: RouteRegistrar) {
        let store = DatasetStore(database: services.database)
        routes.page(.get, "/catalog") { request, context in
            let t = Messages.webTexts(context.language)
            let parameters = request.uri.queryParameters
            let query = try DatasetRoutes.query(parameters, viewer: DatasetRoutes.viewer(context.identity))
            var paged = query
            paged.limit = min(query.limit, 50)
            let results = try await store.search(paged)
            let agencies = try await services.directory.agencies()
            let names = Dictionary(uniqueKeysWithValues: agencies.map { ($0.code, context.language == .en ? $0.nameEn : $0.nameVi) })
            let rows = results.datasets.map { Self.row($0, names: names, t: t, language: context.language) }
            let content = SearchContent(
                query: query.text, total: results.total, results: rows, isEmpty: rows.isEmpty,
                facets: Self.facets(results.facets, parameters: parameters, names: names, t: t),
                nextHref: results.next.map { Self.href(parameters, replacing: "cursor", with: Paging.encode($0.text)) },
                canCreate: context.identity?.role == .admin || context.identity?.role == .steward)
            return try services.web.page("catalog", title: t["catalog_title"]!, content: content, request: request, context: context)
        }
        routes.page(.get, "/catalog/new") { request, context in
            try await newForm(request, context, values: [:], notice: nil, status: .ok)
        }
        routes.page(.post, "/catalog/new") { request, context in
            let form = try await WebForm.read(request)
            let t = Messages.webTexts(context.language)
            let owner = context.identity?.role == .admin ? form.text("agency") : (context.identity?.agencyCode ?? "")
            do {
                try DatasetRoutes.requireOwner(owner, context)
                let schema: TableSchema
                do {
                    schema = try JSONDecoder().decode(TableSchema.self, from: Data(form.text("schema").utf8))
                } catch {
                    throw CatalogError.invalidSchema([SchemaProblem("schema", Messages.invalidSchema)])
                }
                let dataset = try await store.create(
                    Dataset(
                        code: form.text("code"), ownerAgencyCode: owner, titleVi: form.text("titleVi"), titleEn: form.text("titleEn"),
                        descriptionVi: form.text("descriptionVi"),
                        themes: form.text("themes").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                        sharingLevel: SharingLevel(rawValue: form.text("sharingLevel")) ?? .private,
                        updateFrequency: UpdateFrequency(rawValue: form.text("updateFrequency")) ?? .irregular,
                        legalBasis: form.text("legalBasis")),
                    schema: schema)
                try await services.audit.record(context, "dataset.create", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
                return WebRenderer.redirect(to: "/catalog/\(dataset.code)")
            } catch let error as CatalogError {
                let details = error.fieldProblems.map { "\($0.field): \($0.message.text(context.language))" }
                let text = ([error.message.text(context.language)] + details).joined(separator: " — ")
                return try await newForm(request, context, values: form.fields, notice: .error(text), status: .unprocessableContent)
            } catch let error as StoreError where error.isDuplicate {
                return try await newForm(
                    request, context, values: form.fields, notice: .error(t["catalog_duplicate_code"]!), status: .conflict)
            } catch let error as DirectoryError {
                return try await newForm(
                    request, context, values: form.fields, notice: .error(error.message.text(context.language)), status: .unprocessableContent)
            }
        }
        routes.page(.get, "/catalog/{code}") { request, context in
            // `/catalog/{code}.jsonld` and `.ttl`: the dataset as DCAT-AP.
            if let (code, syntax) = DCATRoutes.Syntax.split(try context.parameters.require("code")) {
                let dataset = try await DatasetRoutes.visible(context, store: store, id: code)
                return syntax.response(try await DCATRoutes(services: services).dataset(dataset))
            }
            let dataset = try await DatasetRoutes.visible(context, store: store, parameter: "code")
            let schema = try await store.schema(of: dataset)
            let t = Messages.webTexts(context.language)
            let agency = try await services.directory.agency(code: dataset.ownerAgencyCode)
            let language = context.language
            let canChange = (try? DatasetRoutes.requireOwner(dataset.ownerAgencyCode, context)) != nil
            let canRead = (try? RecordRoutes.requireReader(dataset, context)) != nil
            let hosted = HostedDataStore(database: services.database)
            let loads = canRead ? try await hosted.loads(of: dataset, limit: 10) : []
            var sample: SampleView?
            if canRead {
                let page = try await hosted.records(of: dataset, schema: schema, limit: 10)
                if !page.records.isEmpty { sample = SampleView(headers: page.fields, rows: page.records.map { $0.map(\.text) }) }
            }
            let content = DatasetContent(
                code: dataset.code, title: language == .en ? dataset.titleEn : dataset.titleVi,
                otherTitle: language == .en ? dataset.titleVi : dataset.titleEn,
                description: Optional(language == .en && !dataset.descriptionEn.isEmpty ? dataset.descriptionEn : dataset.descriptionVi)
                    .flatMap { $0.isEmpty ? nil : $0 },
                agency: agency.map { language == .en ? $0.nameEn : $0.nameVi } ?? dataset.ownerAgencyCode,
                sharing: t["sharing_\(dataset.sharingLevel.rawValue)"] ?? "", sharingClass: dataset.sharingLevel.rawValue,
                status: t["status_\(dataset.status.rawValue)"] ?? "", frequency: t["frequency_\(dataset.updateFrequency.rawValue)"] ?? "",
                themes: dataset.themes.joined(separator: ", "), keywords: dataset.keywords.joined(separator: ", "),
                legalBasis: dataset.legalBasis.isEmpty ? "—" : dataset.legalBasis,
                contact: Optional([dataset.contactName, dataset.contactEmail].filter { !$0.isEmpty }.joined(separator: " · ")).flatMap {
                    $0.isEmpty ? nil : $0
                },
                updated: DisplayDate.format(dataset.updatedAt, language), schemaVersion: dataset.schemaVersion,
                fields: schema.fields.map { Self.fieldRow($0, schema: schema, t: t) }, primaryKey: schema.primaryKey.joined(separator: ", "),
                canPublish: canChange && dataset.status.canMove(to: .published), canRetire: canChange && dataset.status.canMove(to: .retired),
                canLoad: canChange, canDownload: canRead,
                loads: loads.map {
                    LoadRow(
                        time: DisplayDate.formatTime($0.finishedAt, language), outcome: t["load_\($0.outcome)"] ?? $0.outcome,
                        refused: $0.outcome != "loaded", read: $0.rowsRead, loaded: $0.rowsLoaded, rejected: $0.rowsRejected, by: $0.loadedBy)
                }, hasLoads: !loads.isEmpty,
                latestErrors: (loads.first?.errors ?? []).prefix(20).map {
                    ErrorRow(
                        row: $0.row.map(String.init) ?? "—", field: $0.field ?? "—", type: $0.type + ($0.rule.map { " (\($0))" } ?? ""),
                        value: $0.value ?? "")
                },
                hasErrors: !(loads.first?.errors.isEmpty ?? true), sample: sample)
            return try services.web.page("dataset", title: content.title, content: content, request: request, context: context)
        }
        routes.page(.get, "/catalog/{code}/download") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: store, parameter: "code")
            try RecordRoutes.requireReader(dataset, context)
            return try await RecordRoutes.export(request, dataset: dataset, context: context, services: services, forSpreadsheets: true)
        }
        routes.page(.post, "/catalog/{code}/upload") { request, context in
            try WebForm.checkHeaderToken(request)
            let dataset = try await DatasetRoutes.visible(context, store: store, parameter: "code")
            try RecordRoutes.requireLoader(dataset, context)
            // The page's script sends the chosen file as it is, typed by its extension.
            return try await RecordRoutes.load(request, into: dataset, context: context, services: services)
        }
        for (action, status) in [("publish", DatasetStatus.published), ("retire", DatasetStatus.retired)] {
            routes.page(.post, "/catalog/{code}/\(action)") { request, context in
                _ = try await WebForm.read(request)
                let dataset = try await DatasetRoutes.visible(context, store: store, parameter: "code")
                try DatasetRoutes.requireOwner(dataset.ownerAgencyCode, context)
                try await store.setStatus(status, for: dataset.code)
                try await services.audit.record(context, "dataset.\(action)", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
                return WebRenderer.redirect(to: "/catalog/\(dataset.code)")
            }
        }
    }

    private func newForm(
        _ request: Request, _ context: AppRequestContext, values: [String: String], notice: Notice?, status: HTTPResponse.Status
    ) async throws -> Response {
        let t = Messages.webTexts(context.language)
        let own = context.identity?.agencyCode
        let agencies = try await services.directory.agencies().filter { context.identity?.role == .admin || $0.code == own }
        let chosenAgency = values["agency"] ?? own ?? ""
        let content = NewContent(
            agencies: agencies.map {
                AgencyOption(code: $0.code, name: context.language == .en ? $0.nameEn : $0.nameVi, selected: $0.code == chosenAgency)
            },
            sharingLevels: SharingLevel.allCases.map {
                Choice(value: $0.rawValue, label: t["sharing_\($0.rawValue)"] ?? "", selected: (values["sharingLevel"] ?? "private") == $0.rawValue)
            },
            frequencies: UpdateFrequency.allCases.map {
                Choice(
                    value: $0.rawValue, label: t["frequency_\($0.rawValue)"] ?? "",
                    selected: (values["updateFrequency"] ?? "irregular") == $0.rawValue)
            },
            values: values)
        return try services.web.page(
            "dataset-new", title: t["catalog_new"]!, content: content, request: request, context: context, status: status, notice: notice)
    }

    static func row(_ dataset: Dataset, names: [String: String], t: [String: String], language: Language) -> ResultRow {
        ResultRow(
            code: dataset.code, title: language == .en ? dataset.titleEn : dataset.titleVi,
            otherTitle: language == .en ? dataset.titleVi : dataset.titleEn, agency: names[dataset.ownerAgencyCode] ?? dataset.ownerAgencyCode,
            sharing: t["sharing_\(dataset.sharingLevel.rawValue)"] ?? "", sharingClass: dataset.sharingLevel.rawValue,
            status: t["status_\(dataset.status.rawValue)"] ?? "", isDraft: dataset.status == .draft, themes: dataset.themes.joined(separator: ", "))
    }

    static func fieldRow(_ field: SchemaField, schema: TableSchema, t: [String: String]) -> FieldRow {
        var rules: [String] = []
        let c = field.constraints
        if c.required == true { rules.append(t["rule_required"]!) }
        if c.unique == true { rules.append(t["rule_unique"]!) }
        if let value = c.minLength { rules.append("≥ \(value) \(t["rule_chars"]!)") }
        if let value = c.maxLength { rules.append("≤ \(value) \(t["rule_chars"]!)") }
        if let value = c.pattern { rules.append("/\(value)/") }
        if let values = c.enum { rules.append("{" + values.joined(separator: ", ") + "}") }
        if let vn = field.vn { rules.append("vn: \(vn.rawValue)") }
        if field.subject { rules.append(t["rule_subject"]!) }
        return FieldRow(
            name: field.name, type: field.type.rawValue, title: field.title ?? "", rules: rules.joined(separator: "; "),
            isKey: schema.primaryKey.contains(field.name))
    }

    static func facets(_ facets: CatalogFacets, parameters: Parameters, names: [String: String], t: [String: String]) -> [FacetGroup] {
        func group(_ label: String, _ name: String, _ counts: [String: Int], _ title: (String) -> String) -> FacetGroup {
            let current = parameters.get(name)
            return FacetGroup(
                label: label,
                items: counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map {
                    FacetItem(
                        label: title($0.key), count: $0.value,
                        href: href(parameters, replacing: name, with: current == $0.key ? nil : $0.key), active: current == $0.key)
                })
        }
        return [
            group(t["facet_agency"]!, "agency", facets.agencies) { names[$0] ?? $0 },
            group(t["facet_theme"]!, "theme", facets.themes) { $0 },
            group(t["facet_sharing"]!, "sharingLevel", facets.sharingLevels) { t["sharing_\($0)"] ?? $0 },
            group(t["facet_frequency"]!, "updateFrequency", facets.updateFrequencies) { t["frequency_\($0)"] ?? $0 },
        ].filter { !$0.items.isEmpty }
    }

    /// `/catalog?…` with one parameter set (or removed) and the page cursor reset unless it is the one set.
    static func href(_ parameters: Parameters, replacing name: String, with value: String?) -> String {
        var items: [(String, String)] = []
        for key in ["q", "agency", "theme", "sharingLevel", "updateFrequency", "status"] where key != name {
            if let existing = parameters.get(key), !existing.isEmpty { items.append((key, existing)) }
        }
        if let value { items.append((name, value)) }
        let query = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        return "/catalog" + (query.isEmpty ? "" : "?" + query)
    }
}

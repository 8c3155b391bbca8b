import Foundation
import Hummingbird
import Lienthong
import LienthongStore
import Logging

/// CKAN's Action API (2.12) over Lienthong's catalog, under `/api/3/action/` and `/api/action/`, GET and POST,
/// so CKAN clients and harvesters (`ckanapi`) work unchanged: CKAN's envelope, error types and key forms
/// (`Authorization: KEY`, `X-CKAN-API-Key`; an unknown key reads as anonymous). Visibility is Lienthong's:
/// anonymous callers see open and shared metadata and never private; rows follow the records API's rules.
struct CKANRoutes {
    let services: AppServices

    static let prefixes = ["/api/3/action", "/api/action"]

    /// Each action and what `help_show` says of it.
    static let actions: [String: String] = [
        "package_list": "Return the names of the site's datasets (published, visible to the caller). Arguments: limit, offset.",
        "package_show": "Return the metadata of a dataset (package) and its resource. Arguments: id (name or id).",
        "package_search":
            "Search datasets. Arguments: q, fq (organization:, groups:, tags:, res_format:, license_id:, name:), rows (default 10, at most 1000), start, sort (score, metadata_modified, metadata_created, name, title_string; asc or desc), facet.field, facet.limit.",
        "organization_list": "Return the organizations (agencies). Arguments: all_fields, limit, offset, sort.",
        "organization_show": "Return an organization. Arguments: id, include_datasets.",
        "group_list": "Return the groups (themes). Arguments: all_fields.",
        "group_show": "Return a group. Arguments: id, include_datasets.",
        "tag_list": "Return the tags (keywords) of visible datasets. Arguments: query, all_fields.",
        "resource_show": "Return a resource (a dataset's rows). Arguments: id.",
        "status_show": "Return the site's status: CKAN version, title, URL.",
        "help_show": "Return the help string of an action. Arguments: name.",
        "datastore_search":
            "Search a resource's rows. Arguments: resource_id, filters (object), q, fields, sort ('a asc, b desc'), limit (default 100), offset, next_page, include_total.",
    ]

    func register(on routes: RouteRegistrar) {
        for prefix in Self.prefixes {
            for method in [HTTPRequest.Method.get, .post] {
                routes.add(method, "\(prefix)/{action}") { request, context in
                    let name = try context.parameters.require("action")
                    let help = "\(base)/api/3/action/help_show?name=\(name)"
                    guard Self.actions[name] != nil else {
                        return Self.json("Bad request - Action name not known: \(name)", status: .badRequest)
                    }
                    do {
                        let arguments = try await CKANArguments.read(request, limit: services.configuration.maxJSONBodyBytes)
                        let result = try await perform(name, arguments, context)
                        return Self.json(["help": help, "success": true, "result": result])
                    } catch let error as CKANError {
                        return Self.json(["help": help, "success": false, "error": error.body], status: error.status)
                    } catch let error as CatalogError {
                        let fields = Dictionary(error.fieldProblems.map { ($0.field, [$0.message.en]) }, uniquingKeysWith: { $0 + $1 })
                        let ckan: CKANError = error.isNotFound ? .notFound(error.message.en) : .validation(fields)
                        return Self.json(["help": help, "success": false, "error": ckan.body], status: ckan.status)
                    } catch CKANArguments.Malformed.body {
                        return Self.json("Bad request - JSON Error: the body is not a JSON object", status: .badRequest)
                    } catch let problem as Problem {
                        // Still CKAN's envelope, which clients read instead of the status.
                        let error: [String: Any] = ["__type": "Validation Error", "message": problem.title.en]
                        return Self.json(["help": help, "success": false, "error": error], status: problem.status)
                    } catch {
                        context.logger.error("CKAN action \(name) failed: \(type(of: error))")
                        let error: [String: Any] = ["__type": "Internal Server Error", "message": "Internal error (\(context.requestID))"]
                        return Self.json(["help": help, "success": false, "error": error], status: .internalServerError)
                    }
                }
            }
        }
    }

    var base: String { services.configuration.publicBase }

    var dictionaries: CKANDictionaries { CKANDictionaries(base: base) }

    /// A JSON answer; it depends on who asks, so caches keep it private.
    static func json(_ value: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return Response(
            status: status,
            headers: [.contentType: "application/json;charset=utf-8", .cacheControl: "private, no-cache", .vary: "Authorization, X-CKAN-API-Key"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `organization_list`'s and `group_list`'s sort: `name`, `title` or `package_count`, `asc` or `desc`.
    static func listSort(_ text: String) throws -> (key: String, descending: Bool) {
        let words = text.split(separator: " ").map { $0.lowercased() }
        guard let field = words.first, ["name", "title", "package_count"].contains(field), words.count <= 2,
            words.count == 1 || ["asc", "desc"].contains(words[1])
        else { throw CKANError.validation(["sort": ["Invalid sort: \(text)"]]) }
        return (field, words.count == 2 ? words[1] == "desc" : field == "package_count")
    }

    private func perform(_ name: String, _ arguments: CKANArguments, _ context: AppRequestContext) async throws -> Any {
        switch name {
        case "package_list":
            // As in CKAN, the list never holds private datasets, whoever asks.
            let names = try await visibleDatasets(context).filter { $0.sharingLevel != .private }.map(\.code)
            let offset = try arguments.int("offset", default: 0, in: 0...Int.max)
            let limit = try arguments.int("limit", default: names.count, in: 0...Int.max)
            return Array(names.dropFirst(offset).prefix(limit))
        case "package_show":
            let dataset = try await dataset(try arguments.required("id"), context)
            return dictionaries.package(dataset, agency: try await services.directory.agency(code: dataset.ownerAgencyCode))
        case "package_search": return try await search(arguments, context)
        case "organization_list", "group_list":
            let datasets = try await visibleDatasets(context)
            let (sortKey, descending) = try Self.listSort(arguments.string("sort") ?? "title asc")
            var items: [[String: Any]]
            if name == "organization_list" {
                let counts = Dictionary(grouping: datasets, by: \.ownerAgencyCode).mapValues(\.count)
                items = try await services.directory.agencies().map { dictionaries.organization($0, packageCount: counts[$0.code] ?? 0) }
            } else {
                // Themes that fold to the same name ("Y tế", "Y-tế") are one group, titled by the first seen.
                var titles: [String: String] = [:]
                var counts: [String: Int] = [:]
                for dataset in datasets {
                    for name in Set(dataset.themes.map(CKANDictionaries.groupName)) { counts[name, default: 0] += 1 }
                    for theme in dataset.themes where titles[CKANDictionaries.groupName(theme)] == nil {
                        titles[CKANDictionaries.groupName(theme)] = theme
                    }
                }
                items = titles.keys.sorted().map { dictionaries.group(titles[$0] ?? $0, packageCount: counts[$0] ?? 0) }
            }
            items.sort { left, right in
                let (a, b) = (left[sortKey], right[sortKey])
                let order: ComparisonResult =
                    if let a = a as? Int, let b = b as? Int { a == b ? .orderedSame : a < b ? .orderedAscending : .orderedDescending } else {
                        (a as? String ?? "").compare(b as? String ?? "")
                    }
                if order == .orderedSame { return (left["name"] as? String ?? "") < (right["name"] as? String ?? "") }
                return descending ? order == .orderedDescending : order == .orderedAscending
            }
            let offset = try arguments.int("offset", default: 0, in: 0...Int.max)
            let limit = try arguments.int("limit", default: 1_000, in: 0...Int.max)
            let page = Array(items.dropFirst(offset).prefix(limit))
            return arguments.bool("all_fields") ? page : page.compactMap { $0["name"] }
        case "organization_show":
            let id = try arguments.required("id")
            guard
                let agency = try await services.directory.agencies().first(where: {
                    $0.code == id || $0.id.lowercasedString == id.lowercased()
                })
            else { throw CKANError.notFound("Organization not found") }
            let datasets = try await visibleDatasets(context).filter { $0.ownerAgencyCode == agency.code }
            var organization = dictionaries.organization(agency, packageCount: datasets.count)
            if arguments.values["include_datasets"] == nil || arguments.bool("include_datasets") {
                organization["packages"] = datasets.map { dictionaries.package($0, agency: agency) }
            }
            return organization
        case "group_show":
            let id = try arguments.required("id")
            let datasets = try await visibleDatasets(context)
            let name = CKANDictionaries.groupName(id)
            guard let theme = datasets.flatMap(\.themes).first(where: { CKANDictionaries.groupName($0) == name }) else {
                throw CKANError.notFound("Group not found")
            }
            let members = datasets.filter { $0.themes.contains { CKANDictionaries.groupName($0) == name } }
            var group = dictionaries.group(theme, packageCount: members.count)
            if arguments.values["include_datasets"] == nil || arguments.bool("include_datasets") {
                group["packages"] = try await packages(members)
            }
            return group
        case "tag_list":
            let query = SearchText.fold(arguments.string("query") ?? "")
            let tags = Set(try await visibleDatasets(context).flatMap(\.keywords)).filter { query.isEmpty || SearchText.fold($0).contains(query) }
                .sorted()
            return arguments.bool("all_fields") ? tags.map { ["name": $0, "display_name": $0, "vocabulary_id": NSNull()] as [String: Any] } : tags
        case "resource_show":
            let dataset = try await dataset(try arguments.required("id"), context)
            return dictionaries.resource(dataset)
        case "status_show":
            return [
                "ckan_version": "2.12.0", "site_title": "Lienthong", "site_url": base, "site_description": "Nền tảng liên thông dữ liệu",
                "locale_default": "vi", "error_emails_to": NSNull(), "extensions": ["datastore", "lienthong"],
            ] as [String: Any]
        case "help_show":
            let action = try arguments.required("name")
            guard let help = Self.actions[action] else { throw CKANError.notFound("Action function not found") }
            return help
        case "datastore_search": return try await datastoreSearch(arguments, context)
        default: throw CKANError.notFound("Action function not found")
        }
    }

    /// Every published dataset the caller may see, by code.
    private func visibleDatasets(_ context: AppRequestContext) async throws -> [Dataset] {
        try await DatasetStore(database: services.database)
            .searchAll(CatalogQuery(status: .published, viewer: DatasetRoutes.viewer(context.identity)))
            .map(\.dataset).sorted { $0.code < $1.code }
    }

    /// The dataset with this name or id, if the caller may see it.
    private func dataset(_ id: String, _ context: AppRequestContext) async throws -> Dataset {
        let store = DatasetStore(database: services.database)
        guard let dataset = try await store.dataset(id), DatasetRoutes.viewer(context.identity).canSee(dataset),
            dataset.status != .retired || (try? DatasetRoutes.requireOwner(dataset.ownerAgencyCode, context)) != nil
        else { throw CKANError.notFound("Not found") }
        return dataset
    }

    private func packages(_ datasets: [Dataset]) async throws -> [[String: Any]] {
        let agencies = Dictionary(uniqueKeysWithValues: try await services.directory.agencies().map { ($0.code, $0) })
        return datasets.map { dictionaries.package($0, agency: agencies[$0.ownerAgencyCode]) }
    }
}

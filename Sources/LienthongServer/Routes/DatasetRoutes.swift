import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The catalog's datasets over the API: search with facets, one dataset, its schema versions, and the
/// owner's writes (create, change, new schema, publish, retire), each recorded in the audit log.
struct DatasetRoutes {
    let services: AppServices

    struct NewDataset: APIInput {
        static let fields: Set<String> = [
            "code", "ownerAgencyCode", "titleVi", "titleEn", "descriptionVi", "descriptionEn", "themes", "keywords", "sharingLevel",
            "updateFrequency", "legalBasis", "licence", "contactName", "contactEmail", "schema",
        ]
        let code: String
        let ownerAgencyCode: String?
        let titleVi: String
        let titleEn: String
        let descriptionVi: String?
        let descriptionEn: String?
        let themes: [String]?
        let keywords: [String]?
        let sharingLevel: SharingLevel?
        let updateFrequency: UpdateFrequency?
        let legalBasis: String?
        let licence: String?
        let contactName: String?
        let contactEmail: String?
        let schema: TableSchema
    }

    struct DatasetChange: APIInput {
        static let fields: Set<String> = [
            "titleVi", "titleEn", "descriptionVi", "descriptionEn", "themes", "keywords", "sharingLevel", "updateFrequency",
            "legalBasis", "licence", "contactName", "contactEmail",
        ]
        let titleVi: String?
        let titleEn: String?
        let descriptionVi: String?
        let descriptionEn: String?
        let themes: [String]?
        let keywords: [String]?
        let sharingLevel: SharingLevel?
        let updateFrequency: UpdateFrequency?
        let legalBasis: String?
        let licence: String?
        let contactName: String?
        let contactEmail: String?
    }

    /// A schema as a `PUT` body: the Table Schema itself (its own keys are checked by its decoder).
    struct SchemaBody: APIInput {
        static let fields: Set<String> = ["fields", "primaryKey", "foreignKeys", "missingValues"]
        let schema: TableSchema

        init(from decoder: any Decoder) throws {
            schema = try TableSchema(from: decoder)
        }
    }

    struct SearchPage: Encodable, Sendable {
        let items: [DatasetView]
        let nextCursor: String?
        let total: Int
        let facets: FacetsView
    }

    struct FacetsView: Encodable, Sendable {
        let agencies: [String: Int]
        let themes: [String: Int]
        let sharingLevels: [String: Int]
        let updateFrequencies: [String: Int]
    }

    struct SchemaView: Encodable, Sendable {
        let dataset: String
        let version: Int
        let latestVersion: Int
        let schema: TableSchema
    }

    struct SchemaChangeView: Encodable, Sendable {
        let dataset: String
        let version: Int
        let breaking: Bool
    }

    func register(on routes: RouteRegistrar) {
        let store = DatasetStore(database: services.database)
        let limit = services.configuration.maxJSONBodyBytes
        routes.add(.get, "/api/v1/datasets") { request, context in
            let query = try Self.query(request.uri.queryParameters, viewer: Self.viewer(context.identity))
            let results = try await store.search(query)
            return try JSONCoding.response(
                SearchPage(
                    items: results.datasets.map(DatasetView.init), nextCursor: results.next.map { Paging.encode($0.text) },
                    total: results.total,
                    facets: FacetsView(
                        agencies: results.facets.agencies, themes: results.facets.themes, sharingLevels: results.facets.sharingLevels,
                        updateFrequencies: results.facets.updateFrequencies)))
        }
        routes.add(.post, "/api/v1/datasets") { request, context in
            let input = try await request.decodeJSON(NewDataset.self, limit: limit)
            let owner = input.ownerAgencyCode ?? context.identity?.agencyCode ?? ""
            try Self.requireOwner(owner, context)
            let dataset = try await store.create(
                Dataset(
                    code: input.code, ownerAgencyCode: owner, titleVi: input.titleVi, titleEn: input.titleEn,
                    descriptionVi: input.descriptionVi ?? "", descriptionEn: input.descriptionEn ?? "", themes: input.themes ?? [],
                    keywords: input.keywords ?? [], sharingLevel: input.sharingLevel ?? .private,
                    updateFrequency: input.updateFrequency ?? .irregular, legalBasis: input.legalBasis ?? "", licence: input.licence ?? "",
                    contactName: input.contactName ?? "", contactEmail: input.contactEmail ?? ""),
                schema: input.schema)
            try await services.audit.record(context, "dataset.create", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
            return try JSONCoding.response(DatasetView(dataset), status: .created)
        }
        routes.add(.get, "/api/v1/datasets/{id}") { _, context in
            let dataset = try await Self.visible(context, store: store)
            return try JSONCoding.response(DatasetView(dataset))
        }
        routes.add(.patch, "/api/v1/datasets/{id}") { request, context in
            var dataset = try await Self.visible(context, store: store)
            try Self.requireOwner(dataset.ownerAgencyCode, context)
            let input = try await request.decodeJSON(DatasetChange.self, limit: limit)
            if let value = input.titleVi { dataset.titleVi = value }
            if let value = input.titleEn { dataset.titleEn = value }
            if let value = input.descriptionVi { dataset.descriptionVi = value }
            if let value = input.descriptionEn { dataset.descriptionEn = value }
            if let value = input.themes { dataset.themes = value }
            if let value = input.keywords { dataset.keywords = value }
            if let value = input.sharingLevel { dataset.sharingLevel = value }
            if let value = input.updateFrequency { dataset.updateFrequency = value }
            if let value = input.legalBasis { dataset.legalBasis = value }
            if let value = input.licence { dataset.licence = value }
            if let value = input.contactName { dataset.contactName = value }
            if let value = input.contactEmail { dataset.contactEmail = value }
            let updated = try await store.update(dataset)
            try await services.audit.record(context, "dataset.update", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
            return try JSONCoding.response(DatasetView(updated))
        }
        routes.add(.get, "/api/v1/datasets/{id}/schema") { request, context in
            let dataset = try await Self.visible(context, store: store)
            let version = try request.uri.queryParameters.get("version").map { text -> Int in
                guard let value = Int(text), value > 0 else { throw Problem.invalidField("version") }
                return value
            }
            let schema = try await store.schema(of: dataset, version: version)
            return try JSONCoding.response(
                SchemaView(dataset: dataset.code, version: version ?? dataset.schemaVersion, latestVersion: dataset.schemaVersion, schema: schema))
        }
        routes.add(.put, "/api/v1/datasets/{id}/schema") { request, context in
            let dataset = try await Self.visible(context, store: store)
            try Self.requireOwner(dataset.ownerAgencyCode, context)
            let body = try await request.decodeJSON(SchemaBody.self, limit: limit)
            let change = try await store.setSchema(body.schema, for: dataset.code)
            try await services.audit.record(
                context, "dataset.schema", resource: "dataset:\(dataset.code)/schema:\(change.version)", datasetCode: dataset.code)
            return try JSONCoding.response(SchemaChangeView(dataset: dataset.code, version: change.version, breaking: change.breaking))
        }
        for (path, status, action) in [
            ("/api/v1/datasets/{id}/publish", DatasetStatus.published, "dataset.publish"),
            ("/api/v1/datasets/{id}/retire", DatasetStatus.retired, "dataset.retire"),
        ] {
            routes.add(.post, path) { _, context in
                let dataset = try await Self.visible(context, store: store)
                try Self.requireOwner(dataset.ownerAgencyCode, context)
                let changed = try await store.setStatus(status, for: dataset.code)
                try await services.audit.record(context, action, resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
                return try JSONCoding.response(DatasetView(changed))
            }
        }
    }

    /// Who is looking, for the catalog's visibility rules: the coordinator and the inspector see everything.
    static func viewer(_ identity: Identity?) -> DatasetViewer {
        guard let identity else { return .anonymous }
        let overseer = identity.role == .admin || identity.role == .inspector
        return DatasetViewer(agencyCode: identity.agencyCode, isAuthenticated: true, isCoordinator: overseer)
    }

    /// The dataset in the path, if the caller may see it (otherwise 404: its existence is not disclosed).
    /// `parameter` names the path segment (`id` in the API, `code` in the pages).
    static func visible(
        _ context: AppRequestContext, store: DatasetStore, parameter: String = "id", recent: Bool = false
    ) async throws -> Dataset {
        try await visible(context, store: store, id: try context.parameters.require(parameter), recent: recent)
    }

    /// The dataset with code or id `id`, if the caller may see it; `recent` accepts it as this node read it less
    /// than half a second ago (reads of records; never where the dataset is changed or its data written).
    static func visible(_ context: AppRequestContext, store: DatasetStore, id: String, recent: Bool = false) async throws -> Dataset {
        let found = recent ? try await store.recentDataset(id) : try await store.dataset(id)
        guard let dataset = found, viewer(context.identity).canSee(dataset) else {
            throw CatalogError.unknownDataset(id)
        }
        return dataset
    }

    /// Only the coordinator, or a steward of the owner agency, changes a dataset.
    static func requireOwner(_ agencyCode: String, _ context: AppRequestContext) throws {
        guard let identity = context.identity else { throw Problem.unauthenticated }
        guard identity.role == .admin || (identity.role == .steward && identity.agencyCode == agencyCode) else {
            throw Problem.forbidden
        }
    }

    /// Reads the search parameters: `q`, `agency`, `theme`, `sharingLevel`, `updateFrequency`, `status`, `limit`, `cursor`.
    static func query(_ parameters: Parameters, viewer: DatasetViewer) throws -> CatalogQuery {
        let paging = try Paging(parameters)
        var query = CatalogQuery(
            text: parameters.formText("q"), agencyCode: parameters.get("agency").flatMap { $0.isEmpty ? nil : $0 },
            theme: parameters.get("theme").flatMap { $0.isEmpty ? nil : $0 },
            sharingLevel: try parameters.choice("sharingLevel", as: SharingLevel.self),
            updateFrequency: try parameters.choice("updateFrequency", as: UpdateFrequency.self),
            status: try parameters.choice("status", as: DatasetStatus.self),
            viewer: viewer, limit: paging.limit)
        if let after = paging.after {
            guard let cursor = CatalogCursor(text: after) else { throw Problem.invalidField("cursor") }
            query.after = cursor
        }
        return query
    }
}

/// A dataset as the API shows it.
struct DatasetView: Encodable, Sendable {
    let id: String
    let code: String
    let ownerAgencyCode: String
    let titleVi: String
    let titleEn: String
    let descriptionVi: String
    let descriptionEn: String
    let themes: [String]
    let keywords: [String]
    let sharingLevel: SharingLevel
    let updateFrequency: UpdateFrequency
    let legalBasis: String
    let licence: String
    let contactName: String
    let contactEmail: String
    let status: DatasetStatus
    let schemaVersion: Int
    let createdAt: Date
    let updatedAt: Date
    let publishedAt: Date?

    init(_ dataset: Dataset) {
        id = dataset.id.lowercasedString
        code = dataset.code
        ownerAgencyCode = dataset.ownerAgencyCode
        titleVi = dataset.titleVi
        titleEn = dataset.titleEn
        descriptionVi = dataset.descriptionVi
        descriptionEn = dataset.descriptionEn
        themes = dataset.themes
        keywords = dataset.keywords
        sharingLevel = dataset.sharingLevel
        updateFrequency = dataset.updateFrequency
        legalBasis = dataset.legalBasis
        licence = dataset.licence
        contactName = dataset.contactName
        contactEmail = dataset.contactEmail
        status = dataset.status
        schemaVersion = dataset.schemaVersion
        createdAt = dataset.createdAt
        updatedAt = dataset.updatedAt
        publishedAt = dataset.publishedAt
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore
import NIOCore

/// A dataset's rows over the API: streamed CSV loads by the owner, the load history, and record reads with
/// provenance headers. Open, published data is public; other data is for the owner agency and the coordinator.
struct RecordRoutes {
    let services: AppServices

    struct RecordsPage: Encodable, Sendable {
        let items: [[String: RecordValue]]
        let nextCursor: String?
    }

    struct LoadsPage: Encodable, Sendable {
        let items: [LoadReport]
        let nextCursor: String?
    }

    func register(on routes: RouteRegistrar) {
        let datasets = DatasetStore(database: services.database)
        let hosted = HostedDataStore(database: services.database)
        routes.add(.put, "/api/v1/datasets/{id}/data") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireLoader(dataset, context)
            let contentType = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            let format: LoadOptions.Format
            switch contentType {
            case "text/csv": format = .csv
            case "application/x-ndjson", "application/ndjson": format = .ndjson
            default:
                throw Problem(
                    .unsupportedMediaType, type: "unsupported-media-type",
                    title: Messages.unsupportedLoadType.format(request.headers[.contentType] ?? "—"))
            }
            return try await Self.load(request, into: dataset, format: format, context: context, services: services)
        }
        routes.add(.get, "/api/v1/datasets/{id}/loads") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireReader(dataset, context)
            return try JSONCoding.response(LoadsPage(items: try await hosted.loads(of: dataset), nextCursor: nil))
        }
        routes.add(.get, "/api/v1/datasets/{id}/records/{key}") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireReader(dataset, context)
            let schema = try await datasets.schema(of: dataset)
            guard let values = try await hosted.record(of: dataset, schema: schema, key: try Self.key(context)) else { throw Problem.notFound }
            if dataset.sharingLevel != .open {
                try await services.audit.record(context, "records.read", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
            }
            return try JSONCoding.response(Dictionary(uniqueKeysWithValues: zip(schema.fields.map(\.name), values)))
        }
        routes.add(.patch, "/api/v1/datasets/{id}/records/{key}") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireLoader(dataset, context)
            let schema = try await datasets.schema(of: dataset)
            let key = try Self.key(context)
            let changes = try await Self.changes(request, schema: schema, limit: services.configuration.maxJSONBodyBytes)
            guard let values = try await hosted.updateRecord(of: dataset, schema: schema, key: key, changes: changes) else {
                throw Problem.notFound
            }
            try await services.audit.record(
                context, "record.update", resource: "dataset:\(dataset.code)/record:\(key.joined(separator: ","))", datasetCode: dataset.code)
            return try JSONCoding.response(Dictionary(uniqueKeysWithValues: zip(schema.fields.map(\.name), values)))
        }
        routes.add(.delete, "/api/v1/datasets/{id}/records/{key}") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireLoader(dataset, context)
            let key = try Self.key(context)
            guard try await hosted.deleteRecord(of: dataset, schema: try await datasets.schema(of: dataset), key: key) else {
                throw Problem.notFound
            }
            try await services.audit.record(
                context, "record.delete", resource: "dataset:\(dataset.code)/record:\(key.joined(separator: ","))", datasetCode: dataset.code)
            return Response(status: .noContent)
        }
        routes.add(.get, "/api/v1/datasets/{id}/records") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireReader(dataset, context)
            let schema = try await datasets.schema(of: dataset)
            let paging = try Paging(request.uri.queryParameters)
            var filters: [String: String] = [:]
            var projection: [String]?
            for (rawKey, value) in request.uri.queryParameters {
                let key = String(rawKey).removingPercentEncoding ?? String(rawKey)
                if key.hasPrefix("filter["), key.hasSuffix("]") {
                    filters[String(key.dropFirst(7).dropLast())] = String(value).replacingOccurrences(of: "+", with: " ")
                } else if key == "fields" {
                    projection = value.split(separator: ",").map(String.init)
                }
            }
            if let projection, let unknown = projection.first(where: { schema.field($0) == nil }) {
                throw Problem.invalidField("fields", Messages.schemaUnknownField.format(unknown))
            }
            let after = try paging.after.map { text -> [String] in
                guard let data = text.data(using: .utf8), let keys = try? JSONDecoder().decode([String].self, from: data) else {
                    throw Problem.invalidField("cursor")
                }
                return keys
            }
            let page = try await hosted.records(of: dataset, schema: schema, filters: filters, after: after, limit: paging.limit)
            let wanted = Set(projection ?? page.fields)
            let items = page.records.map { values in
                Dictionary(uniqueKeysWithValues: zip(page.fields, values).filter { wanted.contains($0.0) })
            }
            let cursor = try page.next.map { Paging.encode(String(decoding: try JSONEncoder().encode($0), as: UTF8.self)) }
            if dataset.sharingLevel != .open {
                try await services.audit.record(
                    context, "records.read", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
            }
            var response = try JSONCoding.response(RecordsPage(items: items, nextCursor: cursor))
            let lastLoaded = try await hosted.lastLoaded(dataset)
            response.headers[.sourceAgency] = dataset.ownerAgencyCode
            response.headers[.datasetVersion] = String(dataset.schemaVersion)
            if let lastLoaded { response.headers[.lastLoaded] = lastLoaded.ISO8601Format() }
            return response
        }
    }

    /// Loads the request's body into `dataset` (the caller has checked who may), with `mode` and `onError` from
    /// the query, records the load in the audit log, and answers with the report: 200 loaded, 422 refused.
    /// The API's `PUT …/data` and the dataset page's upload share it.
    static func load(
        _ request: Request, into dataset: Dataset, format: LoadOptions.Format, context: AppRequestContext, services: AppServices
    ) async throws -> Response {
        let parameters = request.uri.queryParameters
        let options = LoadOptions(
            mode: try parameters.choice("mode", as: LoadOptions.Mode.self) ?? .replace,
            onError: try parameters.choice("onError", as: LoadOptions.OnError.self) ?? .reject, format: format)
        let schema = try await DatasetStore(database: services.database).schema(of: dataset)
        let report = try await HostedDataStore(database: services.database).load(
            request.body.map { Array($0.readableBytesView) }, into: dataset, schema: schema, options: options,
            loadedBy: Auditor.actor(context.identity).id)
        let loaded = report.outcome == "loaded"
        try await services.audit.record(
            context, "dataset.load", resource: "dataset:\(dataset.code)/load:\(report.id.uuidString.lowercased())",
            outcome: loaded ? .success : .failed, datasetCode: dataset.code)
        return try JSONCoding.response(report, status: loaded ? .ok : .unprocessableContent)
    }

    /// A record's key from the path: composite keys joined by `,`.
    static func key(_ context: AppRequestContext) throws -> [String] {
        let text = try context.parameters.require("key")
        return (text.removingPercentEncoding ?? text).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// A `PATCH` body: field names to new values (text, numbers, booleans or null), turned into the text a
    /// load's cell would hold, by the field's type.
    static func changes(_ request: Request, schema: TableSchema, limit: Int) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: limit)
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any] else {
            throw Problem(.badRequest, type: "malformed-json", title: Messages.malformedJSON.format("expected an object"))
        }
        var changes: [String: String] = [:]
        for (name, value) in object {
            let type = schema.field(name)?.type
            switch value {
            case is NSNull: changes[name] = ""
            case let text as String: changes[name] = text
            case let flag as Bool where type == .boolean: changes[name] = flag ? "true" : "false"
            case let number as NSNumber: changes[name] = number.stringValue
            default: throw Problem.invalidField(name)
            }
        }
        return changes
    }

    /// Loads come from the coordinator, a steward of the owner agency, or a system of the owner agency.
    static func requireLoader(_ dataset: Dataset, _ context: AppRequestContext) throws {
        switch context.identity {
        case .client(let client) where client.agencyCode == dataset.ownerAgencyCode: return
        default: try DatasetRoutes.requireOwner(dataset.ownerAgencyCode, context)
        }
    }

    /// Open, published data is for everyone; the rest for the owner agency and the coordinator (other agencies
    /// read it through grants, with the sharing workflow).
    static func requireReader(_ dataset: Dataset, _ context: AppRequestContext) throws {
        if dataset.sharingLevel == .open, dataset.status == .published { return }
        guard let identity = context.identity else { throw Problem.unauthenticated }
        guard identity.role == .admin || identity.agencyCode == dataset.ownerAgencyCode else { throw Problem.forbidden }
    }
}

extension HTTPField.Name {
    static let sourceAgency = Self("Lienthong-Source-Agency")!
    static let datasetVersion = Self("Lienthong-Dataset-Version")!
    static let lastLoaded = Self("Lienthong-Last-Loaded")!
}

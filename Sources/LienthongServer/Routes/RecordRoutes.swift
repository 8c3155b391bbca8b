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
            return try await Self.load(request, into: dataset, context: context, services: services)
        }
        routes.add(.get, "/api/v1/datasets/{id}/loads") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireReader(dataset, context)
            return try JSONCoding.response(LoadsPage(items: try await hosted.loads(of: dataset), nextCursor: nil))
        }
        routes.add(.get, "/api/v1/datasets/{id}/records/{key}") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets, recent: true)
            try Self.requireReader(dataset, context)
            let schema = try await datasets.schema(of: dataset)
            let key = try Self.key(context)
            guard let values = try await hosted.record(of: dataset, schema: schema, key: key) else { throw Problem.notFound }
            if dataset.sharingLevel != .open {
                let named = AuditNames.record(dataset.code, schema: schema, key: key, subjects: services.configuration.keys.subjects)
                try await services.audit.record(
                    context, "records.read", resource: named.resource, datasetCode: dataset.code, subjects: named.subjects)
            }
            return JSONCoding.record(values, fields: schema.fields.map(\.name))
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
            let named = AuditNames.record(dataset.code, schema: schema, key: key, subjects: services.configuration.keys.subjects)
            try await services.audit.record(context, "record.update", resource: named.resource, datasetCode: dataset.code, subjects: named.subjects)
            try await QualityRunner(database: services.database, calendar: services.configuration.calendar).recordChanged(dataset)
            return JSONCoding.record(values, fields: schema.fields.map(\.name))
        }
        routes.add(.delete, "/api/v1/datasets/{id}/records/{key}") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireLoader(dataset, context)
            let key = try Self.key(context)
            let schema = try await datasets.schema(of: dataset)
            guard try await hosted.deleteRecord(of: dataset, schema: schema, key: key) else { throw Problem.notFound }
            let named = AuditNames.record(dataset.code, schema: schema, key: key, subjects: services.configuration.keys.subjects)
            try await services.audit.record(context, "record.delete", resource: named.resource, datasetCode: dataset.code, subjects: named.subjects)
            try await QualityRunner(database: services.database, calendar: services.configuration.calendar).recordChanged(dataset)
            return Response(status: .noContent)
        }
        routes.add(.get, "/api/v1/datasets/{id}/records") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets, recent: true)
            try Self.requireReader(dataset, context)
            let read = try await RecordRead(request, dataset: dataset, services: services)
            let paging = try Paging(request.uri.queryParameters)
            let cursor = try Self.cursor(paging)
            let page = try await hosted.records(of: dataset, schema: read.schema, query: read.query, after: cursor, limit: paging.limit)
            if dataset.sharingLevel != .open {
                // The people on the page see this read among those of their data, as they see the gateway's.
                let subjects = AuditNames.subjects(of: page.records, schema: read.schema, hasher: services.configuration.keys.subjects)
                try await services.audit.record(
                    context, "records.read", resource: "dataset:\(dataset.code)", datasetCode: dataset.code, subjects: subjects)
            }
            var response = try Self.pageResponse(request, read: read, page: page)
            try await read.provenance(&response.headers, dataset: dataset, services: services)
            return response
        }
        routes.add(.get, "/api/v1/datasets/{id}/datapackage.json") { _, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            let schema = try await datasets.schema(of: dataset)
            let base = services.configuration.publicBase
            return try JSONCoding.response(
                DataPackage(dataset: dataset, schema: schema, dataURL: "\(base)/api/v1/datasets/\(dataset.code)/data?format=csv"))
        }
        routes.add(.get, "/api/v1/datasets/{id}/data") { request, context in
            let dataset = try await DatasetRoutes.visible(context, store: datasets)
            try Self.requireReader(dataset, context)
            return try await Self.export(request, dataset: dataset, context: context, services: services)
        }
    }

    /// A page of records in the read's format (JSON `{items, nextCursor}`, NDJSON or CSV), with a `Link` to the next
    /// page. The records API and the gateway share it.
    static func pageResponse(_ request: Request, read: RecordRead, page: RecordPage) throws -> Response {
        let next = try page.next.map(Self.token)
        var text: String
        if read.format == .json {
            text = "{\"items\":["
            for (index, values) in page.records.enumerated() {
                text += read.format.record(read.projected(values), fields: read.fields, first: index == 0)
            }
            text += "],\"nextCursor\":" + (next.map { "\"\($0)\"" } ?? "null") + "}"
        } else {
            text = read.format.opening(fields: read.fields)
            for values in page.records { text += read.format.record(read.projected(values), fields: read.fields, first: false) }
        }
        var response = Response(status: .ok, headers: [.contentType: read.format.contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
        if let next {
            let items = request.uri.formItems.filter { $0.key != "cursor" } + [(key: "cursor", value: next)]
            let query = items.map { Self.percentEncoded($0.key) + "=" + Self.percentEncoded($0.value) }.joined(separator: "&")
            response.headers[.link] = "<\(request.uri.path)?\(query)>; rel=\"next\""
        }
        return response
    }

    /// The page's cursor, from the `cursor` parameter `Paging` read.
    static func cursor(_ paging: Paging) throws -> RecordCursor? {
        try paging.after.map { text in
            guard let cursor = Self.cursor(text) else { throw Problem.invalidField("cursor") }
            return cursor
        }
    }

    /// A records cursor as the opaque `nextCursor` (and CKAN's `next_page`): base64url of its JSON.
    static func token(_ cursor: RecordCursor) throws -> String {
        Paging.encode(String(decoding: try cursorEncoder.encode(cursor), as: UTF8.self))
    }

    /// The cursor in a token's decoded text (`Paging` decodes the base64url), or nil.
    static func cursor(_ text: String) -> RecordCursor? { try? cursorDecoder.decode(RecordCursor.self, from: Data(text.utf8)) }

    /// Cursors hold sort-key values, which may be NaN or infinite numbers (Frictionless allows them).
    private static let cursorEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "INF", negativeInfinity: "-INF", nan: "NaN")
        return encoder
    }()

    private static let cursorDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "INF", negativeInfinity: "-INF", nan: "NaN")
        return decoder
    }()

    /// Text percent-encoded for a query string: only letters, digits and `-._~` stay as they are (so `+`
    /// cannot be read back as a space).
    static func percentEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Streams every record the request's query selects, in its format (JSON array, NDJSON or CSV), a page at a
    /// time so memory stays flat whatever the size; reads of data that is not open are audited. The API's
    /// `GET …/data` and the dataset page's downloads share it.
    /// `forSpreadsheets` starts a CSV with a byte-order mark, without which Excel reads UTF-8 Vietnamese as
    /// another code page, and keeps text cells from running as formulas (the page's downloads are for people; the
    /// API's CSV stays as stored).
    static func export(
        _ request: Request, dataset: Dataset, context: AppRequestContext, services: AppServices, forSpreadsheets: Bool = false
    ) async throws -> Response {
        let read = try await RecordRead(request, dataset: dataset, services: services)
        if dataset.sharingLevel != .open {
            try await services.audit.record(context, "records.export", resource: "dataset:\(dataset.code)", datasetCode: dataset.code)
        }
        let hosted = HostedDataStore(database: services.database)
        let body = ResponseBody { writer in
            if forSpreadsheets, read.format == .csv { try await writer.write(ByteBuffer(string: "\u{FEFF}")) }
            try await hosted.export(dataset, schema: read.schema, query: read.query, format: read.format, forSpreadsheets: forSpreadsheets) {
                text in
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.finish(nil)
        }
        var response = Response(status: .ok, headers: [.contentType: read.format.contentType], body: body)
        let suffix = read.format == .ndjson ? "ndjson" : read.format.rawValue
        response.headers[.contentDisposition] = "attachment; filename=\"\(dataset.code).\(suffix)\""
        try await read.provenance(&response.headers, dataset: dataset, services: services)
        return response
    }

    /// What a records request asks for: the schema version's schema, the query (checked against it), the format
    /// and the fields returned.
    struct RecordRead: Sendable {
        let schema: TableSchema
        let version: Int
        let query: RecordQuery
        let format: RecordFormat
        let fields: [String]
        /// For each returned field, its index in the schema.
        let indices: [Int]

        init(_ request: Request, dataset: Dataset, services: AppServices) async throws {
            let items = request.uri.formItems
            let version = try RecordQuery.schemaVersion(in: items) ?? dataset.schemaVersion
            let schema = try await DatasetStore(database: services.database).schema(of: dataset, version: version)
            try self.init(schema: schema, version: version, query: try RecordQuery(items: items, schema: schema), request: request)
        }

        /// A read of `query` (already checked against `schema`), in the format the request asks for.
        init(schema: TableSchema, version: Int, query: RecordQuery, request: Request) throws {
            self.schema = schema
            self.version = version
            self.query = query
            guard let format = RecordFormat(parameter: request.uri.queryParameters.get("format"), accept: request.headers[.accept]) else {
                throw Problem.invalidField("format")
            }
            self.format = format
            (fields, indices) = query.projection(in: schema)
        }

        func projected(_ values: [RecordValue]) -> [RecordValue] { indices.map { values[$0] } }

        /// The provenance headers: the owner agency, the schema version read, when the data was last loaded (as the
        /// node read it under half a second ago).
        func provenance(_ headers: inout HTTPFields, dataset: Dataset, services: AppServices) async throws {
            headers[.sourceAgency] = dataset.ownerAgencyCode
            headers[.datasetVersion] = String(version)
            if let lastLoaded = try await HostedDataStore(database: services.database).recentLastLoaded(dataset) {
                headers[.lastLoaded] = LastLoadedHeader.text(lastLoaded)
            }
        }
    }

    /// Loads the request's body into `dataset` (the caller has checked who may), with `mode` and `onError` from
    /// the query and the format from the content type, records the load in the audit log, and answers with the report: 200 loaded, 422 refused.
    /// The API's `PUT …/data` and the dataset page's upload share it.
    static func load(_ request: Request, into dataset: Dataset, context: AppRequestContext, services: AppServices) async throws -> Response {
        let format = try loadFormat(request)
        let parameters = request.uri.queryParameters
        let options = LoadOptions(
            mode: try parameters.choice("mode", as: LoadOptions.Mode.self) ?? .replace,
            onError: try parameters.choice("onError", as: LoadOptions.OnError.self) ?? .reject, format: format)
        let schema = try await DatasetStore(database: services.database).schema(of: dataset)
        let (report, run) = try await QualityRunner(database: services.database, calendar: services.configuration.calendar).load(
            request.body.map { Array($0.readableBytesView) }, into: dataset, schema: schema, options: options,
            loadedBy: Auditor.actor(context.identity).id)
        let loaded = report.outcome == "loaded"
        try await services.audit.record(
            context, "dataset.load", resource: "dataset:\(dataset.code)/load:\(report.id.lowercasedString)",
            outcome: loaded ? .success : .failed, datasetCode: dataset.code)
        var response = try JSONCoding.response(report, status: loaded ? .ok : .unprocessableContent)
        if let run { response.headers[.qualityRun] = "/api/v1/datasets/\(dataset.code)/quality/runs/\(run.id.lowercasedString)" }
        return response
    }

    /// The body's format, from its content type: CSV, NDJSON or a JSON array.
    static func loadFormat(_ request: Request) throws -> LoadOptions.Format {
        let contentType = (request.headers[.contentType] ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        switch contentType {
        case "text/csv": return .csv
        case "application/x-ndjson", "application/ndjson", "application/jsonl": return .ndjson
        case "application/json": return .json
        default:
            throw Problem(
                .unsupportedMediaType, type: "unsupported-media-type",
                title: Messages.unsupportedLoadType.format(request.headers[.contentType] ?? "—"))
        }
    }

    /// A record's key from the path: composite keys joined by `,`.
    static func key(_ context: AppRequestContext) throws -> [String] {
        let text = try context.parameters.require("key")
        // Foundation's `removingPercentEncoding` costs even when there is nothing to decode, as in most keys.
        let decoded = text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? text : text
        return decoded.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    /// A `PATCH` body: field names to new values (text, numbers, booleans or null), turned into the text a
    /// load's cell would hold, by the field's type.
    static func changes(_ request: Request, schema: TableSchema, limit: Int) async throws -> [String: String] {
        let object = try await request.jsonObject(limit: limit).object
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
    static let link = Self("Link")!
    /// Where the quality run of a load that went in can be read.
    static let qualityRun = Self("Lienthong-Quality-Run")!
}

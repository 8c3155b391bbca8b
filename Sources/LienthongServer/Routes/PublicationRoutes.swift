import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// Catalog publications over the API: the list, one publication as JSON or CSV, what changed since an earlier
/// one, and the coordinator's new publication (recorded in the audit log with its digest).
struct PublicationRoutes {
    let services: AppServices

    struct NewPublication: APIInput {
        static let fields: Set<String> = ["note"]
        let note: String?
    }

    func register(on routes: RouteRegistrar) {
        let store = PublicationStore(database: services.database)
        routes.add(.get, "/api/v1/catalog/publications") { _, _ in
            try JSONCoding.response(ListPage(items: try await store.summaries(), nextCursor: nil))
        }
        routes.add(.post, "/api/v1/catalog/publications") { request, context in
            let hasBody = (request.headers[.contentLength].flatMap(Int.init) ?? 0) > 0 || request.headers[.contentType] != nil
            let note = hasBody ? try await request.decodeJSON(NewPublication.self, limit: services.configuration.maxJSONBodyBytes).note : nil
            let publication = try await Self.publish(note: note ?? "", context: context, services: services)
            var response = try JSONCoding.response(publication, status: .created)
            response.headers[.location] = "/api/v1/catalog/publications/\(publication.number)"
            return response
        }
        routes.add(.get, "/api/v1/catalog/publications/{number}") { request, context in
            let publication = try await Self.publication(context, store: store)
            let format = RecordFormat(parameter: request.uri.queryParameters.get("format"), accept: request.headers[.accept])
            switch format {
            case .csv?:
                var response = Response(
                    status: .ok, headers: [.contentType: RecordFormat.csv.contentType],
                    body: .init(byteBuffer: ByteBuffer(string: publication.csv(context.language))))
                response.headers[.contentDisposition] = "attachment; filename=\"danh-muc-du-lieu-dung-chung-\(publication.number).csv\""
                return response
            case .json?: return try JSONCoding.response(publication)
            case .ndjson?, nil: throw Problem.invalidField("format")
            }
        }
        routes.add(.get, "/api/v1/catalog/publications/{number}/changes") { request, context in
            let publication = try await Self.publication(context, store: store)
            let since = try await Self.since(request, publication: publication, store: store)
            return try JSONCoding.response(PublicationComparison(from: since, to: publication))
        }
    }

    /// Publishes the live catalog as the next publication and records it, with its digest, in the audit log.
    /// The API and the publications page share it.
    static func publish(note: String, context: AppRequestContext, services: AppServices) async throws -> CatalogPublication {
        let publication = try await PublicationStore(database: services.database).publish(
            note: note, by: Auditor.actor(context.identity).id)
        try await services.audit.record(
            context, "catalog.publish", resource: "catalog-publication:\(publication.number)#sha256=\(publication.sha256)")
        return publication
    }

    /// The publication the path names, or 404.
    static func publication(_ context: AppRequestContext, store: PublicationStore) async throws -> CatalogPublication {
        let text = try context.parameters.require("number")
        guard let number = Int(text), number > 0, let publication = try await store.publication(number) else { throw Problem.notFound }
        return publication
    }

    /// The earlier publication `since=` names (default: the one before), or 404 when there is none; 422 when
    /// it is not earlier.
    static func since(_ request: Request, publication: CatalogPublication, store: PublicationStore) async throws -> CatalogPublication {
        let wanted: Int
        if let text = request.uri.queryParameters.get("since"), !text.isEmpty {
            guard let number = Int(text), number > 0, number < publication.number else { throw Problem.invalidField("since") }
            wanted = number
        } else {
            wanted = publication.number - 1
        }
        guard wanted > 0, let since = try await store.publication(wanted) else { throw Problem.notFound }
        return since
    }
}

import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// API clients (agency systems) and their keys. A steward manages their own agency's clients; the
/// coordinator any; the security officer may list and revoke any.
struct APIClientRoutes {
    let services: AppServices

    struct NewClient: APIInput {
        static let fields: Set<String> = ["agencyCode", "name", "expiresAt"]
        let agencyCode: String
        let name: String
        let expiresAt: Date?
    }

    func register(on routes: RouteRegistrar) {
        let limit = services.configuration.maxJSONBodyBytes
        let directory = services.directory
        routes.add(.get, "/api/v1/api-clients") { request, context in
            var agency = request.uri.queryParameters.get("agency")
            if context.identity?.role == .steward { agency = context.identity?.agencyCode }
            let paging = try Paging(request.uri.queryParameters)
            let after = try paging.after.map { text -> UUID in
                guard let id = UUID(uuidString: text) else { throw Problem.invalidField("cursor") }
                return id
            }
            let clients = try await directory.apiClients(agencyCode: agency, after: after, limit: paging.limit + 1)
            let page = paging.page(clients) { $0.id.lowercasedString }
            return try JSONCoding.response(ListPage(items: page.items.map { APIClientView($0) }, nextCursor: page.nextCursor))
        }
        routes.add(.post, "/api/v1/api-clients") { request, context in
            let input = try await request.decodeJSON(NewClient.self, limit: limit)
            try Self.requireScope(input.agencyCode, context)
            if let expiresAt = input.expiresAt, expiresAt <= Date() { throw Problem.invalidField("expiresAt") }
            let issued = try await directory.createAPIClient(
                agencyCode: input.agencyCode, name: input.name, expiresAt: input.expiresAt)
            try await services.audit.record(
                context, "apiClient.create", resource: "apiClient:\(issued.client.id.lowercasedString)",
                agencyCode: input.agencyCode)
            return try JSONCoding.response(
                IssuedKeyView(client: APIClientView(issued.client), key: issued.key.value), status: .created)
        }
        routes.add(.get, "/api/v1/api-clients/{id}") { _, context in
            let client = try await Self.client(context, directory: directory)
            return try JSONCoding.response(APIClientView(client))
        }
        routes.add(.post, "/api/v1/api-clients/{id}/rotate") { _, context in
            let client = try await Self.client(context, directory: directory)
            let issued = try await directory.rotateAPIKey(id: client.id)
            services.credentials.forget()
            try await services.audit.record(
                context, "apiClient.rotate", resource: "apiClient:\(client.id.lowercasedString)", agencyCode: client.agencyCode)
            return try JSONCoding.response(IssuedKeyView(client: APIClientView(issued.client), key: issued.key.value))
        }
        routes.add(.post, "/api/v1/api-clients/{id}/revoke") { _, context in
            let client = try await Self.client(context, directory: directory)
            let revoked = try await directory.revokeAPIClient(id: client.id)
            services.credentials.forget()
            try await services.audit.record(
                context, "apiClient.revoke", resource: "apiClient:\(client.id.lowercasedString)", agencyCode: client.agencyCode)
            return try JSONCoding.response(APIClientView(revoked))
        }
    }

    /// The client named in the path, if the caller may see it (a steward only their agency's).
    private static func client(_ context: AppRequestContext, directory: DirectoryStore) async throws -> APIClient {
        let text = try context.parameters.require("id")
        guard let id = UUID(uuidString: text), let client = try await directory.apiClient(id: id) else {
            throw DirectoryError.unknownClient(text)
        }
        try requireScope(client.agencyCode, context)
        return client
    }

    private static func requireScope(_ agencyCode: String, _ context: AppRequestContext) throws {
        if context.identity?.role == .steward, context.identity?.agencyCode != agencyCode {
            throw Problem.forbidden
        }
    }
}

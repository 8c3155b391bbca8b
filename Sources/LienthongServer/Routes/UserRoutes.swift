import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// Staff users, managed by the coordinator.
struct UserRoutes {
    let services: AppServices

    struct NewUser: APIInput {
        static let fields: Set<String> = ["username", "displayName", "agencyCode", "role", "password"]
        let username: String
        let displayName: String
        let agencyCode: String
        let role: Role
        let password: String
    }

    struct PasswordReset: APIInput {
        static let fields: Set<String> = ["password"]
        let password: String
    }

    func register(on routes: RouteRegistrar) {
        let limit = services.configuration.maxJSONBodyBytes
        let directory = services.directory
        routes.add(.get, "/api/v1/users") { request, _ in
            let agency = request.uri.queryParameters.get("agency")
            let paging = try Paging(request.uri.queryParameters)
            let users = try await directory.users(agencyCode: agency, after: paging.after, limit: paging.limit + 1)
            let page = paging.page(users) { $0.username }
            return try JSONCoding.response(ListPage(items: page.items.map(UserView.init), nextCursor: page.nextCursor))
        }
        routes.add(.post, "/api/v1/users") { request, context in
            let input = try await request.decodeJSON(NewUser.self, limit: limit)
            let user = try await directory.createUser(
                username: input.username, displayName: input.displayName, agencyCode: input.agencyCode,
                role: input.role, password: input.password)
            try await services.audit.record(context, "user.create", resource: "user:\(user.username)")
            return try JSONCoding.response(UserView(user), status: .created)
        }
        routes.add(.get, "/api/v1/users/{username}") { _, context in
            let username = try context.parameters.require("username")
            guard let user = try await directory.user(username: username) else {
                throw DirectoryError.unknownUser(username)
            }
            return try JSONCoding.response(UserView(user))
        }
        routes.add(.post, "/api/v1/users/{username}/deactivate") { _, context in
            let username = try context.parameters.require("username")
            try await directory.deactivateUser(username: username)
            services.credentials.forget()
            try await services.audit.record(context, "user.deactivate", resource: "user:\(username)")
            return try JSONCoding.response(try await directory.user(username: username).map(UserView.init))
        }
        routes.add(.put, "/api/v1/users/{username}/password") { request, context in
            let username = try context.parameters.require("username")
            let input = try await request.decodeJSON(PasswordReset.self, limit: limit)
            try await directory.setPassword(username: username, newPassword: input.password)
            services.credentials.forget()
            try await services.audit.record(context, "user.setPassword", resource: "user:\(username)")
            return Response(status: .noContent)
        }
    }
}

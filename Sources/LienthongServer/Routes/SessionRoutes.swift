import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// Staff sign-in for API use (a session token), sign-out, and the caller's own account.
struct SessionRoutes {
    let services: AppServices
    let throttle: LoginThrottle

    struct SignIn: APIInput {
        static let fields: Set<String> = ["username", "password"]
        let username: String
        let password: String
    }

    struct PasswordChange: APIInput {
        static let fields: Set<String> = ["currentPassword", "newPassword"]
        let currentPassword: String
        let newPassword: String
    }

    struct SessionView: Encodable, Sendable {
        let token: String
        let expiresAt: Date
        let user: UserView
    }

    struct MeView: Encodable, Sendable {
        /// `staff` or `apiClient`.
        let kind: String
        let agencyCode: String
        let user: UserView?
        let client: APIClientView?
    }

    func register(on routes: RouteRegistrar) {
        let limit = services.configuration.maxJSONBodyBytes
        routes.add(.post, "/api/v1/sessions") { request, context in
            let input = try await request.decodeJSON(SignIn.self, limit: limit)
            switch try await services.signIn(username: input.username, password: input.password, context: context, throttle: throttle) {
            case .throttled(let retryAfter):
                throw Problem(
                    .tooManyRequests, type: "too-many-sign-ins", title: Messages.tooManyRequests,
                    headers: [.retryAfter: String(retryAfter)])
            case .refused:
                throw Problem(.unauthorized, type: "wrong-credentials", title: Messages.wrongPassword)
            case .signedIn(let user, let token, let expiresAt):
                return try JSONCoding.response(
                    SessionView(token: token.value, expiresAt: expiresAt, user: UserView(user)), status: .created)
            }
        }
        routes.add(.delete, "/api/v1/sessions/current") { _, context in
            if case .staff(_, let tokenHash) = context.identity {
                try await services.directory.endSession(tokenHash: tokenHash)
                services.credentials.forget()
                try await services.audit.record(context, "session.signOut")
            }
            return Response(status: .noContent)
        }
        routes.add(.get, "/api/v1/me") { _, context in
            switch context.identity {
            case .staff(let user, _):
                return try JSONCoding.response(
                    MeView(kind: "staff", agencyCode: user.agencyCode, user: UserView(user), client: nil))
            case .client(let client):
                return try JSONCoding.response(
                    MeView(kind: "apiClient", agencyCode: client.agencyCode, user: nil, client: APIClientView(client)))
            case nil:
                throw Problem.unauthenticated
            }
        }
        routes.add(.put, "/api/v1/me/password") { request, context in
            guard case .staff(let user, let sessionHash) = context.identity else { throw Problem.forbidden }
            let input = try await request.decodeJSON(PasswordChange.self, limit: limit)
            try await services.directory.changePassword(
                username: user.username, current: input.currentPassword, new: input.newPassword, keepingSession: sessionHash)
            services.credentials.forget()
            try await services.audit.record(context, "user.changePassword", resource: "user:\(user.username)")
            return Response(status: .noContent)
        }
    }
}

extension HTTPField.Name {
    static let retryAfter = Self("Retry-After")!
}

import Foundation
import HTTPTypes
import Hummingbird
import Lienthong

/// Registers routes on the router, each guarded by its entry in `AccessPolicy.table`.
///
/// A handler runs only when the caller's identity passes the route's access; otherwise the answer is
/// 401 (nobody authenticated) or 403 (authenticated, not allowed).
final class RouteRegistrar {
    private let router: Router<AppRequestContext>
    /// The API routes registered so far, for the tests that compare the router with the table and the OpenAPI document.
    private(set) var registered: Set<RouteKey> = []
    /// The web pages registered so far, for the test that compares them with `AccessPolicy.pages`.
    private(set) var registeredPages: Set<RouteKey> = []

    /// Records refusals of signed-in callers (403) in the audit log.
    private let audit: Auditor?

    init(router: Router<AppRequestContext>, audit: Auditor? = nil) {
        self.router = router
        self.audit = audit
    }

    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

    func add(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        let key = RouteKey(method, path)
        guard let access = AccessPolicy.table[key] else {
            preconditionFailure("route \(key) has no entry in AccessPolicy.table")
        }
        registered.insert(key)
        let audit = self.audit
        router.on(Self.routerPath(path), method: method) { request, context in
            guard access.allows(context.identity) else {
                guard context.identity != nil else { throw Problem.unauthenticated }
                try await audit?.record(context, "access.denied", resource: key.description, outcome: .denied)
                throw Problem.forbidden
            }
            return try await handler(request, context)
        }
    }

    /// The router's path for a documented one: a last segment `{path}` takes the rest of the path, however many
    /// segments (Hummingbird's `**`, read with `context.parameters.getCatchAll()`).
    static func routerPath(_ path: String) -> RouterPath {
        RouterPath(path.hasSuffix("/{path}") ? String(path.dropLast("{path}".count)) + "**" : path)
    }

    /// Registers a web page or form, guarded by its entry in `AccessPolicy.pages`. A visitor who is not
    /// signed in is sent to the sign-in page (and back here afterwards); one who is signed in but not
    /// allowed gets the 403 page.
    func page(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        let key = RouteKey(method, path)
        guard let access = AccessPolicy.pages[key] else {
            preconditionFailure("page \(key) has no entry in AccessPolicy.pages")
        }
        registeredPages.insert(key)
        let audit = self.audit
        router.on(RouterPath(path), method: method) { request, context in
            guard access.allows(context.identity) else {
                guard context.identity == nil else {
                    try await audit?.record(context, "access.denied", resource: key.description, outcome: .denied)
                    throw Problem.forbidden
                }
                let back = method == .get ? request.uri.description : "/"
                let next = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
                return WebRenderer.redirect(to: "/signin?next=\(next)")
            }
            return try await handler(request, context)
        }
    }
}

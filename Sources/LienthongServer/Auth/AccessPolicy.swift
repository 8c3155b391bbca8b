import HTTPTypes
import Lienthong

/// Who may call a route. Deny is the default: a route missing from `AccessPolicy.table` cannot be registered.
public enum Access: Sendable, Hashable {
    /// Anyone, signed in or not.
    case anyone
    /// Any authenticated caller: staff or an agency system.
    case authenticated
    /// Staff with one of these roles.
    case staff(Set<Role>)
    /// Any signed-in staff member, whatever the role.
    case anyStaff

    /// Whether a staff member with `role` (nil: nobody signed in) may open a page with this access.
    public func allows(role: Role?) -> Bool {
        switch self {
        case .anyone: return true
        case .authenticated, .anyStaff: return role != nil
        case .staff(let roles): return role.map(roles.contains) ?? false
        }
    }

    /// Whether `identity` may call a route with this access.
    public func allows(_ identity: Identity?) -> Bool {
        switch self {
        case .anyone: return true
        case .authenticated: return identity != nil
        case .anyStaff: return identity?.role != nil
        case .staff(let roles): return identity?.role.map(roles.contains) ?? false
        }
    }
}

/// A route: its method and its path pattern as the OpenAPI document writes it (`/api/v1/agencies/{code}`).
public struct RouteKey: Sendable, Hashable, CustomStringConvertible {
    public let method: HTTPRequest.Method
    public let path: String

    public init(_ method: HTTPRequest.Method, _ path: String) {
        self.method = method
        self.path = path
    }

    public var description: String { "\(method.rawValue) \(path)" }
}

/// The one place that says which roles may call which route. The router refuses to register a route
/// that is not here, and the authorization tests walk this table.
public enum AccessPolicy {
    public static let table: [RouteKey: Access] = [
        // System
        RouteKey(.get, "/healthz"): .anyone,
        RouteKey(.get, "/readyz"): .anyone,
        RouteKey(.get, "/metrics"): .anyone,
        RouteKey(.get, "/openapi.json"): .anyone,
        // Sessions and the caller
        RouteKey(.post, "/api/v1/sessions"): .anyone,
        RouteKey(.delete, "/api/v1/sessions/current"): .anyStaff,
        RouteKey(.get, "/api/v1/me"): .authenticated,
        RouteKey(.put, "/api/v1/me/password"): .anyStaff,
        // Agencies: the directory is public; only the coordinator changes it.
        RouteKey(.get, "/api/v1/agencies"): .anyone,
        RouteKey(.post, "/api/v1/agencies"): .staff([.admin]),
        RouteKey(.get, "/api/v1/agencies/{code}"): .anyone,
        RouteKey(.patch, "/api/v1/agencies/{code}"): .staff([.admin]),
        // Staff users: the coordinator only.
        RouteKey(.get, "/api/v1/users"): .staff([.admin]),
        RouteKey(.post, "/api/v1/users"): .staff([.admin]),
        RouteKey(.get, "/api/v1/users/{username}"): .staff([.admin]),
        RouteKey(.post, "/api/v1/users/{username}/deactivate"): .staff([.admin]),
        RouteKey(.put, "/api/v1/users/{username}/password"): .staff([.admin]),
        // API clients: the coordinator for any agency, a steward for their own; security may look and revoke.
        RouteKey(.get, "/api/v1/api-clients"): .staff([.admin, .steward, .security]),
        RouteKey(.post, "/api/v1/api-clients"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/api-clients/{id}"): .staff([.admin, .steward, .security]),
        RouteKey(.post, "/api/v1/api-clients/{id}/rotate"): .staff([.admin, .steward]),
        RouteKey(.post, "/api/v1/api-clients/{id}/revoke"): .staff([.admin, .steward, .security]),
        // Reference
        RouteKey(.get, "/api/v1/calendar/working-days"): .anyone,
        // The catalog: visibility is applied inside (drafts and private metadata are not for everyone);
        // only the coordinator or a steward of the owner agency changes a dataset.
        RouteKey(.get, "/api/v1/datasets"): .anyone,
        RouteKey(.post, "/api/v1/datasets"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/datasets/{id}"): .anyone,
        RouteKey(.patch, "/api/v1/datasets/{id}"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/datasets/{id}/schema"): .anyone,
        RouteKey(.put, "/api/v1/datasets/{id}/schema"): .staff([.admin, .steward]),
        RouteKey(.post, "/api/v1/datasets/{id}/publish"): .staff([.admin, .steward]),
        RouteKey(.post, "/api/v1/datasets/{id}/retire"): .staff([.admin, .steward]),
        // Hosted data: loads by the owner (staff or system), reads by rule inside (open data is public).
        RouteKey(.put, "/api/v1/datasets/{id}/data"): .authenticated,
        RouteKey(.get, "/api/v1/datasets/{id}/loads"): .authenticated,
        RouteKey(.get, "/api/v1/datasets/{id}/records"): .anyone,
        RouteKey(.get, "/api/v1/datasets/{id}/data"): .anyone,
        RouteKey(.get, "/api/v1/datasets/{id}/datapackage.json"): .anyone,
        RouteKey(.get, "/api/v1/catalog/publications"): .anyone,
        // CKAN's Action API: each action applies Lienthong's visibility itself.
        RouteKey(.get, "/api/3/action/{action}"): .anyone,
        RouteKey(.post, "/api/3/action/{action}"): .anyone,
        RouteKey(.get, "/api/action/{action}"): .anyone,
        RouteKey(.post, "/api/action/{action}"): .anyone,
        RouteKey(.post, "/api/v1/catalog/publications"): .staff([.admin]),
        RouteKey(.get, "/api/v1/catalog/publications/{number}"): .anyone,
        RouteKey(.get, "/api/v1/catalog/publications/{number}/changes"): .anyone,
        RouteKey(.get, "/api/v1/datasets/{id}/records/{key}"): .anyone,
        RouteKey(.patch, "/api/v1/datasets/{id}/records/{key}"): .authenticated,
        RouteKey(.delete, "/api/v1/datasets/{id}/records/{key}"): .authenticated,
        // Sharing: purposes are public; requests and grants for the city's staff (who sees which is decided inside);
        // the scoreboard for everyone (refusal reasons for staff only).
        RouteKey(.get, "/api/v1/purposes"): .anyone,
        RouteKey(.post, "/api/v1/purposes"): .staff([.admin]),
        RouteKey(.get, "/api/v1/access-requests"): .anyStaff,
        RouteKey(.post, "/api/v1/access-requests"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/access-requests/{id}"): .anyStaff,
        RouteKey(.post, "/api/v1/access-requests/{id}/answer"): .staff([.steward]),
        RouteKey(.post, "/api/v1/access-requests/{id}/decision"): .staff([.admin]),
        RouteKey(.post, "/api/v1/access-requests/{id}/withdraw"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/grants"): .anyStaff,
        RouteKey(.get, "/api/v1/grants/{id}"): .anyStaff,
        RouteKey(.post, "/api/v1/grants/{id}/revoke"): .staff([.admin, .steward, .security]),
        RouteKey(.get, "/api/v1/sharing/scoreboard"): .anyone,
        RouteKey(.get, "/api/v1/notifications"): .anyStaff,
        // A citizen's own reads: the citizen session cookie is checked inside.
        RouteKey(.get, "/api/v1/citizen/reads"): .anyone,
        // Tickets: the citizen's own (cookie checked inside); staff see their agency's, overseers all.
        RouteKey(.post, "/api/v1/citizen/reads/{sequence}/contest"): .anyone,
        RouteKey(.get, "/api/v1/citizen/tickets"): .anyone,
        RouteKey(.get, "/api/v1/tickets"): .anyStaff,
        RouteKey(.post, "/api/v1/tickets/{id}/answer"): .staff([.admin, .steward, .security]),
        // Quality: scores and counts with the dataset's visibility (samples for the owner); runs and rules by the owner;
        // flags by whoever may read the record (decided inside) and by citizens (their session, checked inside).
        RouteKey(.get, "/api/v1/datasets/{id}/quality"): .anyone,
        RouteKey(.get, "/api/v1/datasets/{id}/quality/runs"): .anyone,
        RouteKey(.post, "/api/v1/datasets/{id}/quality/runs"): .authenticated,
        RouteKey(.get, "/api/v1/datasets/{id}/quality/runs/{run}"): .anyone,
        RouteKey(.get, "/api/v1/datasets/{id}/quality/rules"): .anyone,
        RouteKey(.put, "/api/v1/datasets/{id}/quality/rules"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/quality/scorecards"): .anyone,
        RouteKey(.get, "/api/v1/quality/agencies/{code}"): .anyone,
        RouteKey(.post, "/api/v1/datasets/{id}/records/{key}/flags"): .authenticated,
        RouteKey(.post, "/api/v1/citizen/flags"): .anyone,
        // Declare-once services: procedures are public, the coordinator edits them; a citizen's application, cases,
        // ratings and consents with their session cookie (checked inside); an agency's cases for its staff (officers
        // and stewards act, on their own agency's only, decided inside); the indicators for everyone.
        RouteKey(.get, "/api/v1/procedures"): .anyone,
        RouteKey(.get, "/api/v1/procedures/{code}"): .anyone,
        RouteKey(.put, "/api/v1/procedures/{code}"): .staff([.admin]),
        RouteKey(.post, "/api/v1/procedures/{code}/applications"): .anyone,
        RouteKey(.get, "/api/v1/applications/{id}/form"): .anyone,
        RouteKey(.post, "/api/v1/applications/{id}/case"): .anyone,
        RouteKey(.get, "/api/v1/citizen/cases"): .anyone,
        RouteKey(.post, "/api/v1/citizen/cases/{id}/rating"): .anyone,
        RouteKey(.get, "/api/v1/citizen/consents"): .anyone,
        RouteKey(.get, "/api/v1/citizen/notifications"): .anyone,
        RouteKey(.post, "/api/v1/citizen/consents/{id}/withdraw"): .anyone,
        RouteKey(.get, "/api/v1/cases"): .staff([.admin, .steward, .officer, .inspector]),
        RouteKey(.get, "/api/v1/cases/{id}"): .staff([.admin, .steward, .officer, .inspector]),
        RouteKey(.post, "/api/v1/cases/{id}/status"): .staff([.steward, .officer]),
        RouteKey(.get, "/api/v1/service-indicators"): .anyone,
        // The programme tracker: the city's staff read it; the coordinator writes directives, tasks, changes and
        // closes problems; the owner's steward (checked inside) or the coordinator reports progress.
        RouteKey(.get, "/api/v1/programme/overview"): .anyStaff,
        RouteKey(.get, "/api/v1/programme/directives"): .anyStaff,
        RouteKey(.put, "/api/v1/programme/directives/{code}"): .staff([.admin]),
        RouteKey(.get, "/api/v1/programme/tasks"): .anyStaff,
        RouteKey(.put, "/api/v1/programme/tasks/{code}"): .staff([.admin]),
        RouteKey(.get, "/api/v1/programme/tasks/{code}"): .anyStaff,
        RouteKey(.post, "/api/v1/programme/tasks/{code}/progress"): .staff([.admin, .steward]),
        RouteKey(.post, "/api/v1/programme/tasks/{code}/changes"): .staff([.admin]),
        RouteKey(.get, "/api/v1/programme/problems"): .anyStaff,
        RouteKey(.get, "/api/v1/programme/duties"): .anyStaff,
        RouteKey(.post, "/api/v1/programme/findings"): .staff([.admin, .inspector]),
        RouteKey(.put, "/api/v1/programme/duties/{code}"): .staff([.admin]),
        RouteKey(.get, "/api/v1/programme/reports"): .anyStaff,
        RouteKey(.get, "/api/v1/programme/reports/draft"): .staff([.admin, .steward]),
        RouteKey(.post, "/api/v1/programme/reports/{duty}/{period}"): .staff([.admin, .steward]),
        RouteKey(.post, "/api/v1/programme/problems/{code}/close"): .staff([.admin]),
        RouteKey(.put, "/api/v1/programme/problems/{code}"): .staff([.admin]),
        // The results dashboard is public.
        RouteKey(.get, "/api/v1/results"): .anyone,
        // Anomalies from the audit log: those who oversee.
        RouteKey(.get, "/api/v1/security/anomalies"): .staff([.admin, .security, .inspector]),
        RouteKey(.get, "/api/v1/security/reconciliation"): .staff([.admin, .security, .inspector]),
        // The gateway: systems with a key; the grant check is inside.
        RouteKey(.get, "/gateway/v1/datasets/{id}/records"): .authenticated,
        RouteKey(.get, "/gateway/v1/datasets/{id}/records/{key}"): .authenticated,
        // Agency services: the catalog of services is public (private ones for staff, decided inside); an agency's
        // steward or the coordinator registers; systems call them through the gateway under a grant.
        RouteKey(.get, "/api/v1/services"): .anyone,
        RouteKey(.post, "/api/v1/services"): .staff([.admin, .steward]),
        RouteKey(.get, "/api/v1/services/{agency}/{service}"): .anyone,
        RouteKey(.get, "/gateway/v1/services/{agency}/{service}/{path}"): .authenticated,
        RouteKey(.post, "/gateway/v1/services/{agency}/{service}/{path}"): .authenticated,
        RouteKey(.put, "/gateway/v1/services/{agency}/{service}/{path}"): .authenticated,
        RouteKey(.patch, "/gateway/v1/services/{agency}/{service}/{path}"): .authenticated,
        RouteKey(.delete, "/gateway/v1/services/{agency}/{service}/{path}"): .authenticated,
        // The audit log: heads and proofs for anyone (outsiders verify); entries for those who oversee.
        RouteKey(.get, "/api/v1/audit/tree-head"): .anyone,
        RouteKey(.get, "/api/v1/audit/proofs/inclusion"): .anyone,
        RouteKey(.get, "/api/v1/audit/proofs/consistency"): .anyone,
        RouteKey(.get, "/api/v1/audit/entries"): .staff([.admin, .security, .inspector]),
        RouteKey(.get, "/api/v1/audit/entries/{sequence}"): .staff([.admin, .security, .inspector]),
    ]

    /// The web interface's pages and forms. A visitor who is not signed in is sent to the sign-in page
    /// instead of getting a 401; forms also need their CSRF token (`WebForm`).
    public static let pages: [RouteKey: Access] = [
        RouteKey(.get, "/"): .anyone,
        RouteKey(.get, "/agencies"): .anyone,
        RouteKey(.get, "/signin"): .anyone,
        RouteKey(.post, "/signin"): .anyone,
        RouteKey(.post, "/signout"): .anyone,
        RouteKey(.post, "/language"): .anyone,
        RouteKey(.get, "/account/password"): .anyStaff,
        RouteKey(.get, "/audit"): .staff([.admin, .security, .inspector]),
        RouteKey(.get, "/catalog"): .anyone,
        RouteKey(.get, "/catalog/new"): .staff([.admin, .steward]),
        RouteKey(.post, "/catalog/new"): .staff([.admin, .steward]),
        RouteKey(.get, "/catalog/{code}"): .anyone,
        RouteKey(.get, "/catalog/{code}/download"): .anyone,
        RouteKey(.get, "/publications"): .anyone,
        RouteKey(.get, "/catalog.jsonld"): .anyone,
        RouteKey(.get, "/catalog.ttl"): .anyone,
        RouteKey(.post, "/publications"): .staff([.admin]),
        RouteKey(.get, "/publications/{number}"): .anyone,
        RouteKey(.get, "/publications/{number}/print"): .anyone,
        RouteKey(.get, "/publications/{number}/changes"): .anyone,
        RouteKey(.post, "/catalog/{code}/publish"): .staff([.admin, .steward]),
        RouteKey(.post, "/catalog/{code}/upload"): .staff([.admin, .steward]),
        RouteKey(.post, "/catalog/{code}/retire"): .staff([.admin, .steward]),
        RouteKey(.post, "/account/password"): .anyStaff,
        RouteKey(.get, "/static/{file}"): .anyone,
        RouteKey(.get, "/sharing"): .anyStaff,
        RouteKey(.post, "/sharing/requests"): .staff([.admin, .steward]),
        RouteKey(.get, "/sharing/requests/{id}"): .anyStaff,
        RouteKey(.post, "/sharing/requests/{id}/answer"): .staff([.steward]),
        RouteKey(.post, "/sharing/requests/{id}/decision"): .staff([.admin]),
        RouteKey(.post, "/sharing/requests/{id}/withdraw"): .staff([.admin, .steward]),
        RouteKey(.get, "/sharing/grants"): .anyStaff,
        RouteKey(.post, "/sharing/grants/{id}/revoke"): .staff([.admin, .steward, .security]),
        RouteKey(.get, "/scoreboard"): .anyone,
        RouteKey(.get, "/services"): .anyone,
        // Citizens are identities, not staff: their own session cookie is checked inside.
        RouteKey(.get, "/security"): .staff([.admin, .security, .inspector]),
        RouteKey(.get, "/security/export"): .staff([.admin, .security, .inspector]),
        RouteKey(.post, "/security/clients/{id}/revoke"): .staff([.admin, .security]),
        RouteKey(.get, "/citizen/reads/{sequence}/contest"): .anyone,
        RouteKey(.post, "/citizen/reads/{sequence}/contest"): .anyone,
        RouteKey(.get, "/citizen/tickets"): .anyone,
        RouteKey(.get, "/tickets"): .anyStaff,
        RouteKey(.post, "/tickets/{id}/answer"): .staff([.admin, .steward, .security]),
        RouteKey(.get, "/citizen"): .anyone,
        RouteKey(.post, "/citizen/signin"): .anyone,
        RouteKey(.post, "/citizen/verify"): .anyone,
        RouteKey(.get, "/citizen/reads"): .anyone,
        RouteKey(.post, "/citizen/signout"): .anyone,
        RouteKey(.post, "/services"): .staff([.admin, .steward]),
        RouteKey(.get, "/quality"): .anyone,
        RouteKey(.get, "/quality/agencies/{code}"): .anyone,
        RouteKey(.get, "/catalog/{code}/quality"): .anyone,
        RouteKey(.post, "/catalog/{code}/quality/run"): .staff([.admin, .steward]),
        RouteKey(.post, "/catalog/{code}/quality/rules"): .staff([.admin, .steward]),
        RouteKey(.get, "/citizen/flag"): .anyone,
        RouteKey(.post, "/citizen/flag"): .anyone,
        // Declare-once services: procedures and indicators for everyone, the editor for the coordinator; the citizen's
        // pages check their session cookie inside; the inbox for an agency's staff and those who oversee.
        RouteKey(.get, "/procedures"): .anyone,
        RouteKey(.get, "/procedures/edit"): .staff([.admin]),
        RouteKey(.post, "/procedures"): .staff([.admin]),
        RouteKey(.get, "/service-indicators"): .anyone,
        RouteKey(.get, "/citizen/apply/{code}"): .anyone,
        RouteKey(.post, "/citizen/apply/{code}"): .anyone,
        RouteKey(.get, "/citizen/applications/{id}"): .anyone,
        RouteKey(.post, "/citizen/applications/{id}"): .anyone,
        RouteKey(.post, "/citizen/applications/{id}/flag"): .anyone,
        RouteKey(.get, "/citizen/cases"): .anyone,
        RouteKey(.get, "/citizen/cases/{id}"): .anyone,
        RouteKey(.post, "/citizen/cases/{id}/rating"): .anyone,
        RouteKey(.post, "/citizen/consents/{id}/withdraw"): .anyone,
        RouteKey(.get, "/cases"): .staff([.admin, .steward, .officer, .inspector]),
        RouteKey(.get, "/cases/{id}"): .staff([.admin, .steward, .officer, .inspector]),
        RouteKey(.post, "/cases/{id}/status"): .staff([.steward, .officer]),
        // The programme tracker: the city's staff read it (the Inspection Committee first); the owner's steward or the
        // coordinator reports progress (checked inside), the coordinator moves deadlines.
        RouteKey(.get, "/programme"): .anyStaff,
        RouteKey(.get, "/programme/tasks/{code}"): .anyStaff,
        RouteKey(.get, "/programme/tasks"): .anyStaff,
        RouteKey(.post, "/programme/tasks/{code}/progress"): .staff([.admin, .steward]),
        RouteKey(.post, "/programme/tasks/{code}/changes"): .staff([.admin]),
        RouteKey(.get, "/programme/problems"): .anyStaff,
        RouteKey(.get, "/programme/committee-report"): .anyStaff,
        RouteKey(.get, "/programme/reports"): .anyStaff,
        RouteKey(.post, "/programme/findings"): .staff([.admin, .inspector]),
        RouteKey(.post, "/programme/reports/{duty}/{period}"): .staff([.admin, .steward]),
        RouteKey(.get, "/results"): .anyone,
        RouteKey(.get, "/results.csv"): .anyone,
    ]
}

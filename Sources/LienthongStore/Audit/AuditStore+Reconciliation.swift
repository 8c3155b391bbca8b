import Foundation
import Lienthong
import SQLKit

/// The rows that let someone in (grants, API clients, staff accounts), each checked against the audit entry that
/// made it. A row with no entry was written outside the platform (an insider with access to the database inserted
/// it) or in the moment between a change and its entry (a server stopped there: ADR 0003, an entry can be lost).
///
/// It finds rows inserted behind the platform's back, not changes to rows that were made properly (a role, an
/// agency, a revocation undone), nor an insider who also appends a matching entry at the end of the log (that entry
/// then stands in the log, with its time, for witnesses to see).
public struct AuditReconciliation: Sendable, Encodable {
    /// A row without the entry that should have made it.
    public struct Unmatched: Sendable, Encodable, Equatable {
        public enum Kind: String, Sendable, Encodable {
            case grant, apiClient, user
        }

        public let kind: Kind
        /// The grant's or API client's id, or the username.
        public let id: String
        public let agencyCode: String
        /// The dataset a grant opens, or an API client's name; empty for a user.
        public let detail: String
        /// Nil when the row's own time cannot be read (a row written by hand may hold anything).
        public let createdAt: Date?
        /// The entry it should have: its action(s) and resource.
        public let expected: String
    }

    public let checkedAt: Date
    public let grants: Int
    public let apiClients: Int
    public let users: Int
    /// Oldest first.
    public let unmatched: [Unmatched]
}

extension AuditStore {
    /// The actions that make a grant (an answer that grants in full or in part, or the coordinator's order): each
    /// is logged on `accessRequest:<id>`, the request the grant answers.
    static let grantingActions = ["accessRequest.grant", "accessRequest.partial", "accessRequest.order"]

    /// Checks every grant, API client and staff account against the audit entries that made them (successful
    /// `accessRequest.grant|partial|order` on the grant's request, which must name this grant as its own,
    /// `apiClient.create`, `user.create`). The entries are found through the log's action index, so the check reads
    /// the log's creations, not the whole log.
    public func reconcile(now: Date = Date()) async throws -> AuditReconciliation {
        try await database.snapshot { sql in
            let actions = Self.grantingActions + ["apiClient.create", "user.create"]
            var made = Set<String>()
            for row in try await sql.raw(
                "SELECT action, resource FROM audit_entries WHERE action IN (\(binds: actions)) AND outcome = 'success' AND resource IS NOT NULL"
            ).all() {
                let action = try row.decode(column: "action", as: String.self)
                let resource = try row.decode(column: "resource", as: String.self)
                made.insert(Self.grantingActions.contains(action) ? "grant " + resource : action + " " + resource)
            }
            var unmatched: [AuditReconciliation.Unmatched] = []
            // A grant counts only as the one its request made (the request names it): an insider's grant that borrows
            // the id of a request granted before is not that request's grant.
            let grants = try await sql.raw(
                """
                SELECT g.id AS id, g.request_id AS request_id, g.consumer_agency AS consumer_agency, g.dataset_code AS dataset_code,
                    g.created_at AS created_at, r.grant_id AS request_grant
                FROM grants g LEFT JOIN access_requests r ON r.id = g.request_id
                """
            ).all()
            for row in grants {
                let id = try row.decode(column: "id", as: String.self)
                let request = try row.optionalText("request_id")
                let isRequestsOwn = try row.optionalText("request_grant") == id
                let hasEntry = request.map { made.contains("grant accessRequest:" + $0) } ?? false
                guard !(isRequestsOwn && hasEntry) else { continue }
                unmatched.append(
                    .init(
                        kind: .grant, id: id, agencyCode: try row.decode(column: "consumer_agency", as: String.self),
                        detail: try row.decode(column: "dataset_code", as: String.self), createdAt: try Self.time(row),
                        expected: Self.grantingActions.joined(separator: "|") + " accessRequest:" + (request ?? "?")
                            + (hasEntry ? ", by the request that names this grant (it names another)" : "")))
            }
            let clients = try await sql.raw(
                "SELECT c.id AS id, a.code AS agency_code, c.name AS name, c.created_at AS created_at FROM api_clients c JOIN agencies a ON a.id = c.agency_id"
            ).all()
            for row in clients {
                let id = try row.decode(column: "id", as: String.self)
                guard !made.contains("apiClient.create apiClient:" + id) else { continue }
                unmatched.append(
                    .init(
                        kind: .apiClient, id: id, agencyCode: try row.decode(column: "agency_code", as: String.self),
                        detail: try row.decode(column: "name", as: String.self), createdAt: try Self.time(row),
                        expected: "apiClient.create apiClient:" + id))
            }
            let users = try await sql.raw(
                "SELECT u.username AS username, a.code AS agency_code, u.created_at AS created_at FROM staff_users u JOIN agencies a ON a.id = u.agency_id"
            ).all()
            for row in users {
                let username = try row.decode(column: "username", as: String.self)
                guard !made.contains("user.create user:" + username) else { continue }
                unmatched.append(
                    .init(
                        kind: .user, id: username, agencyCode: try row.decode(column: "agency_code", as: String.self), detail: "",
                        createdAt: try Self.time(row), expected: "user.create user:" + username))
            }
            return AuditReconciliation(
                checkedAt: now, grants: grants.count, apiClients: clients.count, users: users.count,
                unmatched: unmatched.sorted { ($0.createdAt ?? .distantPast) < ($1.createdAt ?? .distantPast) })
        }
    }

    /// A row's `created_at`, or nil if it is not a time this platform writes.
    private static func time(_ row: any SQLRow) throws -> Date? {
        Timestamp.date(try row.optionalText("created_at"))
    }
}

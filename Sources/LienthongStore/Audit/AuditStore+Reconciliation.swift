import Foundation
import Lienthong
import SQLKit

/// The rows that let someone in (grants, API clients, staff accounts), each checked against the audit entry that
/// made it. A row with no entry was written outside the platform (an insider with access to the database inserted
/// it) or in the moment between a change and its entry (a server stopped there: ADR 0003, an entry can be lost).
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
        public let createdAt: Date
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
    /// `accessRequest.grant|partial|order` on the grant's request, `apiClient.create`, `user.create`). The entries are
    /// found through the log's action index, so the check reads the log's creations, not the whole log.
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
            let grants = try await sql.raw("SELECT id, request_id, consumer_agency, dataset_code, created_at FROM grants").all()
            for row in grants {
                let request = try row.optionalText("request_id")
                guard request.map({ made.contains("grant accessRequest:" + $0) }) != true else { continue }
                unmatched.append(
                    .init(
                        kind: .grant, id: try row.decode(column: "id", as: String.self),
                        agencyCode: try row.decode(column: "consumer_agency", as: String.self),
                        detail: try row.decode(column: "dataset_code", as: String.self), createdAt: try row.date("created_at"),
                        expected: Self.grantingActions.joined(separator: "|") + " accessRequest:" + (request ?? "?")))
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
                        detail: try row.decode(column: "name", as: String.self), createdAt: try row.date("created_at"),
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
                        createdAt: try row.date("created_at"), expected: "user.create user:" + username))
            }
            return AuditReconciliation(
                checkedAt: now, grants: grants.count, apiClients: clients.count, users: users.count,
                unmatched: unmatched.sorted { $0.createdAt < $1.createdAt })
        }
    }
}

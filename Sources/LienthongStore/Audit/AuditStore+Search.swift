import Foundation
import Lienthong
import SQLKit

/// What to look for in the audit log. Every field narrows the search; all empty means "everything".
public struct AuditQuery: Sendable, Hashable {
    public var agencyCode: String?
    /// The actor's id: a username, an API client's id, a citizen's subject hash.
    public var actorID: String?
    public var datasetCode: String?
    /// A subject hash (the caller hashes a citizen ID with `SubjectHasher` first).
    public var subject: String?
    /// An action (`apiClient.revoke`) or an area (`apiClient`, matching every action in it).
    public var action: String?
    public var outcome: AuditOutcome?
    public var from: Date?
    public var to: Date?
    /// Only entries before this sequence (the cursor of the previous page).
    public var before: Int64?
    public var limit: Int

    public init(
        agencyCode: String? = nil, actorID: String? = nil, datasetCode: String? = nil, subject: String? = nil,
        action: String? = nil, outcome: AuditOutcome? = nil, from: Date? = nil, to: Date? = nil, before: Int64? = nil,
        limit: Int = 100
    ) {
        self.agencyCode = agencyCode
        self.actorID = actorID
        self.datasetCode = datasetCode
        self.subject = subject
        self.action = action
        self.outcome = outcome
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }
}

extension AuditStore {
    /// Entries matching `query`, newest first; `limit` at most.
    public func search(_ query: AuditQuery) async throws -> [StoredAuditEntry] {
        var conditions: [SQLQueryString] = []
        if let value = query.agencyCode { conditions.append("e.agency_code = \(bind: value)") }
        if let value = query.actorID { conditions.append("e.actor_id = \(bind: value)") }
        if let value = query.datasetCode { conditions.append("e.dataset_code = \(bind: value)") }
        if let value = query.subject {
            conditions.append("e.seq IN (SELECT seq FROM audit_subjects WHERE subject = \(bind: value))")
        }
        if let value = query.action {
            conditions.append(
                value.contains(".") ? "e.action = \(bind: value)" : "(e.action = \(bind: value) OR e.action LIKE \(bind: value + ".%"))")
        }
        if let value = query.outcome { conditions.append("e.outcome = \(bind: value.rawValue)") }
        if let value = query.from { conditions.append("e.recorded_at >= \(bind: AuditTime.string(value))") }
        if let value = query.to { conditions.append("e.recorded_at < \(bind: AuditTime.string(value))") }
        if let value = query.before { conditions.append("e.seq < \(bind: value)") }
        var statement: SQLQueryString = "SELECT e.* FROM audit_entries e"
        if !conditions.isEmpty { statement += " WHERE " + conditions.joined(separator: " AND ") }
        statement += " ORDER BY e.seq DESC LIMIT \(bind: max(1, min(query.limit, 10_000)))"
        let finished = statement
        return try await database.read { sql in try await sql.raw(finished).all().map(Self.stored) }
    }
}

extension AuditStore {
    /// Every entry `query` selects, newest first, a page of 10,000 at a time, up to `maximum` entries (the security
    /// view's week of entries and an investigation's export).
    public func searchAll(_ query: AuditQuery, maximum: Int = 100_000) async throws -> [StoredAuditEntry] {
        var query = query
        query.limit = 10_000
        var found: [StoredAuditEntry] = []
        while found.count < maximum {
            let page = try await search(query)
            found += page
            guard page.count == query.limit, let last = page.last else { break }
            query.before = last.entry.sequence
        }
        return found
    }
}

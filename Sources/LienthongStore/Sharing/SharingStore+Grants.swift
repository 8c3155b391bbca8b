import Foundation
import Lienthong
import SQLKit

extension SharingStore {
    /// Which grants a list shows.
    public struct GrantFilter: Sendable {
        public var consumerAgencyCode: String?
        /// Grants on datasets of this owner agency.
        public var ownerAgencyCode: String?
        public var datasetCode: String?
        /// Only those in force at this time.
        public var activeAt: Date?
        public var limit: Int

        public init(
            consumerAgencyCode: String? = nil, ownerAgencyCode: String? = nil, datasetCode: String? = nil, activeAt: Date? = nil,
            limit: Int = 500
        ) {
            self.consumerAgencyCode = consumerAgencyCode
            self.ownerAgencyCode = ownerAgencyCode
            self.datasetCode = datasetCode
            self.activeAt = activeAt
            self.limit = limit
        }
    }

    /// Grants, newest first.
    public func grants(_ filter: GrantFilter) async throws -> [Grant] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let consumer = filter.consumerAgencyCode { conditions.append("g.consumer_agency = \(bind: consumer)") }
            if let dataset = filter.datasetCode { conditions.append("g.dataset_code = \(bind: dataset)") }
            if let owner = filter.ownerAgencyCode {
                conditions.append(
                    """
                    (g.dataset_code IN (SELECT d.code FROM datasets d JOIN agencies a ON a.id = d.owner_agency_id WHERE a.code = \(bind: owner))
                    OR g.dataset_code IN (SELECT s.agency_code || '/' || s.code FROM agency_services s WHERE s.agency_code = \(bind: owner)))
                    """)
            }
            if let time = filter.activeAt {
                let now = Timestamp.string(time)
                conditions.append(
                    "g.revoked_at IS NULL AND g.valid_from <= \(bind: now) AND (g.valid_until IS NULL OR g.valid_until > \(bind: now))")
            }
            var query: SQLQueryString = "SELECT g.* FROM grants g"
            if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
            query += " ORDER BY g.created_at DESC, g.id LIMIT \(bind: filter.limit)"
            return try await sql.raw(query).all().map(Self.grant)
        }
    }

    /// One grant, or nil.
    public func grant(id: UUID) async throws -> Grant? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM grants WHERE id = \(bind: id.lowercasedString)").first().map(Self.grant)
        }
    }

    /// The grants of `consumer` on `dataset` that are not revoked and not over at `now`: what the gateway checks.
    public func liveGrants(consumer: String, dataset: String, now: Date = Date()) async throws -> [Grant] {
        try await database.read { sql in
            let time = Timestamp.string(now)
            return try await sql.raw(
                """
                SELECT * FROM grants WHERE consumer_agency = \(bind: consumer) AND dataset_code = \(bind: dataset)
                AND revoked_at IS NULL AND (valid_until IS NULL OR valid_until > \(bind: time))
                """
            ).all().map(Self.grant)
        }
    }

    /// Revokes a grant at once, with a reason, an event on its request and notices to both agencies.
    public func revoke(
        _ id: UUID, by: String, reason: String, at time: Date = Date(), notices: [(agency: String, text: LocalizedText)]
    ) async throws -> Grant {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !reason.isEmpty, reason.count <= 2_000 else { throw SharingError.invalidFields(["reason"]) }
        return try await database.write { sql in
            guard var grant = try await sql.raw("SELECT * FROM grants WHERE id = \(bind: id.lowercasedString)").first().map(Self.grant) else {
                throw SharingError.unknownGrant(id.lowercasedString)
            }
            // Conditional, so that two revocations at once record one time and one reason.
            let updated = try await sql.raw(
                """
                UPDATE grants SET revoked_at = \(bind: Timestamp.string(time)), revoked_by = \(bind: by), revoke_reason = \(bind: reason)
                WHERE id = \(bind: id.lowercasedString) AND revoked_at IS NULL RETURNING id
                """
            ).all()
            guard !updated.isEmpty else { throw SharingError.alreadyRevoked }
            grant.revokedAt = time
            grant.revokedBy = by
            grant.revokeReason = reason
            if let requestID = grant.requestID {
                try await Self.addEvent(sql, requestID, AccessRequestEvent(kind: .revoked, at: time, by: by, note: reason))
            }
            for notice in notices {
                try await Self.notify(
                    sql, Notification(agencyCode: notice.agency, createdAt: time, kind: "grant.revoked", text: notice.text, link: "/sharing/grants"))
            }
            return grant
        }
    }

    /// Reminds the consumer (and the owner) of grants ending within `days` days, once per grant.
    public func remindExpiring(
        within days: Int, now: Date = Date(), owners: [String: String], notice: @Sendable (Grant) -> LocalizedText
    ) async throws -> [Grant] {
        let horizon = Timestamp.string(now.addingTimeInterval(TimeInterval(days * 86_400)))
        let time = Timestamp.string(now)
        return try await database.write { sql in
            let due = try await sql.raw(
                """
                SELECT * FROM grants WHERE revoked_at IS NULL AND reminded_at IS NULL AND valid_until IS NOT NULL
                AND valid_until > \(bind: time) AND valid_until <= \(bind: horizon)
                """
            ).all().map(Self.grant)
            for grant in due {
                try await sql.raw("UPDATE grants SET reminded_at = \(bind: time) WHERE id = \(bind: grant.id.lowercasedString)").run()
                for agency in Set([grant.consumerAgencyCode] + (owners[grant.datasetCode].map { [$0] } ?? [])) {
                    try await Self.notify(
                        sql, Notification(agencyCode: agency, createdAt: now, kind: "grant.expiring", text: notice(grant), link: "/sharing/grants"))
                }
                if let requestID = grant.requestID {
                    try await Self.addEvent(sql, requestID, AccessRequestEvent(kind: .reminded, at: now, by: "system"))
                }
            }
            return due
        }
    }

    static func insert(_ sql: any SQLDatabase, _ grant: Grant) async throws {
        try await sql.raw(
            """
            INSERT INTO grants (id, request_id, consumer_agency, target_kind, clients_json, dataset_code, fields_json, purposes_json,
                row_filter_json, valid_from, valid_until, created_by, created_at)
            VALUES (\(bind: grant.id.lowercasedString), \(bind: grant.requestID?.lowercasedString), \(bind: grant.consumerAgencyCode),
                \(bind: grant.target.rawValue),
                \(bind: encoded(grant.clientIDs) ?? "[]"), \(bind: grant.datasetCode), \(bind: encoded(grant.fields) ?? "[]"),
                \(bind: encoded(grant.purposes) ?? "[]"), \(bind: encoded(grant.rowFilter)), \(bind: Timestamp.string(grant.validFrom)),
                \(bind: Timestamp.string(grant.validUntil)), \(bind: grant.createdBy), \(bind: Timestamp.string(grant.createdAt)))
            """
        ).run()
    }

    static func grant(_ row: any SQLRow) throws -> Grant {
        Grant(
            id: try row.uuid("id"), requestID: try row.optionalText("request_id").flatMap(UUID.init(uuidString:)),
            consumerAgencyCode: try row.decode(column: "consumer_agency", as: String.self),
            clientIDs: try row.json("clients_json", as: [UUID].self) ?? [],
            target: AccessTarget(rawValue: try row.decode(column: "target_kind", as: String.self)) ?? .dataset,
            datasetCode: try row.decode(column: "dataset_code", as: String.self),
            fields: try row.json("fields_json", as: [String].self) ?? [], purposes: try row.json("purposes_json", as: [String].self) ?? [],
            rowFilter: try row.json("row_filter_json", as: RowFilter.self), validFrom: try row.date("valid_from"),
            validUntil: try row.optionalDate("valid_until"), createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: try row.date("created_at"), revokedAt: try row.optionalDate("revoked_at"), revokedBy: try row.optionalText("revoked_by"),
            revokeReason: try row.optionalText("revoke_reason"))
    }

    /// Successful gateway reads per dataset and calls per service (by `agency/code`), from the audit log: the
    /// scoreboard's "reads served". Only entries appended since the last call are counted (``AuditTally``): the
    /// entries below the log's committed end are all visible once that end is, so none is counted twice or missed.
    public func gatewayReads() async throws -> [String: Int] {
        let tally = database.gatewayReadTally
        let from = tally.through
        let (end, delta) = try await database.read { sql in
            let end = try await AuditStore.nextSequence(sql)
            var delta: [String: Int] = [:]
            guard end > from else { return (end, delta) }
            for row in try await sql.raw(
                """
                SELECT dataset_code, COUNT(*) AS reads FROM audit_entries
                WHERE action IN ('gateway.read', 'service.call') AND seq >= \(bind: from) AND seq < \(bind: end)
                    AND outcome = 'success' AND dataset_code IS NOT NULL
                GROUP BY dataset_code
                """
            ).all() {
                delta[try row.decode(column: "dataset_code", as: String.self)] = try row.decode(column: "reads", as: Int.self)
            }
            return (end, delta)
        }
        return tally.advance(from: from, to: end, adding: delta)
    }
}

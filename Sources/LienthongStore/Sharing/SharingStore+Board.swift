import Foundation
import Lienthong
import SQLKit

extension SharingStore {
    /// Agency names and dataset titles, for the workflow's notices.
    public func notices() async throws -> SharingNotices {
        try await database.read { sql in
            var agencies: [String: LocalizedText] = [:]
            for row in try await sql.raw("SELECT code, name_vi, name_en FROM agencies").all() {
                agencies[try row.decode(column: "code", as: String.self)] = LocalizedText(
                    vi: try row.decode(column: "name_vi", as: String.self), en: try row.decode(column: "name_en", as: String.self))
            }
            var datasets: [String: LocalizedText] = [:]
            for row in try await sql.raw("SELECT code, title_vi, title_en FROM datasets").all() {
                datasets[try row.decode(column: "code", as: String.self)] = LocalizedText(
                    vi: try row.decode(column: "title_vi", as: String.self), en: try row.decode(column: "title_en", as: String.self))
            }
            return SharingNotices(agencies: agencies, datasets: datasets)
        }
    }

    /// The owner agency of every dataset (by code) and every service (by `agency/code`).
    public func datasetOwners() async throws -> [String: String] {
        try await database.read { sql in
            var owners: [String: String] = [:]
            let rows = try await sql.raw(
                """
                SELECT d.code, a.code AS owner FROM datasets d JOIN agencies a ON a.id = d.owner_agency_id
                UNION ALL SELECT agency_code || '/' || code AS code, agency_code AS owner FROM agency_services
                """
            ).all()
            for row in rows {
                owners[try row.decode(column: "code", as: String.self)] = try row.decode(column: "owner", as: String.self)
            }
            return owners
        }
    }

    /// The scoreboard from live data: published datasets by level, every request, the grants in force and the
    /// gateway reads in the audit log.
    public func scoreboard(calendar: WorkingDayCalendar, now: Date = Date()) async throws -> SharingScoreboard {
        let (agencies, datasets) = try await database.read { sql in
            let agencies = try await sql.raw("SELECT code FROM agencies ORDER BY code").all().map { try $0.decode(column: "code", as: String.self) }
            let datasets = try await sql.raw(
                "SELECT a.code AS owner, d.sharing_level FROM datasets d JOIN agencies a ON a.id = d.owner_agency_id WHERE d.status = 'published'"
            ).all().compactMap { row -> (owner: String, level: SharingLevel)? in
                guard let level = SharingLevel(rawValue: try row.decode(column: "sharing_level", as: String.self)) else { return nil }
                return (try row.decode(column: "owner", as: String.self), level)
            }
            return (agencies, datasets)
        }
        let owners = try await datasetOwners()
        var reads: [String: Int] = [:]
        for (dataset, count) in try await gatewayReads() {
            if let owner = owners[dataset] { reads[owner, default: 0] += count }
        }
        return SharingScoreboard(
            agencies: agencies, datasets: datasets, requests: try await requests(RequestFilter(limit: 1_000_000)),
            grants: try await grants(GrantFilter(activeAt: now, limit: 1_000_000)), datasetOwners: owners, reads: reads, calendar: calendar,
            now: now)
    }

    /// The workflow's deadlines at `now`: escalates unanswered requests on the first working day after their
    /// deadline (notifying the owner and the coordinator's agency) and reminds of grants ending within 14 days;
    /// each escalation is audited as the platform's own action. The server runs it every minute on every node;
    /// `lienthong sharing escalate` runs it at once.
    public func runDeadlines(
        calendar: WorkingDayCalendar, now: Date = Date(), audit: AuditStore
    ) async throws -> (escalated: [AccessRequest], reminded: [Grant]) {
        let notices = try await notices()
        let coordinator = try await database.read { sql in
            try await sql.raw(
                """
                SELECT a.code FROM staff_users u JOIN agencies a ON a.id = u.agency_id
                WHERE u.role = 'admin' AND u.deactivated_at IS NULL ORDER BY u.created_at LIMIT 1
                """
            ).first()?.decode(column: "code", as: String.self)
        }
        let escalated = try await escalateOverdue(calendar: calendar, now: now, coordinatorAgency: coordinator, notice: { notices.escalated($0) })
        let reminded = try await remindExpiring(within: 14, now: now, owners: try await datasetOwners(), notice: { notices.expiring($0) })
        let drafts = escalated.map { request in
            AuditDraft(
                actor: AuditActor(kind: .system, id: "deadlines"), agencyCode: request.ownerAgencyCode, action: "accessRequest.escalate",
                resource: "accessRequest:\(request.id.lowercasedString)", datasetCode: request.datasetCode, purpose: request.purposeCode)
        }
        if !drafts.isEmpty { try await audit.append(drafts) }
        return (escalated, reminded)
    }
}

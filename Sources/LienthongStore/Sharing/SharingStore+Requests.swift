import Foundation
import Lienthong
import SQLKit

extension SharingStore {
    /// A request with its timeline.
    public struct RequestRecord: Sendable {
        public var request: AccessRequest
        public var events: [AccessRequestEvent]
    }

    /// Which requests a list shows.
    public struct RequestFilter: Sendable {
        /// Requests sent to this agency (its inbox).
        public var ownerAgencyCode: String?
        /// Requests this agency sent.
        public var requesterAgencyCode: String?
        /// Requests for either side of this agency.
        public var involvingAgencyCode: String?
        public var statuses: Set<AccessRequestStatus>
        public var datasetCode: String?
        public var limit: Int

        public init(
            ownerAgencyCode: String? = nil, requesterAgencyCode: String? = nil, involvingAgencyCode: String? = nil,
            statuses: Set<AccessRequestStatus> = [], datasetCode: String? = nil, limit: Int = 500
        ) {
            self.ownerAgencyCode = ownerAgencyCode
            self.requesterAgencyCode = requesterAgencyCode
            self.involvingAgencyCode = involvingAgencyCode
            self.statuses = statuses
            self.datasetCode = datasetCode
            self.limit = limit
        }
    }

    /// Files a request (checked by `AccessRequest.checkedFields` before), with its first event and a notice to the
    /// owner. With an idempotency key already used, returns the request that key made and `false`.
    public func submit(
        _ request: AccessRequest, idempotencyKey: String? = nil, notice: LocalizedText
    ) async throws -> (request: AccessRequest, created: Bool) {
        if let idempotencyKey, let existing = try await self.request(idempotencyKey: idempotencyKey) { return (existing, false) }
        do {
            try await database.write { sql in
                guard try await sql.raw("SELECT code FROM purposes WHERE code = \(bind: request.purposeCode)").first() != nil else {
                    throw SharingError.unknownPurpose(request.purposeCode)
                }
                try await sql.raw(
                    """
                    INSERT INTO access_requests (id, requester_agency, owner_agency, target_kind, dataset_code, fields_json, purpose, legal_basis,
                        justification, clients_json, requested_until, submitted_by, submitted_at, due_on, status, idempotency_key)
                    VALUES (\(bind: request.id.lowercasedString), \(bind: request.requesterAgencyCode), \(bind: request.ownerAgencyCode),
                        \(bind: request.target.rawValue),
                        \(bind: request.datasetCode), \(bind: Self.encoded(request.fields) ?? "[]"), \(bind: request.purposeCode),
                        \(bind: request.legalBasis.nfc), \(bind: request.justification.nfc), \(bind: Self.encoded(request.clientIDs) ?? "[]"),
                        \(bind: request.requestedUntil.description), \(bind: request.submittedBy), \(bind: Timestamp.string(request.submittedAt)),
                        \(bind: request.dueOn.description), \(bind: request.status.rawValue), \(bind: idempotencyKey))
                    """
                ).run()
                try await Self.addEvent(sql, request.id, AccessRequestEvent(kind: .submitted, at: request.submittedAt, by: request.submittedBy))
                try await Self.notify(
                    sql,
                    Notification(
                        agencyCode: request.ownerAgencyCode, createdAt: request.submittedAt, kind: "request.received", text: notice,
                        link: "/sharing/requests/\(request.id.lowercasedString)"))
            }
        } catch let error as StoreError where error.isDuplicate && idempotencyKey != nil {
            if let existing = try await self.request(idempotencyKey: idempotencyKey!) { return (existing, false) }
            throw error
        }
        return (request, true)
    }

    private func request(idempotencyKey: String) async throws -> AccessRequest? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM access_requests WHERE idempotency_key = \(bind: idempotencyKey)").first().map(Self.request)
        }
    }

    /// One request with its timeline, or nil.
    public func request(id: UUID) async throws -> RequestRecord? {
        try await database.read { sql in
            guard let row = try await sql.raw("SELECT * FROM access_requests WHERE id = \(bind: id.lowercasedString)").first() else { return nil }
            let events = try await sql.raw(
                "SELECT * FROM access_request_events WHERE request_id = \(bind: id.lowercasedString) ORDER BY step"
            ).all().map(Self.event)
            return RequestRecord(request: try Self.request(row), events: events)
        }
    }

    /// Requests, newest first.
    public func requests(_ filter: RequestFilter) async throws -> [AccessRequest] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let owner = filter.ownerAgencyCode { conditions.append("owner_agency = \(bind: owner)") }
            if let requester = filter.requesterAgencyCode { conditions.append("requester_agency = \(bind: requester)") }
            if let agency = filter.involvingAgencyCode {
                conditions.append("(owner_agency = \(bind: agency) OR requester_agency = \(bind: agency))")
            }
            if let dataset = filter.datasetCode { conditions.append("dataset_code = \(bind: dataset)") }
            if !filter.statuses.isEmpty {
                conditions.append(
                    "status IN ("
                        + filter.statuses.sorted { $0.rawValue < $1.rawValue }.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(
                            separator: ", ") + ")")
            }
            var query: SQLQueryString = "SELECT * FROM access_requests"
            if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
            query += " ORDER BY submitted_at DESC, id LIMIT \(bind: filter.limit)"
            return try await sql.raw(query).all().map(Self.request)
        }
    }

    /// Saves the owner's answer (checked by `AccessRequest.checked`), with the grant it makes, an event and a notice
    /// to the requester, in one transaction that first re-checks the request is still open.
    public func answer(_ id: UUID, with answer: AccessAnswer, notice: LocalizedText) async throws -> RequestRecord {
        try await database.write { sql in
            var request = try await Self.openRequest(sql, id)
            var grant: Grant?
            if answer.decision != .refuse, let until = answer.validUntil {
                grant = request.grant(fields: answer.fields, rowFilter: answer.rowFilter, until: until, by: answer.by, at: answer.at)
            }
            request.status =
                switch answer.decision {
                case .grant: .granted
                case .partial: .partlyGranted
                case .refuse: .refused
                }
            request.answer = answer
            request.grantID = grant?.id
            if let grant { try await Self.insert(sql, grant) }
            try await sql.raw(
                """
                UPDATE access_requests SET status = \(bind: request.status.rawValue), answer_json = \(bind: Self.encoded(answer)),
                    answered_at = \(bind: Timestamp.string(answer.at)), grant_id = \(bind: grant?.id.lowercasedString)
                WHERE id = \(bind: id.lowercasedString)
                """
            ).run()
            let kind: AccessRequestEvent.Kind =
                switch answer.decision {
                case .grant: .granted
                case .partial: .partlyGranted
                case .refuse: .refused
                }
            try await Self.addEvent(
                sql, id,
                AccessRequestEvent(
                    kind: kind, at: answer.at, by: answer.by,
                    note: [answer.reason, answer.legalBasis].filter { !$0.isEmpty }.joined(separator: " — ")))
            try await Self.notify(
                sql,
                Notification(
                    agencyCode: request.requesterAgencyCode, createdAt: answer.at, kind: "request.answered", text: notice,
                    link: "/sharing/requests/\(id.lowercasedString)"))
            return RequestRecord(request: request, events: try await Self.events(sql, id))
        }
    }

    /// Records the coordinator's decision on an escalated or refused request: `order` makes the grant the request
    /// asked for; `uphold` keeps (or, for an unanswered request, makes) the refusal, which needs a legal basis.
    public func decide(_ id: UUID, with decision: CoordinatorDecision, notices: [(agency: String, text: LocalizedText)]) async throws -> RequestRecord
    {
        try await database.write { sql in
            var request = try await Self.openRequest(sql, id, statuses: [.pending, .escalated, .refused])
            var decision = decision
            decision.note = decision.note.trimmingCharacters(in: .whitespacesAndNewlines).nfc
            decision.legalBasis = decision.legalBasis.trimmingCharacters(in: .whitespacesAndNewlines).nfc
            if decision.kind == .uphold {
                let missing = [("note", decision.note), ("legalBasis", decision.legalBasis)].filter { $0.1.isEmpty }.map(\.0)
                if !missing.isEmpty { throw SharingError.refusalNeedsReason(missing) }
            }
            var grant: Grant?
            if decision.kind == .order {
                let until = max(request.requestedUntil, CivilDate(vietnam: decision.at).adding(days: 1))
                grant = request.grant(fields: request.fields, rowFilter: nil, until: until, by: decision.by, at: decision.at)
                try await Self.insert(sql, grant!)
            }
            request.status = decision.kind == .order ? .ordered : .upheld
            request.decision = decision
            request.grantID = grant?.id ?? request.grantID
            try await sql.raw(
                """
                UPDATE access_requests SET status = \(bind: request.status.rawValue), decision_json = \(bind: Self.encoded(decision)),
                    grant_id = \(bind: request.grantID?.lowercasedString)
                WHERE id = \(bind: id.lowercasedString)
                """
            ).run()
            try await Self.addEvent(
                sql, id,
                AccessRequestEvent(
                    kind: decision.kind == .order ? .ordered : .upheld, at: decision.at, by: decision.by,
                    note: [decision.note, decision.legalBasis].filter { !$0.isEmpty }.joined(separator: " — ")))
            for notice in notices {
                try await Self.notify(
                    sql,
                    Notification(
                        agencyCode: notice.agency, createdAt: decision.at, kind: "request.decided", text: notice.text,
                        link: "/sharing/requests/\(id.lowercasedString)"))
            }
            return RequestRecord(request: request, events: try await Self.events(sql, id))
        }
    }

    /// The requester takes an open request back.
    public func withdraw(_ id: UUID, by: String, at time: Date = Date()) async throws -> RequestRecord {
        try await database.write { sql in
            var request = try await Self.openRequest(sql, id)
            request.status = .withdrawn
            try await sql.raw("UPDATE access_requests SET status = 'withdrawn' WHERE id = \(bind: id.lowercasedString)").run()
            try await Self.addEvent(sql, id, AccessRequestEvent(kind: .withdrawn, at: time, by: by))
            return RequestRecord(request: request, events: try await Self.events(sql, id))
        }
    }

    /// Escalates every pending request whose escalation day (the first working day after its deadline) has come:
    /// an event, and notices to the owner and the coordinator's agency. Safe to run on several nodes at once: each
    /// request's update is conditional on it still being pending, so it escalates once.
    public func escalateOverdue(
        calendar: WorkingDayCalendar, now: Date = Date(), coordinatorAgency: String?, notice: @Sendable (AccessRequest) -> LocalizedText
    ) async throws -> [AccessRequest] {
        let today = CivilDate(vietnam: now)
        let candidates = try await database.read { sql in
            try await sql.raw("SELECT * FROM access_requests WHERE status = 'pending' AND due_on < \(bind: today.description)").all()
                .map(Self.request)
        }
        var escalated: [AccessRequest] = []
        for var request in candidates where request.escalationDay(calendar) <= today {
            let done = try await database.write { sql -> Bool in
                let rows = try await sql.raw(
                    """
                    UPDATE access_requests SET status = 'escalated', escalated_at = \(bind: Timestamp.string(now))
                    WHERE id = \(bind: request.id.lowercasedString) AND status = 'pending' RETURNING id
                    """
                ).all()
                guard !rows.isEmpty else { return false }
                try await Self.addEvent(sql, request.id, AccessRequestEvent(kind: .escalated, at: now, by: "system"))
                for agency in Set([request.ownerAgencyCode] + (coordinatorAgency.map { [$0] } ?? [])) {
                    try await Self.notify(
                        sql,
                        Notification(
                            agencyCode: agency, createdAt: now, kind: "request.escalated", text: notice(request),
                            link: "/sharing/requests/\(request.id.lowercasedString)"))
                }
                return true
            }
            if done {
                request.status = .escalated
                request.escalatedAt = now
                escalated.append(request)
            }
        }
        return escalated
    }

    // MARK: Rows

    /// The request, locked for this transaction, if its status is one of `statuses` (the open ones by default).
    /// The lock is a no-op update: on PostgreSQL a second writer waits for the first to commit and then finds the
    /// status changed, so two answers at once cannot both be saved.
    static func openRequest(
        _ sql: any SQLDatabase, _ id: UUID, statuses: [AccessRequestStatus] = [.pending, .escalated]
    ) async throws -> AccessRequest {
        let allowed = statuses.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ")
        let locked = try await sql.raw(
            "UPDATE access_requests SET status = status WHERE id = \(bind: id.lowercasedString) AND status IN (" + allowed + ") RETURNING *"
        ).first()
        if let locked { return try Self.request(locked) }
        guard let row = try await sql.raw("SELECT * FROM access_requests WHERE id = \(bind: id.lowercasedString)").first() else {
            throw SharingError.unknownRequest(id.lowercasedString)
        }
        throw SharingError.notOpen(try Self.request(row).status)
    }

    static func addEvent(_ sql: any SQLDatabase, _ id: UUID, _ event: AccessRequestEvent) async throws {
        try await sql.raw(
            """
            INSERT INTO access_request_events (request_id, step, at, kind, actor, note)
            SELECT \(bind: id.lowercasedString), COALESCE(MAX(step), 0) + 1, \(bind: Timestamp.string(event.at)), \(bind: event.kind.rawValue),
                \(bind: event.by), \(bind: event.note.nfc)
            FROM access_request_events WHERE request_id = \(bind: id.lowercasedString)
            """
        ).run()
    }

    static func events(_ sql: any SQLDatabase, _ id: UUID) async throws -> [AccessRequestEvent] {
        try await sql.raw("SELECT * FROM access_request_events WHERE request_id = \(bind: id.lowercasedString) ORDER BY step").all().map(event)
    }

    static func event(_ row: any SQLRow) throws -> AccessRequestEvent {
        AccessRequestEvent(
            kind: AccessRequestEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .submitted, at: try row.date("at"),
            by: try row.decode(column: "actor", as: String.self), note: try row.decode(column: "note", as: String.self))
    }

    static func request(_ row: any SQLRow) throws -> AccessRequest {
        guard let until = CivilDate(iso: try row.decode(column: "requested_until", as: String.self)),
            let due = CivilDate(iso: try row.decode(column: "due_on", as: String.self)),
            let status = AccessRequestStatus(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoreError.incompatible("bad access request row") }
        return AccessRequest(
            id: try row.uuid("id"), requesterAgencyCode: try row.decode(column: "requester_agency", as: String.self),
            ownerAgencyCode: try row.decode(column: "owner_agency", as: String.self),
            target: AccessTarget(rawValue: try row.decode(column: "target_kind", as: String.self)) ?? .dataset,
            datasetCode: try row.decode(column: "dataset_code", as: String.self), fields: try row.json("fields_json", as: [String].self) ?? [],
            purposeCode: try row.decode(column: "purpose", as: String.self), legalBasis: try row.decode(column: "legal_basis", as: String.self),
            justification: try row.decode(column: "justification", as: String.self),
            clientIDs: try row.json("clients_json", as: [UUID].self) ?? [], requestedUntil: until,
            submittedBy: try row.decode(column: "submitted_by", as: String.self), submittedAt: try row.date("submitted_at"), dueOn: due,
            status: status, answer: try row.json("answer_json", as: AccessAnswer.self), escalatedAt: try row.optionalDate("escalated_at"),
            decision: try row.json("decision_json", as: CoordinatorDecision.self),
            grantID: try row.optionalText("grant_id").flatMap(UUID.init(uuidString:)))
    }
}

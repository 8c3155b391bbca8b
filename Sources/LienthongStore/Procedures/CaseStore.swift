import Foundation
import Lienthong
import SQLKit

/// Cases and the consents given for them. Every change to a case is one transaction that first re-reads the case,
/// so two officers acting at once cannot both move it.
public struct CaseStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Which cases a list shows, newest first.
    public struct Filter: Sendable {
        public var agencyCode: String?
        public var subject: String?
        public var procedureCode: String?
        public var statuses: Set<CaseStatus>
        public var limit: Int

        public init(agencyCode: String? = nil, subject: String? = nil, procedureCode: String? = nil, statuses: Set<CaseStatus> = [], limit: Int = 500)
        {
            self.agencyCode = agencyCode
            self.subject = subject
            self.procedureCode = procedureCode
            self.statuses = statuses
            self.limit = limit
        }
    }

    /// Files a case, numbering it `YEAR-NNNNNN` in the year it was received (from a counter row per year, which
    /// serialises concurrent filings). With the citizen's idempotency key already used for this application (or a
    /// case with the same id already filed), returns that case and `false`; the key used for another application is
    /// refused.
    /// `notice` goes to the agency's notifications in the same transaction.
    public func file(
        _ item: ServiceCase, idempotencyKey: String? = nil, notice: SharingStore.Notification? = nil
    ) async throws -> (case: ServiceCase, created: Bool) {
        if let existing = try await existing(item, idempotencyKey: idempotencyKey) { return (existing, false) }
        var item = item
        do {
            return (
                try await database.write { sql in
                    let year = CivilDate(vietnam: item.receivedAt).year
                    let next =
                        try await sql.raw(
                            """
                            INSERT INTO case_numbers (year, last_number) VALUES (\(bind: year), 1)
                            ON CONFLICT (year) DO UPDATE SET last_number = case_numbers.last_number + 1
                            RETURNING last_number
                            """
                        ).first()?.decode(column: "last_number", as: Int.self) ?? 1
                    item.number = String(year) + "-" + String(format: "%06d", next)
                    try await Self.insert(sql, item, idempotencyKey: idempotencyKey)
                    if var notice {
                        notice.text = notice.text.format(item.number)
                        try await SharingStore.notify(sql, notice)
                    }
                    return item
                }, true
            )
        } catch let error as StoreError where error.isDuplicate {
            // The same application or key filed at the same moment: the other filing won.
            if let existing = try await existing(item, idempotencyKey: idempotencyKey) { return (existing, false) }
            throw error
        }
    }

    /// The case this application or the citizen's idempotency key already filed; a key the citizen used for another
    /// application is refused.
    private func existing(_ item: ServiceCase, idempotencyKey: String?) async throws -> ServiceCase? {
        if let found = try await self.case(id: item.id) { return found }
        guard let idempotencyKey else { return nil }
        let found = try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM cases WHERE subject = \(bind: item.subject) AND idempotency_key = \(bind: idempotencyKey)"
            ).first().map(Self.case)
        }
        if let found, found.id != item.id { throw ProcedureError.invalidFields(["Idempotency-Key"]) }
        return found
    }

    static func insert(_ sql: any SQLDatabase, _ item: ServiceCase, idempotencyKey: String?) async throws {
        try await sql.raw(
            """
            INSERT INTO cases (id, number, procedure_code, agency_code, subject, channel, values_json, status, received_at, due_on, paused_on,
                paused_days, finished_at, reason, events_json, rating_stars, rating_comment, rated_at, idempotency_key)
            VALUES (\(bind: item.id.lowercasedString), \(bind: item.number), \(bind: item.procedureCode), \(bind: item.agencyCode), \(bind: item.subject),
                \(bind: item.channel.rawValue), \(bind: SharingStore.encoded(item.values) ?? "[]"), \(bind: item.status.rawValue),
                \(bind: Timestamp.string(item.receivedAt)), \(bind: item.dueOn.description), \(bind: item.pausedOn?.description),
                \(bind: item.pausedDays), \(bind: item.finishedAt.map(Timestamp.string)), \(bind: item.reason),
                \(bind: SharingStore.encoded(item.events) ?? "[]"), \(bind: item.rating?.stars), \(bind: item.rating?.comment),
                \(bind: item.rating.map { Timestamp.string($0.at) }), \(bind: idempotencyKey))
            """
        ).run()
    }

    /// One case, or nil.
    public func `case`(id: UUID) async throws -> ServiceCase? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM cases WHERE id = \(bind: id.lowercasedString)").first().map(Self.case)
        }
    }

    /// Cases, newest first.
    public func cases(_ filter: Filter) async throws -> [ServiceCase] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let agency = filter.agencyCode { conditions.append("agency_code = \(bind: agency)") }
            if let subject = filter.subject { conditions.append("subject = \(bind: subject)") }
            if let procedure = filter.procedureCode { conditions.append("procedure_code = \(bind: procedure)") }
            if !filter.statuses.isEmpty {
                conditions.append(
                    "status IN ("
                        + filter.statuses.sorted { $0.rawValue < $1.rawValue }.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(
                            separator: ", ") + ")")
            }
            var query: SQLQueryString = "SELECT * FROM cases"
            if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
            query += " ORDER BY received_at DESC, id LIMIT \(bind: filter.limit)"
            return try await sql.raw(query).all().map(Self.case)
        }
    }

    /// Applies `change` to the case as it is now and saves the result, in one transaction. Every change moves the
    /// status or adds the rating, so the update is guarded by both: of two officers acting at once, the second gets
    /// a conflict instead of overwriting the first.
    /// `notice`, given the changed case, is the citizen's notice of the step (nil: none), written in the same transaction.
    public func update(
        _ id: UUID, notice: (@Sendable (ServiceCase) -> LocalizedText?)? = nil, _ change: @Sendable (ServiceCase) throws -> ServiceCase
    ) async throws -> ServiceCase {
        try await database.write { sql in
            guard let current = try await sql.raw("SELECT * FROM cases WHERE id = \(bind: id.lowercasedString)").first().map(Self.case) else {
                throw ProcedureError.unknownCase(id.lowercasedString)
            }
            let item = try change(current)
            let updated = try await sql.raw(
                """
                UPDATE cases SET status = \(bind: item.status.rawValue), due_on = \(bind: item.dueOn.description),
                    paused_on = \(bind: item.pausedOn?.description), paused_days = \(bind: item.pausedDays),
                    finished_at = \(bind: item.finishedAt.map(Timestamp.string)), reason = \(bind: item.reason),
                    events_json = \(bind: SharingStore.encoded(item.events) ?? "[]"), rating_stars = \(bind: item.rating?.stars),
                    rating_comment = \(bind: item.rating?.comment), rated_at = \(bind: item.rating.map { Timestamp.string($0.at) })
                WHERE id = \(bind: id.lowercasedString) AND status = \(bind: current.status.rawValue)
                    AND \(unsafeRaw: current.rating == nil ? "rated_at IS NULL" : "rated_at IS NOT NULL")
                RETURNING id
                """
            ).all()
            guard !updated.isEmpty else { throw ProcedureError.transition(from: current.status, to: item.status) }
            if let text = notice?(item) {
                try await sql.raw(
                    """
                    INSERT INTO citizen_notices (id, subject, case_id, created_at, text_vi, text_en, link)
                    VALUES (\(bind: UUID().lowercasedString), \(bind: item.subject), \(bind: item.id.lowercasedString),
                        \(bind: Timestamp.string(item.events.last?.at ?? Date())), \(bind: text.vi), \(bind: text.en),
                        \(bind: "/citizen/cases/" + item.id.lowercasedString))
                    """
                ).run()
            }
            return item
        }
    }

    static func `case`(_ row: any SQLRow) throws -> ServiceCase {
        var rating: CaseRating?
        if let stars = try row.decodeNil(column: "rating_stars") ? nil : row.decode(column: "rating_stars", as: Int.self) {
            rating = CaseRating(
                stars: stars, comment: try row.optionalText("rating_comment") ?? "", at: Timestamp.date(try row.optionalText("rated_at")) ?? Date())
        }
        return ServiceCase(
            id: try row.uuid("id"), number: try row.decode(column: "number", as: String.self),
            procedureCode: try row.decode(column: "procedure_code", as: String.self),
            agencyCode: try row.decode(column: "agency_code", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            channel: ServiceCase.Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .online,
            values: try row.json("values_json", as: [CaseValue].self) ?? [],
            status: CaseStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .received, receivedAt: try row.date("received_at"),
            dueOn: try Self.civil(row, "due_on") ?? CivilDate(dayNumber: 0), pausedOn: try Self.civil(row, "paused_on"),
            pausedDays: try row.decode(column: "paused_days", as: Int.self), finishedAt: Timestamp.date(try row.optionalText("finished_at")),
            reason: try row.optionalText("reason"), events: try row.json("events_json", as: [CaseEvent].self) ?? [], rating: rating)
    }

    static func civil(_ row: any SQLRow, _ column: String) throws -> CivilDate? {
        try row.optionalText(column).flatMap { CivilDate(iso: $0) }
    }
}

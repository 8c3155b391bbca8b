import Foundation
import Lienthong
import SQLKit

/// Tickets and their timeline. Opening, answering and closing are each one transaction with their event and the
/// notices to the agencies concerned.
public struct TicketStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Opens a ticket on an audit entry that concerns `subject` (the citizen's keyed hash); nil when the entry does
    /// not exist or is not about them. The data owner is the dataset's (or service's) owner agency.
    public func contest(sequence: Int64, subject: String, reason: String, at time: Date = Date()) async throws -> Ticket? {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !reason.isEmpty, reason.count <= 2_000 else { throw SharingError.invalidFields(["reason"]) }
        let sharing = SharingStore(database: database)
        let owners = try await sharing.datasetOwners()
        let notices = try await sharing.notices()
        return try await database.write { sql -> Ticket? in
            guard
                try await sql.raw("SELECT seq FROM audit_subjects WHERE subject = \(bind: subject) AND seq = \(bind: sequence)").first() != nil,
                let entry = try await sql.raw("SELECT agency_code, dataset_code FROM audit_entries WHERE seq = \(bind: sequence)").first()
            else { return nil }
            let reader = try entry.optionalText("agency_code") ?? "-"
            let dataset = try entry.optionalText("dataset_code")
            let ticket = Ticket(
                subject: subject, auditSequence: sequence, ownerAgencyCode: dataset.flatMap { owners[$0] } ?? reader, readerAgencyCode: reader,
                datasetCode: dataset, reason: reason, createdAt: time,
                events: [Ticket.Event(kind: .opened, at: time, by: "citizen", note: reason)])
            try await sql.raw(
                """
                INSERT INTO tickets (id, kind, subject, audit_seq, owner_agency, reader_agency, dataset_code, reason, status, created_at)
                VALUES (\(bind: ticket.id.lowercasedString), \(bind: ticket.kind.rawValue), \(bind: subject), \(bind: sequence), \(bind: ticket.ownerAgencyCode),
                    \(bind: reader), \(bind: dataset), \(bind: reason), 'open', \(bind: Timestamp.string(time)))
                """
            ).run()
            try await Self.addEvent(sql, ticket.id, ticket.events[0])
            for agency in Set([ticket.ownerAgencyCode, reader]) {
                try await SharingStore.notify(
                    sql,
                    SharingStore.Notification(
                        agencyCode: agency, createdAt: time, kind: "ticket.opened", text: notices.ticketOpened(datasetCode: dataset),
                        link: "/tickets/\(ticket.id.lowercasedString)"))
            }
            return ticket
        }
    }

    /// A data officer answers (`answered`) or closes (`closed`) a ticket, with a note the citizen reads.
    public func record(_ kind: Ticket.Event.Kind, on id: UUID, by: String, note: String, at time: Date = Date()) async throws -> Ticket {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !note.isEmpty, note.count <= 4_000, kind != .opened else { throw SharingError.invalidFields(["note"]) }
        return try await database.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE tickets SET status = \(bind: kind == .answered ? "answered" : "closed"),
                    answered_at = COALESCE(answered_at, \(bind: Timestamp.string(time)))
                WHERE id = \(bind: id.lowercasedString) AND status IN ('open', 'answered') RETURNING id
                """
            ).all()
            guard !rows.isEmpty else {
                if try await Self.ticket(sql, id) == nil { throw SharingError.unknownTicket(id.lowercasedString) }
                throw SharingError.ticketClosed
            }
            try await Self.addEvent(sql, id, Ticket.Event(kind: kind, at: time, by: by, note: note))
            guard let ticket = try await Self.ticket(sql, id) else { throw SharingError.unknownTicket(id.lowercasedString) }
            return ticket
        }
    }

    /// One ticket with its timeline.
    public func ticket(id: UUID) async throws -> Ticket? {
        try await database.read { sql in try await Self.ticket(sql, id) }
    }

    /// A citizen's tickets, or an agency's (as owner or reader), or all; newest first.
    public func tickets(subject: String? = nil, agencyCode: String? = nil, limit: Int = 200) async throws -> [Ticket] {
        try await database.read { sql in
            var query: SQLQueryString = "SELECT id FROM tickets"
            if let subject {
                query += " WHERE subject = \(bind: subject)"
            } else if let agencyCode {
                query += " WHERE owner_agency = \(bind: agencyCode) OR reader_agency = \(bind: agencyCode)"
            }
            query += " ORDER BY created_at DESC LIMIT \(bind: limit)"
            var tickets: [Ticket] = []
            for row in try await sql.raw(query).all() {
                if let ticket = try await Self.ticket(sql, try row.uuid("id")) { tickets.append(ticket) }
            }
            return tickets
        }
    }

    static func ticket(_ sql: any SQLDatabase, _ id: UUID) async throws -> Ticket? {
        guard let row = try await sql.raw("SELECT * FROM tickets WHERE id = \(bind: id.lowercasedString)").first() else { return nil }
        let events = try await sql.raw("SELECT * FROM ticket_events WHERE ticket_id = \(bind: id.lowercasedString) ORDER BY step").all().map { row in
            Ticket.Event(
                kind: Ticket.Event.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .opened, at: try row.date("at"),
                by: try row.decode(column: "actor", as: String.self), note: try row.decode(column: "note", as: String.self))
        }
        return Ticket(
            id: id, kind: Ticket.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .contestedRead,
            subject: try row.decode(column: "subject", as: String.self), auditSequence: try row.decode(column: "audit_seq", as: Int64.self),
            ownerAgencyCode: try row.decode(column: "owner_agency", as: String.self),
            readerAgencyCode: try row.decode(column: "reader_agency", as: String.self), datasetCode: try row.optionalText("dataset_code"),
            reason: try row.decode(column: "reason", as: String.self),
            status: Ticket.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .open, createdAt: try row.date("created_at"),
            answeredAt: try row.optionalDate("answered_at"), events: events, recordKey: try row.optionalText("record_key"),
            fieldName: try row.optionalText("field_name"), flaggedValue: try row.optionalText("flagged_value"),
            resolvedAt: try row.optionalDate("resolved_at"))
    }

    static func addEvent(_ sql: any SQLDatabase, _ id: UUID, _ event: Ticket.Event) async throws {
        try await sql.raw(
            """
            INSERT INTO ticket_events (ticket_id, step, at, kind, actor, note)
            SELECT \(bind: id.lowercasedString), COALESCE(MAX(step), 0) + 1, \(bind: Timestamp.string(event.at)), \(bind: event.kind.rawValue),
                \(bind: event.by), \(bind: event.note)
            FROM ticket_events WHERE ticket_id = \(bind: id.lowercasedString)
            """
        ).run()
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// Tickets on the web and the API: a citizen contests a read of their data and follows the ticket
/// (`/citizen/tickets`); the data officers of the owner and reader agencies answer it (`/tickets`).
struct TicketPages {
    let services: AppServices

    struct TicketRow {
        let id: String
        let reason: String
        let dataset: String
        let owner: String
        let reader: String
        let status: String
        let statusKey: String
        let created: String
        let turnaround: String
        let events: [EventRow]
        let canAnswer: Bool
    }

    struct EventRow {
        let kind: String
        let at: String
        let by: String
        let note: String
    }

    struct ListContent {
        let rows: [TicketRow]
        let isEmpty: Bool
    }

    struct ContestContent {
        let sequence: Int64
        let at: String
        let agency: String
        let dataset: String
        let purpose: String
    }

    struct ContestBody: APIInput {
        static let fields: Set<String> = ["reason"]
        let reason: String
    }

    struct AnswerBody: APIInput {
        static let fields: Set<String> = ["note", "close"]
        let note: String
        let close: Bool?
    }

    /// A ticket as the API shows it (the citizen's hash stays inside).
    struct TicketView: Encodable, Sendable {
        let id: String
        let kind: String
        let auditSequence: Int64
        let ownerAgencyCode: String
        let readerAgencyCode: String
        let dataset: String?
        let reason: String
        let status: String
        let createdAt: Date
        let answeredAt: Date?
        let turnaroundHours: Double?
        let events: [Ticket.Event]
        /// For a flagged value: the record, the field, the value flagged, and when a load or an edit changed it.
        let recordKey: String?
        let field: String?
        let flaggedValue: String?
        let resolvedAt: Date?

        /// `showsValue`: whether the flagged value is shown (to the data's owner, and to a citizen about their own).
        init(_ ticket: Ticket, showsValue: Bool = true) {
            id = ticket.id.lowercasedString
            kind = ticket.kind.rawValue
            auditSequence = ticket.auditSequence
            ownerAgencyCode = ticket.ownerAgencyCode
            readerAgencyCode = ticket.readerAgencyCode
            dataset = ticket.datasetCode
            reason = ticket.reason
            status = ticket.status.rawValue
            createdAt = ticket.createdAt
            answeredAt = ticket.answeredAt
            turnaroundHours = ticket.turnaroundHours
            events = ticket.events
            recordKey = ticket.recordKey
            field = ticket.fieldName
            flaggedValue = showsValue ? ticket.flaggedValue : nil
            resolvedAt = ticket.resolvedAt
        }
    }

    func register(on routes: RouteRegistrar) {
        let store = TicketStore(database: services.database)
        // The citizen's side.
        routes.page(.get, "/citizen/reads/{sequence}/contest") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let sequence = try Self.sequence(context)
            let reads = try await CitizenReads(services: services).reads(subject: subject, language: context.language)
            guard let read = reads.first(where: { $0.sequence == sequence }) else { throw Problem.notFound }
            let t = Messages.webTexts(context.language)
            return try services.web.page(
                "citizen-contest", title: t["ticket_contest_title"]!,
                content: ContestContent(
                    sequence: sequence, at: DisplayDate.formatTime(read.at, context.language), agency: read.agencyName, dataset: read.datasetTitle,
                    purpose: read.purposeName), request: request, context: context)
        }
        routes.page(.post, "/citizen/reads/{sequence}/contest") { request, context in
            let form = try await WebForm.read(request)
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            _ = try await contest(try Self.sequence(context), subject: subject, reason: form.text("reason"), context: context, store: store)
            return WebRenderer.redirect(to: "/citizen/tickets")
        }
        routes.page(.get, "/citizen/tickets") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            return try await list(
                try await store.tickets(subject: subject), template: "citizen-tickets", request: request, context: context, answerable: false)
        }
        routes.add(.post, "/api/v1/citizen/reads/{sequence}/contest") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { throw Problem.unauthenticated }
            let body = try await request.decodeJSON(ContestBody.self, limit: services.configuration.maxJSONBodyBytes)
            let ticket = try await contest(try Self.sequence(context), subject: subject, reason: body.reason, context: context, store: store)
            return try JSONCoding.response(TicketView(ticket), status: .created)
        }
        routes.add(.get, "/api/v1/citizen/tickets") { request, _ in
            guard let subject = try await CitizenSession.subject(request, services: services) else { throw Problem.unauthenticated }
            return try JSONCoding.response(
                SharingRoutes.Page(items: try await store.tickets(subject: subject).map { TicketView($0) }, nextCursor: nil))
        }
        // The data officers' side.
        routes.page(.get, "/tickets") { request, context in
            try await list(try await visible(context, store: store), template: "tickets", request: request, context: context, answerable: true)
        }
        routes.page(.post, "/tickets/{id}/answer") { request, context in
            let form = try await WebForm.read(request)
            _ = try await answer(
                try context.parameters.require("id"), note: form.text("note"), close: form["close"] != nil, context: context, store: store)
            return WebRenderer.redirect(to: "/tickets")
        }
        routes.add(.get, "/api/v1/tickets") { _, context in
            // A flagged value is the owner's data: the agency that flagged it sees the ticket, not the value.
            let owner = { (ticket: Ticket) in context.identity?.role == .admin || context.identity?.agencyCode == ticket.ownerAgencyCode }
            return try JSONCoding.response(
                SharingRoutes.Page(items: try await visible(context, store: store).map { TicketView($0, showsValue: owner($0)) }, nextCursor: nil))
        }
        routes.add(.post, "/api/v1/tickets/{id}/answer") { request, context in
            let body = try await request.decodeJSON(AnswerBody.self, limit: services.configuration.maxJSONBodyBytes)
            let ticket = try await answer(
                try context.parameters.require("id"), note: body.note, close: body.close ?? false, context: context, store: store)
            return try JSONCoding.response(TicketView(ticket))
        }
    }

    private func contest(_ sequence: Int64, subject: String, reason: String, context: AppRequestContext, store: TicketStore) async throws -> Ticket {
        guard let ticket = try await store.contest(sequence: sequence, subject: subject, reason: reason) else { throw Problem.notFound }
        try await services.audit.record(
            context, "ticket.open", resource: "ticket:\(ticket.id.lowercasedString)", actor: AuditActor(kind: .citizen, id: subject),
            agencyCode: ticket.ownerAgencyCode, datasetCode: ticket.datasetCode, subjects: [subject])
        return ticket
    }

    /// The tickets a staff member may see: their agency's as owner or reader; all for the coordinator and overseers.
    private func visible(_ context: AppRequestContext, store: TicketStore) async throws -> [Ticket] {
        guard let identity = context.identity, let role = identity.role else { throw Problem.unauthenticated }
        return [.admin, .security, .inspector].contains(role) ? try await store.tickets() : try await store.tickets(agencyCode: identity.agencyCode)
    }

    /// A steward of the owner or the reader agency (or the security officer) answers or closes a ticket.
    private func answer(_ id: String, note: String, close: Bool, context: AppRequestContext, store: TicketStore) async throws -> Ticket {
        guard let identity = context.identity, let role = identity.role else { throw Problem.unauthenticated }
        guard let uuid = UUID(uuidString: id), let ticket = try await store.ticket(id: uuid) else { throw SharingError.unknownTicket(id) }
        let involved = [ticket.ownerAgencyCode, ticket.readerAgencyCode].contains(identity.agencyCode)
        guard (role == .steward && involved) || role == .security || role == .admin else { throw Problem.forbidden }
        let saved = try await store.record(close ? .closed : .answered, on: uuid, by: Auditor.actor(identity).id, note: note)
        try await services.audit.record(
            context, close ? "ticket.close" : "ticket.answer", resource: "ticket:\(id.lowercased())", datasetCode: ticket.datasetCode,
            subjects: [ticket.subject])
        return saved
    }

    private func list(_ tickets: [Ticket], template: String, request: Request, context: AppRequestContext, answerable: Bool) async throws -> Response
    {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let notices = try await SharingStore(database: services.database).notices()
        let identity = context.identity
        let rows = tickets.map { ticket in
            TicketRow(
                id: ticket.id.lowercasedString, reason: ticket.reason,
                dataset: ticket.datasetCode.flatMap { notices.datasets[$0]?.text(language) } ?? ticket.datasetCode ?? "—",
                owner: names[ticket.ownerAgencyCode] ?? ticket.ownerAgencyCode, reader: names[ticket.readerAgencyCode] ?? ticket.readerAgencyCode,
                status: t["ticket_\(ticket.status.rawValue)"] ?? ticket.status.rawValue, statusKey: ticket.status.rawValue,
                created: DisplayDate.formatTime(ticket.createdAt, language),
                turnaround: ticket.turnaroundHours.map { String(format: "%.1f h", $0) } ?? "—",
                events: ticket.events.map {
                    EventRow(
                        kind: t["ticket_event_\($0.kind.rawValue)"] ?? $0.kind.rawValue, at: DisplayDate.formatTime($0.at, language), by: $0.by,
                        note: $0.note)
                },
                canAnswer: answerable && ticket.status != .closed
                    && (identity?.role == .security || identity?.role == .admin
                        || (identity?.role == .steward && [ticket.ownerAgencyCode, ticket.readerAgencyCode].contains(identity?.agencyCode ?? "")))
            )
        }
        return try services.web.page(
            template, title: t[template == "tickets" ? "tickets_title" : "citizen_tickets_title"]!,
            content: ListContent(rows: rows, isEmpty: rows.isEmpty),
            request: request, context: context)
    }

    static func sequence(_ context: AppRequestContext) throws -> Int64 {
        guard let value = Int64(try context.parameters.require("sequence")), value >= 0 else { throw Problem.notFound }
        return value
    }
}

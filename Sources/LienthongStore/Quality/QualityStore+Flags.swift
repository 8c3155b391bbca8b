import Foundation
import Lienthong
import SQLKit

extension QualityStore {
    /// Who flags a value: a consumer agency (through the API) or a citizen (their keyed hash).
    public enum Flagger: Sendable, Hashable {
        case agency(String)
        case citizen(subject: String)
    }

    /// Flags the value of `field` in the record with `key` as wrong: a ticket to the dataset's owner with the key, the
    /// field and the value as it stands, and a notice to the owner's data officers. nil when there is no such record.
    public func flag(
        _ dataset: Dataset, key: [String], field: String, reason: String, by flagger: Flagger, at time: Date = Date()
    ) async throws -> Ticket? {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard !reason.isEmpty, reason.count <= 2_000 else { throw SharingError.invalidFields(["reason"]) }
        let schema = try await DatasetStore(database: database).schema(of: dataset)
        guard let index = schema.fields.firstIndex(where: { $0.name == field }) else { throw SharingError.invalidFields(["field"]) }
        guard let values = try await HostedDataStore(database: database).record(of: dataset, schema: schema, key: key) else { return nil }
        let (subject, reader): (String, String) =
            switch flagger {
            case .agency(let code): ("agency:\(code)", code)
            case .citizen(let subject): (subject, "citizen")
            }
        let ticket = Ticket(
            kind: .flaggedValue, subject: subject, auditSequence: 0, ownerAgencyCode: dataset.ownerAgencyCode, readerAgencyCode: reader,
            datasetCode: dataset.code, reason: reason, createdAt: time,
            events: [Ticket.Event(kind: .opened, at: time, by: reader, note: reason)], recordKey: key.joined(separator: ","), fieldName: field,
            flaggedValue: values[index].text)
        let notice = Messages.qualityFlagNotice.format(dataset.code, field)
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO tickets (id, kind, subject, audit_seq, owner_agency, reader_agency, dataset_code, reason, status, created_at,
                    record_key, field_name, flagged_value)
                VALUES (\(bind: ticket.id.lowercasedString), \(bind: ticket.kind.rawValue), \(bind: subject), 0, \(bind: ticket.ownerAgencyCode),
                    \(bind: reader), \(bind: dataset.code), \(bind: reason), 'open', \(bind: Timestamp.string(time)), \(bind: ticket.recordKey),
                    \(bind: field), \(bind: ticket.flaggedValue))
                """
            ).run()
            try await TicketStore.addEvent(sql, ticket.id, ticket.events[0])
            try await SharingStore.notify(
                sql,
                SharingStore.Notification(
                    agencyCode: dataset.ownerAgencyCode, createdAt: time, kind: "quality.flagged", text: notice,
                    link: "/tickets/\(ticket.id.lowercasedString)")
            )
        }
        return ticket
    }

    /// Closes the open flags on `dataset` whose value a load or an edit has changed (or whose record is gone),
    /// each with an event saying so; returns how many. The flag's turnaround is then counted in the scores.
    @discardableResult
    public func resolveFlags(on dataset: Dataset, by cause: String, at time: Date = Date()) async throws -> Int {
        let open = try await database.read { sql in
            try await sql.raw(
                """
                SELECT id, record_key, field_name, flagged_value FROM tickets
                WHERE kind = 'flagged-value' AND dataset_code = \(bind: dataset.code) AND status <> 'closed'
                """
            ).all().map { row in
                (
                    id: try row.uuid("id"), key: try row.optionalText("record_key") ?? "", field: try row.optionalText("field_name") ?? "",
                    value: try row.optionalText("flagged_value")
                )
            }
        }
        guard !open.isEmpty else { return 0 }
        let schema = try await DatasetStore(database: database).schema(of: dataset)
        let hosted = HostedDataStore(database: database)
        var resolved = 0
        for flag in open {
            let key = schema.primaryKey.count > 1 ? flag.key.split(separator: ",", omittingEmptySubsequences: false).map(String.init) : [flag.key]
            let record: [RecordValue]?
            do {
                record = try await hosted.record(of: dataset, schema: schema, key: key)
            } catch {
                continue  // not looked up (a key that no longer fits the schema, a database error): left open
            }
            let current = schema.fields.firstIndex { $0.name == flag.field }.flatMap { index in record?[index].text }
            guard current != flag.value else { continue }
            let note = record == nil ? Messages.qualityFlagRecordGone.format(cause) : Messages.qualityFlagFixed.format(cause)
            try await database.write { sql in
                let rows = try await sql.raw(
                    """
                    UPDATE tickets SET status = 'closed', resolved_at = \(bind: Timestamp.string(time)),
                        answered_at = COALESCE(answered_at, \(bind: Timestamp.string(time)))
                    WHERE id = \(bind: flag.id.lowercasedString) AND status <> 'closed' RETURNING id
                    """
                ).all()
                guard !rows.isEmpty else { return }
                try await TicketStore.addEvent(sql, flag.id, Ticket.Event(kind: .closed, at: time, by: "system", note: note.vi + " / " + note.en))
            }
            resolved += 1
        }
        return resolved
    }
}

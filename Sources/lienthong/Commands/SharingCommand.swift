import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong sharing purposes|requests|show|escalate|grants|revoke|scoreboard|outbox`: the sharing workflow
/// for an operator, with the same rules as the web and the API.
struct SharingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sharing", abstract: "Access requests, grants, deadlines, the scoreboard and the e-mail outbox.",
        subcommands: [
            Purposes.self, AddPurpose.self, Requests.self, Show.self, Escalate.self, Grants.self, Revoke.self, Scoreboard.self, Outbox.self,
        ])

    struct Purposes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the purposes of use.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let purposes = try await storage.withDatabase { try await SharingStore(database: $0).purposes() }
            try format.print(purposes, headers: ["CODE", "VIETNAMESE", "ENGLISH"]) { [$0.code, $0.nameVi, $0.nameEn] }
        }
    }

    struct AddPurpose: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-purpose", abstract: "Add a purpose of use to the coordinator's list.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Lowercase ASCII, digits and '-'.") var code: String
        @Option(help: "The Vietnamese name.") var nameVi: String
        @Option(help: "The English name.") var nameEn: String

        func run() async throws {
            try await storage.withDatabase { database in
                _ = try await SharingStore(database: database).addPurpose(Purpose(code: code, nameVi: nameVi, nameEn: nameEn))
                try await OperatorAudit.record(database, "purpose.create", resource: "purpose:\(code)", agencyCode: nil)
            }
            print("Added purpose \(code).")
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List access requests, newest first.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only requests sent to this agency.") var owner: String?
        @Option(help: "Only requests sent by this agency.") var requester: String?
        @Option(help: "Only requests in this status (pending, escalated, granted, partly-granted, refused, ordered, upheld, withdrawn).")
        var status: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            var filter = SharingStore.RequestFilter(ownerAgencyCode: owner, requesterAgencyCode: requester)
            if let status {
                guard let value = AccessRequestStatus(rawValue: status) else { throw ValidationError("unknown status '\(status)'") }
                filter.statuses = [value]
            }
            let requests = try await storage.withDatabase { try await SharingStore(database: $0).requests(filter) }
            try format.print(requests, headers: ["ID", "DATASET", "REQUESTER", "OWNER", "PURPOSE", "DUE", "STATUS"]) {
                [
                    $0.id.lowercasedString, $0.datasetCode, $0.requesterAgencyCode, $0.ownerAgencyCode, $0.purposeCode, $0.dueOn.description,
                    $0.status.rawValue,
                ]
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one request with its timeline, as JSON.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The request's id.") var id: String

        struct Shown: Encodable {
            let request: AccessRequest
            let events: [AccessRequestEvent]
        }

        func run() async throws {
            guard let uuid = UUID(uuidString: id),
                let record = try await storage.withDatabase({ try await SharingStore(database: $0).request(id: uuid) })
            else { throw ValidationError("there is no access request \(id)") }
            try OutputFormat.printJSON(Shown(request: record.request, events: record.events))
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Escalate unanswered requests whose deadline has passed and remind of grants ending within 14 days (servers do it every minute).")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let calendar = try Environment.calendar()
            let result = try await storage.withDatabase { database in
                try await SharingStore(database: database).runDeadlines(calendar: calendar, audit: AuditStore(database: database))
            }
            print("Escalated \(result.escalated.count) request(s); reminded of \(result.reminded.count) grant(s).")
            for request in result.escalated {
                print(
                    "  \(request.id.lowercasedString)  \(request.datasetCode)  \(request.requesterAgencyCode) → \(request.ownerAgencyCode), due \(request.dueOn)"
                )
            }
        }
    }

    struct Grants: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List grants, newest first.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "Only grants held by this agency.") var consumer: String?
        @Option(help: "Only grants on this agency's datasets.") var owner: String?
        @Flag(help: "Only grants in force now.") var active = false
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let filter = SharingStore.GrantFilter(consumerAgencyCode: consumer, ownerAgencyCode: owner, activeAt: active ? Date() : nil)
            let grants = try await storage.withDatabase { try await SharingStore(database: $0).grants(filter) }
            let now = Date()
            try format.print(grants, headers: ["ID", "DATASET", "CONSUMER", "FIELDS", "PURPOSES", "ROWS", "UNTIL", "STATE"]) {
                [
                    $0.id.lowercasedString, $0.datasetCode, $0.consumerAgencyCode, $0.fields.joined(separator: ","),
                    $0.purposes.joined(separator: ","), $0.rowFilter?.text ?? "all", $0.validUntil?.ISO8601Format() ?? "-",
                    $0.state(at: now).rawValue,
                ]
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a grant; every server stops honouring it within one second.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The grant's id.") var id: String
        @Option(help: "Why (recorded and sent to both agencies).") var reason: String

        func run() async throws {
            guard let uuid = UUID(uuidString: id) else { throw ValidationError("there is no grant \(id)") }
            let grant = try await storage.withDatabase { database in
                let store = SharingStore(database: database)
                guard let grant = try await store.grant(id: uuid) else { throw ValidationError("there is no grant \(id)") }
                let text = try await store.notices().revoked(grant, reason: reason)
                let owner = try await store.datasetOwners()[grant.datasetCode]
                let revoked = try await store.revoke(
                    uuid, by: OperatorAudit.actor.id, reason: reason, notices: [(grant.consumerAgencyCode, text)] + (owner.map { [($0, text)] } ?? [])
                )
                try await OperatorAudit.record(database, "grant.revoke", resource: "grant:\(id.lowercased())", agencyCode: owner)
                return revoked
            }
            print("Revoked grant \(grant.id.lowercasedString) on \(grant.datasetCode) held by \(grant.consumerAgencyCode).")
        }
    }

    struct Scoreboard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Who shares and who does not, per agency, from live data.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let calendar = try Environment.calendar()
            let board = try await storage.withDatabase { try await SharingStore(database: $0).scoreboard(calendar: calendar) }
            try format.print(
                board.lines,
                headers: [
                    "AGENCY", "OPEN", "SHARED", "PRIVATE", "RECEIVED", "ON TIME", "LATE", "PENDING", "OVERDUE", "ESCALATED", "REFUSED", "MEDIAN DAYS",
                    "CONSUMERS", "READS",
                ]
            ) { line in
                let counts: [Int] = [
                    line.datasetsOpen, line.datasetsShared, line.datasetsPrivate, line.received, line.answeredOnTime, line.answeredLate,
                    line.pendingInTerm, line.overdue, line.escalated, line.refused,
                ]
                let median = line.medianAnswerDays.map { String(format: "%.1f", $0) } ?? "-"
                let name = line.agencyCode + (line.holdsBack ? " *" : "")
                return [name] + counts.map(String.init) + [median, String(line.consumers), String(line.readsServed)]
            }
            if format == .table { print("* not sharing yet, or leaving requests overdue or refused") }
        }
    }

    struct Outbox: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the notifications not yet e-mailed, one JSON object per line, for a relay to send.",
            discussion: "With --mark-sent, marks the printed ones as e-mailed; run it after the relay has sent them.")
        @OptionGroup var storage: StorageOptions
        @Flag(help: "Mark the printed notifications as e-mailed.") var markSent = false

        struct Line: Encodable {
            let id: String
            let agency: String
            let createdAt: Date
            let kind: String
            let subjectVi: String
            let subjectEn: String
            let link: String
        }

        func run() async throws {
            let pending = try await storage.withDatabase { database in
                let store = SharingStore(database: database)
                let pending = try await store.outbox()
                if markSent { _ = try await store.markEmailed(pending.map(\.id)) }
                return pending
            }
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            for notice in pending {
                let line = Line(
                    id: notice.id.lowercasedString, agency: notice.agencyCode, createdAt: notice.createdAt, kind: notice.kind,
                    subjectVi: notice.text.vi, subjectEn: notice.text.en, link: notice.link)
                print(String(decoding: try encoder.encode(line), as: UTF8.self))
            }
        }
    }
}

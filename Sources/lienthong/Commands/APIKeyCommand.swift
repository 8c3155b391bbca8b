import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong apikey create|list|rotate|revoke`.
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Manage API keys of agency systems.",
        subcommands: [Create.self, List.self, Rotate.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register an agency system and print its key (shown once, on the last line).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The code of the system's agency.") var agency: String
        @Option(help: "The system's name, unique within the agency.") var name: String
        @Option(help: "When the key stops working: YYYY-MM-DD or an ISO 8601 time.") var expires: String?

        func run() async throws {
            let expiresAt = try expires.map(Self.parseExpiry)
            let issued = try await storage.withDatabase { database in
                let issued = try await DirectoryStore(database: database).createAPIClient(
                    agencyCode: agency, name: name, expiresAt: expiresAt)
                try await OperatorAudit.record(
                    database, "apiClient.create", resource: "apiClient:\(issued.client.id.lowercasedString)", agencyCode: agency)
                return issued
            }
            print("Created API client \(issued.client.id.lowercasedString) for \(agency). Keep the key safe; it is not shown again:")
            print(issued.key.value)
        }

        static func parseExpiry(_ text: String) throws -> Date {
            if let day = CivilDate(iso: text) {
                return Date(timeIntervalSince1970: TimeInterval(day.dayNumber * 86_400))
            }
            if let time = try? Date(text, strategy: .iso8601) { return time }
            throw ValidationError("--expires takes YYYY-MM-DD or an ISO 8601 time, not '\(text)'")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List API clients (never their keys).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Only the clients of this agency.") var agency: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        struct Row: Encodable {
            let id: UUID
            let agency: String
            let name: String
            let keyPrefix: String
            let created: Date
            let expires: Date?
            let lastUsed: Date?
            let revoked: Date?
        }

        func run() async throws {
            let clients = try await storage.withDatabase { try await DirectoryStore(database: $0).apiClients(agencyCode: agency) }
            let rows = clients.map {
                Row(
                    id: $0.id, agency: $0.agencyCode, name: $0.name, keyPrefix: $0.keyPrefix, created: $0.createdAt,
                    expires: $0.expiresAt, lastUsed: $0.lastUsedAt, revoked: $0.revokedAt)
            }
            try format.print(rows, headers: ["ID", "AGENCY", "NAME", "KEY", "CREATED", "EXPIRES", "LAST USED", "REVOKED"]) {
                [
                    $0.id.lowercasedString, $0.agency, $0.name, $0.keyPrefix + "…", Optional($0.created).cell,
                    $0.expires.cell, $0.lastUsed.cell, $0.revoked.cell,
                ]
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a client a new key (its grants stay); the old key stops at once. Prints the new key last.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The client's id (from 'apikey list').") var id: String

        func run() async throws {
            let clientID = try APIKeyCommand.parseID(id)
            let issued = try await storage.withDatabase { database in
                let issued = try await DirectoryStore(database: database).rotateAPIKey(id: clientID)
                try await OperatorAudit.record(
                    database, "apiClient.rotate", resource: "apiClient:\(clientID.lowercasedString)",
                    agencyCode: issued.client.agencyCode)
                return issued
            }
            print("New key for \(issued.client.name) (\(issued.client.agencyCode)); the old key no longer works:")
            print(issued.key.value)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a client's key for good (every node refuses it within a second).")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The client's id (from 'apikey list').") var id: String

        func run() async throws {
            let clientID = try APIKeyCommand.parseID(id)
            let client = try await storage.withDatabase { database in
                let client = try await DirectoryStore(database: database).revokeAPIClient(id: clientID)
                try await OperatorAudit.record(
                    database, "apiClient.revoke", resource: "apiClient:\(clientID.lowercasedString)", agencyCode: client.agencyCode)
                return client
            }
            print("Revoked the key of \(client.name) (\(client.agencyCode)).")
        }
    }

    static func parseID(_ text: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw ValidationError("'\(text)' is not a client id (a UUID)") }
        return id
    }
}

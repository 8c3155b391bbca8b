import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong security anomalies`: the security officer's anomalies from the command line.
struct SecurityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security", abstract: "Anomalies in the audit log, for the security officer.", subcommands: [Anomalies.self])

    struct Anomalies: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List systems reading many people in an hour, bursts of refusals, reads at night and keys used from a new address.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "How many days back to look.") var days: Int = 7
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            guard (1...90).contains(days) else { throw ValidationError("--days takes 1 to 90") }
            let anomalies = try await storage.withDatabase { try await AuditStore(database: $0).anomalies(days: days) }
            try format.print(anomalies, headers: ["HOUR", "KIND", "ACTOR", "AGENCY", "COUNT", "DETAIL"]) {
                [
                    $0.hour.ISO8601Format(), $0.kind.rawValue, "\($0.actor.kind.rawValue):\($0.actor.id)", $0.agencyCode ?? "-", String($0.count),
                    $0.detail ?? "",
                ]
            }
        }
    }
}

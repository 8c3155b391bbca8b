import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong catalog publish|publications|show|changes`: the coordinator's catalog publications.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "Publish and read the catalog of shared data (danh mục dữ liệu dùng chung).",
        subcommands: [Publish.self, Publications.self, Show.self, Changes.self])

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Snapshot the published open and shared datasets as the next numbered publication (it never changes).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "A note printed with the publication.") var note: String = ""

        func run() async throws {
            let publication = try await storage.withDatabase { database in
                let publication = try await PublicationStore(database: database).publish(note: note, by: OperatorAudit.actor.id)
                try await OperatorAudit.record(
                    database, "catalog.publish", resource: "catalog-publication:\(publication.number)#sha256=\(publication.sha256)",
                    agencyCode: nil)
                return publication
            }
            print("Published catalog no. \(publication.number): \(publication.entries.count) datasets, SHA-256 \(publication.sha256).")
        }
    }

    struct Publications: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the publications, newest first.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let summaries = try await storage.withDatabase { try await PublicationStore(database: $0).summaries() }
            try format.print(summaries, headers: ["NUMBER", "PUBLISHED", "DATASETS", "BY", "NOTE"]) {
                [String($0.number), $0.publishedAt.ISO8601Format(), String($0.datasetCount), $0.publishedBy, $0.note]
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one publication as a table, JSON or CSV.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The publication's number.") var number: Int
        @Option(help: "table, json, csv, or DCAT-AP as ttl or jsonld.") var format: String = "table"
        @Option(help: "The public base URL for DCAT IRIs (env LIENTHONG_PUBLIC_URL).")
        var publicURL: String = ProcessInfo.processInfo.environment["LIENTHONG_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        @Option(help: "vi or en: the language of the CSV's column names and titles.") var language: String = "vi"

        func run() async throws {
            guard let publication = try await storage.withDatabase({ try await PublicationStore(database: $0).publication(number) }) else {
                throw ValidationError("there is no publication \(number)")
            }
            switch format {
            case "csv": print(publication.csv(Language(rawValue: language) ?? .vi), terminator: "")
            case "json": try OutputFormat.printJSON(publication)
            case "ttl", "jsonld":
                let graph = DCATExport(baseURL: publicURL).publication(publication)
                print(format == "ttl" ? graph.turtle() : graph.jsonLD(), terminator: "")
            case "table":
                print("Catalog no. \(publication.number), \(publication.publishedAt.ISO8601Format()), SHA-256 \(publication.sha256)")
                try OutputFormat.table.print(publication.entries, headers: ["CODE", "AGENCY", "SHARING", "TITLE"]) {
                    [$0.code, $0.ownerAgencyCode, $0.sharingLevel.rawValue, $0.titleVi]
                }
            default: throw ValidationError("--format must be table, json, csv, ttl or jsonld")
            }
        }
    }

    struct Changes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What changed between two publications: added, removed, changed.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The earlier publication's number.") var from: Int
        @Argument(help: "The later publication's number.") var to: Int
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let (old, new) = try await storage.withDatabase { database in
                let store = PublicationStore(database: database)
                return (try await store.publication(from), try await store.publication(to))
            }
            guard let old, let new else { throw ValidationError("there is no publication \(old == nil ? from : to)") }
            let comparison = PublicationComparison(from: old, to: new)
            switch format {
            case .json: try OutputFormat.printJSON(comparison)
            case .table:
                for entry in comparison.added { print("+ \(entry.code)  \(entry.titleVi)") }
                for entry in comparison.removed { print("- \(entry.code)  \(entry.titleVi)") }
                for entry in comparison.changed {
                    print("~ \(entry.code)  " + entry.changes.map { "\($0.attribute): \($0.from) → \($0.to)" }.joined(separator: "; "))
                }
                if comparison.isEmpty { print("No changes between \(from) and \(to).") }
            }
        }
    }
}

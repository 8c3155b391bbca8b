import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong dataset add|list|show-schema|set-schema|publish|retire`.
struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset", abstract: "Manage the catalog's datasets (danh mục dữ liệu).",
        subcommands: [Add.self, List.self, ShowSchema.self, SetSchema.self, Publish.self, Retire.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a dataset as a draft, with its Table Schema.")

        @OptionGroup var storage: StorageOptions
        @Option(help: "The owner agency's code.") var agency: String
        @Option(help: "The dataset's code: lowercase letters, digits and '-'.") var code: String
        @Option(help: "The Vietnamese title.") var titleVi: String
        @Option(help: "The English title.") var titleEn: String
        @Option(help: "A Frictionless Table Schema (JSON file).") var schema: String
        @Option(help: "open, shared or private (default private).") var sharing: SharingLevel = .private
        @Option(help: "How often it is updated: \(UpdateFrequency.allCases.map(\.rawValue).joined(separator: ", ")).")
        var frequency: UpdateFrequency = .irregular
        @Option(help: "A theme (repeatable).") var theme: [String] = []
        @Option(help: "A keyword (repeatable).") var keyword: [String] = []
        @Option(help: "The Vietnamese description.") var descriptionVi: String = ""
        @Option(help: "The legal basis (a law, decree or decision).") var legalBasis: String = ""

        func run() async throws {
            let tableSchema = try readSchema(schema)
            let dataset = try await storage.withDatabase { database in
                let dataset = try await DatasetStore(database: database).create(
                    Dataset(
                        code: code, ownerAgencyCode: agency, titleVi: titleVi, titleEn: titleEn, descriptionVi: descriptionVi,
                        themes: theme, keywords: keyword, sharingLevel: sharing, updateFrequency: frequency, legalBasis: legalBasis),
                    schema: tableSchema)
                try await OperatorAudit.record(database, "dataset.create", resource: "dataset:\(dataset.code)", agencyCode: agency)
                return dataset
            }
            print("Added dataset \(dataset.code) (\(dataset.titleVi)) as a draft, schema version 1.")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List or search datasets (every status, as the coordinator sees them).")

        @OptionGroup var storage: StorageOptions
        @Option(help: "Words to search, without diacritics if you like.") var query: String = ""
        @Option(help: "Only this agency's datasets.") var agency: String?
        @Option(help: "table or json.") var format: OutputFormat = .table

        struct Row: Encodable {
            let code: String
            let agency: String
            let title: String
            let sharingLevel: String
            let status: String
            let schemaVersion: Int
        }

        func run() async throws {
            let results = try await storage.withDatabase { database in
                try await DatasetStore(database: database).search(
                    CatalogQuery(text: query, agencyCode: agency, viewer: DatasetViewer(isCoordinator: true), limit: 10_000))
            }
            let rows = results.datasets.map {
                Row(
                    code: $0.code, agency: $0.ownerAgencyCode, title: $0.titleVi, sharingLevel: $0.sharingLevel.rawValue,
                    status: $0.status.rawValue, schemaVersion: $0.schemaVersion)
            }
            try format.print(rows, headers: ["CODE", "AGENCY", "SHARING", "STATUS", "SCHEMA", "TITLE"]) {
                [$0.code, $0.agency, $0.sharingLevel, $0.status, "v\($0.schemaVersion)", $0.title]
            }
        }
    }

    struct ShowSchema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show-schema", abstract: "Print a dataset's Table Schema as JSON.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The dataset's code.") var code: String
        @Option(help: "A schema version (default: the latest).") var version: Int?

        func run() async throws {
            let schema = try await storage.withDatabase { database in
                let store = DatasetStore(database: database)
                guard let dataset = try await store.dataset(code) else { throw CatalogError.unknownDataset(code) }
                return try await store.schema(of: dataset, version: version)
            }
            try OutputFormat.printJSON(schema)
        }
    }

    struct SetSchema: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-schema", abstract: "Give a dataset a new schema version; says whether it breaks readers.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The dataset's code.") var code: String
        @Argument(help: "A Frictionless Table Schema (JSON file).") var file: String

        func run() async throws {
            let schema = try readSchema(file)
            let change = try await storage.withDatabase { database in
                let change = try await DatasetStore(database: database).setSchema(schema, for: code)
                try await OperatorAudit.record(database, "dataset.schema", resource: "dataset:\(code)/schema:\(change.version)", agencyCode: nil)
                return change
            }
            print("Schema version \(change.version) of \(code)\(change.breaking ? " (breaking: readers of the previous version must change)" : "").")
        }
    }

    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Publish a dataset in the catalog.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The dataset's code.") var code: String

        func run() async throws { try await changeStatus(storage, code, to: .published) }
    }

    struct Retire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Retire a published dataset.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The dataset's code.") var code: String

        func run() async throws { try await changeStatus(storage, code, to: .retired) }
    }
}

/// Moves a dataset to `status` and records it.
private func changeStatus(_ storage: StorageOptions, _ code: String, to status: DatasetStatus) async throws {
    let dataset = try await storage.withDatabase { database in
        let dataset = try await DatasetStore(database: database).setStatus(status, for: code)
        let action = status == .published ? "dataset.publish" : "dataset.retire"
        try await OperatorAudit.record(database, action, resource: "dataset:\(code)", agencyCode: dataset.ownerAgencyCode)
        return dataset
    }
    print("\(dataset.code) is now \(dataset.status.rawValue).")
}

/// Reads and checks a Table Schema file, with one clear line when it is not one.
private func readSchema(_ path: String) throws -> TableSchema {
    guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
    let schema: TableSchema
    do {
        schema = try JSONDecoder().decode(TableSchema.self, from: data)
    } catch {
        throw ValidationError("\(path) is not a Table Schema (JSON with \"fields\"): \(error.localizedDescription)")
    }
    if let problem = schema.problems().first {
        throw ValidationError("\(path): \(problem.path): \(problem.message.en)")
    }
    return schema
}

extension SharingLevel: ExpressibleByArgument {}
extension UpdateFrequency: ExpressibleByArgument {}

import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong export DATASET`: writes a dataset's records as CSV, NDJSON or a JSON array, streamed, with the
/// records API's filters, sort and projection.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a dataset's records as CSV, NDJSON or a JSON array, streamed.",
        discussion: """
            Filters take the API's form without the brackets around the field: --filter ma_phuong=00004,
            --filter 'so_luong[ge]=5', --filter 'ten[prefix]=Phở', --filter 'mst[null]=true'. The export is
            recorded in the audit log.
            """)

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The dataset's code.") var dataset: String
    @Option(help: "csv, ndjson or json.") var format: String = "csv"
    @Option(help: "Write to this file instead of standard output.") var output: String?
    @Option(help: "FIELD=VALUE or FIELD[OP]=VALUE, OP one of \(RecordQuery.Operator.allCases.map(\.rawValue).joined(separator: ", ")) (repeatable).")
    var filter: [String] = []
    @Option(help: "Sort keys, comma-separated, '-' for descending (write --sort=-field).") var sort: String?
    @Option(help: "The fields to write, comma-separated.") var fields: String?
    @Option(help: "The schema version to read (default: the newest).") var schemaVersion: Int?

    func run() async throws {
        guard let recordFormat = RecordFormat(rawValue: format) else { throw ValidationError("--format must be csv, ndjson or json") }
        var items: [(key: String, value: String)] = []
        for condition in filter {
            let parts = condition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw ValidationError("--filter \(condition): write FIELD=VALUE or FIELD[OP]=VALUE") }
            items.append(("filter[" + parts[0].replacingOccurrences(of: "[", with: "][") + (parts[0].contains("[") ? "" : "]"), String(parts[1])))
        }
        if let sort { items.append(("sort", sort)) }
        if let fields { items.append(("fields", fields)) }
        if let schemaVersion { items.append(("schemaVersion", String(schemaVersion))) }
        let written = try await storage.withDatabase { database in
            let datasets = DatasetStore(database: database)
            guard let found = try await datasets.dataset(dataset) else { throw CatalogError.unknownDataset(dataset) }
            let version = try RecordQuery.schemaVersion(in: items) ?? found.schemaVersion
            let schema = try await datasets.schema(of: found, version: version)
            let query = try RecordQuery(items: items, schema: schema)
            // The file is made only once the query is known to be good, so a mistyped filter leaves it as it was.
            let sink = try Self.sink(output)
            defer { if output != nil { try? sink.close() } }
            let written = try await HostedDataStore(database: database).export(found, schema: schema, query: query, format: recordFormat) {
                try sink.write(contentsOf: Data($0.utf8))
            }
            try await OperatorAudit.record(database, "records.export", resource: "dataset:\(found.code)", agencyCode: found.ownerAgencyCode)
            return written
        }
        if let output {
            FileHandle.standardError.write(Data("Wrote \(written) records to \(output).\n".utf8))
        }
    }

    /// Standard output, or `path` made empty.
    static func sink(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationError("cannot write \(path)")
        }
        return handle
    }
}

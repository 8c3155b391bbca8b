import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong import DATASET FILE`: loads a CSV into a dataset, streamed, with the same rules as the API.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Load a CSV (comma, semicolon or tab), NDJSON or JSON-array file, UTF-8, into a dataset.",
        discussion: """
            FILE may also be a Frictionless Data Package (datapackage.json): the resource named like the dataset
            (or its only resource) is loaded from its local path, relative to the package. The load is one transaction: with --mode replace the old rows are swapped for the new at once; with
            --on-error reject (the default) any bad row leaves the data as it was. The load report is printed,
            and the exit status is 1 when the load was refused.
            """)

    @OptionGroup var storage: StorageOptions
    @Argument(help: "The dataset's code.") var dataset: String
    @Argument(help: "The file to load.") var file: String
    @Option(help: "replace or upsert.") var mode: LoadOptions.Mode = .replace
    @Option(help: "reject or skip.") var onError: LoadOptions.OnError = .reject
    @Option(help: "csv, ndjson or json (default: from the file's extension: .ndjson/.jsonl, .json, else csv).") var fileFormat: LoadOptions.Format?
    @Option(help: "table or json (the whole report).") var format: OutputFormat = .table

    func run() async throws {
        var file = self.file
        var packagedFormat: LoadOptions.Format?
        if let resource = try Self.packagedResource(file, dataset: dataset) {
            file = resource.path
            packagedFormat = resource.format
        }
        guard let chunks = FileChunks(path: file) else { throw ValidationError("cannot read \(file)") }
        let (report, run) = try await storage.withDatabase { database in
            let datasets = DatasetStore(database: database)
            guard let found = try await datasets.dataset(dataset) else { throw CatalogError.unknownDataset(dataset) }
            let (report, run) = try await QualityRunner(database: database).load(
                chunks, into: found, schema: try await datasets.schema(of: found),
                options: LoadOptions(
                    mode: mode, onError: onError,
                    format: fileFormat ?? packagedFormat ?? LoadOptions.Format(fileName: file)),
                loadedBy: OperatorAudit.actor.id)
            try await OperatorAudit.record(
                database, "dataset.load", resource: "dataset:\(found.code)/load:\(report.id.lowercasedString)",
                agencyCode: found.ownerAgencyCode)
            return (report, run)
        }
        switch format {
        case .json:
            try OutputFormat.printJSON(report)
        case .table:
            print(
                "\(report.outcome == "loaded" ? "Loaded" : "Refused"): \(report.rowsRead) rows read, \(report.rowsLoaded) loaded, \(report.rowsRejected) rejected."
            )
            for error in report.errors.prefix(20) {
                let place = [error.row.map { "row \($0)" }, error.field].compactMap { $0 }.joined(separator: ", ")
                print("  \(place): \(error.type)\(error.rule.map { " (\($0))" } ?? "")\(error.value.map { ": \($0)" } ?? "")")
            }
            if report.errors.count > 20 { print("  … \(report.errors.count - 20) more (use --format json)") }
            if let run {
                let scores = QualityCriterion.allCases.map { criterion in
                    "\(criterion.vietnamese) \(run.scores[criterion].map { String(format: "%.0f", $0) } ?? "—")"
                }
                print("Quality: " + scores.joined(separator: " · ") + "  (lienthong quality show \(run.datasetCode))")
            }
        }
        if report.outcome != "loaded" { throw ExitCode(1) }
    }
}

extension ImportCommand {
    /// When `file` is a Data Package (a JSON object with `resources`), the file of the resource to load and its
    /// format; nil for any other file.
    static func packagedResource(_ file: String, dataset: String) throws -> (path: String, format: LoadOptions.Format)? {
        guard file.lowercased().hasSuffix(".json"), let data = FileManager.default.contents(atPath: file),
            data.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF })
                == UInt8(ascii: "{"),
            let package = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let resources = package["resources"] as? [[String: Any]]
        else { return nil }
        guard let resource = resources.first(where: { $0["name"] as? String == dataset }) ?? (resources.count == 1 ? resources.first : nil)
        else { throw ValidationError("the data package has no resource named \(dataset)") }
        guard let path = resource["path"] as? String, !path.contains("://"), !path.hasPrefix("/"), !path.contains("..") else {
            throw ValidationError("the resource \(dataset) must have a local, relative path (inline data and URLs are not loaded)")
        }
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        let format: LoadOptions.Format
        switch (resource["format"] as? String)?.lowercased() {
        case "csv", "tsv": format = .csv
        case "ndjson", "jsonl": format = .ndjson
        case "json": format = .json
        default: format = LoadOptions.Format(fileName: path)
        }
        return (directory.appendingPathComponent(path).path, format)
    }
}

extension LoadOptions.Mode: ExpressibleByArgument {}
extension LoadOptions.OnError: ExpressibleByArgument {}
extension LoadOptions.Format: ExpressibleByArgument {}

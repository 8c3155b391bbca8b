import ArgumentParser
import Foundation
import Lienthong
import LienthongStore

/// `lienthong quality check|run|show|league`: a steward checks a file before loading it; an operator checks a stored
/// dataset, reads its latest run, and the city's league table.
struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality", abstract: "Check data on the six criteria (đúng - đủ - sạch - sống - thống nhất - dùng chung).",
        subcommands: [Check.self, Run.self, Show.self, League.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a stored dataset now (its rows, its rules file, the dataset-wide rules) and keep the run.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The dataset's code.") var dataset: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let run = try await storage.withDatabase { database in
                guard let found = try await DatasetStore(database: database).dataset(dataset) else { throw CatalogError.unknownDataset(dataset) }
                let run = try await QualityRunner(database: database).run(found, trigger: .demand)
                try await OperatorAudit.record(
                    database, "quality.run", resource: "dataset:\(found.code)/quality-run:\(run.id.lowercasedString)",
                    agencyCode: found.ownerAgencyCode)
                return run
            }
            try Show.print(run, format: format)
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a dataset's latest quality run: the six scores and every rule's counts.")
        @OptionGroup var storage: StorageOptions
        @Argument(help: "The dataset's code.") var dataset: String
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let run = try await storage.withDatabase(migrate: false) { database -> QualityRun? in
                guard let found = try await DatasetStore(database: database).dataset(dataset) else { throw CatalogError.unknownDataset(dataset) }
                return try await QualityStore(database: database).runs(of: found, limit: 1).first
            }
            guard let run else {
                FileHandle.standardError.write(Data("lienthong: \(dataset) has no quality run yet (lienthong quality run \(dataset))\n".utf8))
                throw ExitCode(1)
            }
            try Self.print(run, format: format)
        }

        static func print(_ run: QualityRun, format: OutputFormat) throws {
            switch format {
            case .json: try OutputFormat.printJSON(QualityCheckOutput(file: run.datasetCode, report: run.report))
            case .table: try Check.printTable(run.report, name: "\(run.datasetCode) (\(run.trigger.rawValue))")
            }
        }
    }

    struct League: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The city's quality score and each agency's, best first.")
        @OptionGroup var storage: StorageOptions
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() async throws {
            let (agencies, city) = try await storage.withDatabase(migrate: false) { try await QualityStore(database: $0).scorecards() }
            func cell(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }
            try format.print(
                [city] + agencies, headers: ["AGENCY", "OVERALL"] + QualityCriterion.allCases.map { $0.rawValue.uppercased() } + ["DATASETS"]
            ) {
                card in [card.code, cell(card.overall)] + QualityCriterion.allCases.map { cell(card.scores[$0]) } + [String(card.members)]
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a CSV file against a Table Schema and a rules file, before loading it.",
            discussion: """
                Every rule's exact counts (no error limit): tested, failed, and up to 100 sample row numbers
                (the header is row 1). docs/quality.md describes the rules, the rules file and the scores.
                Exits 0 when nothing failed, 1 when a rule found something, 2 when the input cannot be used
                (no such file, not UTF-8, not CSV, a wrong schema or rules file).
                """)

        @Argument(help: "The CSV file (UTF-8; comma, semicolon or tab).") var file: String
        @Option(help: "The Table Schema (JSON) the file should follow.") var schema: String
        @Option(help: "A rules file (JSON) for what a Table Schema cannot say: references, freshness, coverage, cross-field rules.")
        var rules: String?
        @Option(help: "The clock for freshness and 'not in the future': YYYY-MM-DD (midnight, Vietnam time) or an ISO 8601 time. Default: now.")
        var asOf: String?
        @Option(
            help: "Another dataset's rows for exists-in, agrees-with and foreign-key rules: DATASET=FILE.csv (repeat the option).")
        var lookup: [String] = []
        @Option(help: "table or json.") var format: OutputFormat = .table

        func run() throws {
            let report: QualityReport
            do {
                let schema = try Self.decodeSchema(at: self.schema)
                let rules = try self.rules.map { path throws(QualityInputError) in try QualityRules.decode(try Self.contents(of: path)) } ?? .init()
                let clock = try asOf.map(Self.parseClock) ?? Date()
                let lookups = try Self.lookups(lookup, rules: rules, schema: schema)
                report = try QualityChecker.check(file: file, schema: schema, rules: rules, asOf: clock, lookups: lookups)
            } catch {
                FileHandle.standardError.write(Data("lienthong: error: \(error.message.en)\nlienthong: lỗi: \(error.message.vi)\n".utf8))
                throw ExitCode(2)
            }
            switch format {
            case .json: try OutputFormat.printJSON(QualityCheckOutput(file: file, report: report))
            case .table: try Self.printTable(report, name: file)
            }
            if report.hasFindings { throw ExitCode(1) }
        }

        static func printTable(_ report: QualityReport, name: String) throws {
            let seconds = report.finishedAt.timeIntervalSince(report.startedAt)
            print("\(name): \(report.rows) rows in \(String(format: "%.2f", seconds)) s, as of \(report.asOf.ISO8601Format())")
            let scores = report.scores
            for criterion in QualityCriterion.allCases {
                let score = scores[criterion].map { String(format: "%5.1f", $0) } ?? "    —"
                print("  \(score)  \(criterion.vietnamese) / \(criterion.rawValue)")
            }
            print("")
            try OutputFormat.table.print(report.results, headers: ["FIELD", "RULE", "CRITERION", "TESTED", "FAILED", "SAMPLE ROWS"]) { result in
                [
                    result.field, result.rule, result.criterion.rawValue, String(result.tested), String(result.failed),
                    result.samples.prefix(5).map(String.init).joined(separator: ",") + (result.note.map { "  (\($0))" } ?? ""),
                ]
            }
        }

        /// The other datasets' values the rules need, from `DATASET=FILE.csv` options.
        static func lookups(_ options: [String], rules: QualityRules, schema: TableSchema) throws(QualityInputError) -> [String: DatasetLookup] {
            var files: [String: String] = [:]
            for option in options {
                let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw .file(LocalizedText(vi: "--lookup nhận DATASET=FILE.csv: \(option)", en: "--lookup takes DATASET=FILE.csv: \(option)"))
                }
                files[parts[0]] = parts[1]
            }
            var lookups: [String: DatasetLookup] = [:]
            for (dataset, field, attributes) in rules.lookupsNeeded(schema: schema) {
                guard let path = files[dataset] else { continue }
                let name = DatasetLookup.name(dataset: dataset, field: field)
                var lookup = lookups[name] ?? DatasetLookup(keys: [])
                do {
                    try lookup.read(csv: path, field: field, attributes: attributes)
                } catch {
                    throw .file(Messages.qualityFileUnreadable.format(path))
                }
                lookups[name] = lookup
            }
            return lookups
        }

        static func contents(of path: String) throws(QualityInputError) -> Data {
            guard let data = FileManager.default.contents(atPath: path) else { throw .file(Messages.qualityFileUnreadable.format(path)) }
            return data
        }

        static func decodeSchema(at path: String) throws(QualityInputError) -> TableSchema {
            let data = try contents(of: path)
            do {
                return try JSONDecoder().decode(TableSchema.self, from: data)
            } catch {
                throw .schema(Messages.qualitySchemaUnusable.format(path, String(describing: error)))
            }
        }

        /// `YYYY-MM-DD` (midnight in Vietnam) or an ISO 8601 time.
        static func parseClock(_ text: String) throws(QualityInputError) -> Date {
            if let day = CivilDate(iso: text), text.count == 10 {
                return Date(timeIntervalSince1970: Double(day.dayNumber * 86_400 - 7 * 3600))
            }
            guard let instant = SchemaField.parseDatetime(text) else {
                throw .rules(
                    LocalizedText(
                        vi: "--as-of phải là YYYY-MM-DD hoặc thời điểm ISO 8601: \(text)", en: "--as-of takes YYYY-MM-DD or an ISO 8601 time: \(text)"
                    ))
            }
            return instant
        }
    }
}

/// The JSON `quality check --format json` prints: the run, the six scores and every rule's counts.
struct QualityCheckOutput: Encodable {
    let file: String
    let rows: Int
    let asOf: Date
    let rulesVersion: String
    let referenceVersion: String
    let seconds: Double
    let scores: [String: Double]
    let rules: [RuleResult]

    init(file: String, report: QualityReport) {
        self.file = file
        rows = report.rows
        asOf = report.asOf
        rulesVersion = report.rulesVersion
        referenceVersion = report.referenceVersion
        seconds = report.finishedAt.timeIntervalSince(report.startedAt)
        scores = report.scores.rounded
        rules = report.results
    }
}

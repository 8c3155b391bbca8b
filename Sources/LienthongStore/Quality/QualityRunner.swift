import Foundation
import Lienthong
import SQLKit

/// Runs a dataset's quality check and keeps the run: the rows' rules (from the load's own pass, or over the stored
/// rows), plus the rules about the dataset as a whole that only the platform knows: how recently it was loaded
/// against its declared frequency (live), how shared it is (metadata, level, grants, consumers, answer times), and
/// the values flagged as wrong and how fast they were fixed.
public struct QualityRunner: Sendable {
    public let database: Database
    let calendar: WorkingDayCalendar

    public init(database: Database, calendar: WorkingDayCalendar = .vietnam()) {
        self.database = database
        self.calendar = calendar
    }

    /// Checks `dataset` and records the run. `fileReport` is the report of the load that just replaced its rows
    /// (the same pass); without one the stored rows are read.
    @discardableResult
    public func run(
        _ dataset: Dataset, trigger: QualityRun.Trigger, fileReport: QualityReport? = nil, loadID: UUID? = nil, now: Date = Date()
    ) async throws -> QualityRun {
        try await run(dataset, trigger: trigger, fileReport: fileReport, loadID: loadID, now: now, lookups: nil)
    }

    /// `run`, with the other datasets' values already read (by a load's pass) when given.
    private func run(
        _ dataset: Dataset, trigger: QualityRun.Trigger, fileReport: QualityReport?, loadID: UUID?, now: Date,
        lookups known: [String: DatasetLookup]?
    ) async throws -> QualityRun {
        let started = Date()
        let catalog = DatasetStore(database: database)
        let schema = try await catalog.schema(of: dataset)
        let (rules, unusable) = try await usableRules(of: dataset, schema: schema)
        var report: QualityReport
        if let fileReport {
            report = fileReport
        } else {
            let lookups: [String: DatasetLookup]
            if let known { lookups = known } else { lookups = try await self.lookups(for: rules, schema: schema) }
            report = try await checkStoredRows(dataset, schema: schema, rules: rules, lookups: lookups, now: now)
        }
        if let unusable { report.results.append(unusable) }
        report.results += try await datasetRules(dataset, now: now)
        // The run's clock is `now` (a run for another day is repeatable); it took as long as it took.
        report.asOf = now
        report.startedAt = now
        report.finishedAt = now.addingTimeInterval(Date().timeIntervalSince(started))
        let run = QualityRun(
            datasetCode: dataset.code, ownerAgencyCode: dataset.ownerAgencyCode, schemaVersion: dataset.schemaVersion, trigger: trigger,
            loadID: loadID, report: report)
        try await QualityStore(database: database).record(run, datasetID: dataset.id)
        return run
    }

    /// Loads `chunks` into `dataset` and checks the records in the same pass; when the load went in, closes the flags
    /// it fixed and keeps a quality run (from the file itself when it replaced every row, else over the stored rows).
    public func load<Chunks: AsyncSequence>(
        _ chunks: Chunks, into dataset: Dataset, schema: TableSchema, options: LoadOptions, loadedBy: String, now: Date = Date()
    ) async throws -> (report: LoadReport, run: QualityRun?) where Chunks.Element == [UInt8] {
        let (rules, _) = try await usableRules(of: dataset, schema: schema)
        let lookups = try await lookups(for: rules, schema: schema)
        let checker = try? QualityChecker(schema: schema, rules: rules, asOf: now, lookups: lookups)
        let (report, quality) = try await HostedDataStore(database: database).load(
            chunks, into: dataset, schema: schema, options: options, loadedBy: loadedBy, checking: checker)
        guard report.outcome == "loaded" else { return (report, nil) }
        try await QualityStore(database: database).resolveFlags(on: dataset, by: "load")
        let fromFile = options.mode == .replace && options.onError == .reject ? quality : nil
        let run = try await run(dataset, trigger: .load, fileReport: fromFile, loadID: report.id, now: now, lookups: lookups)
        return (report, run)
    }

    /// After a record was edited or deleted: closes the flags that fixed, and when any did, keeps a new run so the
    /// fix shows in the scores.
    public func recordChanged(_ dataset: Dataset, now: Date = Date()) async throws {
        let fixed = try await QualityStore(database: database).resolveFlags(on: dataset, by: "edit", at: now)
        if fixed > 0 { try await run(dataset, trigger: .demand, now: now) }
    }

    /// The dataset's rules file, or none when it no longer fits the schema (a new version dropped a field it names):
    /// then a note says so, and the run goes on with the schema's own rules.
    private func usableRules(of dataset: Dataset, schema: TableSchema) async throws -> (QualityRules, RuleResult?) {
        let rules = try await QualityStore(database: database).rules(of: dataset)
        let problems = rules.problems(schema: schema)
        guard !problems.isEmpty else { return (rules, nil) }
        let note = "rules file not run: it does not fit schema version \(dataset.schemaVersion) (\(problems.joined(separator: "; ")))"
        return (QualityRules(), RuleResult(field: "", rule: "rules-file", criterion: .correct, note: note))
    }

    /// Every published dataset with rows: the scheduled run.
    public func runAll(trigger: QualityRun.Trigger = .schedule, now: Date = Date()) async throws -> Int {
        var count = 0
        let everything = CatalogQuery(viewer: DatasetViewer(isAuthenticated: true, isCoordinator: true))
        for (dataset, _) in try await DatasetStore(database: database).searchAll(everything) where dataset.status != .retired {
            try await run(dataset, trigger: trigger, now: now)
            count += 1
        }
        return count
    }

    /// The stored rows, exported as CSV to a temporary file and read by the same checker as a file.
    private func checkStoredRows(
        _ dataset: Dataset, schema: TableSchema, rules: QualityRules, lookups: [String: DatasetLookup], now: Date
    ) async throws -> QualityReport {
        let path = try await exportToTemporaryFile(dataset, schema: schema)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            return try QualityChecker.check(file: path, schema: schema, rules: rules, asOf: now, lookups: lookups)
        } catch {
            throw StoreError.incompatible("quality check of \(dataset.code): \(error.message.en)")
        }
    }

    private func exportToTemporaryFile(_ dataset: Dataset, schema: TableSchema) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-quality-\(UUID()).csv").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw StoreError.incompatible("cannot write a temporary file for the quality check")
        }
        defer { try? handle.close() }
        try await HostedDataStore(database: database).export(dataset, schema: schema, query: RecordQuery(), format: .csv) { text in
            handle.write(Data(text.utf8))
        }
        return path
    }

    /// The other datasets' values the rules file's cross-dataset rules and the schema's foreign keys name, read from
    /// their stored rows.
    private func lookups(for rules: QualityRules, schema: TableSchema) async throws -> [String: DatasetLookup] {
        var lookups: [String: DatasetLookup] = [:]
        let catalog = DatasetStore(database: database)
        for (code, field, attributes) in rules.lookupsNeeded(schema: schema) {
            guard let other = try await catalog.dataset(code) else { continue }
            let otherSchema = try await catalog.schema(of: other)
            guard ([field] + attributes).allSatisfy({ otherSchema.field($0) != nil }) else { continue }
            let path = try await exportToTemporaryFile(other, schema: otherSchema)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let name = DatasetLookup.name(dataset: code, field: field)
            var lookup = lookups[name] ?? DatasetLookup(keys: [])
            try lookup.read(csv: path, field: field, attributes: attributes)
            lookups[name] = lookup
        }
        return lookups
    }

    /// The rules about the dataset as a whole.
    func datasetRules(_ dataset: Dataset, now: Date) async throws -> [RuleResult] {
        let lastLoaded = try await HostedDataStore(database: database).lastLoaded(dataset)
        let since = Timestamp.string(now.addingTimeInterval(-90 * 86_400))
        let (grants, consumers, requests, flags) = try await database.read { sql in
            let grants =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM grants WHERE dataset_code = \(bind: dataset.code) AND revoked_at IS NULL
                        AND valid_from <= \(bind: Timestamp.string(now)) AND (valid_until IS NULL OR valid_until > \(bind: Timestamp.string(now)))
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let consumers =
                try await sql.raw(
                    """
                    SELECT COUNT(DISTINCT COALESCE(agency_code, '-')) AS n FROM audit_entries
                    WHERE dataset_code = \(bind: dataset.code) AND action IN ('gateway.read', 'records.read') AND outcome = 'success'
                        AND COALESCE(agency_code, '-') <> \(bind: dataset.ownerAgencyCode) AND recorded_at >= \(bind: since)
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            let requests = try await sql.raw(
                """
                SELECT due_on, answered_at, status FROM access_requests
                WHERE dataset_code = \(bind: dataset.code) AND submitted_at >= \(bind: Timestamp.string(now.addingTimeInterval(-365 * 86_400)))
                """
            ).all().map { row in
                (dueOn: try row.decode(column: "due_on", as: String.self), answered: try row.optionalDate("answered_at"))
            }
            let flags = try await sql.raw(
                """
                SELECT status, created_at, resolved_at FROM tickets
                WHERE kind = 'flagged-value' AND dataset_code = \(bind: dataset.code) AND created_at >= \(bind: since)
                """
            ).all().map { row in
                (
                    open: try row.decode(column: "status", as: String.self) == "open", created: try row.date("created_at"),
                    resolved: try row.optionalDate("resolved_at")
                )
            }
            return (grants, consumers, requests, flags)
        }
        var results: [RuleResult] = []
        results.append(loadAge(dataset, lastLoaded: lastLoaded, now: now))
        results.append(metadata(dataset))
        let level: Double =
            switch dataset.sharingLevel {
            case .open: 100
            case .shared: 75
            case .private: 0
            }
        results.append(RuleResult(field: "", rule: "sharing-level", criterion: .shared, fixedScore: level, note: dataset.sharingLevel.rawValue))
        let grantScore = dataset.sharingLevel == .open ? 100 : min(Double(grants), 3) / 3 * 100
        results.append(RuleResult(field: "", rule: "grants", criterion: .shared, fixedScore: grantScore, note: "\(grants) active"))
        if dataset.sharingLevel == .open {
            // Open data is read without a key, and such reads are not logged: who uses it cannot be counted.
            results.append(RuleResult(field: "", rule: "consumers-90d", criterion: .shared, note: "open data: reads are not logged"))
        } else {
            results.append(
                RuleResult(
                    field: "", rule: "consumers-90d", criterion: .shared, fixedScore: min(Double(consumers), 3) / 3 * 100,
                    note: "\(consumers) agencies"))
        }
        if !requests.isEmpty {
            let today = CivilDate(vietnam: now)
            let late = requests.filter { request in
                let due = CivilDate(iso: request.dueOn) ?? today
                guard let answered = request.answered else { return today > due }
                return CivilDate(vietnam: answered) > due
            }.count
            var result = RuleResult(field: "", rule: "answer-time", criterion: .shared, tested: requests.count, failed: late)
            result.note = "\(late) of \(requests.count) answered late or not yet"
            results.append(result)
        }
        if !flags.isEmpty {
            var open = RuleResult(field: "", rule: "flags", criterion: .correct, tested: flags.count, failed: flags.filter(\.open).count)
            open.note = "values flagged as wrong in 90 days, still open"
            results.append(open)
            let fixedInTime = flags.filter { flag in
                guard let resolved = flag.resolved else { return false }
                return calendar.workingDays(from: CivilDate(vietnam: flag.created), to: CivilDate(vietnam: resolved)) <= 10
            }.count
            var turnaround = RuleResult(
                field: "", rule: "flag-turnaround", criterion: .shared, tested: flags.count, failed: flags.count - fixedInTime)
            turnaround.note = "fixed within 10 working days"
            results.append(turnaround)
        }
        return results
    }

    /// Live: 100 while the last load is within the declared period, falling to 0 at twice the period.
    func loadAge(_ dataset: Dataset, lastLoaded: Date?, now: Date) -> RuleResult {
        let period: Double =
            switch dataset.updateFrequency {
            case .continuous, .daily: 1
            case .weekly: 7
            case .monthly: 31
            case .quarterly: 92
            case .annual, .irregular: 366
            }
        guard let lastLoaded else {
            return RuleResult(
                field: "", rule: "load-age", criterion: .live, fixedScore: 0, note: "never loaded; declared \(dataset.updateFrequency.rawValue)")
        }
        let age = max(0, now.timeIntervalSince(lastLoaded) / 86_400)
        let score = age <= period ? 100 : max(0, 100 * (1 - (age - period) / period))
        return RuleResult(
            field: "", rule: "load-age", criterion: .live, fixedScore: score,
            note: String(format: "last loaded %.0f days ago; declared %@", age, dataset.updateFrequency.rawValue))
    }

    /// Shared: the share of the catalog's descriptive fields that are filled.
    func metadata(_ dataset: Dataset) -> RuleResult {
        let filled = [
            !dataset.descriptionVi.isEmpty, !dataset.descriptionEn.isEmpty, !dataset.themes.isEmpty, !dataset.keywords.isEmpty,
            !dataset.legalBasis.isEmpty, !dataset.licence.isEmpty, !dataset.contactName.isEmpty, !dataset.contactEmail.isEmpty,
            dataset.status == .published,
        ]
        let missing = ["descriptionVi", "descriptionEn", "themes", "keywords", "legalBasis", "licence", "contactName", "contactEmail", "published"]
            .enumerated().filter { !filled[$0.offset] }.map(\.element)
        return RuleResult(
            field: "", rule: "metadata", criterion: .shared, tested: filled.count, failed: missing.count,
            note: missing.isEmpty ? nil : "missing: " + missing.joined(separator: ", "))
    }
}

import Foundation

/// `lienthong-bench quality FILE.csv`: `lienthong quality check` against Soda Core on DuckDB and `frictionless
/// validate` on the same file in the same run, each as its own process timed end to end (start-up and CSV reading
/// included) with its peak memory (Lienthong and Soda: the median of three runs; frictionless, which takes minutes,
/// once); Lienthong's counts must equal the generator's truth file.
///
/// The anchors come from `../shared/bench/anchors` and their Python environments: `SODA_PYTHON` (a Python with
/// soda-core-duckdb 3.5.6) and `FRICTIONLESS` (the `frictionless` 5.21 command); an anchor that is not installed
/// is reported as skipped.
func benchQuality(_ arguments: [String]) throws {
    guard let csv = arguments.first else { fatalError("usage: lienthong-bench quality FILE.csv [--anchors DIR] [--lienthong BIN]") }
    var anchors = "../shared/bench/anchors"
    var lienthong = ".build/release/lienthong"
    var index = 1
    while index + 1 < arguments.count {
        switch arguments[index] {
        case "--anchors": anchors = arguments[index + 1]
        case "--lienthong": lienthong = arguments[index + 1]
        default: break
        }
        index += 2
    }
    let environment = ProcessInfo.processInfo.environment
    let rules = "Benchmarks/quality/citizens-rules.json"
    let schema = "Benchmarks/quality/citizens-schema.json"
    let truth = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: csv + ".truth.json"))) as? [String: Any] ?? [:]
    let rows = truth["rows"] as? Int ?? 0

    // Lienthong first, then the anchors, each once the file is in the page cache.
    _ = try timed(["/bin/cat", csv])
    // The quick tools run three times and their median run counts (a noisy neighbour moves one run, not three).
    let ours = try median(3) {
        try timed([lienthong, "quality", "check", csv, "--schema", schema, "--rules", rules, "--as-of", "2026-11-01", "--format", "json"])
    }
    let report = try JSONSerialization.jsonObject(with: ours.output) as? [String: Any] ?? [:]
    let mismatches = QualityTruth.mismatches(report: report, truth: truth)
    var lines = [QualityBenchLine(tool: "Lienthong quality check", run: ours, rows: rows)]
    let soda = environment["SODA_PYTHON"] ?? "/tmp/soda-venv/bin/python"
    if FileManager.default.isExecutableFile(atPath: soda) {
        lines.append(
            QualityBenchLine(
                tool: "Soda Core 3.5.6 on DuckDB", run: try median(3) { try timed([soda, anchors + "/bench_soda.py", csv, csv + ".wards.json"]) },
                rows: rows))
    } else {
        print("Soda Core: skipped (set SODA_PYTHON to a Python with soda-core-duckdb==3.5.6)")
    }
    let frictionless = environment["FRICTIONLESS"] ?? FileManager.default.currentDirectoryPath + "/.venv/bin/frictionless"
    if FileManager.default.isExecutableFile(atPath: frictionless) {
        // frictionless reads only paths under its working directory ("not safe" otherwise): run it beside the file.
        let file = URL(fileURLWithPath: csv)
        let schemaCopy = file.deletingLastPathComponent().appendingPathComponent("lienthong-bench-schema.json")
        try? FileManager.default.removeItem(at: schemaCopy)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: schema), to: schemaCopy)
        defer { try? FileManager.default.removeItem(at: schemaCopy) }
        let run = try timed(
            [frictionless, "validate", "--schema", schemaCopy.lastPathComponent, "--limit-errors", "100000000", "--json", file.lastPathComponent],
            in: file.deletingLastPathComponent().path)
        let output = try JSONSerialization.jsonObject(with: run.output) as? [String: Any]
        let errors = (output?["stats"] as? [String: Any])?["errors"] as? Int ?? -1
        print("frictionless found \(errors) errors")
        lines.append(QualityBenchLine(tool: "frictionless 5.21 validate", run: run, rows: rows))
    } else {
        print("frictionless: skipped (set FRICTIONLESS to the frictionless 5.21 command)")
    }
    print("quality check of \(rows) rows (\(csv)), every rule of anchors/schema.json plus the ward reference and freshness:")
    print("| tool | seconds | rows/s | peak RSS | Lienthong is |")
    print("|---|---|---|---|---|")
    for line in lines {
        let ratio = line.tool == lines[0].tool ? "—" : String(format: "%.1fx faster", line.run.seconds / ours.seconds)
        print(String(format: "| %@ | %.2f | %.0f | %.0f MB | %@ |", line.tool, line.run.seconds, line.rowsPerSecond, line.run.peakMB, ratio))
    }
    print(String(format: "target >= 1,000,000 rows/s: %@", lines[0].rowsPerSecond >= 1_000_000 ? "met" : "NOT met"))
    if let soda = lines.first(where: { $0.tool.hasPrefix("Soda") }) {
        print(
            String(format: "target >= 2x Soda: %.2fx, %@", soda.run.seconds / ours.seconds, soda.run.seconds / ours.seconds >= 2 ? "met" : "NOT met"))
    }
    if let frictionless = lines.first(where: { $0.tool.hasPrefix("frictionless") }) {
        let ratio = frictionless.run.seconds / ours.seconds
        print(String(format: "target >= 35x frictionless: %.1fx, %@", ratio, ratio >= 35 ? "met" : "NOT met"))
    }
    let limit = rows > 5_000_000 ? 1_000.0 : 300.0
    print(String(format: "target peak memory < %.0f MB: %.0f MB, %@", limit, ours.peakMB, ours.peakMB < limit ? "met" : "NOT met"))
    print(mismatches.isEmpty ? "counts: every truth-file count reproduced exactly" : "counts: MISMATCH " + mismatches.joined(separator: "; "))
    if !mismatches.isEmpty { exit(1) }
}

/// The run with the median time of `count` runs.
func median(_ count: Int, _ run: () throws -> TimedRun) throws -> TimedRun {
    let runs = try (0..<count).map { _ in try run() }.sorted { $0.seconds < $1.seconds }
    return runs[runs.count / 2]
}

/// One tool's run: wall-clock seconds, peak resident memory, and what it printed.
struct TimedRun {
    let seconds: Double
    let peakMB: Double
    let output: Data
}

/// Runs a command under `/usr/bin/time` (for its peak resident set) and times it.
func timed(_ command: [String], in directory: String? = nil) throws -> TimedRun {
    let process = Process()
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/time")
    let memoryFile = FileManager.default.temporaryDirectory.appendingPathComponent("bench-time-\(UUID()).txt").path
    process.arguments = ["-f", "%M", "-o", memoryFile] + command
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    let start = ContinuousClock.now
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - start
    let kilobytes = (try? String(contentsOfFile: memoryFile, encoding: .utf8))?.split(whereSeparator: \.isNewline).last.flatMap { Double($0) } ?? 0
    try? FileManager.default.removeItem(atPath: memoryFile)
    return TimedRun(seconds: seconds(elapsed), peakMB: kilobytes / 1024, output: data)
}

struct QualityBenchLine {
    let tool: String
    let run: TimedRun
    let rows: Int
    var rowsPerSecond: Double { Double(rows) / run.seconds }
}

/// The generator's truth-file keys and the (field, rule) of `lienthong quality check --format json` that counts each.
enum QualityTruth {
    static let keys: [(truth: String, field: String, rule: String, count: String)] = [
        ("record_id_duplicate_rows", "record_id", "primary-key", "failed"),
        ("record_id_rows_in_dup_groups", "record_id", "primary-key", "rowsInDuplicateGroups"),
        ("cccd_bad_pattern", "cccd", "pattern", "failed"),
        ("birth_date_unparseable", "birth_date", "type", "failed"),
        ("full_name_missing", "full_name", "required", "failed"),
        ("ward_code_not_in_reference", "ward_code", "reference:wards-2025", "failed"),
        ("ward_code_not_in_reference", "ward_code", "enum", "failed"),
        ("phone_bad_pattern", "phone", "pattern", "failed"),
        ("updated_at_older_than_365d", "updated_at", "freshness", "failed"),
        ("amount_negative", "amount", "minimum", "failed"),
    ]

    static func mismatches(report: [String: Any], truth: [String: Any]) -> [String] {
        let rules = report["rules"] as? [[String: Any]] ?? []
        var problems: [String] = []
        if report["rows"] as? Int != truth["rows"] as? Int { problems.append("rows") }
        for key in keys {
            let rule = rules.first { $0["field"] as? String == key.field && $0["rule"] as? String == key.rule }
            let found = rule?[key.count] as? Int
            if found != truth[key.truth] as? Int { problems.append("\(key.truth): \(found.map(String.init) ?? "none") ≠ \(truth[key.truth] ?? "?")") }
        }
        return problems
    }
}

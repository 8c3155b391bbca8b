// lienthong-bench: speed targets measured against anchors on the same machine in the same run.
//
//   swift run -c release lienthong-bench audit [--entries N] [--seconds S] [--writers W]
//   swift run -c release lienthong-bench load FILE.csv SCHEMA.json   (with LIENTHONG_TEST_DATABASE_URL: also PostgreSQL vs \copy)
//   swift run -c release lienthong-bench http [--rows N] [--datasets N] [--seconds S] [--connections C]
//   swift run -c release lienthong-bench gateway [--rows N] [--seconds S] [--connections C] [--only sqlite|postgres]   (with LIENTHONG_TEST_DATABASE_URL: also PostgreSQL)
//     (http and gateway: the load comes from wrk, Debian's package, in a second process)
//     (../shared/bench/gen_citizens.py N FILE.csv --clean and ../shared/bench/anchors/schema.json)
//   swift run -c release lienthong-bench quality FILE.csv   (gen_citizens.py N FILE.csv: against Soda Core and frictionless)
//   swift run -c release lienthong-bench prefill [--rows N] [--iterations N]   (consent → a form prefilled from three agencies)
//
// Audit appends: W concurrent writers, each waiting for its own entry's commit (group commit), for S seconds;
// the anchor is the same load with one transaction per entry. Audit verify: a log of N entries is exported to
// NDJSON as `audit export` writes it; the anchor is `sha256sum` over those bytes; the target is verify >= 0.5 x sha256sum's bytes per second.
// With LIENTHONG_TEST_DATABASE_URL set, appends are also measured on PostgreSQL.
import Foundation
import Lienthong
import LienthongServer
import LienthongStore
import Logging
import SQLKit

struct Options {
    var entries = 200_000
    var seconds = 5.0
    var writers = 256

    init(_ arguments: [String]) {
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? arguments[index + 1] : ""
            switch arguments[index] {
            case "--entries": entries = Int(value) ?? entries
            case "--seconds": seconds = Double(value) ?? seconds
            case "--writers": writers = Int(value) ?? writers
            default: break
            }
            index += 1
        }
    }
}

/// The person every benchmark entry concerns (a keyed hash's length), made once: the load generator shares the cores.
let benchSubject = String(repeating: "ab", count: 32)

func draft(_ index: Int) -> AuditDraft {
    AuditDraft(
        actor: AuditActor(kind: .client, id: "2f1c7a52-6d0e-4c43-9d57-3c1f6a1b8e0\(index % 10)"), agencyCode: "stc",
        action: "record.read", resource: "dataset:population/record:\(index)", datasetCode: "population",
        purpose: "service-delivery", subjects: [benchSubject], outcome: .success,
        requestID: "0b6f2c1e-7c1d-4a55-9f61-" + String(repeating: "0", count: max(0, 12 - String(index).count)) + String(index))
}

/// A benchmark that cannot run, or whose load generator reported failures, with what to do about it.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

func temporaryDirectory() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-bench-\(UUID())").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Entries per second with `writers` concurrent writers for `seconds`, each awaiting its append.
func appendRate(_ location: DatabaseLocation, writers: Int, seconds: Double, grouped: Bool) async throws -> Double {
    let database = try await Database.open(location, logger: Logger(label: "bench"))
    return try await database.withRunning {
        try await Migrator(database: database).migrate()
        let store = AuditStore(database: database)
        let log = AuditLog(store: store)
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < deadline {
                        let entry = draft(writer * 1_000_000 + count)
                        if grouped { try await log.append(entry) } else { try await store.append([entry]) }
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        let report = try await store.verify(trustedKeys: nil)
        guard report.failure == nil, report.entries == total else { fatalError("the benchmark log does not verify") }
        return Double(total) / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
    }
}

/// The process's peak resident memory so far, in MB (Linux reports `ru_maxrss` in KiB).
func peakResidentMB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func benchAudit(_ options: Options) async throws {
    print("== audit appends: \(options.writers) writers, \(options.seconds) s, each waiting for its commit")
    let postgres = ProcessInfo.processInfo.environment["LIENTHONG_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    for name in ["SQLite (WAL)"] + (postgres == nil ? [] : ["PostgreSQL"]) {
        var rates: [Double] = []
        for grouped in [false, true] {
            if name == "PostgreSQL", let postgres {
                let place = try await freshSchema(postgres)
                rates.append(try await appendRate(place.location, writers: options.writers, seconds: options.seconds, grouped: grouped))
                try await place.drop()
            } else {
                let location = DatabaseLocation.dataDirectory(temporaryDirectory())
                rates.append(try await appendRate(location, writers: options.writers, seconds: options.seconds, grouped: grouped))
            }
        }
        let (single, grouped) = (rates[0], rates[1])
        print(
            String(
                format: "%@: group commit %.0f entries/s; one transaction per entry (anchor) %.0f entries/s; ratio %.1fx; target 20,000/s: %@",
                name, grouped, single, grouped / single, grouped >= 20_000 ? "met" : "NOT met"))
    }

    print("== audit verify over \(options.entries) entries vs sha256sum over the exported bytes (medians of three runs each)")
    let directory = temporaryDirectory()
    let database = try await Database.open(.dataDirectory(directory), logger: Logger(label: "bench"))
    try await database.withRunning {
        try await Migrator(database: database).migrate()
        let store = AuditStore(database: database)
        var written = 0
        while written < options.entries {
            let count = min(5_000, options.entries - written)
            try await store.append((written..<written + count).map(draft))
            written += count
        }
        let exportPath = directory + "/audit.ndjson"
        _ = FileManager.default.createFile(atPath: exportPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: exportPath))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await store.forEachEntry { page in
            var data = Data()
            for stored in page {
                data.append(try encoder.encode(AuditRecord(stored)))
                data.append(0x0A)
            }
            handle.write(data)
            return true
        }
        try handle.close()
        let bytes = Double((try FileManager.default.attributesOfItem(atPath: exportPath)[.size] as? Int) ?? 0)

        // Each side three times, alternating, and the median of each: one run of either moves with the machine's load.
        var anchors: [Double] = []
        var verifies: [Double] = []
        var report: AuditVerifier.Report?
        for _ in 0..<3 {
            let anchorStart = ContinuousClock.now
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [exportPath]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            anchors.append(seconds(ContinuousClock.now - anchorStart))

            let verifyStart = ContinuousClock.now
            report = try await store.verify(trustedKeys: nil)
            verifies.append(seconds(ContinuousClock.now - verifyStart))
            guard report?.failure == nil else { fatalError("the benchmark log does not verify") }
        }
        let anchor = anchors.sorted()[1]
        let verify = verifies.sorted()[1]
        guard let report else { fatalError("no verification ran") }
        let ratio = (bytes / verify) / (bytes / anchor)
        print(
            String(
                format:
                    "export %.1f MB; sha256sum %.2f s (%.0f MB/s); audit verify %.2f s (%.0f entries/s, %.0f MB/s of export); ratio %.2fx; target 0.5x: %@",
                bytes / 1e6, anchor, bytes / anchor / 1e6, verify, Double(report.entries) / verify, bytes / verify / 1e6, ratio,
                ratio >= 0.5 ? "met" : "NOT met"))
    }
    try? FileManager.default.removeItem(atPath: directory)
}

/// A fresh schema on the PostgreSQL server for one run, and how to drop it.
func freshSchema(_ url: String) async throws -> (location: DatabaseLocation, drop: () async throws -> Void) {
    var settings = try PostgresSettings(url: url)
    let schema = "bench_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    let server = try await Database.open(.postgres(settings), logger: Logger(label: "bench"))
    try await server.withRunning { try await server.write { try await $0.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run() } }
    let base = settings
    settings.searchPath = String(schema)
    return (
        .postgres(settings),
        {
            let server = try await Database.open(.postgres(base), logger: Logger(label: "bench"))
            try await server.withRunning {
                try await server.write { try await $0.raw("DROP SCHEMA \(unsafeRaw: String(schema)) CASCADE").run() }
            }
        }
    )
}

/// Loads a CSV through `HostedDataStore` (parse, validation, primary-key index) and, as the anchor, through
/// `sqlite3 .import` into the same indexed table, and prints both as rows per second.
func benchLoad(_ arguments: [String]) async throws {
    guard arguments.count == 2, FileManager.default.fileExists(atPath: arguments[0]),
        let schemaData = FileManager.default.contents(atPath: arguments[1])
    else {
        print("usage: lienthong-bench load FILE.csv SCHEMA.json   (../shared/bench/gen_citizens.py N FILE.csv --clean; anchors/schema.json)")
        return
    }
    let csv = arguments[0]
    let schema = try JSONDecoder().decode(TableSchema.self, from: schemaData)
    let directory = temporaryDirectory()
    let database = try await Database.open(.dataDirectory(directory), logger: Logger(label: "bench"))
    let (rows, elapsedSeconds) = try await database.withRunning { try await timedLoad(database, csv: csv, schema: schema) }
    // The anchor: the sqlite3 shell's .import into the same table shape with the same primary key.
    let anchorDB = directory + "/anchor.sqlite"
    let columns = schema.fields.map { "\"\($0.name)\" \(HostedDataStore.columnTypeName($0.type))" }.joined(separator: ", ")
    let key = schema.primaryKey.isEmpty ? "" : ", PRIMARY KEY (" + schema.primaryKey.joined(separator: ", ") + ")"
    let script = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE t (\(columns)\(key));
        .mode csv
        .import --skip 1 \(csv) t
        """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [anchorDB]
    let input = Pipe()
    process.standardInput = input
    process.standardOutput = FileHandle.nullDevice
    let anchorStart = ContinuousClock.now
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    let anchor = seconds(ContinuousClock.now - anchorStart)
    print(
        String(
            format: "load %d rows: Lienthong %.2f s (%.0f rows/s); sqlite3 .import %.2f s (%.0f rows/s); ratio %.2fx; target 1.0x: %@",
            rows, elapsedSeconds, Double(rows) / elapsedSeconds, anchor, Double(rows) / anchor, anchor / elapsedSeconds,
            anchor / elapsedSeconds >= 1 ? "met" : "NOT met"))
    if let postgres = ProcessInfo.processInfo.environment["LIENTHONG_TEST_DATABASE_URL"], !postgres.isEmpty {
        try await benchLoadPostgres(csv: csv, schema: schema, url: postgres)
    }
    let bytes = (try? FileManager.default.attributesOfItem(atPath: csv)[.size] as? Int) ?? 0
    print(
        String(
            format: "memory: peak resident %.0f MB for a %.0f MB file (the load streams; flat means the same peak for any size)", peakResidentMB(),
            Double(bytes) / 1e6))
    try? FileManager.default.removeItem(atPath: directory)
}

/// Migrates `database`, makes a dataset with `schema`, and loads `csv` into it through `HostedDataStore`: rows
/// loaded and seconds taken by the load alone.
func timedLoad(_ database: Database, csv: String, schema: TableSchema) async throws -> (rows: Int, seconds: Double) {
    try await Migrator(database: database).migrate()
    try await DirectoryStore(database: database).createAgency(Agency(code: "bench", nameVi: "Bench", nameEn: "Bench", kind: .other))
    let dataset = try await DatasetStore(database: database).create(
        Dataset(code: "citizens", ownerAgencyCode: "bench", titleVi: "Công dân", titleEn: "Citizens"), schema: schema)
    guard let chunks = FileChunks(path: csv, chunkSize: 1 << 20) else { fatalError("cannot read \(csv)") }
    let start = ContinuousClock.now
    let report = try await HostedDataStore(database: database).load(
        chunks, into: dataset, schema: schema, options: LoadOptions(), loadedBy: "bench")
    guard report.outcome == "loaded" else { fatalError("the benchmark load was refused: \(report.errors.prefix(3))") }
    return (report.rowsLoaded, seconds(ContinuousClock.now - start))
}

/// The same load into PostgreSQL, against `psql`'s `\copy` of the same file into the same table shape (target:
/// at least 0.8x of `\copy`).
func benchLoadPostgres(csv: String, schema: TableSchema, url: String) async throws {
    let place = try await freshSchema(url)
    let database = try await Database.open(place.location, logger: Logger(label: "bench"))
    let (rows, elapsed) = try await database.withRunning { try await timedLoad(database, csv: csv, schema: schema) }
    try await place.drop()
    let anchorSchema = "bench_copy_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
    let columns = schema.fields.map { "\"\($0.name)\" \(HostedDataStore.columnTypeName($0.type))" }.joined(separator: ", ")
    let key = schema.primaryKey.isEmpty ? "" : ", PRIMARY KEY (" + schema.primaryKey.joined(separator: ", ") + ")"
    func psql(_ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-q", "-v", "ON_ERROR_STOP=1", "-c", command]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { fatalError("psql failed: \(command.prefix(80))") }
    }
    try psql("CREATE SCHEMA \(anchorSchema); CREATE TABLE \(anchorSchema).t (\(columns)\(key))")
    let anchorStart = ContinuousClock.now
    try psql("\\copy \(anchorSchema).t FROM '\(csv)' WITH (FORMAT csv, HEADER true)")
    let anchor = seconds(ContinuousClock.now - anchorStart)
    try psql("SET client_min_messages TO warning; DROP SCHEMA \(anchorSchema) CASCADE")
    print(
        String(
            format: "PostgreSQL: load %d rows: Lienthong %.2f s (%.0f rows/s); psql \\copy %.2f s (%.0f rows/s); ratio %.2fx; target 0.8x: %@",
            rows, elapsed, Double(rows) / elapsed, anchor, Double(rows) / anchor, anchor / elapsed, anchor / elapsed >= 0.8 ? "met" : "NOT met"))
}

// The server's log handler, as `lienthong` installs it.
LoggingSystem.bootstrap(LienthongLogHandler.init)
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "audit":
    try await benchAudit(Options(Array(arguments.dropFirst())))
case "load":
    try await benchLoad(Array(arguments.dropFirst()))
case "http":
    try await benchHTTP(Array(arguments.dropFirst()))
case "gateway":
    try await benchGateway(Array(arguments.dropFirst()))
case "quality":
    try benchQuality(Array(arguments.dropFirst()))
case "prefill":
    try await benchPrefill(Array(arguments.dropFirst()))
default:
    print(
        "usage: lienthong-bench audit [--entries N] [--seconds S] [--writers W] | load FILE.csv SCHEMA.json"
            + " | http [--rows N] [--datasets N] [--seconds S] [--connections C] | gateway [--rows N] [--seconds S] [--connections C] [--only sqlite|postgres]"
            + " | quality FILE.csv [--anchors DIR] [--lienthong BIN] | prefill [--rows N] [--iterations N]")
}

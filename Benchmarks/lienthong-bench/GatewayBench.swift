import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongStore
import Logging

/// `lienthong-bench gateway`: a gateway read by key (key lookup, grant check, projection, audit commit with the
/// person read) at C connections against the same server's `/healthz`, on SQLite and, with
/// LIENTHONG_TEST_DATABASE_URL, on PostgreSQL. Target (issue "Sharing"): at least 0.25x of `/healthz`
/// throughput, aiming for 0.5x; p99 under 10 ms.
func benchGateway(_ arguments: [String]) async throws {
    var rows = 100_000
    var duration = 5.0
    var connections = 64
    var only: String?
    var index = 0
    while index + 1 < arguments.count {
        let value = arguments[index + 1]
        switch arguments[index] {
        case "--rows": rows = Int(value) ?? rows
        case "--seconds": duration = Double(value) ?? duration
        case "--connections": connections = Int(value) ?? connections
        case "--only": only = value
        default: break
        }
        index += 2
    }
    let postgres = ProcessInfo.processInfo.environment["LIENTHONG_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    let names = ["SQLite (WAL)"] + (postgres == nil ? [] : ["PostgreSQL"])
    for name in names where only.map({ name.lowercased().hasPrefix($0.lowercased()) }) ?? true {
        if name == "PostgreSQL", let postgres {
            let place = try await freshSchema(postgres)
            try await gatewayRun(
                name, location: place.location, directory: temporaryDirectory(), rows: rows, duration: duration, connections: connections)
            try await place.drop()
        } else {
            let directory = temporaryDirectory()
            try await gatewayRun(
                name, location: .dataDirectory(directory), directory: directory, rows: rows, duration: duration, connections: connections)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

private func gatewayRun(
    _ name: String, location: DatabaseLocation, directory: String, rows: Int, duration: Double, connections: Int
) async throws {
    let key = try await gatewaySetUp(location, rows: rows)
    print("== gateway: \(rows) people, \(connections) connections, \(duration) s each, \(name), release")
    let configuration = ServerConfiguration(
        host: "127.0.0.1", port: 0, database: location, dataDirectory: directory, publicBaseURL: "http://127.0.0.1", logLevel: .error,
        gatewayRate: 10_000_000)
    let app = try await buildApplication(configuration: configuration)
    try await app.test(.live) { client in
        guard let port = client.port else { fatalError("the live server has no port") }
        _ = try await WrkLoad.run(port: port, connections: connections, duration: 1, paths: ["/healthz"])
        let anchor = try await WrkLoad.run(port: port, connections: connections, duration: duration, paths: ["/healthz"])
        print(anchor.line("/healthz (anchor)"))
        let headers = [("Authorization", "Bearer \(key)"), ("Lienthong-Purpose", "dich-vu-cong")]
        let keys = (0..<20_000).map { "/gateway/v1/datasets/dan-cu/records/" + String(format: "0010%08d", $0 * 104_729 % rows) }
        let reads = try await WrkLoad.run(port: port, connections: connections, duration: duration, headers: headers, paths: keys)
        print(reads.line("gateway read by key"))
        let ratio = reads.throughput / anchor.throughput
        print(
            String(
                format: "gateway read by key: %.2fx of /healthz throughput (target >= 0.25x, aim 0.5x: %@); p99 %.2f ms (target < 10 ms: %@)",
                ratio, ratio >= 0.25 ? "met" : "NOT met", reads.p99, reads.p99 < 10 ? "met" : "NOT met"))
    }
}

/// Two agencies, a shared person dataset of `rows` people, a grant of three fields for one purpose, and the
/// consumer's key.
private func gatewaySetUp(_ location: DatabaseLocation, rows: Int) async throws -> String {
    let database = try await Database.open(location, logger: Logger(label: "bench"))
    return try await database.withRunning {
        try await Migrator(database: database).migrate()
        let directory = DirectoryStore(database: database)
        for code in ["catp", "stc"] {
            try await directory.createAgency(Agency(code: code, nameVi: "Cơ quan \(code)", nameEn: code, kind: .department))
        }
        let schema = TableSchema(
            fields: [
                SchemaField(name: "cccd", type: .string, constraints: .init(required: true), vn: .citizenID, subject: true),
                SchemaField(name: "ho_ten", type: .string), SchemaField(name: "ngay_sinh", type: .date),
                SchemaField(name: "ma_phuong", type: .string),
            ], primaryKey: ["cccd"])
        let store = DatasetStore(database: database)
        _ = try await store.create(
            Dataset(code: "dan-cu", ownerAgencyCode: "catp", titleVi: "Dân cư", titleEn: "Population", sharingLevel: .shared), schema: schema)
        let dataset = try await store.setStatus(.published, for: "dan-cu")
        let chunks = syntheticPeople(rows, header: "cccd") { "0010" + String(format: "%08d", $0) }
        let report = try await HostedDataStore(database: database).load(
            chunks, into: dataset, schema: schema, options: LoadOptions(), loadedBy: "bench")
        guard report.rowsLoaded == rows else { fatalError("the bench rows did not load: \(report.errors.prefix(3))") }
        let sharing = SharingStore(database: database)
        _ = try await sharing.addPurpose(Purpose(code: "dich-vu-cong", nameVi: "Dịch vụ công", nameEn: "Public services"))
        let now = Date()
        let request = AccessRequest(
            requesterAgencyCode: "stc", ownerAgencyCode: "catp", datasetCode: "dan-cu", fields: ["cccd", "ho_ten", "ma_phuong"],
            purposeCode: "dich-vu-cong", legalBasis: "bench", requestedUntil: CivilDate(vietnam: now).adding(days: 30), submittedBy: "bench",
            submittedAt: now, dueOn: CivilDate(vietnam: now).adding(days: 14))
        _ = try await sharing.submit(request, notice: LocalizedText(vi: "-", en: "-"))
        _ = try await sharing.answer(
            request.id, with: try request.checked(AccessAnswer(decision: .grant, by: "bench", at: now), schema: schema),
            notice: LocalizedText(vi: "-", en: "-"))
        return try await directory.createAPIClient(agencyCode: "stc", name: "bench").key.value
    }
}

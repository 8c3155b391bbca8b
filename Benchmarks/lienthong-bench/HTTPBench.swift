import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongStore
import Logging
import NIOCore
import SQLKit

/// `lienthong-bench http`: one record by key through the records API, and catalog search, against the same
/// server's `/healthz` as the anchor. Targets (issue "Catalog and hosted data"): record by key p99 under 5 ms at
/// 64 connections on SQLite; search over 100,000 datasets p99 under 20 ms.
func benchHTTP(_ arguments: [String]) async throws {
    var options = (rows: 200_000, datasets: 100_000, seconds: 5.0, connections: 64)
    var index = 0
    while index + 1 < arguments.count {
        let value = arguments[index + 1]
        switch arguments[index] {
        case "--rows": options.rows = Int(value) ?? options.rows
        case "--datasets": options.datasets = Int(value) ?? options.datasets
        case "--seconds": options.seconds = Double(value) ?? options.seconds
        case "--connections": options.connections = Int(value) ?? options.connections
        default: break
        }
        index += 2
    }
    let (rows, datasets, seconds, connections) = options
    let directory = temporaryDirectory()
    let location = DatabaseLocation.dataDirectory(directory)
    let database = try await Database.open(location, logger: Logger(label: "bench"))
    try await database.withRunning {
        try await Migrator(database: database).migrate()
        try await DirectoryStore(database: database).createAgency(Agency(code: "bench", nameVi: "Sở Thử", nameEn: "Bench", kind: .department))
        let schema = TableSchema(
            fields: [
                SchemaField(name: "ma", type: .string, constraints: .init(required: true)), SchemaField(name: "ho_ten", type: .string),
                SchemaField(name: "ngay_sinh", type: .date), SchemaField(name: "ma_phuong", type: .string),
            ], primaryKey: ["ma"])
        let store = DatasetStore(database: database)
        let dataset = try await store.create(
            Dataset(code: "ban-ghi", ownerAgencyCode: "bench", titleVi: "Bản ghi", titleEn: "Records", sharingLevel: .open), schema: schema)
        let published = try await store.setStatus(.published, for: dataset.code)
        let chunks = syntheticPeople(rows, header: "ma") { "K" + String(format: "%08d", $0) }
        let report = try await HostedDataStore(database: database).load(
            chunks, into: published, schema: schema, options: LoadOptions(), loadedBy: "bench")
        guard report.rowsLoaded == rows else { fatalError("the bench rows did not load: \(report.errors.prefix(3))") }
        try await insertDatasets(datasets, database: database)
    }
    print("== HTTP: \(rows) records, \(datasets + 1) datasets, \(connections) connections, \(seconds) s each, SQLite (WAL), release")
    let configuration = ServerConfiguration(
        host: "127.0.0.1", port: 0, database: location, dataDirectory: directory, publicBaseURL: "http://127.0.0.1", logLevel: .error)
    let app = try await buildApplication(configuration: configuration)
    try await app.test(.live) { client in
        guard let port = client.port else { fatalError("the live server has no port") }
        _ = try await WrkLoad.run(port: port, connections: connections, duration: 1, paths: ["/healthz"])
        let anchor = try await WrkLoad.run(port: port, connections: connections, duration: seconds, paths: ["/healthz"])
        print(anchor.line("/healthz (anchor)"))
        let keys = (0..<20_000).map { "/api/v1/datasets/ban-ghi/records/K" + String(format: "%08d", $0 * 104_729 % rows) }
        let records = try await WrkLoad.run(port: port, connections: connections, duration: seconds, paths: keys)
        print(records.line("record by key"))
        print(
            String(
                format: "record by key: %.2fx of /healthz throughput; p99 %.2f ms, target < 5 ms: %@", records.throughput / anchor.throughput,
                records.p99, records.p99 < 5 ? "met" : "NOT met"))
        // The first search builds the node's catalog index (again after any change to the catalog): timed apart.
        let clock = ContinuousClock()
        let first = try await clock.measure { _ = try await client.execute(uri: "/api/v1/datasets?limit=20&q=so%20y%20te", method: .get) }
        print(String(format: "first search, building the catalog index of %d datasets: %.0f ms", datasets + 1, first.timeInterval * 1_000))
        let words = ["so y te", "dan cu", "ho kinh doanh", "thuc pham", "gia", "phuong ba dinh", "giay chung nhan", "tu phap"]
        let common = words.map { "/api/v1/datasets?limit=20&q=" + $0.replacingOccurrences(of: " ", with: "%20") }
        let search = try await WrkLoad.run(port: port, connections: 8, duration: seconds, paths: common)
        print(search.line("search, common words (8 connections)"))
        let numbers = (0..<20_000).map { "/api/v1/datasets?limit=20&q=du%20lieu%20" + String($0 * 104_729 % datasets) }
        let selective = try await WrkLoad.run(port: port, connections: 8, duration: seconds, paths: numbers)
        print(selective.line("search, one dataset's number (8 connections)"))
        print(
            String(
                format: "search over %d datasets: p99 %.2f ms, target < 20 ms: %@", datasets + 1, search.p99,
                search.p99 < 20 ? "met" : "NOT met"))
    }
    if ProcessInfo.processInfo.environment["LIENTHONG_BENCH_KEEP"] == nil {
        try? FileManager.default.removeItem(atPath: directory)
    } else {
        print("kept the database in \(directory)")
    }
}

/// `rows` synthetic people as CSV chunks of about 1 MB: a key column named `header` (`key(row)`), a name, a birth
/// date and a ward code.
func syntheticPeople(_ rows: Int, header: String, key: @escaping @Sendable (Int) -> String) -> AsyncStream<[UInt8]> {
    AsyncStream { continuation in
        var text = "\(header),ho_ten,ngay_sinh,ma_phuong\n"
        for row in 0..<rows {
            text += "\(key(row)),Nguyễn Văn \(row % 997),19\(50 + row % 50)-0\(1 + row % 9)-1\(row % 9),000\(10 + row % 90)\n"
            if text.utf8.count > 1 << 20 {
                continuation.yield(Array(text.utf8))
                text = ""
            }
        }
        continuation.yield(Array(text.utf8))
        continuation.finish()
    }
}

/// Adds `count` published open datasets straight into the catalog's tables (the bench's setup, not a code path
/// users take), with titles made from Vietnamese words so that searches find a few hundred each.
func insertDatasets(_ count: Int, database: Database) async throws {
    let topics = [
        "Cơ sở y tế", "Dân cư", "Hộ kinh doanh", "An toàn thực phẩm", "Giá thị trường", "Giấy chứng nhận", "Tư pháp", "Giáo dục",
        "Giao thông", "Môi trường", "Đất đai", "Xây dựng", "Lao động", "Văn hóa", "Du lịch", "Nông nghiệp",
    ]
    let places = ["Phường Ba Đình", "Phường Hoàn Kiếm", "Xã Sóc Sơn", "Phường Hà Đông", "Phường Long Biên", "Xã Gia Lâm"]
    try await database.write { sql in
        let agency = try await sql.raw("SELECT id FROM agencies WHERE code = 'bench'").first()?.decode(column: "id", as: String.self) ?? ""
        var start = 0
        while start < count {
            let end = min(count, start + 500)
            var rows: [SQLQueryString] = []
            var themes: [SQLQueryString] = []
            for index in start..<end {
                let title = "\(topics[index % topics.count]) \(places[index / topics.count % places.count]) \(index)"
                let dataset = Dataset(
                    code: "bo-du-lieu-\(index)", ownerAgencyCode: "bench", titleVi: title, titleEn: "Dataset \(index)",
                    descriptionVi: "Dữ liệu \(title.lowercased())", themes: [topics[index % topics.count]], sharingLevel: .open, status: .published)
                let now = Timestamp.string(Date())
                let id = UUID().uuidString.lowercased()
                themes.append("(\(bind: id), \(bind: topics[index % topics.count]))")
                rows.append(
                    """
                    (\(bind: id), \(bind: dataset.code), \(bind: agency), \(bind: dataset.titleVi), \(bind: dataset.titleEn),
                    \(bind: dataset.descriptionVi), '', \(bind: dataset.themes.joined(separator: "\n")), '', 'open', 'irregular', '', '', '', '',
                    'published', 1, \(bind: dataset.searchText), \(bind: SearchText.fold(dataset.titleVi + " " + dataset.titleEn)), \(bind: now),
                    \(bind: now), \(bind: now))
                    """)
            }
            try await sql.raw(
                """
                INSERT INTO datasets (id, code, owner_agency_id, title_vi, title_en, description_vi, description_en, themes, keywords,
                    sharing_level, update_frequency, legal_basis, licence, contact_name, contact_email, status, schema_version, search_text,
                    title_folded, created_at, updated_at, published_at)
                VALUES
                """ + rows.joined(separator: ", ")
            ).run()
            try await sql.raw("INSERT INTO dataset_themes (dataset_id, theme) VALUES " + themes.joined(separator: ", ")).run()
            start = end
        }
        try await DatasetStore.indexAllWords(sql)
    }
}

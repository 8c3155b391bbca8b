import Foundation
import Lienthong
import LienthongStore
import SQLKit

/// The demo's quality story: each dataset has a rules file; the prices of the Department of Industry and Trade and
/// the health facilities were last loaded weeks ago (live falls); the Finance department flags a name in the
/// population extract (still open), and a ward flags a legacy ward code in the business register, which the
/// Finance department fixes (closed, with its turnaround). The last run of every dataset comes after the sharing
/// story, so "shared" counts its grants and readers.
enum DemoQuality {
    /// The rules files, set before each dataset's rows are loaded (so the load's own pass runs them).
    static let rules: [String: [DeclaredRule]] = [
        "dan-cu-trich-xuat": [
            .init(type: .reference, field: "ma_phuong", reference: "wards-2025", province: "01"),
            .init(type: .coverage, field: "ma_phuong", province: "01"),
            .init(type: .citizenIDBirthDate, field: "cccd", birthDate: "ngay_sinh"),
        ],
        "ho-gia-dinh": [
            .init(type: .existsIn, field: "cccd_chu_ho", dataset: "dan-cu-trich-xuat", datasetField: "cccd"),
            .init(
                type: .agreesWith, field: "cccd_chu_ho", dataset: "dan-cu-trich-xuat", datasetField: "cccd", attributes: ["ma_phuong": "ma_phuong"]),
        ],
        "dang-ky-ho-kinh-doanh": [
            .init(type: .reference, field: "ma_phuong", reference: "wards-2025", province: "01")
        ],
        "co-so-y-te": [.init(type: .coverage, field: "ma_phuong", province: "01")],
        "chung-nhan-an-toan-thuc-pham": [
            .init(type: .existsIn, field: "mst", dataset: "dang-ky-ho-kinh-doanh", datasetField: "mst")
        ],
        "gia-thi-truong": [.init(type: .freshness, field: "ngay", withinDays: 14)],
        "yeu-cau-ly-lich-tu-phap": [.init(type: .existsIn, field: "cccd", dataset: "dan-cu-trich-xuat", datasetField: "cccd")],
    ]

    /// Days ago the datasets that tell the "stale" story were last loaded.
    static let staleLoads: [String: Int] = ["gia-thi-truong": 40, "co-so-y-te": 45]

    /// Sets `dataset`'s demo rules file.
    static func setRules(_ dataset: Dataset, schema: TableSchema, database: Database) async throws {
        guard let rules = rules[dataset.code] else { return }
        try await QualityStore(database: database).setRules(
            QualityRules(rules: rules), of: dataset, schema: schema, by: "steward.\(dataset.ownerAgencyCode)")
    }

    /// The stale loads, the two flags, and a run of every dataset.
    static func finish(database: Database, calendar: WorkingDayCalendar, now: Date) async throws {
        let datasets = DatasetStore(database: database)
        for (code, days) in staleLoads {
            guard let dataset = try await datasets.dataset(code) else { continue }
            let then = Timestamp.string(now.addingTimeInterval(-Double(days) * 86_400))
            try await database.write { sql in
                try await sql.raw(
                    "UPDATE dataset_loads SET started_at = \(bind: then), finished_at = \(bind: then) WHERE dataset_id = \(bind: dataset.id.lowercasedString)"
                ).run()
            }
        }
        let quality = QualityStore(database: database)
        let hosted = HostedDataStore(database: database)
        if let population = try await datasets.dataset("dan-cu-trich-xuat") {
            let schema = try await datasets.schema(of: population)
            if let first = try await hosted.records(of: population, schema: schema, query: RecordQuery(), after: nil, limit: 1).records.first {
                _ = try await quality.flag(
                    population, key: [first[0].text], field: "ho_ten",
                    reason: "Họ tên khác với giấy tờ chủ hộ kinh doanh nộp khi đăng ký (một lần khai).", by: .agency("stc"), at: now)
            }
        }
        if let businesses = try await datasets.dataset("dang-ky-ho-kinh-doanh") {
            let schema = try await datasets.schema(of: businesses)
            let legacy = RecordQuery(filters: [RecordQuery.Filter(field: "ma_phuong", op: .eq, values: [.string("00013")])])
            if let record = try await hosted.records(of: businesses, schema: schema, query: legacy, after: nil, limit: 1).records.first {
                let key = [record[0].text]
                _ = try await quality.flag(
                    businesses, key: key, field: "ma_phuong", reason: "Mã phường cũ (trước 01/7/2025); nay là phường Ba Đình, mã 00004.",
                    by: .agency("phuong-ba-dinh"), at: now.addingTimeInterval(-3 * 86_400))
                _ = try await hosted.updateRecord(of: businesses, schema: schema, key: key, changes: ["ma_phuong": "00004"])
                try await quality.resolveFlags(on: businesses, by: "edit", at: now.addingTimeInterval(-86_400))
            }
        }
        _ = try await QualityRunner(database: database, calendar: calendar).runAll(now: now)
    }
}

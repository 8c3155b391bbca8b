import Foundation
import Lienthong
import LienthongTestSupport
import Logging
import Testing

@testable import LienthongStore

@Suite("Hosted data: loads and records")
struct HostedDataTests {
    static let schema = TableSchema(
        fields: [
            SchemaField(name: "ma", type: .string, constraints: .init(required: true)),
            SchemaField(name: "ten", type: .string, constraints: .init(maxLength: 40)),
            SchemaField(name: "so_luong", type: .integer, constraints: .init(minimum: .number(0))),
            SchemaField(name: "ngay", type: .date),
            SchemaField(name: "hoat_dong", type: .boolean),
            SchemaField(name: "ty_le", type: .number),
        ],
        primaryKey: ["ma"])

    static func chunks(_ text: String, size: Int = 7) -> AsyncStream<[UInt8]> {
        bytes(Array(text.utf8), size: size)
    }

    static func bytes(_ bytes: [UInt8], size: Int = 7) -> AsyncStream<[UInt8]> {
        AsyncStream { continuation in
            var start = 0
            while start < bytes.count {
                continuation.yield(Array(bytes[start..<min(start + size, bytes.count)]))
                start += size
            }
            continuation.finish()
        }
    }

    /// The header line of `schema`.
    static let header = "ma,ten,so_luong,ngay,hoat_dong,ty_le\n"

    /// CSV lines of `schema`, `K<n>,x,<n>,,,` for each number.
    static func rows(_ numbers: some Sequence<Int>) -> String {
        numbers.map { "K\($0),x,\($0),,,\n" }.joined()
    }

    static let good =
        "ma,ten,so_luong,ngay,hoat_dong,ty_le\nA1,Nhà thuốc An,3,2026-01-05,true,0.5\nA2,\"Trạm y tế, Ba Đình\",0,,false,\nA3,Phòng khám,12,2025-12-31,1,2.25\n"

    static func prepared(_ database: Database) async throws -> (HostedDataStore, Dataset) {
        try await DirectoryStore(database: database).createAgency(Agency(code: "syt", nameVi: "Sở Y tế", nameEn: "Health", kind: .department))
        let dataset = try await DatasetStore(database: database).create(
            Dataset(code: "co-so", ownerAgencyCode: "syt", titleVi: "Cơ sở", titleEn: "Facilities"), schema: schema)
        return (HostedDataStore(database: database), dataset)
    }

    @Test("a CSV loads typed rows; records page by key and filter", arguments: TestDatabase.available)
    func loadAndRead(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            let report = try await store.load(Self.chunks(Self.good), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(report.outcome == "loaded" && report.rowsRead == 3 && report.rowsLoaded == 3 && report.errors.isEmpty)
            let page = try await store.records(of: dataset, schema: Self.schema, limit: 2)
            #expect(page.records.count == 2 && page.next == .after([.text("A2")]))
            #expect(page.records[0] == [.text("A1"), .text("Nhà thuốc An"), .integer(3), .text("2026-01-05"), .boolean(true), .number(0.5)])
            #expect(page.records[1][1] == .text("Trạm y tế, Ba Đình") && page.records[1][3] == .null)
            let rest = try await store.records(of: dataset, schema: Self.schema, after: page.next, limit: 2)
            #expect(rest.records.map { $0[0] } == [.text("A3")] && rest.next == nil)
            let filtered = try await store.records(
                of: dataset, schema: Self.schema, query: try RecordQuery(items: [("filter[hoat_dong]", "false")], schema: Self.schema))
            #expect(filtered.records.map { $0[0] } == [.text("A2")])
            #expect(try await store.loads(of: dataset).first?.rowsLoaded == 3)
        }
    }

    @Test("a bad row refuses the whole load and keeps the old rows; with skip the rest loads", arguments: TestDatabase.available)
    func errors(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            try await store.load(Self.chunks(Self.good), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            let bad = "ma,ten,so_luong,ngay,hoat_dong,ty_le\nB1,X,-1,2026-01-01,true,1\nB2,Y,2,17/05/2026,true,1\nB3,Z,4,2026-02-02,false,0\n"
            let refused = try await store.load(Self.chunks(bad), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(refused.outcome == "refused" && refused.rowsLoaded == 0 && refused.rowsRejected == 2)
            #expect(refused.errors.map(\.row) == [2, 3])
            #expect(refused.errors.map(\.type) == ["constraint-error", "type-error"])
            #expect(refused.errors.first?.field == "so_luong" && refused.errors.first?.rule == "minimum")
            #expect(try await store.count(of: dataset) == 3, "the previous rows are intact")

            let skipped = try await store.load(
                Self.chunks(bad), into: dataset, schema: Self.schema, options: .init(mode: .replace, onError: .skip), loadedBy: "test")
            #expect(skipped.outcome == "loaded" && skipped.rowsLoaded == 1 && skipped.rowsRejected == 2)
            #expect(try await store.count(of: dataset) == 1)

            let upsert = try await store.load(
                Self.chunks("ma,ten,so_luong,ngay,hoat_dong,ty_le\nB3,Z mới,5,,,\nC1,New,1,,,\n"), into: dataset, schema: Self.schema,
                options: .init(mode: .upsert), loadedBy: "test")
            #expect(upsert.rowsLoaded == 2)
            let rows = try await store.records(of: dataset, schema: Self.schema)
            #expect(rows.records.map { $0[1] } == [.text("Z mới"), .text("New")])
        }
    }

    @Test("duplicate keys, a wrong header and text that is not UTF-8 are refused, named", arguments: TestDatabase.available)
    func refusals(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            let duplicate = try await store.load(
                Self.chunks("ma,ten,so_luong,ngay,hoat_dong,ty_le\nA,x,1,,,\nA,y,2,,,\n"), into: dataset, schema: Self.schema,
                options: .init(), loadedBy: "test")
            #expect(duplicate.outcome == "refused" && duplicate.errors.first?.type == "primary-key")
            let header = try await store.load(
                Self.chunks("ma,ten\nA,x\n"), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(header.errors.first == LoadError(row: 1, field: "so_luong", type: "missing-label"))
            let windows1258 = Array("ma,ten,so_luong,ngay,hoat_dong,ty_le\nA,".utf8) + [0x54, 0xF2, 0x61] + Array(",1,,,\n".utf8)
            let encoding = try await store.load(Self.bytes(windows1258), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(encoding.outcome == "refused" && encoding.errors.first?.type == "encoding-error")
            // A refused header is the one error, whatever else the same chunk holds.
            let headerThenBytes = Array("ma,ten\nA,".utf8) + [0x54, 0xF2, 0x61] + Array("\n".utf8)
            let headerOnly = try await store.load(
                Self.bytes(headerThenBytes, size: 4_096), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(headerOnly.errors == [LoadError(row: 1, field: "so_luong", type: "missing-label")])
            // The rows before a break in the text are read, whether a load takes them as bytes or, an upsert, as texts.
            let broken =
                Array("ma,ten,so_luong,ngay,hoat_dong,ty_le\nA,x,1,,,\nB,x,-1,,,\nC,".utf8) + [0x54, 0xF2, 0x61] + Array(",1,,,\n".utf8)
            var reports: [LoadReport] = []
            for mode in [LoadOptions.Mode.replace, .upsert] {
                reports.append(
                    try await store.load(
                        Self.bytes(broken, size: 4_096), into: dataset, schema: Self.schema, options: .init(mode: mode), loadedBy: "test"))
            }
            for report in reports {
                #expect(report.outcome == "refused" && report.rowsRead == 2 && report.rowsRejected == 1, "\(report)")
                #expect(
                    report.errors.map(\.type) == ["constraint-error", "encoding-error"] && report.errors.map(\.row) == [3, 4], "\(report.errors)")
            }
            #expect(try await store.count(of: dataset) == 0)
            #expect(try await store.loads(of: dataset).count == 6, "refused loads are recorded too")
        }
    }

    @Test(
        "batches are written while the next is read: duplicates across batches are counted, and a refusal late in the file leaves the rows before",
        arguments: TestDatabase.available)
    func overlappedBatches(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            // 4,403 rows over three batches (2,000 rows an INSERT); keys 7 and 4,000 come twice, each time in a later batch.
            let keys = Array(0..<4_401) + [7, 4_000]
            let skipped = try await store.load(
                Self.chunks(Self.header + Self.rows(keys), size: 4_096), into: dataset, schema: Self.schema, options: .init(onError: .skip),
                loadedBy: "test")
            #expect(skipped.rowsLoaded == 4_401 && skipped.rowsRejected == 2)
            #expect(skipped.errors.filter { $0.type == "primary-key" }.count == 1, "\(skipped.errors)")
            #expect(try await store.count(of: dataset) == 4_401)
            // A bad row after two full batches (of `rowsPerCopy` rows a COPY on PostgreSQL), while the second is being
            // written: nothing of this load stays.
            let end = 10_000 + 2 * HostedDataStore.rowsPerCopy + 1_000
            let late = Self.header + Self.rows(10_000..<end) + "BAD,x,-1,,,\n" + Self.rows(end..<end + 100)
            let refused = try await store.load(Self.chunks(late, size: 4_096), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(refused.outcome == "refused")
            #expect(try await store.count(of: dataset) == 4_401)
            let upserted = try await store.load(
                Self.chunks(Self.header + Self.rows(4_300..<5_500), size: 4_096), into: dataset, schema: Self.schema, options: .init(mode: .upsert),
                loadedBy: "test")
            #expect(upserted.rowsLoaded == 1_200)
            #expect(try await store.count(of: dataset) == 5_500)
            // A key twice in one batch of an upsert: the later row wins, on PostgreSQL too (which refuses to update
            // one row twice in a statement).
            let twice = try await store.load(
                Self.chunks(Self.header + "K5,first,1,,,\nK6,x,1,,,\nK5,second,2,,,\n"), into: dataset, schema: Self.schema,
                options: .init(mode: .upsert), loadedBy: "test")
            #expect(twice.outcome != "refused" && twice.errors.isEmpty, "\(twice.errors)")
            #expect(try await store.record(of: dataset, schema: Self.schema, key: ["K5"])?[1] == .text("second"))
        }
    }

    @Test(
        "a key repeated far apart refuses a replace, named (on PostgreSQL, whose COPY stops at it, by row and value); later bad rows are still reported",
        arguments: TestDatabase.available)
    func duplicateFarApart(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            try await store.load(Self.chunks(Self.good), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            // Data row n is file row n + 1; a row of the second COPY (or INSERT) repeats the key of row 3 (K1), and a
            // bad row follows in the third, which is not sent once the second failed.
            let batch = HostedDataStore.rowsPerCopy
            let (repeated, bad) = (batch + 1_000, 2 * batch + 2_000)
            var lines = (0..<(2 * batch + 5_000)).map { "K\($0),x,\($0),,," }
            lines[repeated] = "K1,again,1,,,"
            lines[bad] = "K\(bad),x,-5,,,"
            func load(_ lines: [String]) async throws -> LoadReport {
                try await store.load(
                    Self.chunks(Self.header + lines.joined(separator: "\n") + "\n", size: 8_192), into: dataset, schema: Self.schema,
                    options: .init(), loadedBy: "test")
            }
            let report = try await load(lines)
            #expect(report.outcome == "refused" && report.rowsLoaded == 0)
            // In one chunk every batch is sent before any is waited for: those behind the failed COPY are not sent.
            let whole = try await store.load(
                Self.chunks(Self.header + lines.joined(separator: "\n") + "\n", size: 1 << 22), into: dataset, schema: Self.schema,
                options: .init(), loadedBy: "test")
            #expect(whole.outcome == "refused" && whole.rowsRejected == report.rowsRejected && Set(whole.errors) == Set(report.errors))
            let duplicate = try #require(report.errors.first { $0.type == "primary-key" }, "\(report.errors)")
            if kind == .postgres {
                #expect(
                    duplicate == LoadError(row: repeated + 2, field: "ma", value: "K1", type: "primary-key", rule: "primary key repeated"))
            } else {
                #expect((duplicate.row ?? 0) <= repeated + 2)
            }
            #expect(report.errors.contains { $0.row == bad + 2 && $0.field == "so_luong" }, "the rest of the file is still checked")
            #expect(try await store.count(of: dataset) == 3, "the rows before stay")
            // Found after the list of errors is full (1,200 bad rows read before the duplicate's batch is written):
            // the duplicate still has its place in the report.
            for index in (repeated + 1)...(repeated + 1_200) { lines[index] = "K\(index),x,-5,,," }
            let crowded = try await load(lines)
            #expect(crowded.errors.count == LoadReport.maximumErrors && crowded.errors.contains { $0.type == "primary-key" })
            #expect(crowded.rowsRejected == 1 + 1_200 + 1, "the counts stay exact")
            // Text the COPY format gives a meaning to arrives as it was.
            let ndjson =
                #"{"ma": "C1", "ten": "a\rb\\N\tc\\.\n\\"}"# + "\n" + #"{"ma": "C2", "ten": "\\N", "ty_le": -0.0}"# + "\n"
            let loaded = try await store.load(
                Self.chunks(ndjson), into: dataset, schema: Self.schema, options: .init(format: .ndjson), loadedBy: "test")
            #expect(loaded.rowsLoaded == 2, "\(loaded.errors)")
            let rows = try await store.records(of: dataset, schema: Self.schema).records
            #expect(rows.map { $0[1] } == [.text("a\rb\\N\tc\\.\n\\"), .text("\\N")])
            if case .number(let zero) = rows[1][5] {
                #expect(zero == 0 && zero.sign == .plus, "a negative zero is stored as zero on every path")
            } else {
                Issue.record("\(rows[1][5])")
            }
        }
    }

    @Test("a backup carries the typed tables and restores them", arguments: TestDatabase.available)
    func backup(kind: TestDatabase) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hosted-\(UUID()).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let expected = try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            try await store.load(Self.chunks(Self.good), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            try await PortableBackup.backup(database, to: file)
            return try await store.records(of: dataset, schema: Self.schema).records
        }
        try await kind.withDatabase { database in
            try await PortableBackup.restore(database, from: file)
            let dataset = try #require(try await DatasetStore(database: database).dataset("co-so"))
            #expect(try await HostedDataStore(database: database).records(of: dataset, schema: Self.schema).records == expected)
        }
    }

    @Test("one record by key: read, change (checked) and delete", arguments: TestDatabase.available)
    func oneRecord(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            try await store.load(Self.chunks(Self.good), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(try await store.record(of: dataset, schema: Self.schema, key: ["A3"])?[2] == .integer(12))
            let changed = try await store.updateRecord(of: dataset, schema: Self.schema, key: ["A3"], changes: ["so_luong": "13", "ngay": ""])
            #expect(changed?[2] == .integer(13) && changed?[3] == .null)
            await #expect(throws: CatalogError.invalidFields(["so_luong"])) {
                try await store.updateRecord(of: dataset, schema: Self.schema, key: ["A3"], changes: ["so_luong": "-5"])
            }
            #expect(try await store.updateRecord(of: dataset, schema: Self.schema, key: ["ZZ"], changes: ["ten": "x"]) == nil)
            #expect(try await store.deleteRecord(of: dataset, schema: Self.schema, key: ["A3"]))
            #expect(try await !store.deleteRecord(of: dataset, schema: Self.schema, key: ["A3"]))
            #expect(try await store.count(of: dataset) == 2)
        }
    }

    @Test("reads by key that arrive together each get their own record, with one key or two", arguments: TestDatabase.available)
    func readsTogether(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            try await store.load(
                Self.chunks(Self.header + Self.rows(1...300)), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            let pairs = TableSchema(
                fields: [
                    SchemaField(name: "xa", type: .integer, constraints: .init(required: true)),
                    SchemaField(name: "ngay", type: .date, constraints: .init(required: true)),
                    SchemaField(name: "so", type: .integer),
                ],
                primaryKey: ["xa", "ngay"])
            let daily = try await DatasetStore(database: database).create(
                Dataset(code: "theo-ngay", ownerAgencyCode: "syt", titleVi: "Theo ngày", titleEn: "Daily"), schema: pairs)
            let lines = (1...60).map { "\($0 % 3),2026-01-\(String(format: "%02d", $0 % 20 + 1)),\($0)\n" }
            try await store.load(
                Self.chunks("xa,ngay,so\n" + Set(lines).sorted().joined()), into: daily, schema: pairs, options: .init(), loadedBy: "test")
            // Keys read many times over, keys with no record, and both datasets at once.
            let readsBefore = database.currentActivity.reads
            let keys = (0..<400).map { index in index % 7 == 0 ? "K\(index + 1_000)" : "K\(index % 300 + 1)" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in keys {
                    group.addTask {
                        let number = Int(key.dropFirst())!
                        let found = try await store.record(of: dataset, schema: Self.schema, key: [key])
                        #expect(found == (number > 300 ? nil : [.text(key), .text("x"), .integer(Int64(number)), .null, .null, .null]), "\(key)")
                    }
                }
                for index in 0..<100 {
                    group.addTask {
                        let (xa, day) = (index % 4, index % 20 + 1)
                        let found = try await store.record(
                            of: daily, schema: pairs, key: [String(xa), "2026-01-" + String(format: "%02d", day)])
                        let expected = (1...60).filter { $0 % 3 == xa && $0 % 20 + 1 == day }.first
                        #expect(found?[2] == expected.map { .integer(Int64($0)) }, "\(xa), \(day)")
                    }
                }
                try await group.waitForAll()
            }
            #expect(database.currentActivity.reads - readsBefore < 500, "reads that came together went together")
            await #expect(throws: CatalogError.invalidFields(["key"])) {
                try await store.record(of: daily, schema: pairs, key: ["1", "not a date"])
            }
            // PostgreSQL keeps a NaN and finds it equal to itself (SQLite stores NaN as NULL, which no key is).
            if database.dialect == .postgres {
                let measured = TableSchema(
                    fields: [
                        SchemaField(name: "gia_tri", type: .number, constraints: .init(required: true)), SchemaField(name: "ten", type: .string),
                    ],
                    primaryKey: ["gia_tri"])
                let values = try await DatasetStore(database: database).create(
                    Dataset(code: "gia-tri", ownerAgencyCode: "syt", titleVi: "Giá trị", titleEn: "Values"), schema: measured)
                try await store.load(
                    Self.chunks("gia_tri,ten\nNaN,none\n0,zero\n1.5,half\n"), into: values, schema: measured, options: .init(), loadedBy: "test")
                for (key, name) in [("NaN", "none"), ("-0", "zero"), ("1.50", "half"), ("2", nil)] {
                    #expect(try await store.record(of: values, schema: measured, key: [key])?[1] == name.map { .text($0) }, "\(key)")
                }
            }
        }
    }

    @Test("filters with operators, sorts with empty cells last, and pages that neither skip nor repeat", arguments: TestDatabase.available)
    func queries(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            var csv = Self.header
            for index in 1...23 {
                let count = index % 4 == 0 ? "" : String(index % 7)
                csv +=
                    "K\(String(format: "%02d", index)),Cơ sở \(index % 3 == 0 ? "Ba Đình" : "Hoàn Kiếm"),\(count),2026-01-\(String(format: "%02d", index)),\(index % 2 == 0),\n"
            }
            #expect(
                try await store.load(Self.chunks(csv, size: 64), into: dataset, schema: Self.schema, options: .init(), loadedBy: "t").rowsLoaded == 23
            )
            func codes(_ items: [(String, String)], limit: Int = 100) async throws -> [String] {
                let query = try RecordQuery(items: items, schema: Self.schema)
                var cursor: RecordCursor?
                var codes: [String] = []
                repeat {
                    let page = try await store.records(of: dataset, schema: Self.schema, query: query, after: cursor, limit: limit)
                    codes += page.records.map { $0[0].text }
                    cursor = page.next
                } while cursor != nil
                return codes
            }
            #expect(try await codes([("filter[so_luong][ge]", "5")]) == ["K05", "K06", "K13", "K19"])
            #expect(try await codes([("filter[so_luong][null]", "true")]) == ["K04", "K08", "K12", "K16", "K20"])
            #expect(try await codes([("filter[ten][prefix]", "Cơ sở Ba")]).count == 7)
            #expect(try await codes([("filter[ma][in]", "K01,K03,K99")]) == ["K01", "K03"])
            #expect(try await codes([("filter[ngay][lt]", "2026-01-03"), ("filter[hoat_dong]", "true")]) == ["K02"])
            #expect(try await codes([("filter[so_luong][ne]", "1")]).count == 23 - 3)
            let sorted = try await codes([("sort", "-so_luong,ten")], limit: 4)
            let all = try await codes([("sort", "-so_luong,ten")], limit: 100)
            #expect(sorted == all && Set(sorted).count == 23, "pages of 4 give the same order as one page, none twice")
            #expect(Array(all.prefix(4)) == ["K06", "K13", "K05", "K19"])
            #expect(Array(all.suffix(5)) == ["K12", "K04", "K08", "K16", "K20"], "empty counts sort last, then by name and key")
            #expect(throws: CatalogError.self) { try RecordQuery(items: [("filter[tuoi]", "1")], schema: Self.schema) }
            #expect(throws: CatalogError.self) { try RecordQuery(items: [("filter[so_luong][gt]", "nhiều")], schema: Self.schema) }
            #expect(throws: CatalogError.self) { try RecordQuery(items: [("sort", "ten,ten")], schema: Self.schema) }
            #expect(throws: CatalogError.self) { try RecordQuery(items: [("filter[ma][like]", "K")], schema: Self.schema) }
        }
    }

    @Test("a dataset without a primary key pages by position", arguments: TestDatabase.available)
    func withoutKey(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, _) = try await Self.prepared(database)
            let schema = TableSchema(fields: [SchemaField(name: "ten", type: .string), SchemaField(name: "so", type: .integer)])
            let dataset = try await DatasetStore(database: database).create(
                Dataset(code: "nhat-ky", ownerAgencyCode: "syt", titleVi: "Nhật ký", titleEn: "Log"), schema: schema)
            let csv = "ten,so\n" + (1...7).map { "dòng,\($0 % 3)" }.joined(separator: "\n")
            #expect(try await store.load(Self.chunks(csv), into: dataset, schema: schema, options: .init(), loadedBy: "t").rowsLoaded == 7)
            let first = try await store.records(of: dataset, schema: schema, limit: 5)
            #expect(first.records.count == 5 && first.next == .offset(5))
            let rest = try await store.records(of: dataset, schema: schema, after: first.next, limit: 5)
            #expect(rest.records.map { $0[1] } == [.integer(2), .integer(2)] && rest.next == nil)
        }
    }

    @Test("NDJSON loads through the same checks; unknown keys and bad lines are named by line", arguments: TestDatabase.available)
    func ndjson(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            let lines = #"""
                {"ma": "N1", "ten": "Một", "so_luong": 2, "hoat_dong": true, "ty_le": 1.5}
                {"ma": "N2", "ten": null, "so_luong": "3"}

                {"ma": "N3", "tuoi": 9}
                {"ma": "N4", "so_luong": -1}
                """#
            let report = try await store.load(
                Self.chunks(lines), into: dataset, schema: Self.schema, options: .init(onError: .skip, format: .ndjson), loadedBy: "test")
            #expect(report.outcome == "loaded" && report.rowsLoaded == 2 && report.rowsRejected == 2)
            #expect(report.errors.map(\.type) == ["extra-cell", "constraint-error"])
            #expect(report.errors.map(\.row) == [4, 5], "rows are the lines of the file")
            let rows = try await store.records(of: dataset, schema: Self.schema)
            #expect(rows.records.first?[4] == .boolean(true) && rows.records.last?[1] == .null)
            let broken = try await store.load(
                Self.chunks("{\"ma\": \"X\"}\nnot json\n"), into: dataset, schema: Self.schema, options: .init(format: .ndjson), loadedBy: "test")
            #expect(broken.outcome == "refused" && broken.errors.first == LoadError(row: 2, type: "format-error", rule: "a JSON object per record"))
        }
    }

    @Test("a JSON array loads like NDJSON, numbered by position; text that is not one array is refused", arguments: TestDatabase.available)
    func jsonArray(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            let text = #"[{"ma": "J1", "ten": "Có \"ngoặc\" và ]}", "so_luong": 1},  {"ma": "J2", "tuoi": 3}, {"ma": "J3", "ngay": "2026-02-30"}]"#
            let report = try await store.load(
                Self.chunks(text, size: 5), into: dataset, schema: Self.schema, options: .init(onError: .skip, format: .json), loadedBy: "test")
            #expect(report.outcome == "loaded" && report.rowsLoaded == 1 && report.rowsRejected == 2)
            #expect(report.errors.map(\.row) == [2, 3] && report.errors.map(\.type) == ["extra-cell", "type-error"])
            #expect(try await store.records(of: dataset, schema: Self.schema).records.first?[1] == .text("Có \"ngoặc\" và ]}"))
            for broken in [#"{"ma": "X"}"#, #"[{"ma": "X"},]"#, #"[{"ma": "X"}"#, #"[1]"#, #"[{"ma": "X"}] x"#] {
                let refused = try await store.load(
                    Self.chunks(broken), into: dataset, schema: Self.schema, options: .init(format: .json), loadedBy: "test")
                #expect(refused.outcome == "refused" && refused.errors.first?.type == "format-error", "\(broken)")
            }
            #expect(try await store.count(of: dataset) == 1, "refused loads changed nothing")
        }
    }

    @Test("foreign keys: a key missing from the referenced dataset refuses the load, or is left out with skip", arguments: TestDatabase.available)
    func foreignKeys(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, wards) = try await Self.prepared(database)
            #expect(try await store.load(Self.chunks(Self.good), into: wards, schema: Self.schema, options: .init(), loadedBy: "t").rowsLoaded == 3)
            let schema = TableSchema(
                fields: [SchemaField(name: "so", type: .string), SchemaField(name: "co_so", type: .string)], primaryKey: ["so"],
                foreignKeys: [ForeignKey(fields: ["co_so"], reference: .init(resource: "co-so", fields: ["ma"]))])
            let permits = try await DatasetStore(database: database).create(
                Dataset(code: "giay-phep", ownerAgencyCode: "syt", titleVi: "Giấy phép", titleEn: "Permits"), schema: schema)
            let csv = "so,co_so\nP1,A1\nP2,A9\nP3,\nP4,A3\n"
            let refused = try await store.load(Self.chunks(csv), into: permits, schema: schema, options: .init(), loadedBy: "t")
            #expect(refused.outcome == "refused" && refused.errors.map(\.type) == ["foreign-key"] && refused.errors.first?.value == "A9")
            #expect(try await store.count(of: permits) == 0)
            let skipped = try await store.load(Self.chunks(csv), into: permits, schema: schema, options: .init(onError: .skip), loadedBy: "t")
            #expect(skipped.outcome == "loaded" && skipped.rowsLoaded == 3 && skipped.rowsRejected == 1, "an empty key is not checked")
            #expect(try await store.records(of: permits, schema: schema).records.map { $0[0] } == [.text("P1"), .text("P3"), .text("P4")])
            let typed = TableSchema(
                fields: [SchemaField(name: "so", type: .integer)],
                foreignKeys: [ForeignKey(fields: ["so"], reference: .init(resource: "co-so", fields: ["ma"]))])
            let mismatched = try await DatasetStore(database: database).create(
                Dataset(code: "sai-kieu", ownerAgencyCode: "syt", titleVi: "Sai kiểu", titleEn: "Mismatch"), schema: typed)
            let wrong = try await store.load(Self.chunks("so\n1\n"), into: mismatched, schema: typed, options: .init(onError: .skip), loadedBy: "t")
            #expect(wrong.outcome == "refused" && wrong.errors.first?.type == "foreign-key", "keys of other types cannot be checked")
        }
    }

    /// A load's bytes that stop halfway, as when the connection or the process dies mid-upload.
    struct BrokenUpload: Error {}

    @Test(
        "values JSON has no literal for (infinities, NaN), the extremes of each type and escapes arrive as they were",
        arguments: TestDatabase.available)
    func extremeValues(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            let text = """
                ma,ten,so_luong,ngay,hoat_dong,ty_le
                B1,"Dấu ""kép"" \\ và\ttab\u{1}",9223372036854775807,0001-01-01,TRUE,INF
                B2,"dòng
                mới",0,9999-12-31,False,-INF
                B3,"{""json"": [1]}",1,,,1e-300
                B4,',2,,,1.7976931348623157e308
                B5,z,3,,,NaN

                """
            let report = try await store.load(Self.chunks(text), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            #expect(report.rowsLoaded == 5 && report.errors.isEmpty, "\(report.errors)")
            let rows = try await store.records(of: dataset, schema: Self.schema).records
            #expect(rows.map { $0[0] } == ["B1", "B2", "B3", "B4", "B5"].map(RecordValue.text))
            #expect(
                rows[0] == [
                    .text("B1"), .text("Dấu \"kép\" \\ và\ttab\u{1}"), .integer(.max), .text("0001-01-01"), .boolean(true), .number(.infinity),
                ])
            #expect(rows[1] == [.text("B2"), .text("dòng\nmới"), .integer(0), .text("9999-12-31"), .boolean(false), .number(-.infinity)])
            #expect(rows[2][1] == .text("{\"json\": [1]}") && rows[2][5] == .number(1e-300))
            #expect(rows[3][1] == .text("'") && rows[3][5] == .number(.greatestFiniteMagnitude))
            // SQLite keeps no NaN (a bound NaN is stored as NULL); PostgreSQL does.
            switch rows[4][5] {
            case .number(let number): #expect(kind == .postgres && number.isNaN)
            case let other: #expect(kind != .postgres && other == .null)
            }
        }
    }

    @Test("a load cut off halfway leaves the previous rows intact and readable", arguments: TestDatabase.available)
    func cutOff(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Self.prepared(database)
            try await store.load(Self.chunks(Self.good), into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            var lines = Self.header
            for index in 0..<2_000 { lines += "X\(index),Tên \(index),\(index),,,\n" }
            let bytes = Array(lines.utf8)
            let broken = AsyncThrowingStream<[UInt8], any Error> { continuation in
                continuation.yield(Array(bytes.prefix(bytes.count / 2)))
                continuation.finish(throwing: BrokenUpload())
            }
            await #expect(throws: BrokenUpload.self) {
                try await store.load(broken, into: dataset, schema: Self.schema, options: .init(), loadedBy: "test")
            }
            #expect(try await store.count(of: dataset) == 3, "the old rows are all there, none of the new")
            #expect(try await store.records(of: dataset, schema: Self.schema).records.first?[0] == .text("A1"))
        }
    }
}

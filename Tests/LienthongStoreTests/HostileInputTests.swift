import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

/// Files an attacker, or a broken export from another system, would send to a load: each is refused with a named
/// error (or stored exactly), never a crash, and never leaves a half-written dataset. On SQLite and PostgreSQL.
@Suite("Hostile inputs to loads")
struct HostileInputTests {
    typealias Hosted = HostedDataTests

    /// A stream of `total` bytes: `head`, then `filler` repeated, generated as it is read (nothing held in memory).
    static func generated(head: [UInt8], filler: UInt8, total: Int, chunk: Int = 1 << 16) -> AsyncStream<[UInt8]> {
        AsyncStream { continuation in
            continuation.yield(head)
            var sent = head.count
            let block = [UInt8](repeating: filler, count: chunk)
            while sent < total {
                let size = min(chunk, total - sent)
                continuation.yield(size == chunk ? block : Array(block.prefix(size)))
                sent += size
            }
            continuation.finish()
        }
    }

    @Test("a 100 MB field is refused at its record after a megabyte, and the rows stay as they were", arguments: TestDatabase.available)
    func hugeField(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Hosted.prepared(database)
            _ = try await store.load(Hosted.chunks(Hosted.good), into: dataset, schema: Hosted.schema, options: .init(), loadedBy: "test")
            let head = Array("ma,ten,so_luong,ngay,hoat_dong,ty_le\nB1,".utf8)
            let report = try await store.load(
                Self.generated(head: head, filler: UInt8(ascii: "x"), total: 100 << 20), into: dataset, schema: Hosted.schema,
                options: .init(), loadedBy: "test")
            #expect(report.outcome == "refused" && report.errors.first?.row == 2, "\(report.errors)")
            #expect(try await store.count(of: dataset) == 3)
        }
    }

    @Test("10,000 columns are refused as columns the schema does not have, not stored", arguments: TestDatabase.available)
    func tenThousandColumns(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Hosted.prepared(database)
            let extra = (0..<9_994).map { "c\($0)" }
            let header = (["ma", "ten", "so_luong", "ngay", "hoat_dong", "ty_le"] + extra).joined(separator: ",")
            let row = (["A", "x", "1", "", "", ""] + extra.map { _ in "v" }).joined(separator: ",")
            let report = try await store.load(
                Hosted.chunks(header + "\n" + row + "\n", size: 4_096), into: dataset, schema: Hosted.schema, options: .init(), loadedBy: "test")
            #expect(report.outcome == "refused" && report.errors.first?.type == "extra-label", "\(report.errors.prefix(2))")
            #expect(try await store.count(of: dataset) == 0)
        }
    }

    @Test("NUL bytes in CSV and NDJSON text are refused, named, on both databases (PostgreSQL cannot store them)", arguments: TestDatabase.available)
    func nulBytes(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Hosted.prepared(database)
            let csv = Array("ma,ten,so_luong,ngay,hoat_dong,ty_le\nA,".utf8) + [0x61, 0x00, 0x62] + Array(",1,,,\n".utf8)
            let report = try await store.load(Hosted.bytes(csv), into: dataset, schema: Hosted.schema, options: .init(), loadedBy: "test")
            #expect(report.outcome == "refused" && report.errors.first?.row == 2, "\(report.errors)")
            let ndjson = #"{"ma": "N\u0000", "so_luong": 1}"# + "\n"
            let json = try await store.load(
                Hosted.chunks(ndjson), into: dataset, schema: Hosted.schema, options: .init(format: .ndjson), loadedBy: "test")
            #expect(json.outcome == "refused" && json.errors.first?.row == 1, "\(json.errors)")
            #expect(try await store.count(of: dataset) == 0)
        }
    }

    @Test("deeply nested JSON in a record is refused as not a flat record, without exhausting the stack", arguments: TestDatabase.available)
    func deeplyNested(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let (store, dataset) = try await Hosted.prepared(database)
            let depth = 100_000
            let nested = #"{"ma": "D", "ten": "# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}\n"
            let report = try await store.load(
                Hosted.chunks(nested, size: 4_096), into: dataset, schema: Hosted.schema, options: .init(format: .ndjson), loadedBy: "test")
            #expect(report.outcome == "refused", "\(report.errors)")
            #expect(try await store.count(of: dataset) == 0)
        }
    }

    @Test("a text that a spreadsheet would run as a formula is stored and served by the API as it is, but a download for people shows it as text")
    func formulaInjection() {
        let values: [RecordValue] = [
            .text("=HYPERLINK(\"http://x\",\"bấm\")"), .text("+1"), .text("-2"), .text("@SUM(A1)"), .integer(-3), .text("an toàn"),
        ]
        let fields = ["a", "b", "c", "d", "e", "f"]
        #expect(
            RecordFormat.csv.record(values, fields: fields, first: true)
                == "\"=HYPERLINK(\"\"http://x\"\",\"\"bấm\"\")\",+1,-2,@SUM(A1),-3,an toàn\r\n")
        #expect(
            RecordFormat.csv.record(values, fields: fields, first: true, forSpreadsheets: true)
                == "\"'=HYPERLINK(\"\"http://x\"\",\"\"bấm\"\")\",'+1,'-2,'@SUM(A1),-3,an toàn\r\n")
        #expect(RecordFormat.spreadsheetCell("\tx") == "'\tx" && RecordFormat.spreadsheetCell("\rx") == "\"'\rx\"")
    }
}

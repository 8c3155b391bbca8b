import Foundation
import Lienthong
import LienthongTestSupport
import NIOCore
import SQLKit
import Testing

@testable import LienthongStore

/// The text a load sends: every kind of value in the form its column stores it, byte for byte (the database's own
/// round trips are in the hosted-data suites).
@Suite("Rows as COPY text, JSON and arrays")
struct BulkTextTests {
    static let row: [FieldValue] = [
        .null, .string("Hà Nội\tphố \"cổ\"\\\n"), .integer(-42), .number(1_161_819.37), .number(0), .number(-.infinity), .number(.nan),
        .boolean(true), .date(CivilDate(year: 2026, month: 2, day: 9)!), .date(CivilDate(year: 10_000, month: 1, day: 1)!),
        .datetime(Date(timeIntervalSince1970: 1_764_262_970.1235)), .time(3_723), .year(1975),
    ]

    @Test("a row of every kind of value is written as COPY text: tabs between, \\N for NULL, four characters escaped")
    func copyText() {
        var rows = CopyRows()
        rows.append(Self.row)
        rows.append([.string("b")])
        let text = String(buffer: rows.buffer)
        #expect(
            text
                == "\\N\tHà Nội\\tphố \"cổ\"\\\\\\n\t-42\t1161819.37\t0\t-Infinity\tNaN\tt\t2026-02-09\t10000-01-01\t"
                + "2025-11-27T17:02:50.123Z\t01:02:03\t1975\nb\n")
        #expect(rows.count == 2)
    }

    @Test("a row of every kind of value is written as JSON: strings escaped, numbers as they read, non-finite as strings")
    func json() {
        var rows = JSONRows()
        rows.append(Self.row)
        #expect(
            rows.json
                == #"[[null,"Hà Nội\u0009phố \"cổ\"\\\u000a",-42,1161819.37,0.0,"-Infinity","NaN",true,"2026-02-09","10000-01-01","#
                + #""2025-11-27T17:02:50.123Z","01:02:03",1975]]"#)
    }

    @Test("rows bound in one value (JSON on SQLite, an array per column on PostgreSQL) come back as they went", arguments: TestDatabase.available)
    func boundRows(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let sent: [[String?]] = [["1", "Hà Nội\tphố \"cổ\"\\\n", nil], ["2", "", "b"], ["3", nil, String(repeating: "ư", count: 5_000)]]
            var rows = BulkRows(for: database.dialect, columns: 3)
            for row in sent { rows.append([.integer(Int64(row[0]!)!), .text(row[1]), .text(row[2])]) }
            let empty = BulkRows(for: database.dialect, columns: 3)
            let received = try await database.write { sql in
                try await sql.raw("CREATE TABLE bound_rows (n BIGINT, a TEXT, b TEXT)").run()
                for batch in [rows, empty] {
                    let values = [batch.integer(0), batch.text(1), batch.text(2)].joined(separator: ", ")
                    try await sql.raw("INSERT INTO bound_rows SELECT \(unsafeRaw: values) FROM \(batch.table)").run()
                }
                return try await sql.raw("SELECT n, a, b FROM bound_rows ORDER BY n").all().map { row in
                    [
                        String(try row.decode(column: "n", as: Int64.self)), try row.decode(column: "a", as: String?.self),
                        try row.decode(column: "b", as: String?.self),
                    ]
                }
            }
            #expect(received == sent)
        }
    }
}

import Foundation
import Testing

@testable import Lienthong
@testable import LienthongStore

@Suite("Rows read from their bytes")
struct RowBytesTests {
    static let schema = TableSchema(
        fields: [
            SchemaField(name: "ma", type: .string, constraints: .init(required: true, pattern: "[A-Z][0-9]{1,3}")),
            SchemaField(name: "ten", type: .string, constraints: .init(minLength: 2, maxLength: 6)),
            SchemaField(name: "phuong", type: .string, constraints: .init(enum: ["00004", "Phường Ba Đình", ""])),
            SchemaField(name: "so", type: .integer, constraints: .init(minimum: .number(0), maximum: .number(1_000))),
            SchemaField(name: "ty_le", type: .number, constraints: .init(minimum: .number(-1))),
            SchemaField(name: "ngay", type: .date, constraints: .init(minimum: .text("2000-01-01"))),
            SchemaField(name: "luc", type: .datetime),
            SchemaField(name: "co", type: .boolean),
            SchemaField(name: "nam", type: .year),
            SchemaField(name: "cccd", type: .string, subject: true),
        ],
        primaryKey: ["ma"])

    /// Cells for each field of `schema`: usual ones, and the unusual ones the text path must decide.
    static let cells: [[String]] = [
        ["A1", "Z999", "a1", "A1234", "", " A1", "Á1", "A١"],
        ["abc", "abcdef", "a", "abcdefg", "", "ab\r\ncd", "ab\ncd", "Hà Nội", "Ha\u{0300}", "\"q\"", "a\\b", "tab\tx"],
        ["00004", "Phường Ba Đình", "00005", "", "Phuo\u{031B}\u{0300}ng Ba Đình", " 00004"],
        ["0", "7", "1000", "1001", "-1", "+5", " 12", "12 ", "1.0", "00012", "-0", "9223372036854775808", "\u{00A0}3", "x", ""],
        ["0.5", "-1", "-1.5", "323034.51", ".5", "5.", "1e3", "NaN", "INF", "-0", "1234567890123456789", "0.1234567890123456", " 2", ""],
        ["2026-01-05", "1999-12-31", "2024-02-29", "2023-02-29", "2026-1-05", "２026-01-05", ""],
        ["2026-01-22T10:35:10", "2026-01-22 10:35:10", "2026-01-22T10:35:10Z", "2026-01-22T10:35:10.5+07:00", "2026-01-22T25:00:00", ""],
        ["true", "FALSE", "1", "0", " true", "yes", "True ", ""],
        ["2026", "26", "", "x"],
        ["001202620479", "", "00120262047\u{0301}"],
    ]

    @Test("a record read from its bytes writes the same JSON and COPY text as the text path, or goes to the text path")
    func sameAsText() throws {
        let reader = try RowReader(schema: Self.schema, header: Self.schema.fields.map(\.name))
        var random = SeededRandom(seed: 20_261_128)
        var fast = 0
        for _ in 0..<20_000 {
            // Mostly the first cell of each list (the usual ones), sometimes any other.
            let record = Self.cells.map { options in random.next() % 3 == 0 ? options[Int(random.next() % UInt64(options.count))] : options[0] }
            var json = JSONRows()
            var copy = CopyRows()
            let written = Self.withRow(record) { row in reader.write(row, into: &json) && reader.write(row, into: &copy) }
            guard written else {
                #expect(json.byteCount == 1 && copy.byteCount == 0, "a record refused leaves nothing written: \(record)")
                continue
            }
            fast += 1
            guard case .success(let values) = reader.read(record) else {
                Issue.record("written from bytes, refused as text: \(record)")
                continue
            }
            var textJSON = JSONRows()
            var textCopy = CopyRows()
            textJSON.append(values)
            textCopy.append(values)
            #expect(json.json == textJSON.json, "\(record)")
            #expect(copy.buffer == textCopy.buffer, "\(record)")
        }
        #expect(fast > 3_000, "the usual records are read from their bytes")
    }

    @Test("a record written after another, and one taken back, leave the rows as the text path writes them")
    func takenBack() throws {
        let reader = try RowReader(schema: Self.schema, header: Self.schema.fields.map(\.name))
        let usual = Self.cells.map { $0[0] }
        var refused = usual
        refused[3] = "-1"
        var json = JSONRows()
        var copy = CopyRows()
        for record in [usual, refused, usual] {
            _ = Self.withRow(record) { row in reader.write(row, into: &json) && reader.write(row, into: &copy) }
        }
        guard case .success(let values) = reader.read(usual) else { throw RowProblem(type: "refused", errors: []) }
        var expectedJSON = JSONRows()
        var expectedCopy = CopyRows()
        for _ in 0..<2 {
            expectedJSON.append(values)
            expectedCopy.append(values)
        }
        #expect(json.json == expectedJSON.json && json.count == 2)
        #expect(copy.buffer == expectedCopy.buffer && copy.count == 2)
    }

    /// Calls `body` with the record as a `CSVReader` hands it out.
    static func withRow<T>(_ record: [String], _ body: (CSVRow) -> T) -> T {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        for cell in record {
            starts.append(bytes.count)
            bytes += Array(cell.utf8)
            ends.append(bytes.count)
        }
        bytes.append(0)  // storage even when every cell is empty
        return bytes.withUnsafeBufferPointer { base in
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    body(CSVRow(base: base.baseAddress!, starts: starts.baseAddress!, ends: ends.baseAddress!, count: record.count))
                }
            }
        }
    }
}

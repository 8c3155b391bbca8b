import Foundation
import Lienthong
import Testing

@Suite("CSV reading")
struct CSVReaderTests {
    /// Reads `text` fed in chunks of `size` bytes.
    static func records(_ bytes: [UInt8], chunk size: Int) throws -> [[String]] {
        var reader = CSVReader()
        var records: [[String]] = []
        var start = 0
        while start < bytes.count {
            records += try reader.feed(bytes[start..<min(start + size, bytes.count)])
            start += size
        }
        return records + (try reader.finish())
    }

    @Test("quotes, doubled quotes, line breaks in fields, CRLF, a BOM; any chunking gives the same records", arguments: [1, 2, 7, 4096])
    func quoting(chunk: Int) throws {
        let text = "\u{FEFF}ma,ten,ghi_chu\r\n1,\"Nguyễn Văn \"\"An\"\"\",\"dòng 1\ndòng 2\"\r\n2,Trần Thị Bình,\n3,\"a,b\",x"
        let records = try Self.records(Array(text.utf8), chunk: chunk)
        #expect(
            records == [["ma", "ten", "ghi_chu"], ["1", "Nguyễn Văn \"An\"", "dòng 1\ndòng 2"], ["2", "Trần Thị Bình", ""], ["3", "a,b", "x"]])
    }

    @Test("the delimiter is chosen from the header: semicolon and tab files read too")
    func delimiters() throws {
        #expect(try Self.records(Array("a;b\n1;2,5\n".utf8), chunk: 3) == [["a", "b"], ["1", "2,5"]])
        #expect(try Self.records(Array("a\tb\n1\t2\n".utf8), chunk: 100) == [["a", "b"], ["1", "2"]])
        #expect(try Self.records(Array("only".utf8), chunk: 100) == [["only"]])
    }

    /// The rules read one byte at a time, as the reader first did: what its scanning of runs must agree with.
    static func referenceRecords(_ input: [UInt8], separator: UInt8) -> [[String]]? {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var quoteSeen = false
        var pendingCarriageReturn = false
        func endField() -> Bool {
            guard !field.contains(0), let text = String(validating: field, as: UTF8.self) else { return false }
            record.append(text)
            field = []
            quoteSeen = false
            return true
        }
        for byte in input {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if byte == 0x0A { continue }
            }
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    inQuotes = false
                    quoteSeen = true
                } else {
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                if quoteSeen { field.append(byte) }
                inQuotes = true
            case separator:
                guard endField() else { return nil }
            case 0x0A, 0x0D:
                guard endField() else { return nil }
                records.append(record)
                record = []
                pendingCarriageReturn = byte == 0x0D
            default:
                field.append(byte)
            }
        }
        if inQuotes { return nil }
        if !field.isEmpty || !record.isEmpty || quoteSeen {
            guard endField() else { return nil }
            records.append(record)
        }
        return records
    }

    @Test("random text of quotes, separators, line breaks, NUL and multi-byte letters reads as the byte-at-a-time rules do, in any chunking")
    func agreesWithByteRules() throws {
        var random = SeededRandom(seed: 20_261_127)
        let pieces: [[UInt8]] = [[0x22], [0x2C], [0x0A], [0x0D], [0x0D, 0x0A], [0x61], [0x62, 0x63], Array("ễ".utf8), [0xC3], [0x00], [0x3B]]
        for _ in 0..<3_000 {
            var input = Array("a,b\n".utf8)
            for _ in 0..<Int.random(in: 0..<40, using: &random) { input += pieces.randomElement(using: &random)! }
            let expected = Self.referenceRecords(Array(input.dropFirst(4)), separator: 0x2C).map { [["a", "b"]] + $0 }
            for chunk in [1, 3, Int.random(in: 1...50, using: &random), input.count] {
                let read = try? Self.records(input, chunk: chunk)
                #expect(read == expected, "\(input) in chunks of \(chunk)")
            }
        }
    }

    @Test("text that is not UTF-8 (Windows-1258, TCVN3) is refused at its record; an open quote at the end too")
    func failures() {
        let windows1258: [UInt8] = Array("ma,ten\n1,".utf8) + [0x54, 0xF2, 0x61] + Array("\n".utf8)
        #expect(throws: CSVReader.Failure.notUTF8(record: 2)) { try Self.records(windows1258, chunk: 5) }
        #expect(throws: CSVReader.Failure.unterminatedQuote(record: 2)) { try Self.records(Array("a\n\"open".utf8), chunk: 4) }
    }

    @Test("rows follow the schema: header checked, cells cast and checked, shapes reported")
    func rows() throws {
        let schema = TableSchema(
            fields: [
                SchemaField(name: "ma", type: .integer, constraints: .init(required: true)),
                SchemaField(name: "ten", type: .string),
            ], primaryKey: ["ma"])
        let reader = try RowReader(schema: schema, header: ["ten", "ma"])
        #expect(try reader.read(["An", "7"]).get() == [.integer(7), .string("An")])
        guard case .failure(let problem) = reader.read(["An", "x"]) else {
            Issue.record("a bad integer passed")
            return
        }
        #expect(problem.errors.first?.frictionlessType == "type-error")
        guard case .failure(let shape) = reader.read(["An"]) else {
            Issue.record("a short row passed")
            return
        }
        #expect(shape.type == "missing-cell")
        #expect(throws: RowReader.HeaderProblem(type: "missing-label", label: "ma")) { try RowReader(schema: schema, header: ["ten"]) }
        #expect(throws: RowReader.HeaderProblem(type: "extra-label", label: "tuoi")) {
            try RowReader(schema: schema, header: ["ma", "ten", "tuoi"])
        }
    }
}

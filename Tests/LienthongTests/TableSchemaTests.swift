import Foundation
import Testing

@testable import Lienthong

@Suite("Table Schema")
struct TableSchemaTests {
    static let frictionlessJSON = #"""
        {
          "fields": [
            {"name": "cccd", "type": "string", "vn": "citizen-id", "subject": true,
             "constraints": {"required": true, "pattern": "[0-9]{12}"}},
            {"name": "full_name", "type": "string", "constraints": {"maxLength": 100}},
            {"name": "birth_date", "type": "date", "constraints": {"minimum": "1900-01-01"}},
            {"name": "ward_code", "type": "string", "vn": "ward-code", "constraints": {"enum": ["00004", "00070"]}},
            {"name": "amount", "type": "integer", "constraints": {"minimum": 0, "maximum": 1000000}},
            {"name": "active", "type": "boolean"},
            {"name": "updated_at", "type": "datetime"},
            {"name": "opens", "type": "time"},
            {"name": "since", "type": "year"},
            {"name": "ratio", "type": "number"}
          ],
          "primaryKey": "cccd",
          "missingValues": ["", "NA"]
        }
        """#

    static func schema() throws -> TableSchema {
        try JSONDecoder().decode(TableSchema.self, from: Data(frictionlessJSON.utf8))
    }

    @Test("a Frictionless schema reads in, with a single-field primary key and Lienthong's vn and subject keys")
    func decode() throws {
        let schema = try Self.schema()
        #expect(schema.fields.count == 10)
        #expect(schema.primaryKey == ["cccd"])
        #expect(schema.subjectField?.name == "cccd")
        #expect(schema.field("ward_code")?.constraints.enum == ["00004", "00070"])
        #expect(schema.missingValues == ["", "NA"])
        #expect(schema.problems().isEmpty, "\(schema.problems())")
        let again = try JSONDecoder().decode(TableSchema.self, from: JSONEncoder().encode(schema))
        #expect(again == schema)
    }

    @Test("cells cast to their types and fail with Frictionless error types")
    func cells() throws {
        let schema = try Self.schema()
        func read(_ field: String, _ text: String) -> Result<FieldValue, CellError> {
            schema.field(field)!.read(text, missingValues: schema.missingValues)
        }
        #expect(try read("amount", "42").get() == .integer(42))
        #expect(try read("active", "TRUE").get() == .boolean(true))
        #expect(try read("birth_date", "1990-05-17").get() == .date(CivilDate(year: 1990, month: 5, day: 17)!))
        #expect(try read("opens", "07:30:00").get() == .time(27_000))
        #expect(try read("since", "2025").get() == .year(2025))
        #expect(try read("full_name", "NA").get() == .null)
        #expect(try read("updated_at", "2026-11-25T17:02:50+07:00").get() == .datetime(Date(timeIntervalSince1970: 1_795_600_970)))
        let decomposed = "Nguye\u{0302}\u{0303}n"
        #expect(try read("full_name", decomposed).get() == .string("Nguyễn"), "text is stored NFC")

        func failure(_ field: String, _ text: String) -> CellError? {
            if case .failure(let error) = read(field, text) { return error }
            return nil
        }
        #expect(failure("amount", "4.5")?.frictionlessType == "type-error")
        #expect(failure("birth_date", "17/05/1990")?.frictionlessType == "type-error")
        #expect(failure("amount", "-1")?.rule == "minimum")
        #expect(failure("amount", "1000001")?.rule == "maximum")
        #expect(failure("birth_date", "1899-12-31")?.rule == "minimum")
        #expect(failure("ward_code", "00001")?.rule == "enum")
        #expect(failure("cccd", "12345")?.rule == "pattern")
        #expect(failure("cccd", "")?.frictionlessType == "constraint-error")
        #expect(failure("full_name", String(repeating: "a", count: 101))?.rule == "maxLength")
        #expect(failure("active", "yes")?.type == .typeError)
    }

    @Test("a broken schema lists every problem with where it is")
    func problems() {
        let schema = TableSchema(
            fields: [
                SchemaField(name: "Mã", type: .string),
                SchemaField(name: "amount", type: .integer, constraints: .init(maxLength: 3)),
                SchemaField(name: "amount", type: .date, constraints: .init(minimum: .text("yesterday"))),
                SchemaField(name: "note", type: .string, constraints: .init(pattern: "([")),
                SchemaField(name: "person", type: .string, subject: true),
            ],
            primaryKey: ["missing"])
        let paths = schema.problems().map(\.path)
        #expect(paths.contains("fields[0].name"))
        #expect(paths.contains("fields[1].constraints"))
        #expect(paths.contains("fields[2].name"))
        #expect(paths.contains("fields[2].constraints.minimum"))
        #expect(paths.contains("fields[3].constraints.pattern"))
        #expect(paths.contains("fields[4].subject"))
        #expect(paths.contains("primaryKey"))
        #expect(TableSchema(fields: []).problems().map(\.path) == ["fields"])
    }

    @Test("removing, retyping or tightening a field is a breaking change; adding an optional one is not")
    func breakingChanges() throws {
        let old = try Self.schema()
        var added = old
        added.fields.append(SchemaField(name: "note", type: .string))
        #expect(!added.isBreakingChange(from: old))
        var described = old
        described.fields[1].title = "Họ và tên"
        #expect(!described.isBreakingChange(from: old))
        var relaxed = old
        relaxed.fields[1].constraints.maxLength = 200
        #expect(!relaxed.isBreakingChange(from: old))

        var removed = old
        removed.fields.remove(at: 1)
        #expect(removed.isBreakingChange(from: old))
        var retyped = old
        retyped.fields[4].type = .number
        #expect(retyped.isBreakingChange(from: old))
        var tightened = old
        tightened.fields[1].constraints.maxLength = 50
        #expect(tightened.isBreakingChange(from: old))
        var required = old
        required.fields.append(SchemaField(name: "note", type: .string, constraints: .init(required: true)))
        #expect(required.isBreakingChange(from: old))
        var rekeyed = old
        rekeyed.primaryKey = ["cccd", "full_name"]
        #expect(rekeyed.isBreakingChange(from: old))
    }

    @Test("patterns on ASCII text are matched over bytes with the regular expression engine's answers")
    func bytePatterns() {
        #expect(PatternCache.shared.bytePattern("(ab)+") == nil && PatternCache.shared.bytePattern("é") == nil)
        var random = SeededRandom(seed: 20_261_127)
        let atoms = ["0", "a", "X", "-", "_", "\\.", "[0-9]", "[35789]", "[a-c]", "[A-Z0-9]", "[-a]", "\\d", "[^0-9]", "."]
        let quantifiers = ["", "", "?", "*", "+", "{2}", "{1,3}", "{2,}", "{0,1}"]
        let alphabet = Array("0123456789abcXYZz-_.é ")
        for _ in 0..<400 {
            let pattern = (0..<Int(random.next() % 4) + 1).map { _ in
                atoms[Int(random.next() % UInt64(atoms.count))] + quantifiers[Int(random.next() % UInt64(quantifiers.count))]
            }.joined()
            guard PatternCache.shared.bytePattern(pattern) != nil, let regex = PatternCache.shared.regex(pattern) else {
                Issue.record("\(pattern) should be read by the byte matcher and compile")
                continue
            }
            for _ in 0..<25 {
                let text = String((0..<Int(random.next() % 9)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
                let expected = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(SchemaField.matches(text, pattern: pattern) == expected, "\(text) ~ \(pattern)")
            }
        }
        for (text, pattern, expected) in [
            ("001203004567", "[0-9]{12}", true), ("00120300456", "[0-9]{12}", false), ("0912345678", "0[35789][0-9]{8}", true),
            ("0212345678", "0[35789][0-9]{8}", false), ("", "[0-9]*", true), ("١٢٣", "[0-9]{3}", false), ("١٢٣", "\\d{3}", true),
        ] {
            #expect(SchemaField.matches(text, pattern: pattern) == expected, "\(text) ~ \(pattern)")
        }
    }

    @Test("whitespace is trimmed as Foundation's CharacterSet.whitespaces trims it")
    func trimming() {
        for text in ["12", " 12", "12\t", "\u{00A0}12\u{2003}", " ", "", "\n12\n", " a b ", "\u{3000}số\u{3000}", "x\u{200B}", "\u{1680}\u{202F}"] {
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
        // Every scalar Foundation counts as whitespace, and no other, up to the supplementary planes.
        for value in 0..<0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(ASCIIText.isWhitespace(scalar) == CharacterSet.whitespaces.contains(scalar), "U+\(String(value, radix: 16))")
        }
    }

    @Test("text is stored NFC; text already NFC is returned as it is")
    func nfc() {
        let decomposed = "Ha\u{0300} No\u{0323}\u{0302}i"
        #expect(decomposed.nfc == "Hà Nội" && decomposed.nfc.unicodeScalars.count == 6)
        #expect("Sở Y tế Đà Nẵng".nfc == "Sở Y tế Đà Nẵng")
        #expect("\u{212B}".nfc == "\u{00C5}", "a singleton NFC rewrites (Angstrom sign) still goes through Foundation")
        // The fast path reads UTF-8 bytes: every scalar below U+30000, alone and after a letter it could combine with,
        // comes out as Foundation's NFC.
        for value in 0..<0x30000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in [String(Character(scalar)), "ạ" + String(scalar) + "x"] where text.nfc != text.precomposedStringWithCanonicalMapping {
                Issue.record("U+\(String(value, radix: 16)) in \(text.unicodeScalars.map { String($0.value, radix: 16) })")
            }
        }
    }
}

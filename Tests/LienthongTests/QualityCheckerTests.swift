import Foundation
import Lienthong
import Testing

@Suite("Quality checks")
struct QualityCheckerTests {
    /// 2026-11-01, midnight in Vietnam.
    static let asOf = Date(timeIntervalSince1970: Double(CivilDate(year: 2026, month: 11, day: 1)!.dayNumber * 86_400 - 7 * 3600))

    static func field(
        _ name: String, _ type: FieldType = .string, required: Bool = false, unique: Bool = false, pattern: String? = nil,
        enum values: [String]? = nil, minimum: Double? = nil, vn: VietnameseRule? = nil
    ) -> SchemaField {
        SchemaField(
            name: name, type: type,
            constraints: FieldConstraints(
                required: required ? true : nil, unique: unique ? true : nil, minimum: minimum.map { .number($0) }, pattern: pattern, enum: values),
            vn: vn)
    }

    /// Checks CSV text through the same scanner the CLI uses.
    static func check(
        _ csv: String, _ schema: TableSchema, rules: [DeclaredRule] = [], lookups: [String: DatasetLookup] = [:]
    ) throws -> QualityReport {
        var checker = try QualityChecker(schema: schema, rules: QualityRules(rules: rules), asOf: asOf, lookups: lookups)
        try CSVScanner.scan(bytes: Array(csv.utf8)) { number, row in
            if number == 1 { checker.readHeader(row) } else { checker.check(row, number: number) }
        }
        return checker.finish()
    }

    static func result(_ report: QualityReport, _ field: String, _ rule: String) throws -> RuleResult {
        try #require(report.results.first { $0.field == field && $0.rule == rule }, "no \(rule) on \(field)")
    }

    @Test("the scanner: quotes, doubled quotes, line breaks inside, CRLF, a BOM, semicolons, blank lines skipped but counted")
    func scanner() throws {
        let text = "\u{FEFF}ma;ten;ghi_chu\r\n1;\"Nguyễn Văn \"\"An\"\"\";\"dòng 1\ndòng 2\"\r\n\r\n2;Trần Thị Bình;\n3;\"a;b\"x;y"
        var records: [(Int, [String])] = []
        try CSVScanner.scan(bytes: Array(text.utf8)) { number, row in records.append((number, (0..<row.count).map { row.text($0) })) }
        #expect(records.map(\.0) == [1, 2, 4, 5])
        #expect(
            records.map(\.1) == [
                ["ma", "ten", "ghi_chu"], ["1", "Nguyễn Văn \"An\"", "dòng 1\ndòng 2"], ["2", "Trần Thị Bình", ""], ["3", "a;bx", "y"],
            ])
        #expect(throws: CSVScanner.Failure.notUTF8(record: 2)) {
            try CSVScanner.scan(bytes: Array("a,b\n1,".utf8) + [0x54, 0xF2, 0x61, 0x0A]) { _, _ in }
        }
        #expect(throws: CSVScanner.Failure.unterminatedQuote(record: 2)) { try CSVScanner.scan(bytes: Array("a\n\"open".utf8)) { _, _ in } }
    }

    @Test(
        "byte patterns agree with the regular-expression engine",
        arguments: [
            ("[0-9]{12}", "001094021682", true), ("[0-9]{12}", "00109402168", false), ("0[35789][0-9]{8}", "0912345678", true),
            ("0[35789][0-9]{8}", "0212345678", false), ("[A-Z]{2}-\\d{4}", "HN-0001", true), ("01|02", "02", true), ("01|02", "03", false),
            ("[^0-9]+", "abc", true), ("a?b*c+", "c", true), ("a?b*c+", "ab", false), ("x.z", "xyz", true), ("[0-9]{2,3}", "1234", false),
        ])
    func patterns(pattern: String, value: String, expected: Bool) throws {
        let compiled = try #require(BytePattern(pattern))
        var text = value
        #expect(text.withUTF8 { compiled.matches($0) } == expected)
        #expect(BytePattern("(a|b)") == nil)
    }

    @Test("Table Schema rules count exactly; a missing value counts under complete only; duplicates both ways")
    func tableSchema() throws {
        let schema = TableSchema(
            fields: [
                Self.field("id", .integer, required: true), Self.field("ma", required: true, pattern: "[0-9]{3}"),
                Self.field("loai", enum: ["a", "b"]), Self.field("so_tien", .number, minimum: 0), Self.field("ngay", .date),
            ], primaryKey: ["id"])
        let csv = """
            id,ma,loai,so_tien,ngay
            1,001,a,10.5,2020-01-01
            2,,b,-1,2020-02-30
            2,12x,c,abc,2027-01-01
            3,003,,0,
            3,004,a,5,2026-11-01
            3,005,a,5,2026-10-31
            """
        let report = try Self.check(csv, schema)
        #expect(report.rows == 6)
        let required = try Self.result(report, "ma", "required")
        #expect((required.tested, required.failed, required.samples) == (6, 1, [3]))
        let pattern = try Self.result(report, "ma", "pattern")
        #expect((pattern.tested, pattern.failed, pattern.samples) == (5, 1, [4]))
        #expect(try Self.result(report, "loai", "enum").failed == 1)
        #expect(try Self.result(report, "so_tien", "type").failed == 1)
        #expect(try Self.result(report, "so_tien", "minimum").failed == 1)
        #expect(try Self.result(report, "ngay", "type").failed == 1)
        #expect(try Self.result(report, "ngay", "not-future").failed == 1)
        let key = try Self.result(report, "id", "primary-key")
        #expect((key.failed, key.rowsInDuplicateGroups, key.samples, key.sampleKeys) == (3, 5, [4, 6, 7], ["2", "3", "3"]))
        #expect(!report.results.contains { $0.rule == "unique" }, "the primary key is not counted twice")
    }

    @Test("Vietnamese rules: citizen ID, tax code, mobile, ward and province codes in force, with the new code suggested")
    func vietnamese() throws {
        let schema = TableSchema(fields: [
            Self.field("cccd", vn: .citizenID), Self.field("mst", vn: .taxCode), Self.field("dt", vn: .mobile),
            Self.field("phuong", vn: .wardCode), Self.field("tinh", vn: .provinceCode),
        ])
        let valid = Self.taxCode("010010910")
        let csv = """
            cccd,mst,dt,phuong,tinh
            001094021682,\(valid),0912345678,00004,01
            999094021682,\(valid)-001,+84912345678,00013,26
            001494021682,0100109100,0112345678,99999,99
            00109402168,\(valid)001,84912345678,,
            """
        let report = try Self.check(csv, schema)
        #expect(try Self.result(report, "cccd", "vn:citizen-id").samples == [3, 4, 5])
        #expect(try Self.result(report, "mst", "vn:tax-code").samples == [4])
        #expect(try Self.result(report, "dt", "vn:mobile").samples == [4])
        #expect(try Self.result(report, "dt", "vn:mobile-national-form").samples == [3, 5])
        #expect(try Self.result(report, "phuong", "vn:ward-code").samples == [4])
        let inForce = try Self.result(report, "phuong", "vn:ward-in-force")
        #expect(inForce.samples == [3])
        #expect(inForce.note == "00013 → 00004")
        #expect(try Self.result(report, "tinh", "vn:province-in-force").samples == [3])
        #expect(try Self.result(report, "tinh", "vn:province-code").samples == [4])
    }

    /// Nine digits and their check digit (Circular 105/2020).
    static func taxCode(_ nine: String) -> String {
        let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        let sum = zip(nine.compactMap(\.wholeNumberValue), weights).map { $0 * $1 }.reduce(0, +)
        return nine + String(10 - sum % 11)
    }

    @Test("built-in text rules: NFC without stray spaces, placeholders")
    func text() throws {
        let schema = TableSchema(fields: [Self.field("ten")])
        let decomposed = "Nguye\u{0302}\u{0303}n"
        let report = try Self.check("ten\nNguyễn Văn An\n\(decomposed)\n Lan\nHà  Nội\nN/A\n0000000000\nKhông có\n", schema)
        #expect(try Self.result(report, "ten", "tidy-text").samples == [3, 4, 5])
        #expect(try Self.result(report, "ten", "placeholder").samples == [6, 7, 8])
    }

    @Test("rules file: reference, freshness, coverage, row count, the citizen ID's birth year, compare, required-if")
    func declared() throws {
        let schema = TableSchema(fields: [
            Self.field("cccd"), Self.field("ngay_sinh", .date), Self.field("phuong"), Self.field("cap_nhat", .datetime),
            Self.field("loai"), Self.field("mst"),
        ])
        let csv = """
            cccd,ngay_sinh,phuong,cap_nhat,loai,mst
            001094021682,1994-05-01,00004,2026-10-01T08:00:00,ho,
            001194021682,1995-05-01,00008,2025-10-01T08:00:00,dn,0100109106
            001294021682,2094-05-01,99999,2025-11-01T00:00:00,dn,
            """
        let rules: [DeclaredRule] = [
            .init(type: .reference, field: "phuong", reference: "wards-2025", province: "01"),
            .init(type: .freshness, field: "cap_nhat", withinDays: 365),
            .init(type: .coverage, field: "phuong", province: "01"),
            .init(type: .rowCount, minimum: 5),
            .init(type: .citizenIDBirthDate, field: "cccd", birthDate: "ngay_sinh"),
            .init(type: .compare, field: "ngay_sinh", operator: "<", other: "cap_nhat"),
            .init(type: .requiredIf, field: "mst", when: "loai", equals: "dn"),
        ]
        let report = try Self.check(csv, schema, rules: rules)
        #expect(try Self.result(report, "phuong", "reference:wards-2025").samples == [4])
        #expect(try Self.result(report, "cap_nhat", "freshness").samples == [3], "exactly 365 days old is still fresh")
        let coverage = try Self.result(report, "phuong", "coverage")
        #expect((coverage.tested, coverage.failed) == (126, 124))
        #expect(try Self.result(report, "", "row-count").failed == 1)
        #expect(try Self.result(report, "cccd,ngay_sinh", "citizen-id-birth-date").samples == [3, 4])
        #expect(try Self.result(report, "ngay_sinh,cap_nhat", "compare:<").tested == 0, "a date and a datetime are not compared")
        #expect(try Self.result(report, "mst", "required-if:loai").samples == [4])
        #expect(abs((report.scores[.live] ?? 0) - 200.0 / 3) < 1e-9)
    }

    @Test("cross-dataset rules use the other dataset's values; without them the rule says it did not run")
    func crossDataset() throws {
        let schema = TableSchema(fields: [Self.field("cccd"), Self.field("ho_ten")])
        let rules: [DeclaredRule] = [
            .init(type: .existsIn, field: "cccd", dataset: "dan-cu", datasetField: "cccd"),
            .init(type: .agreesWith, field: "cccd", dataset: "dan-cu", datasetField: "cccd", attributes: ["ho_ten": "ho_ten"]),
        ]
        let csv = "cccd,ho_ten\n001094021682,Nguyễn Văn An\n001094021683,Trần Thị Bình\n001094021684,Lê Văn C\n"
        let lookup = DatasetLookup(
            keys: ["001094021682", "001094021683"],
            rows: ["001094021682": ["ho_ten": "nguyễn văn an"], "001094021683": ["ho_ten": "Trần Thị Bính"]])
        let report = try Self.check(csv, schema, rules: rules, lookups: ["dan-cu/cccd": lookup])
        #expect(try Self.result(report, "cccd", "exists-in:dan-cu/cccd").samples == [4])
        #expect(try Self.result(report, "cccd", "agrees-with:dan-cu/cccd").samples == [3])
        let skipped = try Self.check(csv, schema, rules: rules)
        #expect(try Self.result(skipped, "cccd", "exists-in:dan-cu/cccd").note?.hasPrefix("not run") == true)
    }

    @Test("foreign keys: to this dataset's own primary key, checked once every key is known; to another dataset, by its values")
    func foreignKeys() throws {
        let schema = TableSchema(
            fields: [Self.field("id", .integer), Self.field("cha", .integer), Self.field("phuong")], primaryKey: ["id"],
            foreignKeys: [
                ForeignKey(fields: ["cha"], reference: .init(resource: nil, fields: ["id"])),
                ForeignKey(fields: ["phuong"], reference: .init(resource: "phuong", fields: ["ma"])),
            ])
        let csv = "id,cha,phuong\n1,,A\n2,1,B\n3,9,A\n4,5,Z\n5,9,A\n"
        let report = try Self.check(csv, schema, lookups: ["phuong/ma": DatasetLookup(keys: ["a", "b"])])
        let own = try Self.result(report, "cha", "foreign-key")
        #expect((own.tested, own.failed, own.samples) == (4, 2, [4]), "5 exists further down; 9 never does (two rows, one example)")
        #expect(try Self.result(report, "phuong", "foreign-key:phuong/ma").samples == [5])
        #expect(try Self.check(csv, schema).results.first { $0.rule == "foreign-key:phuong/ma" }?.note?.hasPrefix("not run") == true)
    }

    @Test("a large file checked on two cores gives exactly the counts of one pass, repeats across the halves included")
    func halves() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quality-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = "id,ten,ghi_chu\n"
        let rows = 220_000
        for index in 1...rows {
            // Every 1,000th id repeats one from the other half; some notes are quoted with line breaks and commas.
            let id = index % 1_000 == 0 ? (index + rows / 2) % rows + 1 : index
            let note = index % 7 == 0 ? "\"dòng 1\ndòng, 2 \"\"x\"\"\"" : (index % 11 == 0 ? "N/A" : "ghi chú số \(index)")
            text += "\(id),Người \(index),\(note)\n"
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let schema = TableSchema(fields: [Self.field("id", .integer), Self.field("ten"), Self.field("ghi_chu")], primaryKey: ["id"])
        let parts = try QualityChecker.check(file: path, schema: schema, asOf: Self.asOf)
        let one = try Self.check(text, schema)
        #expect(parts.rows == rows)
        for (a, b) in zip(parts.results, one.results) {
            #expect((a.field, a.rule, a.tested, a.failed, a.rowsInDuplicateGroups) == (b.field, b.rule, b.tested, b.failed, b.rowsInDuplicateGroups))
            #expect(a.samples == b.samples, "\(a.field) \(a.rule): the same first rows as examples")
        }
        #expect(try Self.result(parts, "id", "primary-key").failed == rows / 1_000)
        #expect(try Self.result(parts, "ghi_chu", "placeholder").samples == (try Self.result(one, "ghi_chu", "placeholder")).samples)
    }

    @Test("scores: each criterion is the mean of its rules' scores; a rule that tested nothing does not count")
    func scores() {
        let report = QualityReport(
            rows: 10, asOf: Self.asOf, rulesVersion: "x", referenceVersion: "y",
            results: [
                RuleResult(field: "a", rule: "type", criterion: .correct, tested: 10, failed: 1),
                RuleResult(field: "b", rule: "pattern", criterion: .correct, tested: 4, failed: 2),
                RuleResult(field: "c", rule: "pattern", criterion: .correct, tested: 0, failed: 0),
                RuleResult(field: "", rule: "load-age", criterion: .live, fixedScore: 40),
            ], startedAt: Self.asOf, finishedAt: Self.asOf)
        #expect(report.scores[.correct] == 70)
        #expect(report.scores[.live] == 40)
        #expect(report.scores[.clean] == nil)
    }

    @Test("a wrong rules file or schema is unusable input with a message in both languages")
    func unusable() throws {
        #expect(throws: QualityInputError.self) { try QualityRules.decode(Data("{\"rules\": [{\"type\": \"nonsense\"}]}".utf8)) }
        let schema = TableSchema(fields: [Self.field("a")])
        do {
            _ = try QualityChecker(schema: schema, rules: QualityRules(rules: [.init(type: .freshness, field: "b", withinDays: 1)]), asOf: Self.asOf)
            Issue.record("an unknown field was accepted")
        } catch {
            #expect(error.message.vi.contains("quy tắc"))
            #expect(error.message.en.contains("rules"))
        }
    }
}

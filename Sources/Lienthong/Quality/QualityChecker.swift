import Crypto
import Foundation

/// Checks rows against a Table Schema, the Vietnamese rules its fields name and a rules file, counting exactly
/// (no error limit) and keeping up to 100 examples per rule. One pass, one row at a time, straight from the
/// bytes: memory holds only what uniqueness and coverage need.
///
/// ```swift
/// var checker = try QualityChecker(schema: schema, rules: rules, asOf: Date())
/// try CSVScanner.scan(path: path) { number, row in
///     if number == 1 { try checker.readHeader(row) } else { checker.check(row, number: number) }
/// }
/// let report = checker.finish()
/// ```
public struct QualityChecker: Sendable {
    let context: CheckContext
    let rules: QualityRules
    var counts = RuleCounts()
    var plans: [FieldPlan] = []
    var declared: [DeclaredPlan] = []
    var foreignKeys: [ForeignKeyPlan] = []
    var primaryKey = UniqueTracker(integer: false)
    var primaryKeyRule: Int?
    var rows = 0
    let startedAt = Date()

    /// - Parameters:
    ///   - asOf: the clock for "not in the future" and freshness (a run is repeatable with the same clock).
    ///   - lookups: other datasets' values for `exists-in` and `agrees-with` rules, by `dataset/field`; a rule whose
    ///     dataset is not given is reported as not run.
    public init(
        schema: TableSchema, rules: QualityRules = .init(), reference: VietnameseReference = .shipped, asOf: Date,
        lookups: [String: DatasetLookup] = [:]
    ) throws(QualityInputError) {
        if let problem = schema.problems().first { throw .schema(Messages.qualitySchemaUnusable.format(problem.path, problem.message.en)) }
        if let problem = rules.problems(schema: schema).first { throw .rules(Messages.qualityRulesUnusable.format(problem)) }
        self.context = CheckContext(schema: schema, reference: reference, asOf: asOf, lookups: lookups)
        self.rules = rules
    }

    /// Reads the header: which column holds which field. A field without a column is missing in every row.
    public mutating func readHeader(_ header: CSVRow) {
        readHeader(names: (0..<header.count).map { String(decoding: ByteValues.trimmed(header[$0]), as: UTF8.self) })
    }

    /// Reads a header given as names.
    public mutating func readHeader(names: [String]) {
        var columns: [String: Int] = [:]
        for (index, name) in names.enumerated() where columns[name] == nil { columns[name] = index }
        let schema = context.schema
        counts.keyColumns = schema.primaryKey.map { columns[$0] ?? -1 }
        for field in schema.fields {
            let column = columns[field.name] ?? -1
            if column < 0 {
                let rule = counts.add(field.name, "column", .complete)
                counts.results[rule].tested = 1
                counts.results[rule].failed = 1
            }
            plans.append(FieldPlan(field: field, column: column, context: context, counts: &counts))
        }
        if !schema.primaryKey.isEmpty {
            primaryKeyRule = counts.add(schema.primaryKey.joined(separator: ","), "primary-key", .clean)
            primaryKey = UniqueTracker(integer: schema.primaryKey.map { schema.field($0)?.type } == [.integer])
        }
        for key in schema.foreignKeys {
            foreignKeys.append(ForeignKeyPlan(key, columns: columns, context: context, counts: &counts))
        }
        for rule in rules.rules {
            declared.append(DeclaredPlan(rule: rule, columns: columns, context: context, counts: &counts))
        }
    }

    /// Makes room for about `rows` rows in the uniqueness checks (a large file's size tells roughly how many).
    mutating func reserve(rows: Int) {
        primaryKey.reserve(rows)
        for index in plans.indices { plans[index].reserve(rows: rows) }
    }

    /// Checks one data row; `number` is its row in the file (the header is 1).
    public mutating func check(_ row: CSVRow, number: Int) {
        rows += 1
        for index in plans.indices {
            plans[index].check(row, number: number, context: context, counts: &counts)
        }
        if let rule = primaryKeyRule { checkPrimaryKey(row, number: number, rule: rule) }
        for index in declared.indices {
            declared[index].check(row, number: number, context: context, counts: &counts)
        }
        for index in foreignKeys.indices {
            foreignKeys[index].check(row, number: number, context: context, counts: &counts)
        }
    }

    private mutating func checkPrimaryKey(_ row: CSVRow, number: Int, rule: Int) {
        let columns = counts.keyColumns
        if columns.count == 1 {
            guard columns[0] >= 0, !context.isMissing(row[columns[0]]) else { return }
            counts.results[rule].tested += 1
            if !primaryKey.insert(row[columns[0]], row: number) { counts.fail(rule, number, row) }
            return
        }
        var parts: [String] = []
        for column in columns {
            guard column >= 0, !context.isMissing(row[column]) else { return }
            parts.append(String(decoding: ByteValues.trimmed(row[column]), as: UTF8.self))
        }
        counts.results[rule].tested += 1
        if !primaryKey.insert(text: parts.joined(separator: "\u{1F}"), row: number) { counts.fail(rule, number, row) }
    }

    /// Checks a row given as texts (a load's records), through the same rules.
    public mutating func check(texts: [String], number: Int) {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        var ends: [Int] = []
        for text in texts {
            starts.append(bytes.count)
            bytes += text.utf8
            ends.append(bytes.count)
        }
        bytes.append(0)  // never empty, so the buffer has an address
        bytes.withUnsafeBufferPointer { base in
            starts.withUnsafeMutableBufferPointer { starts in
                ends.withUnsafeMutableBufferPointer { ends in
                    guard let starts = starts.baseAddress, let ends = ends.baseAddress else { return }
                    check(CSVRow(base: base.baseAddress!, starts: starts, ends: ends, count: texts.count), number: number)
                }
            }
        }
    }

    /// The counts of every rule, with what can only be told at the end (duplicate groups, coverage, row count,
    /// self-referencing foreign keys).
    public mutating func finish() -> QualityReport {
        for index in plans.indices { plans[index].finish(counts: &counts) }
        if let rule = primaryKeyRule {
            counts.results[rule].rowsInDuplicateGroups = counts.results[rule].failed + primaryKey.duplicatedKeys
        }
        for index in declared.indices { declared[index].finish(rows: rows, context: context, counts: &counts) }
        for plan in foreignKeys { plan.finish(primaryKeys: primaryKey, counts: &counts) }
        return QualityReport(
            rows: rows, asOf: context.asOf, rulesVersion: rulesVersion, referenceVersion: context.reference.version, results: counts.results,
            startedAt: startedAt, finishedAt: Date())
    }

    /// Adds what another checker found in a later part of the same file, whose row numbers start after
    /// `rowOffset` rows of this part. The counts stay exact: a value repeated across the parts counts as a repeat.
    mutating func merge(_ other: QualityChecker, rowOffset: Int) {
        rows += other.rows
        counts.merge(other.counts, rowOffset: rowOffset)
        for index in plans.indices { plans[index].merge(other.plans[index], rowOffset: rowOffset, counts: &counts) }
        if let rule = primaryKeyRule {
            let repeats = primaryKey.merge(other.primaryKey, rowOffset: rowOffset)
            counts.addRepeats(rule, repeats.map { ($0.row, $0.value.replacingOccurrences(of: "\u{1F}", with: ",")) })
        }
        for index in declared.indices { declared[index].merge(other.declared[index]) }
        for index in foreignKeys.indices { foreignKeys[index].merge(other.foreignKeys[index], rowOffset: rowOffset) }
    }

    /// A hash of the schema and the rules, the same for the same rules however the JSON was written.
    var rulesVersion: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = (try? encoder.encode(context.schema)) ?? Data()
        data += (try? encoder.encode(rules)) ?? Data()
        return Hex.encode(SHA256.hash(data: data).prefix(8))
    }
}

/// What every rule of a run reads and does not change: the schema, the reference data and the clock.
struct CheckContext: Sendable {
    let schema: TableSchema
    let reference: VietnameseReference
    let codes: VietnameseCodes
    let asOf: Date
    /// The run's clock as seconds since 1970, and as Vietnam's civil day.
    let asOfSeconds: Double
    let asOfDay: Int
    let lookups: [String: DatasetLookup]
    private let onlyEmptyIsMissing: Bool

    init(schema: TableSchema, reference: VietnameseReference, asOf: Date, lookups: [String: DatasetLookup]) {
        self.schema = schema
        self.reference = reference
        self.asOf = asOf
        self.asOfSeconds = asOf.timeIntervalSince1970
        self.asOfDay = Int(((asOf.timeIntervalSince1970 + 7 * 3600) / 86_400).rounded(.down))
        self.codes = VietnameseCodes(reference: reference, asOfYear: CivilDate(dayNumber: asOfDay).year)
        self.lookups = lookups
        self.onlyEmptyIsMissing = schema.missingValues == [""]
    }

    /// Whether a cell is one of the schema's missing values.
    @inline(__always)
    func isMissing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if onlyEmptyIsMissing { return bytes.isEmpty }
        return schema.missingValues.contains(String(decoding: bytes, as: UTF8.self))
    }
}

/// The results of a run as it goes: one `RuleResult` per rule, in the order the rules were declared.
struct RuleCounts: Sendable {
    var results: [RuleResult] = []
    /// The primary key's columns, to name the examples.
    var keyColumns: [Int] = []

    /// Declares a rule and returns its index.
    mutating func add(_ field: String, _ rule: String, _ criterion: QualityCriterion) -> Int {
        results.append(RuleResult(field: field, rule: rule, criterion: criterion))
        return results.count - 1
    }

    /// Adds another part's counts and examples (while there are fewer than 100), its rows numbered after `rowOffset`.
    mutating func merge(_ other: RuleCounts, rowOffset: Int) {
        for index in results.indices where results[index].rule != "column" {  // written by the header, once per copy
            let theirs = other.results[index]
            results[index].tested += theirs.tested
            results[index].failed += theirs.failed
            let room = RuleResult.sampleLimit - results[index].samples.count
            results[index].samples += theirs.samples.prefix(room).map { $0 + rowOffset }
            results[index].sampleKeys += theirs.sampleKeys.prefix(room)
            if results[index].note == nil { results[index].note = theirs.note }
        }
    }

    /// Adds repeats found when merging two parts (each a failure), keeping the first 100 rows among all examples.
    mutating func addRepeats(_ rule: Int, _ repeats: [(row: Int, key: String)]) {
        results[rule].failed += repeats.count
        guard !repeats.isEmpty,
            results[rule].samples.count < RuleResult.sampleLimit || repeats.contains(where: { $0.row < results[rule].samples.last ?? 0 })
        else { return }
        let keyed = results[rule].sampleKeys.count == results[rule].samples.count
        var examples = zip(results[rule].samples, keyed ? results[rule].sampleKeys : results[rule].samples.map { _ in "" }).map { ($0, $1) }
        examples += repeats.map { ($0.row, $0.key) }
        examples.sort { $0.0 < $1.0 }
        examples = Array(examples.prefix(RuleResult.sampleLimit))
        results[rule].samples = examples.map(\.0)
        if !keyColumns.isEmpty { results[rule].sampleKeys = examples.map(\.1) }
    }

    /// Counts a failure of `rule` on row `number`, keeping it as an example while there are fewer than 100.
    @inline(__always)
    mutating func fail(_ rule: Int, _ number: Int, _ row: CSVRow) {
        results[rule].failed += 1
        if results[rule].samples.count < RuleResult.sampleLimit {
            results[rule].samples.append(number)
            if !keyColumns.isEmpty {
                results[rule].sampleKeys.append(keyColumns.map { $0 >= 0 ? row.text($0) : "" }.joined(separator: ","))
            }
        }
    }
}

/// Another dataset's values, for the rules that look across datasets: the values of the field a rule points to,
/// and for `agrees-with` the other fields of the row each value belongs to.
public struct DatasetLookup: Sendable {
    public var keys: Set<String>
    /// Key value → (the other dataset's field → its value).
    public var rows: [String: [String: String]]

    public init(keys: Set<String>, rows: [String: [String: String]] = [:]) {
        self.keys = keys
        self.rows = rows
    }

    /// Values are compared across datasets NFC, trimmed and without case: the keys of `keys` and `rows` are so.
    public static func normalized(_ text: String) -> String {
        text.nfc.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The lookup name a rule uses: `dataset/field`.
    public static func name(dataset: String, field: String) -> String { "\(dataset)/\(field)" }
}

/// The values seen in a unique field or key with the row each was first seen on, counting repeats and how many
/// values repeat.
struct UniqueTracker: Sendable {
    private var integers = IntegerSet()
    private var texts: [String: Int] = [:]
    private var repeatedIntegers: Set<Int64> = []
    private var repeatedTexts: Set<String> = []
    private let integer: Bool

    init(integer: Bool) {
        self.integer = integer
    }

    /// Makes room for about `values` values before they come, instead of growing step by step.
    mutating func reserve(_ values: Int) {
        if integer, integers.count == 0 { integers = IntegerSet(capacity: values) }
    }

    /// The distinct values that occur more than once.
    var duplicatedKeys: Int { repeatedIntegers.count + repeatedTexts.count }

    /// Adds a value seen on `row`; false when it was already there (a repeat).
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, row: Int) -> Bool {
        if integer, let value = ByteValues.integer(bytes) {
            if integers.insert(value, row: row) { return true }
            repeatedIntegers.insert(value)
            return false
        }
        return insert(text: String(decoding: ByteValues.trimmed(bytes), as: UTF8.self), row: row)
    }

    /// Whether a key (as text; composite keys' parts joined by U+001F) was seen.
    func contains(text: String) -> Bool {
        if integer, let value = Int64(text) { return integers.contains(value) }
        return texts[text] != nil
    }

    mutating func insert(text: String, row: Int) -> Bool {
        if texts[text] == nil {
            texts[text] = row
            return true
        }
        repeatedTexts.insert(text)
        return false
    }

    /// Adds the values a later part of the file saw (its rows numbered after `rowOffset`): a value both saw is a
    /// repeat at its first row in the later part. Returns those repeats: their rows and values.
    mutating func merge(_ other: UniqueTracker, rowOffset: Int) -> [(row: Int, value: String)] {
        var repeats: [(row: Int, value: String)] = []
        other.integers.forEachValue { value, row in
            if !integers.insert(value, row: row + rowOffset) {
                repeats.append((row + rowOffset, String(value)))
                repeatedIntegers.insert(value)
            }
        }
        for (value, row) in other.texts {
            if texts[value] == nil {
                texts[value] = row + rowOffset
            } else {
                repeats.append((row + rowOffset, value))
                repeatedTexts.insert(value)
            }
        }
        repeatedIntegers.formUnion(other.repeatedIntegers)
        repeatedTexts.formUnion(other.repeatedTexts)
        return repeats
    }
}

import Foundation

/// A rule of the rules file, ready to run: the columns it reads and what it keeps between rows.
struct DeclaredPlan: Sendable {
    let rule: DeclaredRule
    let index: Int
    private var column = -1
    private var otherColumn = -1
    /// The reference values (`reference`, `coverage`), and for coverage which were seen.
    private var values: ByteSet?
    private var seen: [Bool] = []
    /// Freshness: the oldest allowed value, as seconds and as a day number.
    private var cutoffSeconds = 0.0
    private var cutoffDay = 0
    private var fieldType: FieldType = .string
    private var lookup: DatasetLookup?
    private var attributeColumns: [(column: Int, other: String)] = []

    init(rule: DeclaredRule, columns: [String: Int], context: CheckContext, counts: inout RuleCounts) {
        self.rule = rule
        let field = rule.field ?? ""
        column = rule.field.flatMap { columns[$0] } ?? -1
        fieldType = rule.field.flatMap { context.schema.field($0)?.type } ?? .string
        switch rule.type {
        case .reference:
            index = counts.add(field, "reference:\(rule.reference ?? "")", .consistent)
            let reference = context.reference
            if rule.reference == "provinces-2025" {
                values = ByteSet(reference.provinces.keys.sorted())
            } else {
                values = ByteSet(rule.province.map { reference.wards(inProvince: $0) } ?? reference.wards.keys.sorted())
            }
        case .freshness:
            index = counts.add(field, "freshness", .live)
            let days = rule.withinDays ?? 0
            cutoffSeconds = context.asOfSeconds - Double(days) * 86_400
            cutoffDay = context.asOfDay - days
        case .coverage:
            index = counts.add(field, "coverage", .complete)
            values = ByteSet(context.reference.wards(inProvince: rule.province ?? ""))
            seen = Array(repeating: false, count: values?.count ?? 0)
        case .rowCount:
            index = counts.add("", "row-count", .complete)
        case .citizenIDBirthDate:
            index = counts.add("\(field),\(rule.birthDate ?? "")", "citizen-id-birth-date", .consistent)
            otherColumn = rule.birthDate.flatMap { columns[$0] } ?? -1
        case .compare:
            index = counts.add("\(field),\(rule.other ?? "")", "compare:\(rule.operator ?? "")", .correct)
            otherColumn = rule.other.flatMap { columns[$0] } ?? -1
        case .requiredIf:
            index = counts.add(field, "required-if:\(rule.when ?? "")", .complete)
            otherColumn = rule.when.flatMap { columns[$0] } ?? -1
        case .existsIn, .agreesWith:
            let name = DatasetLookup.name(dataset: rule.dataset ?? "", field: rule.datasetField ?? "")
            index = counts.add(field, "\(rule.type.rawValue):\(name)", .consistent)
            lookup = context.lookups[name]
            if lookup == nil { counts.results[index].note = "not run: \(rule.dataset ?? "") is not available" }
            attributeColumns = (rule.attributes ?? [:]).sorted { $0.key < $1.key }.compactMap { mine, theirs in
                columns[mine].map { (column: $0, other: theirs) }
            }
        }
    }

    mutating func check(_ row: CSVRow, number: Int, context: CheckContext, counts: inout RuleCounts) {
        guard rule.type != .rowCount, column >= 0 else { return }
        let bytes = row[column]
        let missing = context.isMissing(bytes)
        switch rule.type {
        case .reference:
            guard !missing, let values else { return }
            counts.results[index].tested += 1
            if !values.contains(bytes) { counts.fail(index, number, row) }
        case .freshness:
            guard !missing else { return }
            let stale: Bool
            if fieldType == .date {
                guard let day = ByteValues.date(bytes) else { return }
                stale = day < cutoffDay
            } else {
                guard let seconds = ByteValues.datetime(bytes) else { return }
                stale = seconds < cutoffSeconds
            }
            counts.results[index].tested += 1
            if stale { counts.fail(index, number, row) }
        case .coverage:
            guard !missing, let position = values?.index(of: bytes) else { return }
            seen[position] = true
        case .citizenIDBirthDate:
            guard !missing, otherColumn >= 0, let day = ByteValues.date(row[otherColumn]) else { return }
            counts.results[index].tested += 1
            if context.codes.citizenIDBirthYear(bytes) != CivilDate(dayNumber: day).year { counts.fail(index, number, row) }
        case .compare:
            guard !missing, otherColumn >= 0, !context.isMissing(row[otherColumn]),
                let order = Self.order(bytes, row[otherColumn], type: fieldType),
                let comparison = DeclaredRule.Operator(rawValue: rule.operator ?? "")
            else { return }
            counts.results[index].tested += 1
            if !comparison.holds(order) { counts.fail(index, number, row) }
        case .requiredIf:
            guard otherColumn >= 0, !context.isMissing(row[otherColumn]) else { return }
            if let expected = rule.equals, row.text(otherColumn) != expected { return }
            counts.results[index].tested += 1
            if missing { counts.fail(index, number, row) }
        case .existsIn:
            guard !missing, let lookup else { return }
            counts.results[index].tested += 1
            if !lookup.keys.contains(DatasetLookup.normalized(row.text(column))) { counts.fail(index, number, row) }
        case .agreesWith:
            guard !missing, let found = lookup?.rows[DatasetLookup.normalized(row.text(column))] else { return }
            counts.results[index].tested += 1
            for (column, other) in attributeColumns where DatasetLookup.normalized(row.text(column)) != DatasetLookup.normalized(found[other] ?? "") {
                counts.fail(index, number, row)
                return
            }
        case .rowCount: break
        }
    }

    /// -1, 0 or 1 comparing two cells of a type; nil when either cannot be read.
    private static func order(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>, type: FieldType) -> Int? {
        func compare<T: Comparable>(_ a: T?, _ b: T?) -> Int? {
            guard let a, let b else { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        }
        switch type {
        case .integer, .number, .year: return compare(ByteValues.number(left), ByteValues.number(right))
        case .date: return compare(ByteValues.date(left), ByteValues.date(right))
        case .datetime: return compare(ByteValues.datetime(left), ByteValues.datetime(right))
        default: return compare(String(decoding: left, as: UTF8.self).nfc, String(decoding: right, as: UTF8.self).nfc)
        }
    }

    /// Takes in what the same rule saw in a later part of the file.
    mutating func merge(_ other: DeclaredPlan) {
        for index in seen.indices where other.seen[index] { seen[index] = true }
    }

    mutating func finish(rows: Int, context: CheckContext, counts: inout RuleCounts) {
        switch rule.type {
        case .coverage:
            guard let values else { return }
            counts.results[index].tested = values.count
            let missing = zip(values.members, seen).filter { !$0.1 }.map(\.0)
            counts.results[index].failed = missing.count
            if !missing.isEmpty { counts.results[index].note = missing.prefix(20).joined(separator: ", ") + (missing.count > 20 ? ", …" : "") }
        case .rowCount:
            counts.results[index].tested = 1
            let tooFew = rule.minimum.map { rows < $0 } ?? false
            let tooMany = rule.maximum.map { rows > $0 } ?? false
            counts.results[index].failed = tooFew || tooMany ? 1 : 0
            counts.results[index].note = "\(rows) rows; expected \(rule.minimum.map(String.init) ?? "0")–\(rule.maximum.map(String.init) ?? "∞")"
        default: break
        }
    }
}

import Foundation

/// The rules one field's cells are checked against, compiled from its Table Schema entry: type, constraints, the
/// Vietnamese rule its `vn` names, and the built-in rules every field gets (dates not in the future; text in NFC
/// without stray spaces, no placeholders). A missing value counts only under `required`; a value of the wrong
/// type is not checked further.
struct FieldPlan: Sendable {
    let field: SchemaField
    let column: Int
    private var required: Int?
    private var typeRule: Int?
    private var pattern: Int?
    private let bytePattern: BytePattern?
    /// The pattern's text, for values the byte matcher does not take (not ASCII).
    private let patternText: String?
    private let minimumLength: Int?
    private let maximumLength: Int?
    private var enumRule: Int?
    private let enumValues: ByteSet?
    private var minLength: Int?
    private var maxLength: Int?
    private var minimum: Int?
    private var maximum: Int?
    private var minimumValue = 0.0
    private var maximumValue = 0.0
    private var unique: Int?
    private var uniqueValues: UniqueTracker
    private var vn: Int?
    /// The second rule of a Vietnamese code: in force (wards, provinces) or in national form (mobiles).
    private var vnForm: Int?
    private var notFuture: Int?
    private var tidy: Int?
    private var placeholder: Int?
    /// One spelling per value (consistent): the count of each exact spelling while there are few distinct values
    /// (a category, a market, a unit); nil once there are too many to be a category.
    private var spelling: Int?
    private var spellings: [String: Int]? = [:]
    /// The most distinct values a field may have for its spellings to be compared.
    static let spellingLimit = 1_000
    /// Legacy codes seen → the codes in force, for the note of `vn:*-in-force`.
    private var legacySeen: [String: [String]] = [:]

    init(field: SchemaField, column: Int, context: CheckContext, counts: inout RuleCounts) {
        self.field = field
        self.column = column
        let name = field.name
        let constraints = field.constraints
        let isSoleKey = context.schema.primaryKey == [name]
        if constraints.required == true || field.subject || context.schema.primaryKey.contains(name) {
            required = counts.add(name, "required", .complete)
        }
        if field.type != .string { typeRule = counts.add(name, "type", .correct) }
        if let values = constraints.enum {
            enumRule = counts.add(name, "enum", .correct)
            enumValues = ByteSet(values)
        } else {
            enumValues = nil
        }
        patternText = constraints.pattern
        minimumLength = constraints.minLength
        maximumLength = constraints.maxLength
        if let text = constraints.pattern {
            pattern = counts.add(name, "pattern", .correct)
            bytePattern = BytePattern(text)
        } else {
            bytePattern = nil
        }
        if constraints.minLength != nil { minLength = counts.add(name, "minLength", .correct) }
        if constraints.maxLength != nil { maxLength = counts.add(name, "maxLength", .correct) }
        if let bound = constraints.minimum, let value = Self.boundValue(bound, type: field.type) {
            minimum = counts.add(name, "minimum", .correct)
            minimumValue = value
        }
        if let bound = constraints.maximum, let value = Self.boundValue(bound, type: field.type) {
            maximum = counts.add(name, "maximum", .correct)
            maximumValue = value
        }
        if constraints.unique == true, !isSoleKey { unique = counts.add(name, "unique", .clean) }
        uniqueValues = UniqueTracker(integer: field.type == .integer)
        switch field.vn {
        case .citizenID: vn = counts.add(name, "vn:citizen-id", .correct)
        case .taxCode: vn = counts.add(name, "vn:tax-code", .correct)
        case .mobile, .phone:
            vn = counts.add(name, "vn:mobile", .correct)
            vnForm = counts.add(name, "vn:mobile-national-form", .consistent)
        case .wardCode:
            vn = counts.add(name, "vn:ward-code", .correct)
            vnForm = counts.add(name, "vn:ward-in-force", .consistent)
        case .provinceCode:
            vn = counts.add(name, "vn:province-code", .correct)
            vnForm = counts.add(name, "vn:province-in-force", .consistent)
        case nil: break
        }
        if field.type == .date || field.type == .datetime { notFuture = counts.add(name, "not-future", .correct) }
        if field.type == .string {
            tidy = counts.add(name, "tidy-text", .clean)
            if constraints.enum == nil { placeholder = counts.add(name, "placeholder", .clean) }
            if constraints.enum == nil, constraints.pattern == nil, field.vn == nil, !field.subject, constraints.unique != true,
                !context.schema.primaryKey.contains(name)
                    || context.schema.primaryKey.count > 1
            {
                spelling = counts.add(name, "one-spelling", .consistent)
            }
        }
    }

    /// A bound as a number comparable with the values: itself, a day number, or seconds.
    private static func boundValue(_ bound: ConstraintBound, type: FieldType) -> Double? {
        switch (bound, type) {
        case (.number(let number), _): return number
        case (.text(let text), .date): return CivilDate(iso: text).map { Double($0.dayNumber) }
        case (.text(let text), .datetime): return SchemaField.parseDatetime(text)?.timeIntervalSince1970
        default: return nil
        }
    }

    mutating func check(_ row: CSVRow, number: Int, context: CheckContext, counts: inout RuleCounts) {
        guard column >= 0 else { return }
        let bytes = row[column]
        if context.isMissing(bytes) {
            if let required {
                counts.results[required].tested += 1
                counts.fail(required, number, row)
            }
            return
        }
        if let required { counts.results[required].tested += 1 }
        // The value as a number to compare with bounds: itself, a day number or seconds.
        var value = 0.0
        var comparable = false
        switch field.type {
        case .string:
            checkText(bytes, row, number: number, context: context, counts: &counts)
        case .integer:
            guard let integer = ByteValues.integer(bytes) else { return typeFailed(number, row, &counts) }
            value = Double(integer)
            comparable = true
        case .number:
            guard let number = ByteValues.number(bytes) else { return typeFailed(number, row, &counts) }
            value = number
            comparable = true
        case .date:
            guard let day = ByteValues.date(bytes) else { return typeFailed(number, row, &counts) }
            value = Double(day)
            comparable = true
            checkFuture(day > context.asOfDay, number, row, &counts)
        case .datetime:
            guard let seconds = ByteValues.datetime(bytes) else { return typeFailed(number, row, &counts) }
            value = seconds
            comparable = true
            checkFuture(seconds > context.asOfSeconds, number, row, &counts)
        case .boolean, .time, .year:
            guard case .success(let read) = field.cast(String(decoding: bytes, as: UTF8.self), missingValues: []) else {
                return typeFailed(number, row, &counts)
            }
            if case .year(let year) = read {
                value = Double(year)
                comparable = true
            }
        }
        if let typeRule { counts.results[typeRule].tested += 1 }
        if let enumRule, let enumValues {
            counts.results[enumRule].tested += 1
            if !enumValues.contains(bytes) { counts.fail(enumRule, number, row) }
        }
        if comparable {
            if let minimum {
                counts.results[minimum].tested += 1
                if value < minimumValue { counts.fail(minimum, number, row) }
            }
            if let maximum {
                counts.results[maximum].tested += 1
                if value > maximumValue { counts.fail(maximum, number, row) }
            }
        }
        if let unique {
            counts.results[unique].tested += 1
            if !uniqueValues.insert(bytes, row: number) { counts.fail(unique, number, row) }
        }
    }

    private func typeFailed(_ number: Int, _ row: CSVRow, _ counts: inout RuleCounts) {
        guard let typeRule else { return }
        counts.results[typeRule].tested += 1
        counts.fail(typeRule, number, row)
    }

    private func checkFuture(_ isFuture: Bool, _ number: Int, _ row: CSVRow, _ counts: inout RuleCounts) {
        guard let notFuture else { return }
        counts.results[notFuture].tested += 1
        if isFuture { counts.fail(notFuture, number, row) }
    }

    private mutating func checkText(_ bytes: UnsafeBufferPointer<UInt8>, _ row: CSVRow, number: Int, context: CheckContext, counts: inout RuleCounts)
    {
        var ascii = true
        for byte in bytes where byte >= 0x80 {
            ascii = false
            break
        }
        if minLength != nil || maxLength != nil {
            let length = ascii ? bytes.count : String(decoding: bytes, as: UTF8.self).nfc.count
            if let minLength, let limit = minimumLength {
                counts.results[minLength].tested += 1
                if length < limit { counts.fail(minLength, number, row) }
            }
            if let maxLength, let limit = maximumLength {
                counts.results[maxLength].tested += 1
                if length > limit { counts.fail(maxLength, number, row) }
            }
        }
        if let pattern {
            counts.results[pattern].tested += 1
            let matches: Bool =
                if ascii, let bytePattern { bytePattern.matches(bytes) } else {
                    SchemaField.matches(String(decoding: bytes, as: UTF8.self).nfc, pattern: patternText ?? "")
                }
            if !matches { counts.fail(pattern, number, row) }
        }
        if let vn { checkCode(bytes, vn, row, number: number, context: context, counts: &counts) }
        if let tidy, !bytes.isEmpty {
            counts.results[tidy].tested += 1
            var stray = ByteValues.isSpace(bytes[0]) || ByteValues.isSpace(bytes[bytes.count - 1])
            if !stray {
                for index in 1..<bytes.count where bytes[index] == 0x20 && bytes[index - 1] == 0x20 {
                    stray = true
                    break
                }
            }
            if stray || (!ascii && !ByteValues.isNFC(bytes)) { counts.fail(tidy, number, row) }
        }
        if let placeholder {
            counts.results[placeholder].tested += 1
            if Placeholders.isPlaceholder(bytes) { counts.fail(placeholder, number, row) }
        }
        if spelling != nil, spellings != nil {
            spellings?[String(decoding: bytes, as: UTF8.self), default: 0] += 1
            if (spellings?.count ?? 0) > Self.spellingLimit { spellings = nil }
        }
    }

    private mutating func checkCode(
        _ bytes: UnsafeBufferPointer<UInt8>, _ rule: Int, _ row: CSVRow, number: Int, context: CheckContext, counts: inout RuleCounts
    ) {
        counts.results[rule].tested += 1
        let codes = context.codes
        switch field.vn {
        case .citizenID:
            if codes.citizenIDBirthYear(bytes) == nil { counts.fail(rule, number, row) }
        case .taxCode:
            if !VietnameseCodes.isTaxCode(bytes) { counts.fail(rule, number, row) }
        case .mobile, .phone:
            switch codes.mobile(bytes) {
            case .national:
                if let vnForm { counts.results[vnForm].tested += 1 }
            case .international:
                if let vnForm {
                    counts.results[vnForm].tested += 1
                    counts.fail(vnForm, number, row)
                }
            case .wrong: counts.fail(rule, number, row)
            }
        case .wardCode, .provinceCode:
            let current = field.vn == .wardCode ? codes.wards : codes.provinces
            if current.contains(bytes) {
                if let vnForm { counts.results[vnForm].tested += 1 }
                return
            }
            let text = String(decoding: bytes, as: UTF8.self)
            guard let replacements = field.vn == .wardCode ? codes.legacyWards[text] : codes.legacyProvinces[text] else {
                return counts.fail(rule, number, row)
            }
            if let vnForm {
                counts.results[vnForm].tested += 1
                counts.fail(vnForm, number, row)
                if legacySeen.count < 20 { legacySeen[text] = replacements }
            }
        case nil: break
        }
    }

    mutating func reserve(rows: Int) {
        if unique != nil { uniqueValues.reserve(rows) }
    }

    /// Takes in what the same field's plan saw in a later part of the file.
    mutating func merge(_ other: FieldPlan, rowOffset: Int, counts: inout RuleCounts) {
        if let unique {
            // The example's key would be the row's primary key, which is not kept per value: left empty.
            counts.addRepeats(unique, uniqueValues.merge(other.uniqueValues, rowOffset: rowOffset).map { ($0.row, "") })
        }
        for (code, replacements) in other.legacySeen where legacySeen.count < 20 { legacySeen[code] = replacements }
        if let theirs = other.spellings, spellings != nil {
            spellings?.merge(theirs, uniquingKeysWith: +)
            if (spellings?.count ?? 0) > Self.spellingLimit { spellings = nil }
        } else {
            spellings = nil
        }
    }

    mutating func finish(counts: inout RuleCounts) {
        if let spelling { finishSpellings(spelling, counts: &counts) }
        if let unique { counts.results[unique].rowsInDuplicateGroups = counts.results[unique].failed + uniqueValues.duplicatedKeys }
        if let vnForm, !legacySeen.isEmpty {
            counts.results[vnForm].note = legacySeen.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value.joined(separator: "/"))" }
                .joined(separator: "; ")
        }
    }
}

extension FieldPlan {
    /// Spellings that fold to the same value (without case, diacritics or extra spaces) but differ: the most common
    /// is the value, the others fail, each row once.
    fileprivate func finishSpellings(_ rule: Int, counts: inout RuleCounts) {
        guard let spellings else {
            counts.results[rule].note = "more than \(Self.spellingLimit) distinct values: not a category"
            return
        }
        counts.results[rule].tested = spellings.values.reduce(0, +)
        var variants: [String] = []
        let groups = Dictionary(grouping: spellings, by: { SearchText.fold($0.key).split(whereSeparator: \.isWhitespace).joined(separator: " ") })
        for (_, members) in groups where members.count > 1 {
            let ordered = members.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            counts.results[rule].failed += ordered.dropFirst().map(\.value).reduce(0, +)
            variants += ordered.dropFirst().map { "“\($0.key)” → “\(ordered[0].key)”" }
        }
        if !variants.isEmpty { counts.results[rule].note = variants.sorted().prefix(10).joined(separator: "; ") }
    }
}

/// Values that stand for "nothing" without being empty: "N/A", "null", "-", "không có", "0000000000"…
enum Placeholders {
    /// Compared without case (ASCII) after NFC.
    static let texts: Set<String> = [
        "n/a", "na", "null", "none", "nil", "-", "--", "---", "?", "??", "???", "x", "xx", "xxx", "unknown", "không", "không có", "chưa có",
        "không rõ", "chưa rõ", "khong", "khong co", "chua co", "chưa cập nhật", "chua cap nhat", ".", "...",
    ]
    /// The texts by their length in bytes, lowercase.
    private static let byLength: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: (texts.map(\.utf8.count).max() ?? 0) + 1)
        for text in texts { table[text.utf8.count].append(Array(text.utf8)) }
        return table
    }()

    static func isPlaceholder(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        // Six or more of the same digit ("0000000000", "999999").
        if count >= 6, bytes[0] >= 48, bytes[0] <= 57 {
            var same = true
            for byte in bytes where byte != bytes[0] {
                same = false
                break
            }
            if same { return true }
        }
        guard count < byLength.count else { return false }
        candidates: for candidate in byLength[count] {
            for index in 0..<count {
                var byte = bytes[index]
                if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
                if byte != candidate[index] { continue candidates }
            }
            return true
        }
        return false
    }
}

import Foundation

/// The rules a Table Schema cannot express, as a steward writes them in a rules file (`docs/quality.md`):
///
/// ```json
/// {"rules": [
///   {"type": "reference", "field": "ward_code", "reference": "wards-2025", "province": "01"},
///   {"type": "freshness", "field": "updated_at", "withinDays": 365},
///   {"type": "coverage", "field": "ward_code", "province": "01"},
///   {"type": "row-count", "minimum": 1000},
///   {"type": "citizen-id-birth-date", "field": "cccd", "birthDate": "birth_date"},
///   {"type": "compare", "field": "issued_on", "operator": ">=", "other": "birth_date"},
///   {"type": "required-if", "field": "tax_code", "when": "kind", "equals": "company"},
///   {"type": "exists-in", "field": "owner_id", "dataset": "dan-cu", "datasetField": "cccd"},
///   {"type": "agrees-with", "field": "cccd", "dataset": "dan-cu", "datasetField": "cccd",
///    "attributes": {"full_name": "ho_ten", "birth_date": "ngay_sinh"}}
/// ]}
/// ```
public struct QualityRules: Sendable, Hashable, Codable {
    public var rules: [DeclaredRule]

    public init(rules: [DeclaredRule] = []) {
        self.rules = rules
    }

    /// Reads a rules file; the problems say which rule is wrong and why.
    public static func decode(_ data: Data) throws(QualityInputError) -> QualityRules {
        do {
            return try JSONDecoder().decode(QualityRules.self, from: data)
        } catch let DecodingError.dataCorrupted(context) {
            throw .rules(Messages.qualityRulesNotJSON.format(context.debugDescription))
        } catch let DecodingError.keyNotFound(key, context) {
            throw .rules(Messages.qualityRulesMissingKey.format(key.stringValue, Self.path(context)))
        } catch let DecodingError.typeMismatch(_, context) {
            throw .rules(Messages.qualityRulesBadValue.format(Self.path(context)))
        } catch let DecodingError.valueNotFound(_, context) {
            throw .rules(Messages.qualityRulesBadValue.format(Self.path(context)))
        } catch {
            throw .rules(Messages.qualityRulesNotJSON.format(String(describing: error)))
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }

    /// What is wrong with the rules against `schema`; empty when they can run.
    public func problems(schema: TableSchema) -> [String] {
        var problems: [String] = []
        for (index, rule) in rules.enumerated() {
            let at = "rules[\(index)]"
            for name in [rule.field, rule.birthDate, rule.other, rule.when].compactMap({ $0 }) where schema.field(name) == nil {
                problems.append("\(at): \(name)")
            }
            for name in (rule.attributes ?? [:]).keys where schema.field(name) == nil { problems.append("\(at).attributes: \(name)") }
            switch rule.type {
            case .reference:
                if rule.field == nil || rule.reference == nil { problems.append("\(at): field, reference") }
                if let reference = rule.reference, !DeclaredRule.references.contains(reference) { problems.append("\(at).reference: \(reference)") }
            case .freshness:
                if rule.field == nil || (rule.withinDays ?? 0) <= 0 { problems.append("\(at): field, withinDays") }
            case .coverage:
                if rule.field == nil || rule.province == nil { problems.append("\(at): field, province") }
            case .rowCount:
                if rule.minimum == nil && rule.maximum == nil { problems.append("\(at): minimum, maximum") }
            case .citizenIDBirthDate:
                if rule.field == nil || rule.birthDate == nil { problems.append("\(at): field, birthDate") }
            case .compare:
                if rule.field == nil || rule.other == nil || DeclaredRule.Operator(rawValue: rule.operator ?? "") == nil {
                    problems.append("\(at): field, operator, other")
                }
            case .requiredIf:
                if rule.field == nil || rule.when == nil { problems.append("\(at): field, when") }
            case .existsIn, .agreesWith:
                if rule.field == nil || rule.dataset == nil || rule.datasetField == nil { problems.append("\(at): field, dataset, datasetField") }
                if rule.type == .agreesWith, (rule.attributes ?? [:]).isEmpty { problems.append("\(at): attributes") }
            }
        }
        return problems
    }
}

/// One rule of a rules file. Which keys it uses depends on its type.
public struct DeclaredRule: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The value is in a shipped reference list (`wards-2025`, `provinces-2025`), optionally of one province.
        case reference
        /// The timestamp `field` is at most `withinDays` days before the run's clock.
        case freshness
        /// Every ward of `province` has at least one row (by the ward-code `field`).
        case coverage
        /// The file has between `minimum` and `maximum` rows.
        case rowCount = "row-count"
        /// The citizen ID's century/sex digit and year agree with the birth date in `birthDate`.
        case citizenIDBirthDate = "citizen-id-birth-date"
        /// `field` compared with `other` (`<`, `<=`, `=`, `!=`, `>=`, `>`), when both have values.
        case compare
        /// `field` must have a value when `when` has the value `equals` (or any value, without `equals`).
        case requiredIf = "required-if"
        /// The value of `field` exists in `datasetField` of another dataset.
        case existsIn = "exists-in"
        /// The row whose `field` matches `datasetField` in another dataset has the same `attributes` there.
        case agreesWith = "agrees-with"
    }

    /// The comparisons of a `compare` rule.
    public enum Operator: String, Sendable, CaseIterable {
        case less = "<"
        case lessOrEqual = "<="
        case equal = "="
        case notEqual = "!="
        case greaterOrEqual = ">="
        case greater = ">"

        func holds(_ order: Int) -> Bool {
            switch self {
            case .less: order < 0
            case .lessOrEqual: order <= 0
            case .equal: order == 0
            case .notEqual: order != 0
            case .greaterOrEqual: order >= 0
            case .greater: order > 0
            }
        }
    }

    /// The shipped reference lists a `reference` rule may name.
    public static let references: Set<String> = ["wards-2025", "provinces-2025"]

    public var type: Kind
    public var field: String?
    public var reference: String?
    public var province: String?
    public var withinDays: Int?
    public var minimum: Int?
    public var maximum: Int?
    public var birthDate: String?
    public var `operator`: String?
    public var other: String?
    public var when: String?
    public var equals: String?
    public var dataset: String?
    public var datasetField: String?
    /// For `agrees-with`: this dataset's field → the other dataset's field.
    public var attributes: [String: String]?

    public init(
        type: Kind, field: String? = nil, reference: String? = nil, province: String? = nil, withinDays: Int? = nil, minimum: Int? = nil,
        maximum: Int? = nil, birthDate: String? = nil, operator: String? = nil, other: String? = nil, when: String? = nil,
        equals: String? = nil, dataset: String? = nil, datasetField: String? = nil, attributes: [String: String]? = nil
    ) {
        self.type = type
        self.field = field
        self.reference = reference
        self.province = province
        self.withinDays = withinDays
        self.minimum = minimum
        self.maximum = maximum
        self.birthDate = birthDate
        self.operator = `operator`
        self.other = other
        self.when = when
        self.equals = equals
        self.dataset = dataset
        self.datasetField = datasetField
        self.attributes = attributes
    }
}

/// Why a quality check could not run at all (the CLI's exit status 2).
public enum QualityInputError: Error, Sendable, Hashable {
    case schema(LocalizedText)
    case rules(LocalizedText)
    case file(LocalizedText)

    public var message: LocalizedText {
        switch self {
        case .schema(let text), .rules(let text), .file(let text): text
        }
    }
}

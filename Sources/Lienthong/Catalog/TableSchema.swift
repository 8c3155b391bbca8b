import Foundation

/// A dataset's structure as a Frictionless Table Schema (v2): its fields, primary key, foreign keys and the
/// texts that mean "missing". Encodes and decodes the standard JSON, so a schema written for `frictionless`
/// works here and the other way round.
///
/// Lienthong adds two optional keys to a field, ignored by other tools: `vn` names a Vietnamese validator
/// (`citizen-id`, `tax-code`, `mobile`, `ward-code`, `province-code`) and `subject: true` marks the person-key field whose
/// values identify the people a row is about (for the audit log and "who read my data").
public struct TableSchema: Sendable, Hashable, Codable {
    public var fields: [SchemaField]
    public var primaryKey: [String]
    public var foreignKeys: [ForeignKey]
    /// Cell texts read as "no value" (default: the empty text).
    public var missingValues: [String]

    public init(fields: [SchemaField], primaryKey: [String] = [], foreignKeys: [ForeignKey] = [], missingValues: [String] = [""]) {
        self.fields = fields
        self.primaryKey = primaryKey
        self.foreignKeys = foreignKeys
        self.missingValues = missingValues
    }

    /// The field named `name`, or nil.
    public func field(_ name: String) -> SchemaField? { fields.first { $0.name == name } }

    /// The person-key field (`subject: true`), if the dataset is about people.
    public var subjectField: SchemaField? { fields.first { $0.subject } }

    private enum CodingKeys: String, CodingKey {
        case fields, primaryKey, foreignKeys, missingValues
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        fields = try container.decode([SchemaField].self, forKey: .fields)
        // Table Schema accepts a single field name as well as a list.
        if let single = try? container.decode(String.self, forKey: .primaryKey) {
            primaryKey = [single]
        } else {
            primaryKey = try container.decodeIfPresent([String].self, forKey: .primaryKey) ?? []
        }
        foreignKeys = try container.decodeIfPresent([ForeignKey].self, forKey: .foreignKeys) ?? []
        missingValues = try container.decodeIfPresent([String].self, forKey: .missingValues) ?? [""]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(fields, forKey: .fields)
        if !primaryKey.isEmpty { try container.encode(primaryKey, forKey: .primaryKey) }
        if !foreignKeys.isEmpty { try container.encode(foreignKeys, forKey: .foreignKeys) }
        if missingValues != [""] { try container.encode(missingValues, forKey: .missingValues) }
    }
}

/// One column of a Table Schema.
public struct SchemaField: Sendable, Hashable, Codable {
    public var name: String
    public var type: FieldType
    public var title: String?
    public var description: String?
    public var constraints: FieldConstraints
    /// A Vietnamese validator for the values (`citizen-id`, `tax-code`, `mobile`, `ward-code`, `province-code`).
    public var vn: VietnameseRule?
    /// Whether this field identifies the person a row is about.
    public var subject: Bool

    public init(
        name: String, type: FieldType, title: String? = nil, description: String? = nil, constraints: FieldConstraints = .init(),
        vn: VietnameseRule? = nil, subject: Bool = false
    ) {
        self.name = name
        self.type = type
        self.title = title
        self.description = description
        self.constraints = constraints
        self.vn = vn
        self.subject = subject
    }

    private enum CodingKeys: String, CodingKey {
        case name, type, title, description, constraints, vn, subject
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decodeIfPresent(FieldType.self, forKey: .type) ?? .string
        title = try container.decodeIfPresent(String.self, forKey: .title)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        constraints = try container.decodeIfPresent(FieldConstraints.self, forKey: .constraints) ?? .init()
        vn = try container.decodeIfPresent(VietnameseRule.self, forKey: .vn)
        subject = try container.decodeIfPresent(Bool.self, forKey: .subject) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(description, forKey: .description)
        if constraints != .init() { try container.encode(constraints, forKey: .constraints) }
        try container.encodeIfPresent(vn, forKey: .vn)
        if subject { try container.encode(true, forKey: .subject) }
    }
}

/// The field types Lienthong stores (a subset of Table Schema's: the ones a typed column can hold).
public enum FieldType: String, Sendable, Hashable, Codable, CaseIterable {
    case string, integer, number, boolean, date, datetime, time, year
}

/// The Vietnamese validators a field may name.
public enum VietnameseRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Căn cước công dân: 12 digits (birth-province code, century and sex digit, year, serial).
    case citizenID = "citizen-id"
    /// Mã số thuế: 10 digits with a check digit, or 13 with a branch suffix.
    case taxCode = "tax-code"
    /// A ward, commune or special-zone code in force since 1 July 2025 (a legacy code is a consistency finding).
    case wardCode = "ward-code"
    /// A province or centrally-run city code in force since 1 July 2025.
    case provinceCode = "province-code"
    /// A Vietnamese mobile number: 10 digits with a known prefix (`+84…` is a consistency finding).
    case mobile
    /// The earlier name of `mobile`, still read.
    case phone
}

/// Table Schema field constraints.
public struct FieldConstraints: Sendable, Hashable, Codable {
    public var required: Bool?
    public var unique: Bool?
    public var minLength: Int?
    public var maxLength: Int?
    /// For numbers, integers and years a number; for dates, times and datetimes their text form.
    public var minimum: ConstraintBound?
    public var maximum: ConstraintBound?
    public var pattern: String?
    public var `enum`: [String]?

    public init(
        required: Bool? = nil, unique: Bool? = nil, minLength: Int? = nil, maxLength: Int? = nil, minimum: ConstraintBound? = nil,
        maximum: ConstraintBound? = nil, pattern: String? = nil, enum values: [String]? = nil
    ) {
        self.required = required
        self.unique = unique
        self.minLength = minLength
        self.maxLength = maxLength
        self.minimum = minimum
        self.maximum = maximum
        self.pattern = pattern
        self.enum = values
    }

    private enum CodingKeys: String, CodingKey {
        case required, unique, minLength, maxLength, minimum, maximum, pattern
        case `enum`
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        required = try container.decodeIfPresent(Bool.self, forKey: .required)
        unique = try container.decodeIfPresent(Bool.self, forKey: .unique)
        minLength = try container.decodeIfPresent(Int.self, forKey: .minLength)
        maxLength = try container.decodeIfPresent(Int.self, forKey: .maxLength)
        minimum = try container.decodeIfPresent(ConstraintBound.self, forKey: .minimum)
        maximum = try container.decodeIfPresent(ConstraintBound.self, forKey: .maximum)
        pattern = try container.decodeIfPresent(String.self, forKey: .pattern)
        // Enum values may be written as numbers or booleans; keep their text.
        if var values = try? container.nestedUnkeyedContainer(forKey: .enum) {
            var texts: [String] = []
            while !values.isAtEnd {
                if let text = try? values.decode(String.self) {
                    texts.append(text)
                } else if let number = try? values.decode(Double.self) {
                    texts.append(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
                } else {
                    texts.append(String(try values.decode(Bool.self)))
                }
            }
            self.enum = texts
        } else {
            self.enum = nil
        }
    }
}

/// A minimum or maximum: a number, or a text (a date, time or datetime).
public enum ConstraintBound: Sendable, Hashable, Codable {
    case number(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number):
            if number == number.rounded(), abs(number) < 1e15 { try container.encode(Int64(number)) } else { try container.encode(number) }
        case .text(let text): try container.encode(text)
        }
    }
}

/// A reference from fields of this dataset to the primary key of another (or of itself).
public struct ForeignKey: Sendable, Hashable, Codable {
    public var fields: [String]
    public var reference: Reference

    /// The referenced dataset (its code; nil or empty for this dataset) and fields.
    public struct Reference: Sendable, Hashable, Codable {
        public var resource: String?
        public var fields: [String]

        public init(resource: String?, fields: [String]) {
            self.resource = resource
            self.fields = fields
        }

        private enum CodingKeys: String, CodingKey { case resource, fields }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resource = try container.decodeIfPresent(String.self, forKey: .resource)
            if let single = try? container.decode(String.self, forKey: .fields) {
                fields = [single]
            } else {
                fields = try container.decode([String].self, forKey: .fields)
            }
        }
    }

    public init(fields: [String], reference: Reference) {
        self.fields = fields
        self.reference = reference
    }

    private enum CodingKeys: String, CodingKey { case fields, reference }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let single = try? container.decode(String.self, forKey: .fields) {
            fields = [single]
        } else {
            fields = try container.decode([String].self, forKey: .fields)
        }
        reference = try container.decode(Reference.self, forKey: .reference)
    }
}

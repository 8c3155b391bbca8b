import Foundation

/// Something wrong with a schema itself, naming where (`fields[2].constraints.maxLength`).
public struct SchemaProblem: Sendable, Hashable {
    public let path: String
    public let message: LocalizedText

    public init(_ path: String, _ message: LocalizedText) {
        self.path = path
        self.message = message
    }
}

extension TableSchema {
    /// The longest field name: names become column names in both databases.
    public static let maximumNameLength = 63

    /// Everything wrong with the schema; empty when it can be used.
    public func problems() -> [SchemaProblem] {
        var problems: [SchemaProblem] = []
        if fields.isEmpty { problems.append(.init("fields", Messages.schemaNoFields)) }
        var seen: Set<String> = []
        for (index, field) in fields.enumerated() {
            let path = "fields[\(index)]"
            if !Self.isValidName(field.name) { problems.append(.init("\(path).name", Messages.schemaBadName.format(field.name))) }
            if !seen.insert(field.name).inserted { problems.append(.init("\(path).name", Messages.schemaDuplicateName.format(field.name))) }
            problems += field.problems(path: path)
        }
        for name in primaryKey where field(name) == nil {
            problems.append(.init("primaryKey", Messages.schemaUnknownField.format(name)))
        }
        if Set(primaryKey).count != primaryKey.count { problems.append(.init("primaryKey", Messages.schemaDuplicateName.format("primaryKey"))) }
        for (index, key) in foreignKeys.enumerated() {
            for name in key.fields where field(name) == nil {
                problems.append(.init("foreignKeys[\(index)].fields", Messages.schemaUnknownField.format(name)))
            }
            if key.fields.count != key.reference.fields.count || key.fields.isEmpty {
                problems.append(.init("foreignKeys[\(index)].reference.fields", Messages.schemaForeignKeyShape))
            }
        }
        if fields.filter(\.subject).count > 1 { problems.append(.init("fields", Messages.schemaOneSubject)) }
        return problems
    }

    /// Lowercase ASCII letters, digits and `_`, starting with a letter: a name every database takes as it is.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.count <= maximumNameLength else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Whether readers of `old` would break on this schema: a field removed, retyped or newly required, a
    /// constraint added or tightened, the primary key changed. Such a change makes a new schema version.
    public func isBreakingChange(from old: TableSchema) -> Bool {
        if primaryKey != old.primaryKey { return true }
        for previous in old.fields {
            guard let current = field(previous.name) else { return true }
            if current.type != previous.type || current.subject != previous.subject || current.vn != previous.vn { return true }
            if current.constraints.tightens(previous.constraints) { return true }
        }
        for added in fields where old.field(added.name) == nil {
            if added.constraints.required == true || added.subject { return true }
        }
        return false
    }
}

extension SchemaField {
    func problems(path: String) -> [SchemaProblem] {
        var problems: [SchemaProblem] = []
        let c = constraints
        if type != .string, c.minLength != nil || c.maxLength != nil || c.pattern != nil {
            problems.append(.init("\(path).constraints", Messages.schemaConstraintForType.format(type.rawValue)))
        }
        if let minimum = c.minLength, minimum < 0 { problems.append(.init("\(path).constraints.minLength", Messages.schemaBadConstraint)) }
        if let minimum = c.minLength, let maximum = c.maxLength, minimum > maximum {
            problems.append(.init("\(path).constraints.maxLength", Messages.schemaBadConstraint))
        }
        if let pattern = c.pattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            problems.append(.init("\(path).constraints.pattern", Messages.schemaBadPattern.format(pattern)))
        }
        for (key, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
            guard let bound else { continue }
            let fits: Bool =
                switch (type, bound) {
                case (.integer, .number), (.number, .number), (.year, .number): true
                case (.date, .text(let text)), (.datetime, .text(let text)), (.time, .text(let text)):
                    if case .success = SchemaField(name: name, type: type).cast(text) { true } else { false }
                default: false
                }
            if !fits { problems.append(.init("\(path).constraints.\(key)", Messages.schemaConstraintForType.format(type.rawValue))) }
        }
        for value in c.enum ?? [] {
            if case .failure = SchemaField(name: name, type: type).cast(value) {
                problems.append(.init("\(path).constraints.enum", Messages.schemaBadEnum.format(value)))
            }
        }
        if vn != nil, type != .string { problems.append(.init("\(path).vn", Messages.schemaConstraintForType.format(type.rawValue))) }
        if subject, vn != .citizenID, vn != .taxCode { problems.append(.init("\(path).subject", Messages.schemaSubjectRule)) }
        return problems
    }
}

extension FieldConstraints {
    /// Whether these constraints accept less than `old` did (a reader's valid data could now be refused).
    func tightens(_ old: FieldConstraints) -> Bool {
        if required == true, old.required != true { return true }
        if unique == true, old.unique != true { return true }
        if let new = minLength, new > (old.minLength ?? 0) { return true }
        if let new = maxLength, new < (old.maxLength ?? .max) { return true }
        if let new = pattern, new != old.pattern { return true }
        if let new = self.enum, !Set(new).isSuperset(of: old.enum ?? []) || old.enum == nil { return true }
        if let new = minimum, new != old.minimum { return true }
        if let new = maximum, new != old.maximum { return true }
        return false
    }
}

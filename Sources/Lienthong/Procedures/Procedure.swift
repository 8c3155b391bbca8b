import Foundation

/// A public procedure (thủ tục hành chính) offered one-stop and declare-once: who handles it, its legal processing
/// time in working days, its fee and documents, and a form whose fields the citizen types or the platform prefills
/// from another agency's dataset after the citizen's consent.
public struct Procedure: Sendable, Hashable, Codable {
    /// Lowercase ASCII, digits and `-`; unique in the city. It is also the purpose that prefill reads name.
    public var code: String
    public var nameVi: String
    public var nameEn: String
    /// The agency whose officers handle the cases.
    public var ownerAgencyCode: String
    /// The owner's system that reads prefilled values through the gateway (an API client of the owner).
    public var systemClientID: UUID?
    /// The legal processing time, in working days from receipt.
    public var processingDays: Int
    /// The fee, in đồng (0: free).
    public var feeDong: Int
    /// The documents the citizen must provide, one per line (Vietnamese).
    public var documents: [String]
    public var fields: [FormField]
    /// Whether citizens can file it now.
    public var active: Bool
    public var updatedAt: Date

    public init(
        code: String, nameVi: String, nameEn: String, ownerAgencyCode: String, systemClientID: UUID? = nil, processingDays: Int, feeDong: Int = 0,
        documents: [String] = [], fields: [FormField], active: Bool = true, updatedAt: Date = Date()
    ) {
        self.code = code
        self.nameVi = nameVi
        self.nameEn = nameEn
        self.ownerAgencyCode = ownerAgencyCode
        self.systemClientID = systemClientID
        self.processingDays = processingDays
        self.feeDong = feeDong
        self.documents = documents
        self.fields = fields
        self.active = active
        self.updatedAt = updatedAt
    }

    public func name(_ language: Language) -> String { language == .en ? nameEn : nameVi }

    /// The datasets the form prefills from, in the order their fields first appear, each with its fields.
    public var sources: [(dataset: String, fields: [FormField])] {
        var order: [String] = []
        var grouped: [String: [FormField]] = [:]
        for field in fields {
            guard let source = field.source else { continue }
            if grouped[source.dataset] == nil { order.append(source.dataset) }
            grouped[source.dataset, default: []].append(field)
        }
        return order.map { ($0, grouped[$0]!) }
    }

    /// The procedure made whole and checked: texts trimmed and NFC, a code, a sane processing time and fee, at least
    /// one field, field names unique, and every lookup by another field naming a prefilled field before it.
    public func checked() throws(ProcedureError) -> Procedure {
        var procedure = self
        procedure.nameVi = nameVi.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        procedure.nameEn = nameEn.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        procedure.documents = documents.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).nfc }.filter { !$0.isEmpty }
        var invalid: [String] = []
        if !Identifiers.isValidCode(code) { invalid.append("code") }
        if procedure.nameVi.isEmpty || procedure.nameVi.count > 300 { invalid.append("nameVi") }
        if procedure.nameEn.isEmpty || procedure.nameEn.count > 300 { invalid.append("nameEn") }
        if !Identifiers.isValidCode(ownerAgencyCode) { invalid.append("ownerAgency") }
        if !(1...365).contains(processingDays) { invalid.append("processingDays") }
        if !(0...1_000_000_000).contains(feeDong) { invalid.append("feeDong") }
        if procedure.documents.count > 50 || procedure.documents.contains(where: { $0.count > 500 }) { invalid.append("documents") }
        if fields.isEmpty || fields.count > 100 { invalid.append("fields") }
        var seen: Set<String> = []
        var prefilled: Set<String> = []
        var keys: [String: String] = [:]
        for (index, field) in fields.enumerated() {
            let checked = field.checked()
            procedure.fields[index] = checked
            if !checked.isValid || !seen.insert(checked.name).inserted {
                invalid.append("fields[\(index)]")
                continue
            }
            if let source = checked.source {
                if source.by != PrefillSource.citizenID, !prefilled.contains(source.by) { invalid.append("fields[\(index)].source.by") }
                // One record per dataset: every field read from a dataset names the same key.
                let key = source.by + "\u{1F}" + (source.keyField ?? "")
                if let earlier = keys[source.dataset], earlier != key { invalid.append("fields[\(index)].source.by") }
                keys[source.dataset] = key
                prefilled.insert(checked.name)
            }
        }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        return procedure
    }
}

/// One field of a procedure's form.
public struct FormField: Sendable, Hashable, Codable {
    /// How the citizen types a value (prefilled values are shown read-only whatever their kind).
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case text, date, number
        case longText = "long-text"
    }

    /// Lowercase ASCII letters, digits and `_`: the name in the case's values.
    public var name: String
    public var labelVi: String
    public var labelEn: String
    public var kind: Kind
    public var required: Bool
    /// Where the value comes from when the citizen consents; nil: the citizen types it.
    public var source: PrefillSource?

    public init(name: String, labelVi: String, labelEn: String, kind: Kind = .text, required: Bool = true, source: PrefillSource? = nil) {
        self.name = name
        self.labelVi = labelVi
        self.labelEn = labelEn
        self.kind = kind
        self.required = required
        self.source = source
    }

    public func label(_ language: Language) -> String { language == .en ? labelEn : labelVi }

    private enum CodingKeys: String, CodingKey {
        case name, labelVi, labelEn, kind, required, source
    }

    /// Reads a field as the API documents it: `kind` defaults to text, `required` to true.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        labelVi = try container.decode(String.self, forKey: .labelVi)
        labelEn = try container.decode(String.self, forKey: .labelEn)
        kind = try container.decodeIfPresent(Kind.self, forKey: .kind) ?? .text
        required = try container.decodeIfPresent(Bool.self, forKey: .required) ?? true
        source = try container.decodeIfPresent(PrefillSource.self, forKey: .source)
    }

    func checked() -> FormField {
        var field = self
        field.labelVi = labelVi.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        field.labelEn = labelEn.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        return field
    }

    var isValid: Bool {
        let nameOK =
            (1...64).contains(name.count)
            && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
        let labelsOK = !labelVi.isEmpty && !labelEn.isEmpty && labelVi.count <= 200 && labelEn.count <= 200
        let sourceOK = source.map { Identifiers.isValidCode($0.dataset) && !$0.field.isEmpty && !$0.by.isEmpty } ?? true
        return nameOK && labelsOK && sourceOK
    }
}

/// Where a prefilled value is read: a field of a dataset, in the record whose key field holds the citizen's ID (or
/// the value of an earlier prefilled field, such as a tax code read from another dataset).
public struct PrefillSource: Sendable, Hashable, Codable {
    /// `by` for a lookup by the citizen's own ID.
    public static let citizenID = "citizen-id"

    public var dataset: String
    public var field: String
    /// `citizen-id`, or the name of an earlier prefilled form field whose value is the key.
    public var by: String
    /// The dataset field matched against the key; nil: the dataset's person-key field.
    public var keyField: String?

    public init(dataset: String, field: String, by: String = PrefillSource.citizenID, keyField: String? = nil) {
        self.dataset = dataset
        self.field = field
        self.by = by
        self.keyField = keyField
    }

    private enum CodingKeys: String, CodingKey {
        case dataset, field, by, keyField
    }

    /// Reads a source as the API documents it: `by` defaults to the citizen's ID.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dataset = try container.decode(String.self, forKey: .dataset)
        field = try container.decode(String.self, forKey: .field)
        by = try container.decodeIfPresent(String.self, forKey: .by) ?? PrefillSource.citizenID
        keyField = try container.decodeIfPresent(String.self, forKey: .keyField)
    }
}

import Foundation

/// A government body taking part in the platform: a department (Sở), the city police, a ward…
///
/// Agencies are addressed by their `code` (lowercase ASCII, digits and `-`), which is stable once created.
public struct Agency: Sendable, Hashable, Codable {
    public var id: UUID
    public var code: String
    public var nameVi: String
    public var nameEn: String
    public var kind: AgencyKind
    /// The code of the agency this one belongs to, if any (a department under the city People's Committee).
    public var parentCode: String?
    /// The administrative-unit code in force since 1 July 2025, for wards and communes ("00004").
    public var unitCode: String?
    public var createdAt: Date

    public init(
        id: UUID = UUID(), code: String, nameVi: String, nameEn: String, kind: AgencyKind,
        parentCode: String? = nil, unitCode: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.code = code
        self.nameVi = nameVi
        self.nameEn = nameEn
        self.kind = kind
        self.parentCode = parentCode
        self.unitCode = unitCode
        self.createdAt = createdAt
    }
}

/// What sort of body an agency is.
public enum AgencyKind: String, Sendable, Codable, CaseIterable {
    /// A city or province People's Committee (UBND).
    case city
    /// A specialised department (Sở) or an equivalent body.
    case department
    /// The police (Công an).
    case police
    /// A Party or oversight committee (e.g. the Inspection Committee).
    case committee
    /// A ward (phường).
    case ward
    /// A commune (xã) or special zone (đặc khu).
    case commune
    /// Anything else (a public service unit, a state enterprise…).
    case other
}

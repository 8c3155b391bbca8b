import Foundation
import Lienthong

/// An agency as the API shows it.
struct AgencyView: Encodable, Sendable {
    let id: String
    let code: String
    let nameVi: String
    let nameEn: String
    let kind: AgencyKind
    let parentCode: String?
    let unitCode: String?
    let createdAt: Date

    init(_ agency: Agency) {
        id = agency.id.lowercasedString
        code = agency.code
        nameVi = agency.nameVi
        nameEn = agency.nameEn
        kind = agency.kind
        parentCode = agency.parentCode
        unitCode = agency.unitCode
        createdAt = agency.createdAt
    }
}

/// A staff user as the API shows it (never the password hash).
struct UserView: Encodable, Sendable {
    let id: String
    let username: String
    let displayName: String
    let agencyCode: String
    let role: Role
    let active: Bool
    let createdAt: Date
    let deactivatedAt: Date?

    init(_ user: StaffUser) {
        id = user.id.lowercasedString
        username = user.username
        displayName = user.displayName
        agencyCode = user.agencyCode
        role = user.role
        active = user.isActive
        createdAt = user.createdAt
        deactivatedAt = user.deactivatedAt
    }
}

/// An API client as the API shows it; the key itself appears only in `IssuedKeyView`, once.
struct APIClientView: Encodable, Sendable {
    let id: String
    let agencyCode: String
    let name: String
    let keyPrefix: String
    /// `active`, `expired` or `revoked`.
    let status: String
    let createdAt: Date
    let expiresAt: Date?
    let revokedAt: Date?
    let lastUsedAt: Date?
    let rotatedAt: Date?

    init(_ client: APIClient, now: Date = Date()) {
        id = client.id.lowercasedString
        agencyCode = client.agencyCode
        name = client.name
        keyPrefix = client.keyPrefix
        status = client.revokedAt != nil ? "revoked" : (client.isUsable(at: now) ? "active" : "expired")
        createdAt = client.createdAt
        expiresAt = client.expiresAt
        revokedAt = client.revokedAt
        lastUsedAt = client.lastUsedAt
        rotatedAt = client.rotatedAt
    }
}

/// A new or rotated key: the only time the key is shown.
struct IssuedKeyView: Encodable, Sendable {
    let client: APIClientView
    let key: String
}

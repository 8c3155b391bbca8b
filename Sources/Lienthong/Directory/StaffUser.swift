import Foundation

/// A person working for an agency who signs in with a password.
///
/// Citizens are not staff users: they are identities of the citizen identity provider.
public struct StaffUser: Sendable, Hashable, Codable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var agencyCode: String
    public var role: Role
    public var createdAt: Date
    /// When the user was deactivated; a deactivated user can no longer sign in.
    public var deactivatedAt: Date?

    public var isActive: Bool { deactivatedAt == nil }

    public init(
        id: UUID = UUID(), username: String, displayName: String, agencyCode: String, role: Role,
        createdAt: Date = Date(), deactivatedAt: Date? = nil
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.agencyCode = agencyCode
        self.role = role
        self.createdAt = createdAt
        self.deactivatedAt = deactivatedAt
    }
}

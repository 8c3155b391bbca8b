import Foundation

/// An agency's software system that calls Lienthong with an API key.
///
/// Only a hash of the key is kept; the key itself is shown once, when it is created or rotated.
public struct APIClient: Sendable, Hashable, Codable {
    public var id: UUID
    public var agencyCode: String
    public var name: String
    /// The first characters of the current key, so that a person can tell keys apart. Not a secret.
    public var keyPrefix: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?
    public var rotatedAt: Date?

    public init(
        id: UUID = UUID(), agencyCode: String, name: String, keyPrefix: String, createdAt: Date = Date(),
        expiresAt: Date? = nil, revokedAt: Date? = nil, lastUsedAt: Date? = nil, rotatedAt: Date? = nil
    ) {
        self.id = id
        self.agencyCode = agencyCode
        self.name = name
        self.keyPrefix = keyPrefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
        self.rotatedAt = rotatedAt
    }

    /// Whether a key of this client may be used at `now`.
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}

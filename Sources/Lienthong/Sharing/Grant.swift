import Foundation

/// Permission for a consumer agency's systems to read some fields of a dataset, for some purposes, possibly
/// for some rows only, from one time to another. The gateway checks every read against the grants in force;
/// nothing else lets one agency read another's data that is not open.
public struct Grant: Sendable, Hashable, Codable {
    public var id: UUID
    /// The request it answers (nil for a grant the coordinator made directly).
    public var requestID: UUID?
    public var consumerAgencyCode: String
    /// The consumer's systems that may read; empty means every system of the agency.
    public var clientIDs: [UUID]
    /// A dataset's records or a service's endpoints.
    public var target: AccessTarget
    /// The dataset's code, or the service's `agency/code`.
    public var datasetCode: String
    /// The fields that may be read; for a service, the endpoints that may be called (`GET /facilities/{id}`).
    public var fields: [String]
    public var purposes: [String]
    public var rowFilter: RowFilter?
    public var validFrom: Date
    /// When it ends (nil: until revoked).
    public var validUntil: Date?
    public var createdBy: String
    public var createdAt: Date
    public var revokedAt: Date?
    public var revokedBy: String?
    public var revokeReason: String?

    public init(
        id: UUID = UUID(), requestID: UUID? = nil, consumerAgencyCode: String, clientIDs: [UUID] = [], target: AccessTarget = .dataset,
        datasetCode: String,
        fields: [String], purposes: [String], rowFilter: RowFilter? = nil, validFrom: Date, validUntil: Date? = nil,
        createdBy: String, createdAt: Date, revokedAt: Date? = nil, revokedBy: String? = nil, revokeReason: String? = nil
    ) {
        self.id = id
        self.requestID = requestID
        self.consumerAgencyCode = consumerAgencyCode
        self.clientIDs = clientIDs
        self.target = target
        self.datasetCode = datasetCode
        self.fields = fields
        self.purposes = purposes
        self.rowFilter = rowFilter
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
        self.revokeReason = revokeReason
    }

    /// Whether the grant is in force at `now`.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && validFrom <= now && (validUntil.map { now < $0 } ?? true)
    }

    /// Whether system `clientID` of the consumer may use it.
    public func covers(client clientID: UUID) -> Bool { clientIDs.isEmpty || clientIDs.contains(clientID) }

    /// Where a grant stands, for lists.
    public func state(at now: Date) -> State {
        if revokedAt != nil { return .revoked }
        if now < validFrom { return .scheduled }
        if let validUntil, now >= validUntil { return .expired }
        return .active
    }

    /// A grant's state.
    public enum State: String, Sendable, Codable, CaseIterable {
        case active, scheduled, expired, revoked
    }
}

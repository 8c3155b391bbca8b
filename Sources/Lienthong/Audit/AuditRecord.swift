/// An audit entry as JSON shows it, with its hashes: the API's entries, `audit export`'s lines and the
/// benchmark's export all use this one shape. Times keep their milliseconds, as hashed.
public struct AuditRecord: Encodable, Sendable {
    public let sequence: Int64
    public let recordedAt: String
    public let actorKind: String
    public let actorId: String
    public let agencyCode: String?
    public let action: String
    public let resource: String?
    public let datasetCode: String?
    public let purpose: String?
    public let subjects: [String]
    public let outcome: String
    public let requestId: String?
    public let leafHash: String
    public let chainHash: String

    public init(_ stored: StoredAuditEntry) {
        let entry = stored.entry
        sequence = entry.sequence
        recordedAt = AuditTime.string(entry.recordedAt)
        actorKind = entry.actor.kind.rawValue
        actorId = entry.actor.id
        agencyCode = entry.agencyCode
        action = entry.action
        resource = entry.resource
        datasetCode = entry.datasetCode
        purpose = entry.purpose
        subjects = entry.subjects
        outcome = entry.outcome.rawValue
        requestId = entry.requestID
        leafHash = Hex.encode(stored.leafHash)
        chainHash = Hex.encode(stored.chainHash)
    }
}

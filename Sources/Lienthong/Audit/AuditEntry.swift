import Crypto
import Foundation

/// One line of the platform's audit log: who did what, to which resource, for which purpose, concerning
/// which people, with what outcome.
///
/// Entries are appended, never changed. `sequence` is the entry's place in the log (0, 1, 2…) and its leaf
/// index in the Merkle tree. People appear only as keyed hashes of their citizen IDs (`SubjectHasher`).
public struct AuditEntry: Sendable, Hashable, Codable {
    public var sequence: Int64
    /// When the entry was appended, to the millisecond.
    public var recordedAt: Date
    public var actor: AuditActor
    /// The agency the actor acted for.
    public var agencyCode: String?
    /// What happened, as `area.verb`: `agency.create`, `apiClient.revoke`, `session.signIn`, `access.denied`.
    public var action: String
    /// What it happened to: `agency:syt`, `user:admin`, `apiClient:UUID`, a route.
    public var resource: String?
    /// The dataset concerned, when there is one.
    public var datasetCode: String?
    /// The declared purpose (a gateway read's `Lienthong-Purpose`).
    public var purpose: String?
    /// Keyed hashes of the citizen IDs concerned (a read may concern many people).
    public var subjects: [String]
    public var outcome: AuditOutcome
    /// The request that caused the entry (`X-Request-Id`), to join with server logs.
    public var requestID: String?

    public init(
        sequence: Int64, recordedAt: Date, actor: AuditActor, agencyCode: String?, action: String, resource: String?,
        datasetCode: String? = nil, purpose: String? = nil, subjects: [String] = [], outcome: AuditOutcome, requestID: String?
    ) {
        self.sequence = sequence
        self.recordedAt = recordedAt
        self.actor = actor
        self.agencyCode = agencyCode
        self.action = action
        self.resource = resource
        self.datasetCode = datasetCode
        self.purpose = purpose
        self.subjects = subjects
        self.outcome = outcome
        self.requestID = requestID
    }

    /// The bytes the Merkle leaf and the chain are computed from: a versioned, length-prefixed encoding of
    /// every field in a fixed order, so that the same entry always gives the same bytes on any machine.
    public var leafData: Data {
        var data = Data([0x01])  // encoding version
        func field(_ text: String?) {
            let bytes = Array((text ?? "").utf8)
            var length = UInt32(bytes.count).bigEndian
            data.append(Data(bytes: &length, count: 4))
            data.append(text == nil ? 0 : 1)
            data.append(contentsOf: bytes)
        }
        field(String(sequence))
        field(String(AuditTime.millis(recordedAt)))
        field(actor.kind.rawValue)
        field(actor.id)
        field(agencyCode)
        field(action)
        field(resource)
        field(datasetCode)
        field(purpose)
        field(String(subjects.count))
        for subject in subjects { field(subject) }
        field(outcome.rawValue)
        field(requestID)
        return data
    }

    /// The entry's Merkle leaf hash.
    public var leafHash: Data { MerkleTree.leafHash(leafData) }

    /// The chain hash: `SHA-256(previous chain hash ‖ leaf hash)`, so that each entry commits to all before it.
    public static func chainHash(previous: Data, leafHash: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: leafHash)
        return Data(hasher.finalize())
    }

    /// The chain hash before the first entry.
    public static let genesisChainHash = Data(repeating: 0, count: 32)
}

/// Who acted.
public struct AuditActor: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A staff member (id: the username).
        case user
        /// An agency system with an API key (id: the client's id).
        case client
        /// A citizen (id: the keyed hash of the citizen ID).
        case citizen
        /// An operator at the command line (id: the operating-system user).
        case operator_ = "operator"
        /// Nobody identified (a failed sign-in, an invalid key; id: what was claimed, or "-").
        case anonymous
        /// The platform itself (a scheduled job).
        case system
    }

    public var kind: Kind
    public var id: String

    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }
}

/// How an action ended.
public enum AuditOutcome: String, Sendable, Codable, CaseIterable {
    case success
    /// Refused: not allowed, not authenticated, wrong password, no grant.
    case denied
    /// Tried and failed (bad input, a conflict).
    case failed
}

/// What a caller asks to append; the log assigns the sequence and time.
public struct AuditDraft: Sendable, Hashable {
    public var actor: AuditActor
    public var agencyCode: String?
    public var action: String
    public var resource: String?
    public var datasetCode: String?
    public var purpose: String?
    public var subjects: [String]
    public var outcome: AuditOutcome
    public var requestID: String?

    public init(
        actor: AuditActor, agencyCode: String?, action: String, resource: String? = nil, datasetCode: String? = nil,
        purpose: String? = nil, subjects: [String] = [], outcome: AuditOutcome = .success, requestID: String? = nil
    ) {
        self.actor = actor
        self.agencyCode = agencyCode
        self.action = action
        self.resource = resource
        self.datasetCode = datasetCode
        self.purpose = purpose
        self.subjects = subjects
        self.outcome = outcome
        self.requestID = requestID
    }

    /// The entry this draft becomes at `sequence`, recorded at `time`.
    public func entry(sequence: Int64, at time: Date) -> AuditEntry {
        AuditEntry(
            sequence: sequence, recordedAt: AuditTime.truncated(time), actor: actor, agencyCode: agencyCode, action: action,
            resource: resource, datasetCode: datasetCode, purpose: purpose, subjects: subjects, outcome: outcome,
            requestID: requestID)
    }
}

/// Audit times: whole milliseconds since 1970, written as UTC text with milliseconds
/// (`2026-11-25T17:02:50.123Z`). Conversions go through the integer, so a time read back from storage
/// hashes exactly as it did when it was appended.
public enum AuditTime {
    private static let seconds = Date.ISO8601FormatStyle(timeZone: .gmt)

    /// Milliseconds since 1970 (rounded to the nearest, which undoes binary floating-point error).
    public static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    public static func date(millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// `date` cut to whole milliseconds, as stored.
    public static func truncated(_ date: Date) -> Date {
        Self.date(millis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    public static func string(_ date: Date) -> String {
        let total = millis(date)
        let whole = total >= 0 ? total / 1000 : (total - 999) / 1000
        let fraction = total - whole * 1000
        let text = seconds.format(Date(timeIntervalSince1970: Double(whole)))
        return String(text.dropLast()) + "." + String(format: "%03d", fraction) + "Z"
    }

    public static func date(_ text: String) -> Date? {
        guard text.hasSuffix("Z"), let dot = text.lastIndex(of: ".") else { return nil }
        let fraction = text[text.index(after: dot)..<text.index(before: text.endIndex)]
        guard fraction.count == 3, let ms = Int64(fraction), let base = try? seconds.parse(String(text[..<dot]) + "Z")
        else { return nil }
        return date(millis: Int64(base.timeIntervalSince1970.rounded()) * 1000 + ms)
    }
}

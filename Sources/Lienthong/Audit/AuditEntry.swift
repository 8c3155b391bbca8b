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
    public var leafData: Data { Data(leafBytes) }

    /// `leafData` as bytes, built without intermediate allocations (it runs for every append and verify).
    public var leafBytes: [UInt8] {
        var bytes: [UInt8] = [Self.leafEncodingVersion]
        bytes.reserveCapacity(256)
        func field(_ text: String?) {
            guard var text else { return Self.appendLeafField(nil, to: &bytes) }
            text.withUTF8 { Self.appendLeafField($0, to: &bytes) }
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
        return bytes
    }

    /// The leaf encoding's version, its first byte.
    static let leafEncodingVersion: UInt8 = 0x01

    /// Appends one field in the leaf encoding: its UTF-8 length (four bytes, big-endian), 1 when present or 0 when
    /// absent, then its bytes. `AuditPackedEntry` encodes stored rows with it too, so both hash the same bytes.
    static func appendLeafField(_ utf8: UnsafeBufferPointer<UInt8>?, to bytes: inout [UInt8]) {
        let count = UInt32(utf8?.count ?? 0)
        bytes.append(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)])
        bytes.append(utf8 == nil ? 0 : 1)
        if let utf8 { bytes.append(contentsOf: utf8) }
    }

    /// The entry's Merkle leaf hash.
    public var leafHash: Data { MerkleTree.leafHash(bytes: leafBytes) }

    /// The chain hash: `SHA-256(previous chain hash ‖ leaf hash)`, so that each entry commits to all before it.
    public static func chainHash(previous: Data, leafHash: Data) -> Data {
        Data(chainDigest(previous: previous, leafHash: leafHash))
    }

    /// Whether `stored` is the chain hash after `previous` and `leafHash`, compared without building a `Data` (it runs
    /// for every entry verified).
    public static func isChainHash(_ stored: Data, previous: Data, leafHash: Data) -> Bool {
        chainDigest(previous: previous, leafHash: leafHash).withUnsafeBytes { digest in
            stored.withUnsafeBytes { $0.elementsEqual(digest) }
        }
    }

    private static func chainDigest(previous: Data, leafHash: Data) -> SHA256.Digest {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: leafHash)
        return hasher.finalize()
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
/// hashes exactly as it did when it was appended. Formatting and parsing are done by hand: they run for
/// every entry appended, exported and verified.
public enum AuditTime {
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
        let days = Int(floorDivide(total, 86_400_000))
        return CivilDate(dayNumber: days).instantText(millisecond: Int(total - Int64(days) * 86_400_000))
    }

    /// Parses exactly the form `string` writes; nil for anything else.
    public static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { utf8 in millis(utf8: utf8).map { Self.date(millis: $0) } }
    }

    /// The milliseconds since 1970 of a time in exactly the form `string` writes, read from its UTF-8 bytes; nil for
    /// anything else.
    public static func millis(utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard utf8.count == 24, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-"), utf8[10] == UInt8(ascii: "T"),
            utf8[13] == UInt8(ascii: ":"), utf8[16] == UInt8(ascii: ":"), utf8[19] == UInt8(ascii: "."),
            utf8[23] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ start: Int, _ count: Int) -> Int? {
            var value = 0
            for index in start..<start + count {
                let digit = Int(utf8[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2), let hour = number(11, 2),
            let minute = number(14, 2), let second = number(17, 2), let milli = number(20, 3),
            let civil = CivilDate(year: year, month: month, day: day), hour < 24, minute < 60, second < 60
        else { return nil }
        return Int64(civil.dayNumber) * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + milli)
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }
}

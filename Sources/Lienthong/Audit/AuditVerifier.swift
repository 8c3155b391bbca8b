import Foundation

/// An entry as read back from storage, with the hashes stored beside it.
public struct StoredAuditEntry: Sendable, Hashable {
    public var entry: AuditEntry
    public var leafHash: Data
    public var chainHash: Data
    /// A stored value the log never writes (an actor kind or outcome that does not exist), which reading had to
    /// replace: the entry was altered whatever its hashes say.
    public var unknownValue: String?

    public init(entry: AuditEntry, leafHash: Data, chainHash: Data, unknownValue: String? = nil) {
        self.entry = entry
        self.leafHash = leafHash
        self.chainHash = chainHash
        self.unknownValue = unknownValue
    }
}

/// Walks an audit log once, in order, and finds the first entry that was edited, removed, reordered or
/// added out of turn, and any signed tree head the log no longer matches.
///
/// Feed every stored entry to `check(_:)` in sequence order, then call `finish()`. Memory stays
/// proportional to log n (a `MerkleFrontier`), so a log of any length verifies in one pass.
public struct AuditVerifier: Sendable {
    /// Why verification failed, naming the first bad entry when there is one.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public let sequence: Int64?
        public let reason: String

        public init(sequence: Int64?, reason: String) {
            self.sequence = sequence
            self.reason = reason
        }

        public var description: String { sequence.map { "entry \($0): \(reason)" } ?? reason }
    }

    /// What a whole verification found.
    public struct Report: Sendable {
        public let entries: Int64
        public let treeHeadsChecked: Int
        public let rootHash: String
        public let failure: Failure?

        public init(entries: Int64, treeHeadsChecked: Int, rootHash: String, failure: Failure?) {
            self.entries = entries
            self.treeHeadsChecked = treeHeadsChecked
            self.rootHash = rootHash
            self.failure = failure
        }
    }

    private let heads: [SignedTreeHead]
    private let trustedKeys: Set<String>?
    private var nextHead = 0
    private var frontier = MerkleFrontier()
    private var previousChain = AuditEntry.genesisChainHash
    private var failure: Failure?

    /// - Parameters:
    ///   - treeHeads: the signed tree heads to hold the log to (any order).
    ///   - trustedKeys: base64 Ed25519 public keys whose signatures count; nil accepts the key a head names.
    public init(treeHeads: [SignedTreeHead], trustedKeys: Set<String>? = nil) {
        heads = treeHeads.filter { $0.treeSize > 0 }.sorted { $0.treeSize < $1.treeSize }
        self.trustedKeys = trustedKeys
    }

    /// Whether verification has already failed (later entries need not be read).
    public var hasFailed: Bool { failure != nil }

    /// Checks the next entry; remembers the first failure.
    public mutating func check(_ stored: StoredAuditEntry) {
        guard failure == nil, inSequence(stored.entry.sequence) else { return }
        if let value = stored.unknownValue {
            failure = Failure(sequence: stored.entry.sequence, reason: "altered: it holds “\(value)”, a value the log never writes")
            return
        }
        let leaf = stored.entry.leafHash
        guard leaf == stored.leafHash else {
            failure = Failure(sequence: stored.entry.sequence, reason: "altered: its content no longer matches its leaf hash")
            return
        }
        chain(leaf, stored: stored.chainHash)
    }

    /// The chain hash of the last entry checked (the genesis hash before any).
    public var lastChainHash: Data { previousChain }

    /// Checks the next entries of a page whose leaves were hashed from their content and found equal to the stored
    /// ones, and whose chain links were each checked against the stored chain hash before them (`AuditPackedEntry`),
    /// the first against `lastChainHash`: what remains is their order, the tree and the tree heads.
    public mutating func check(linkedPage page: [AuditPackedEntry]) {
        for entry in page {
            guard failure == nil, inSequence(entry.sequence) else { return }
            previousChain = entry.storedChainHash
            frontier.append(entry.leafHash)
            checkHeads()
        }
    }

    private mutating func inSequence(_ sequence: Int64) -> Bool {
        let expected = Int64(frontier.size)
        guard sequence == expected else {
            failure = Failure(
                sequence: expected,
                reason: sequence > expected ? "missing: the next entry found is \(sequence)" : "out of order: found \(sequence) again")
            return false
        }
        return true
    }

    private mutating func chain(_ leaf: Data, stored: Data) {
        let expected = Int64(frontier.size)
        let chain = AuditEntry.chainHash(previous: previousChain, leafHash: leaf)
        guard chain == stored else {
            failure = Failure(sequence: expected, reason: "the hash chain breaks here (an entry before it was removed or changed)")
            return
        }
        previousChain = chain
        frontier.append(leaf)
        checkHeads()
    }

    private mutating func checkHeads() {
        while nextHead < heads.count, heads[nextHead].treeSize == Int64(frontier.size) {
            let head = heads[nextHead]
            nextHead += 1
            if let trustedKeys, !trustedKeys.contains(head.publicKey) {
                failure = Failure(sequence: nil, reason: "the tree head of size \(head.treeSize) is signed by an unknown key")
                return
            }
            guard head.hasValidSignature else {
                failure = Failure(sequence: nil, reason: "the tree head of size \(head.treeSize) has an invalid signature")
                return
            }
            guard Hex.encode(frontier.root) == head.rootHash else {
                failure = Failure(
                    sequence: head.treeSize - 1,
                    reason: "the log's first \(head.treeSize) entries no longer match the signed tree head of that size")
                return
            }
        }
    }

    /// The verdict once every entry has been checked.
    public mutating func finish() -> Report {
        if failure == nil, nextHead < heads.count {
            let head = heads[nextHead]
            failure = Failure(
                sequence: Int64(frontier.size),
                reason: "the log ends after \(frontier.size) entries, but a signed tree head says \(head.treeSize): entries were removed")
        }
        return Report(
            entries: Int64(frontier.size), treeHeadsChecked: nextHead, rootHash: Hex.encode(frontier.root), failure: failure)
    }
}

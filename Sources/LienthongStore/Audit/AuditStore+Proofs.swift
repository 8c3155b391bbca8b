import Foundation
import Lienthong
import SQLKit

/// Proofs and verification over the stored log.
extension AuditStore {
    /// The Merkle root of the first `size` entries.
    public func rootHash(size: Int64) async throws -> Data {
        let leaves = try await leafHashes(upTo: size)
        guard leaves.count == size else { throw StoreError.notFound("a tree of size \(size)") }
        return MerkleTree.root(leaves[...])
    }

    /// The inclusion proof of entry `sequence` in the tree of the first `treeSize` entries.
    public func inclusionProof(sequence: Int64, treeSize: Int64) async throws -> (leafHash: Data, path: [Data], root: Data) {
        guard sequence >= 0, sequence < treeSize else { throw StoreError.notFound("entry \(sequence) in a tree of size \(treeSize)") }
        let leaves = try await leafHashes(upTo: treeSize)
        guard leaves.count == treeSize else { throw StoreError.notFound("a tree of size \(treeSize)") }
        return (leaves[Int(sequence)], MerkleTree.inclusionProof(index: Int(sequence), leaves: leaves[...]), MerkleTree.root(leaves[...]))
    }

    /// The consistency proof between the trees of the first `oldSize` and `newSize` entries, with both roots.
    public func consistencyProof(from oldSize: Int64, to newSize: Int64) async throws -> (proof: [Data], oldRoot: Data, newRoot: Data) {
        guard oldSize >= 0, oldSize <= newSize else { throw StoreError.notFound("a consistency proof from \(oldSize) to \(newSize)") }
        let leaves = try await leafHashes(upTo: newSize)
        guard leaves.count == newSize else { throw StoreError.notFound("a tree of size \(newSize)") }
        return (
            MerkleTree.consistencyProof(oldSize: Int(oldSize), leaves: leaves[...]), MerkleTree.root(leaves[..<Int(oldSize)]),
            MerkleTree.root(leaves[...])
        )
    }

    /// Re-computes every entry's hash, the chain, the tree and every signed tree head, in one pass.
    ///
    /// - Parameter trustedKeys: base64 public keys whose signatures count (nil: the key each head names).
    public func verify(trustedKeys: Set<String>?) async throws -> AuditVerifier.Report {
        var verifier = AuditVerifier(treeHeads: try await treeHeads(), trustedKeys: trustedKeys)
        let (lowest, highest) = try await sequenceRange()
        if let lowest, lowest < 0 {
            return AuditVerifier.Report(
                entries: 0, treeHeadsChecked: 0, rootHash: "",
                failure: .init(sequence: lowest, reason: "an entry with a negative sequence was inserted"))
        }
        guard let highest else { return verifier.finish() }
        // Pages are fixed ranges of sequences, read a few at a time on the reader connections while this task
        // hashes the one before: reading and decoding rows is most of the work, and it spreads over the cores.
        let pageSize: Int64 = 4_000
        let window = 3
        var pages: [Task<[StoredAuditEntry], any Error>] = []
        var nextStart: Int64 = 0
        func schedule() {
            while pages.count < window, nextStart <= highest {
                let start = nextStart
                pages.append(Task { try await self.entries(in: start..<start + pageSize) })
                nextStart += pageSize
            }
        }
        schedule()
        while !pages.isEmpty {
            let page = try await pages.removeFirst().value
            schedule()
            for stored in page {
                verifier.check(stored)
                if verifier.hasFailed {
                    for task in pages { task.cancel() }
                    return verifier.finish()
                }
            }
        }
        return verifier.finish()
    }

    /// The smallest and largest sequence stored (nil for an empty log).
    func sequenceRange() async throws -> (Int64?, Int64?) {
        try await database.read { sql in
            let row = try await sql.raw("SELECT MIN(seq) AS low, MAX(seq) AS high FROM audit_entries").first()
            return (try row?.decode(column: "low", as: Int64?.self), try row?.decode(column: "high", as: Int64?.self))
        }
    }

    /// The entries whose sequences fall in `range`, in order.
    func entries(in range: Range<Int64>) async throws -> [StoredAuditEntry] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM audit_entries WHERE seq >= \(bind: range.lowerBound) AND seq < \(bind: range.upperBound) ORDER BY seq"
            ).all().map(Self.stored)
        }
    }

    /// Whether today's log still extends a tree head saved earlier (by a witness): its signature holds and
    /// the log's first `head.treeSize` entries still hash to its root. Returns the failure, or nil.
    public func checkExtends(_ head: SignedTreeHead, trustedKeys: Set<String>?) async throws -> AuditVerifier.Failure? {
        if let trustedKeys, !trustedKeys.contains(head.publicKey) {
            return .init(sequence: nil, reason: "the saved tree head is signed by a key that is not trusted")
        }
        guard head.hasValidSignature else { return .init(sequence: nil, reason: "the saved tree head's signature is invalid") }
        let leaves = try await leafHashes(upTo: head.treeSize)
        guard leaves.count == head.treeSize else {
            return .init(
                sequence: Int64(leaves.count),
                reason: "the log has only \(leaves.count) entries, fewer than the saved tree head's \(head.treeSize)")
        }
        guard Hex.encode(MerkleTree.root(leaves[...])) == head.rootHash else {
            return .init(sequence: nil, reason: "the log's first \(head.treeSize) entries no longer hash to the saved root: it was rewritten")
        }
        if let latest = try await latestTreeHead(), latest.treeSize > head.treeSize {
            let (proof, _, newRoot) = try await consistencyProof(from: head.treeSize, to: latest.treeSize)
            guard let oldRoot = Hex.decode(head.rootHash),
                Hex.encode(newRoot) == latest.rootHash,
                MerkleTree.verifyConsistency(
                    oldSize: Int(head.treeSize), newSize: Int(latest.treeSize), oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            else {
                return .init(sequence: nil, reason: "no valid consistency proof from the saved tree head to the latest")
            }
        }
        return nil
    }
}

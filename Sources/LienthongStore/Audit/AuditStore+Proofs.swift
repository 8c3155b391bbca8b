import Foundation
import Lienthong

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
        // Reading the next page overlaps with hashing this one (two cores, two stages).
        let pageSize = 5_000
        var start: Int64 = 0
        var next = Task { try await self.entries(from: 0, limit: pageSize) }
        while true {
            let page = try await next.value
            guard let last = page.last else { break }
            start = last.entry.sequence + 1
            let from = start
            if page.count == pageSize { next = Task { try await self.entries(from: from, limit: pageSize) } }
            for stored in page {
                verifier.check(stored)
                if verifier.hasFailed { return verifier.finish() }
            }
            if page.count < pageSize { break }
        }
        return verifier.finish()
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

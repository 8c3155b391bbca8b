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

    /// Re-computes every entry's hash, the chain, the tree and every signed tree head, in one pass; and checks that
    /// the log still holds every entry its state row says was written, which is what catches a truncated tail that
    /// no signed head covers yet (an insider who also rewinds that row is not caught until a witness compares heads).
    ///
    /// - Parameters:
    ///   - trustedKeys: base64 public keys whose signatures count (nil: the key each head names).
    ///   - pageSize: entries read per query (the verdict is the same for any size; tests use small pages).
    public func verify(trustedKeys: Set<String>?, pageSize: Int64 = 4_000) async throws -> AuditVerifier.Report {
        // Read first: every entry below it is committed, so the pass below must meet at least that many.
        let written = try await nextSequence()
        let report = try await verifyEntries(trustedKeys: trustedKeys, pageSize: pageSize)
        guard report.failure == nil, report.entries < written else { return report }
        return AuditVerifier.Report(
            entries: report.entries, treeHeadsChecked: report.treeHeadsChecked, rootHash: report.rootHash,
            failure: .init(
                sequence: report.entries,
                reason: "removed: the log ends before entry \(report.entries), but \(written) entries were written (its tail was cut off)"))
    }

    private func verifyEntries(trustedKeys: Set<String>?, pageSize: Int64) async throws -> AuditVerifier.Report {
        var verifier = AuditVerifier(treeHeads: try await treeHeads(), trustedKeys: trustedKeys)
        let (lowest, highest) = try await sequenceRange()
        if let lowest, lowest < 0 {
            return AuditVerifier.Report(
                entries: 0, treeHeadsChecked: 0, rootHash: "",
                failure: .init(sequence: lowest, reason: "an entry with a negative sequence was inserted"))
        }
        guard let highest else { return verifier.finish() }
        // Pages are fixed ranges of sequences, read a few at a time on the reader connections, each packed by the
        // database into one value per row and its leaves hashed in its own task, while this task chains the page
        // before: reading rows and hashing leaves is most of the work, and it spreads over the cores. A page whose rows
        // do not all parse and match their leaf hashes is read again the ordinary way, which names the failure.
        let window = 3
        var pages: [(range: Range<Int64>, task: Task<PackedPage?, any Error>)] = []
        var nextStart: Int64 = 0
        func schedule() {
            while pages.count < window, nextStart <= highest {
                let range = nextStart..<nextStart + pageSize
                pages.append((range, Task { try await self.packedEntries(in: range) }))
                nextStart += pageSize
            }
        }
        schedule()
        while !pages.isEmpty {
            let (range, task) = pages.removeFirst()
            let packed = try await task.value
            schedule()
            if let packed, packed.previousChainHash == verifier.lastChainHash {
                verifier.check(linkedPage: packed.entries)
            } else {
                for stored in try await entries(in: range) {
                    verifier.check(stored)
                    if verifier.hasFailed { break }
                }
            }
            if verifier.hasFailed {
                for page in pages { page.task.cancel() }
                return verifier.finish()
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

    /// Every column an entry's leaf is computed from, and its stored hashes, packed into one text value by the database
    /// in the form `AuditPackedEntry` reads: `length:value` per column (the length in characters), a bare `:` for NULL.
    /// One `concat` (SQLite 3.44+, PostgreSQL) builds it in one allocation, where a chain of `||` copied the growing
    /// text at each step (four times slower than reading the columns).
    static let packedColumns =
        "concat("
        + [
            "CAST(seq AS TEXT)", "recorded_at", "actor_kind", "actor_id", "agency_code", "action", "resource", "dataset_code", "purpose",
            "subjects", "outcome", "request_id", "leaf_hash", "chain_hash",
        ].map { "length(\($0)), ':', \($0)" }.joined(separator: ", ") + ")"

    /// A page of entries read packed, each leaf hashed and each chain link checked against the stored chain hash
    /// before it; `previousChainHash` is the one stored before the page (the genesis hash for the first).
    public struct PackedPage: Sendable {
        public let previousChainHash: Data
        public let entries: [AuditPackedEntry]
    }

    /// The entries whose sequences fall in `range`, packed, their leaves hashed and their chain links checked (the
    /// entry before the range is read too, for its chain hash); nil as soon as a row does not parse, its leaf differs
    /// from the stored one or its link breaks, and the caller then reads the page with `entries(in:)`, which names
    /// the failure.
    public func packedEntries(in range: Range<Int64>) async throws -> PackedPage? {
        try await database.read { sql in
            let rows = try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.packedColumns) AS packed FROM audit_entries
                WHERE seq >= \(bind: max(0, range.lowerBound - 1)) AND seq < \(bind: range.upperBound) ORDER BY seq
                """
            ).all()
            var scratch: [UInt8] = []
            scratch.reserveCapacity(1_024)
            var entries: [AuditPackedEntry] = []
            entries.reserveCapacity(rows.count)
            var previous = AuditEntry.genesisChainHash
            var first: Data?
            for row in rows {
                guard let text = try? row.decode(column: "packed", as: String.self),
                    let entry = AuditPackedEntry.parse(text, scratch: &scratch), entry.leafMatches
                else { return nil }
                if entry.sequence < range.lowerBound {
                    previous = entry.storedChainHash
                    continue
                }
                if first == nil {
                    guard range.lowerBound == 0 || entry.sequence == range.lowerBound else { return nil }
                    first = previous
                }
                guard entry.links(after: previous) else { return nil }
                previous = entry.storedChainHash
                entries.append(entry)
            }
            // The page's first entry must follow the entry read before it (or the genesis).
            if range.lowerBound > 0, !entries.isEmpty, rows.count == entries.count { return nil }
            return PackedPage(previousChainHash: first ?? previous, entries: entries)
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

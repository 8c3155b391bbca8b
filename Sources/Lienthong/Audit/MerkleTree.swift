import Crypto
import Foundation

/// The Merkle tree of RFC 9162 (Certificate Transparency 2.0, §2.1) over the audit log's entries.
///
/// Leaves hash as `SHA-256(0x00 ‖ data)`, interior nodes as `SHA-256(0x01 ‖ left ‖ right)`; a tree of `n`
/// leaves splits at the largest power of two below `n`. Inclusion proofs show that an entry is in a tree of
/// a given size; consistency proofs show that a larger tree extends a smaller one (nothing was rewritten or
/// removed, only appended). Hashes are 32-byte `Data`.
public enum MerkleTree {
    public static func leafHash(_ data: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: data)
        return Data(hasher.finalize())
    }

    /// `leafHash` of raw bytes.
    public static func leafHash(bytes: [UInt8]) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return Data(hasher.finalize())
    }

    public static func nodeHash(_ left: Data, _ right: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Data(hasher.finalize())
    }

    /// The hash of an empty tree: SHA-256 of nothing.
    public static let emptyRoot = Data(SHA256.hash(data: Data()))

    /// MTH(D[n]) over the given leaf hashes.
    public static func root(_ leaves: ArraySlice<Data>) -> Data {
        var frontier = MerkleFrontier()
        for leaf in leaves { frontier.append(leaf) }
        return frontier.root
    }

    /// PATH(m, D[n]): the inclusion proof of leaf `index` in the tree of all `leaves`.
    public static func inclusionProof(index: Int, leaves: ArraySlice<Data>) -> [Data] {
        let n = leaves.count
        guard n > 1 else { return [] }
        let k = largestPowerOfTwo(below: n)
        let start = leaves.startIndex
        if index < k {
            return inclusionProof(index: index, leaves: leaves[start..<start + k]) + [root(leaves[(start + k)...])]
        }
        return inclusionProof(index: index - k, leaves: leaves[(start + k)...]) + [root(leaves[start..<start + k])]
    }

    /// PROOF(m, D[n]): the consistency proof between the first `oldSize` leaves and all `leaves`.
    public static func consistencyProof(oldSize: Int, leaves: ArraySlice<Data>) -> [Data] {
        guard oldSize > 0, oldSize < leaves.count else { return [] }
        return subproof(oldSize, leaves, complete: true)
    }

    private static func subproof(_ m: Int, _ leaves: ArraySlice<Data>, complete: Bool) -> [Data] {
        let n = leaves.count
        if m == n { return complete ? [] : [root(leaves)] }
        let k = largestPowerOfTwo(below: n)
        let start = leaves.startIndex
        if m <= k {
            return subproof(m, leaves[start..<start + k], complete: complete) + [root(leaves[(start + k)...])]
        }
        return subproof(m - k, leaves[(start + k)...], complete: false) + [root(leaves[start..<start + k])]
    }

    /// RFC 9162 §2.1.3.2: whether `proof` shows `leafHash` at `index` in the tree of `size` with `root`.
    public static func verifyInclusion(leafHash: Data, index: Int, size: Int, proof: [Data], root: Data) -> Bool {
        guard index >= 0, index < size else { return false }
        var fn = index
        var sn = size - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = nodeHash(p, r)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                r = nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// RFC 9162 §2.1.4.2: whether `proof` shows that the tree (`newSize`, `newRoot`) extends (`oldSize`, `oldRoot`).
    public static func verifyConsistency(oldSize: Int, newSize: Int, oldRoot: Data, newRoot: Data, proof: [Data]) -> Bool {
        guard oldSize >= 0, oldSize <= newSize else { return false }
        if oldSize == newSize { return proof.isEmpty && oldRoot == newRoot }
        if oldSize == 0 { return proof.isEmpty }
        guard !proof.isEmpty else { return false }
        var path = proof
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = nodeHash(c, fr)
                sr = nodeHash(c, sr)
                if fn & 1 == 0 {
                    while fn & 1 == 0 && fn != 0 {
                        fn >>= 1
                        sn >>= 1
                    }
                }
            } else {
                sr = nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == oldRoot && sr == newRoot && sn == 0
    }

    /// The largest power of two strictly below `n` (n ≥ 2).
    static func largestPowerOfTwo(below n: Int) -> Int {
        var k = 1
        while k << 1 < n { k <<= 1 }
        return k
    }
}

/// The right edge of a growing Merkle tree: enough to append leaves one by one and know the root at any
/// size, in memory proportional to log n. The verifier and the tree-head signer use it to walk a log once.
public struct MerkleFrontier: Sendable {
    /// Perfect subtrees from left to right, each with its height; heights strictly decrease.
    private var subtrees: [(height: Int, hash: Data)] = []
    /// The number of leaves appended.
    public private(set) var size = 0

    public init() {}

    public mutating func append(_ leafHash: Data) {
        var hash = leafHash
        var height = 0
        while let last = subtrees.last, last.height == height {
            subtrees.removeLast()
            hash = MerkleTree.nodeHash(last.hash, hash)
            height += 1
        }
        subtrees.append((height, hash))
        size += 1
    }

    /// MTH of the leaves so far: the perfect subtrees folded from the right.
    public var root: Data {
        guard var hash = subtrees.last?.hash else { return MerkleTree.emptyRoot }
        for subtree in subtrees.dropLast().reversed() {
            hash = MerkleTree.nodeHash(subtree.hash, hash)
        }
        return hash
    }
}

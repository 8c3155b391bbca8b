import Crypto
import Foundation
import Lienthong
import Testing

@Suite("Merkle tree (RFC 9162)")
struct MerkleTreeTests {
    static func leaves(_ count: Int) -> [Data] {
        (0..<count).map { MerkleTree.leafHash(Data("leaf \($0)".utf8)) }
    }

    /// MTH straight from the RFC's recursive definition, to check the iterative frontier against.
    static func referenceRoot(_ leaves: ArraySlice<Data>) -> Data {
        if leaves.isEmpty { return Data(SHA256.hash(data: Data())) }
        if leaves.count == 1 { return leaves.first! }
        var k = 1
        while k * 2 < leaves.count { k *= 2 }
        let start = leaves.startIndex
        return MerkleTree.nodeHash(referenceRoot(leaves[start..<start + k]), referenceRoot(leaves[(start + k)...]))
    }

    @Test("the frontier's root equals the recursive definition for every size up to 70")
    func roots() {
        let all = Self.leaves(70)
        var frontier = MerkleFrontier()
        #expect(frontier.root == Self.referenceRoot([]))
        for (index, leaf) in all.enumerated() {
            frontier.append(leaf)
            #expect(frontier.root == Self.referenceRoot(all[...index]), "size \(index + 1)")
        }
    }

    @Test("hashing separates leaves from nodes (0x00 and 0x01 prefixes)")
    func domainSeparation() {
        let data = Data("x".utf8)
        #expect(MerkleTree.leafHash(data) == Data(SHA256.hash(data: Data([0]) + data)))
        #expect(MerkleTree.nodeHash(data, data) == Data(SHA256.hash(data: Data([1]) + data + data)))
    }

    @Test("every inclusion proof verifies, and fails for another leaf, index or root", arguments: [1, 2, 3, 5, 8, 13, 31, 32, 33])
    func inclusion(size: Int) {
        let leaves = Self.leaves(size)
        let root = MerkleTree.root(leaves[...])
        for index in 0..<size {
            let proof = MerkleTree.inclusionProof(index: index, leaves: leaves[...])
            #expect(MerkleTree.verifyInclusion(leafHash: leaves[index], index: index, size: size, proof: proof, root: root))
            let other = MerkleTree.leafHash(Data("forged".utf8))
            #expect(!MerkleTree.verifyInclusion(leafHash: other, index: index, size: size, proof: proof, root: root))
            if size > 1 {
                #expect(
                    !MerkleTree.verifyInclusion(leafHash: leaves[index], index: (index + 1) % size, size: size, proof: proof, root: root))
            }
        }
    }

    @Test("every consistency proof verifies, and fails against a rewritten old tree", arguments: [2, 3, 7, 8, 9, 16, 21])
    func consistency(size: Int) {
        let leaves = Self.leaves(size)
        let newRoot = MerkleTree.root(leaves[...])
        for old in 1...size {
            let proof = MerkleTree.consistencyProof(oldSize: old, leaves: leaves[...])
            let oldRoot = MerkleTree.root(leaves[..<old])
            #expect(MerkleTree.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: proof))
            var rewritten = leaves
            rewritten[0] = MerkleTree.leafHash(Data("rewritten".utf8))
            let forgedOld = MerkleTree.root(rewritten[..<old])
            #expect(!MerkleTree.verifyConsistency(oldSize: old, newSize: size, oldRoot: forgedOld, newRoot: newRoot, proof: proof))
        }
    }
}

@Suite("Audit entries, chains and tree heads")
struct AuditEntryTests {
    static func entry(_ sequence: Int64, action: String = "agency.create") -> AuditEntry {
        AuditDraft(
            actor: AuditActor(kind: .user, id: "admin"), agencyCode: "skhcn", action: action, resource: "agency:syt",
            subjects: ["ab", "cd"], requestID: "r-\(sequence)"
        ).entry(sequence: sequence, at: Date(timeIntervalSince1970: 1_764_090_170.123))
    }

    @Test("hex: either case decodes, anything else is refused; a packed row hashes like the entry it was stored from")
    func hexAndPacked() throws {
        #expect(Hex.decode("00ff0A") == Data([0, 255, 10]) && Hex.decode("") == Data())
        #expect(Hex.decode("0g") == nil && Hex.decode("abc") == nil && Hex.decode("g0") == nil && Hex.decode("é0") == nil)
        for (text, expected) in [("00FF", true), ("00ff", true), ("00fe", false), ("00f", false), ("00ffaa", false), ("0gff", false)] {
            var text = text
            #expect(text.withUTF8 { Hex.matches(Data([0, 255]), utf8: $0) } == expected, "\(text)")
        }
        let entry = Self.entry(7)
        let leaf = entry.leafHash
        let chain = AuditEntry.chainHash(previous: AuditEntry.genesisChainHash, leafHash: leaf)
        func field(_ text: String?) -> String { text.map { "\($0.unicodeScalars.count):\($0)" } ?? ":" }
        let packed = [
            "7", AuditTime.string(entry.recordedAt), "user", "admin", "skhcn", entry.action, "agency:syt", nil, nil, "ab cd", entry.outcome.rawValue,
            "r-7",
            Hex.encode(leaf), Hex.encode(chain),
        ].map(field).joined()
        var scratch: [UInt8] = []
        let parsed = try #require(AuditPackedEntry.parse(packed, scratch: &scratch))
        #expect(parsed.sequence == 7 && parsed.leafHash == leaf && parsed.leafMatches && parsed.links(after: AuditEntry.genesisChainHash))
        #expect(!parsed.links(after: leaf), "a link to another chain hash does not hold")
        #expect(AuditPackedEntry.parse(packed + "x", scratch: &scratch) == nil, "trailing bytes")
        #expect(AuditPackedEntry.parse(packed.replacingOccurrences(of: "1:7", with: "2:07"), scratch: &scratch) == nil, "a sequence not as written")
    }

    @Test("an entry's bytes are fixed by its fields: this hash changes only with the encoding's version")
    func stableEncoding() {
        #expect(Hex.encode(Self.entry(0).leafHash) == Self.goldenLeafHash)
        var changed = Self.entry(0)
        changed.resource = "agency:sct"
        #expect(changed.leafHash != Self.entry(0).leafHash)
        var absent = Self.entry(0)
        absent.purpose = ""
        #expect(absent.leafHash != Self.entry(0).leafHash, "an empty text and no text differ")
    }

    static let goldenLeafHash = "c7c939a4084e315e5df6d2a865875c7d2b290ce07744987af0a3c752a93c7136"

    @Test("audit times keep their milliseconds through text and back")
    func times() {
        for millis: Int64 in [0, 1, 999, 1_764_090_170_123, 1_764_090_170_999, 4_102_444_799_999] {
            let date = AuditTime.date(millis: millis)
            let text = AuditTime.string(date)
            #expect(AuditTime.millis(AuditTime.date(text)!) == millis, "\(text)")
        }
        #expect(AuditTime.string(AuditTime.date(millis: 1_764_090_170_123)) == "2025-11-25T17:02:50.123Z")
    }

    @Test("a tree head's signature holds for its own key and breaks when any field changes")
    func treeHeads() throws {
        let key = AuditSigningKey()
        let head = try SignedTreeHead.sign(treeSize: 5, root: Data(repeating: 7, count: 32), key: key)
        #expect(head.hasValidSignature)
        var resized = head
        resized.treeSize = 6
        #expect(!resized.hasValidSignature)
        var reKeyed = head
        reKeyed.publicKey = AuditSigningKey().publicKeyBase64
        #expect(!reKeyed.hasValidSignature)
        let decoded = try JSONDecoder().decode(SignedTreeHead.self, from: JSONEncoder().encode(head))
        #expect(decoded == head && decoded.hasValidSignature)
        #expect(AuditSigningKey(encoded: key.encoded)?.publicKeyBase64 == key.publicKeyBase64)
    }

    @Test("subjects are keyed hashes: the same ID, the same hash; another key, another hash")
    func subjects() {
        let hasher = SubjectHasher()
        #expect(hasher.hash("001085012345") == hasher.hash("001 085 012 345"))
        #expect(hasher.hash("001085012345") != SubjectHasher().hash("001085012345"))
        #expect(!hasher.hash("001085012345").contains("001085012345"))
        #expect(SubjectHasher(encoded: hasher.encoded)?.hash("x") == hasher.hash("x"))
        // HMAC-SHA-256 under the key, hashed after hashed (the keyed state is copied, never carried over).
        let key = SymmetricKey(data: Data(base64Encoded: hasher.encoded)!)
        for id in ["001085012345", "079203000001", "001085012345"] {
            #expect(hasher.hash(id) == Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(id.utf8), using: key)))
        }
        // Letters and digits only, uppercased, whether the ID is ASCII (read byte by byte) or not (by character).
        #expect(hasher.hash("ab-12 cd\t") == hasher.hash("AB12CD") && hasher.hash("AB12CD") != hasher.hash("AB12CE"))
        #expect(hasher.hash("đ-001") == hasher.hash("Đ001") && hasher.hash("Đ001") != hasher.hash("D001"))
    }

    static func chained(_ count: Int) -> [StoredAuditEntry] {
        var chain = AuditEntry.genesisChainHash
        return (0..<count).map { index in
            let entry = entry(Int64(index))
            chain = AuditEntry.chainHash(previous: chain, leafHash: entry.leafHash)
            return StoredAuditEntry(entry: entry, leafHash: entry.leafHash, chainHash: chain)
        }
    }

    static func verify(_ entries: [StoredAuditEntry], heads: [SignedTreeHead] = []) -> AuditVerifier.Report {
        var verifier = AuditVerifier(treeHeads: heads)
        for entry in entries { verifier.check(entry) }
        return verifier.finish()
    }

    @Test("the verifier names the first edited, missing or reordered entry, and a truncation")
    func verifier() throws {
        let log = Self.chained(10)
        let key = AuditSigningKey()
        let head = try SignedTreeHead.sign(treeSize: 10, root: MerkleTree.root(log.map(\.leafHash)[...]), key: key)
        #expect(Self.verify(log, heads: [head]).failure == nil)

        var edited = log
        edited[4].entry.action = "agency.delete"
        #expect(Self.verify(edited).failure?.sequence == 4)

        var removed = log
        removed.remove(at: 6)
        #expect(Self.verify(removed).failure?.sequence == 6)

        var reordered = log
        reordered.swapAt(2, 3)
        #expect(Self.verify(reordered).failure?.sequence == 2)

        let truncated = Array(log.prefix(8))
        let failure = try #require(Self.verify(truncated, heads: [head]).failure)
        #expect(failure.sequence == 8 && failure.reason.contains("removed"))

        // An insider who rewrites an entry and recomputes every hash after it is caught by the signed head.
        var rewritten = Array(log.prefix(3))
        var chain = rewritten[2].chainHash
        for index in 3..<10 {
            var entry = Self.entry(Int64(index), action: index == 3 ? "user.deactivate" : "agency.create")
            entry.sequence = Int64(index)
            chain = AuditEntry.chainHash(previous: chain, leafHash: entry.leafHash)
            rewritten.append(StoredAuditEntry(entry: entry, leafHash: entry.leafHash, chainHash: chain))
        }
        #expect(Self.verify(rewritten).failure == nil, "the chain alone cannot see a full rewrite")
        #expect(Self.verify(rewritten, heads: [head]).failure?.reason.contains("no longer match") == true)
    }
}

import Foundation
import Lienthong
import SQLKit

extension AuditStore {
    /// Records a signed tree head; a head of the same size signed by another node first is kept.
    public func insert(_ head: SignedTreeHead) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO audit_tree_heads (tree_size, root_hash, signed_at, public_key, signature)
                VALUES (\(bind: head.treeSize), \(bind: head.rootHash), \(bind: AuditTime.string(head.timestamp)),
                        \(bind: head.publicKey), \(bind: head.signature))
                ON CONFLICT (tree_size) DO NOTHING
                """
            ).run()
        }
    }

    /// The newest signed tree head, or nil before the first.
    public func latestTreeHead() async throws -> SignedTreeHead? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM audit_tree_heads ORDER BY tree_size DESC LIMIT 1").first().map(Self.head)
        }
    }

    /// The signed tree head of exactly `size`, or nil.
    public func treeHead(size: Int64) async throws -> SignedTreeHead? {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM audit_tree_heads WHERE tree_size = \(bind: size)").first().map(Self.head)
        }
    }

    /// Every signed tree head, smallest first.
    public func treeHeads() async throws -> [SignedTreeHead] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM audit_tree_heads ORDER BY tree_size").all().map(Self.head)
        }
    }

    static func head(_ row: any SQLRow) throws -> SignedTreeHead {
        guard let signedAt = AuditTime.date(try row.decode(column: "signed_at", as: String.self)) else {
            throw StoreError.incompatible("a malformed time in a tree head")
        }
        return SignedTreeHead(
            treeSize: try row.decode(column: "tree_size", as: Int64.self),
            rootHash: try row.decode(column: "root_hash", as: String.self), timestamp: signedAt,
            publicKey: try row.decode(column: "public_key", as: String.self),
            signature: try row.decode(column: "signature", as: String.self))
    }
}

import Foundation
import Lienthong
import SQLKit

extension DirectoryStore {
    /// Registers an agency system and makes its first key. The key is in the result only: show it once.
    public func createAPIClient(
        agencyCode: String, name: String, expiresAt: Date? = nil
    ) async throws -> (
        client: APIClient, key: SecretToken
    ) {
        let name = name.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
        guard !name.isEmpty, name.count <= 200 else { throw DirectoryError.invalidField("name") }
        let key = SecretToken.generate(.apiKey)
        let client = APIClient(agencyCode: agencyCode, name: name, keyPrefix: key.displayPrefix, expiresAt: expiresAt)
        try await database.write { sql in
            let agencyID = try await Self.agencyID(sql, code: agencyCode)
            try await sql.raw(
                """
                INSERT INTO api_clients (id, agency_id, name, key_hash, key_prefix, created_at, expires_at)
                VALUES (\(bind: client.id.lowercasedString), \(bind: agencyID), \(bind: client.name), \(bind: key.hash),
                        \(bind: client.keyPrefix), \(bind: Timestamp.string(client.createdAt)),
                        \(bind: Timestamp.string(expiresAt)))
                """
            ).run()
        }
        return (client, key)
    }

    /// API clients, optionally of one agency, oldest first: all, or `limit` after the client with id `after`.
    public func apiClients(agencyCode: String? = nil, after: UUID? = nil, limit: Int? = nil) async throws -> [APIClient] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let agencyCode { conditions.append("a.code = \(bind: agencyCode)") }
            if let after {
                // The stored time of the cursor's client, compared as stored: no round trip through Date.
                let created: SQLQueryString = "(SELECT created_at FROM api_clients WHERE id = \(bind: after.lowercasedString))"
                conditions.append("(c.created_at > " + created + " OR (c.created_at = " + created + " AND c.id > \(bind: after.lowercasedString)))")
            }
            var query: SQLQueryString = "\(unsafeRaw: Self.clientSelect)"
            if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
            query += " ORDER BY c.created_at, c.id"
            if let limit { query += " LIMIT \(bind: limit)" }
            return try await sql.raw(query).all().map(Self.client)
        }
    }

    /// The API client with `id`, or nil.
    public func apiClient(id: UUID) async throws -> APIClient? {
        try await database.read { sql in
            try await sql.raw("\(unsafeRaw: Self.clientSelect) WHERE c.id = \(bind: id.lowercasedString)").first().map(Self.client)
        }
    }

    /// Replaces a client's key with a new one. The client (its id, and so its grants) stays; the old key
    /// stops working at once. A revoked client cannot be rotated.
    public func rotateAPIKey(id: UUID) async throws -> (client: APIClient, key: SecretToken) {
        let key = SecretToken.generate(.apiKey)
        try await database.write { sql in
            let updated = try await sql.raw(
                """
                UPDATE api_clients SET key_hash = \(bind: key.hash), key_prefix = \(bind: key.displayPrefix),
                    rotated_at = \(bind: Timestamp.string(Date()))
                WHERE id = \(bind: id.lowercasedString) AND revoked_at IS NULL
                RETURNING id
                """
            ).all()
            guard !updated.isEmpty else { throw DirectoryError.unknownClient(id.lowercasedString) }
        }
        guard let client = try await apiClient(id: id) else { throw DirectoryError.unknownClient(id.lowercasedString) }
        return (client, key)
    }

    /// Revokes a client's key for good. Revoking twice keeps the first time.
    @discardableResult
    public func revokeAPIClient(id: UUID) async throws -> APIClient {
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE api_clients SET revoked_at = \(bind: Timestamp.string(Date()))
                WHERE id = \(bind: id.lowercasedString) AND revoked_at IS NULL
                """
            ).run()
        }
        guard let client = try await apiClient(id: id) else { throw DirectoryError.unknownClient(id.lowercasedString) }
        return client
    }

    /// The client whose current key hashes to `keyHash`, whatever its state (the caller checks `isUsable`).
    public func apiClient(keyHash: String) async throws -> APIClient? {
        try await database.read { sql in
            try await sql.raw("\(unsafeRaw: Self.clientSelect) WHERE c.key_hash = \(bind: keyHash)").first()
                .map(Self.client)
        }
    }

    /// A key seen from an address: when first and last.
    public struct AddressSighting: Sendable, Hashable {
        public var clientID: UUID
        public var address: String
        public var firstSeen: Date
        public var lastSeen: Date

        public init(clientID: UUID, address: String, firstSeen: Date, lastSeen: Date) {
            self.clientID = clientID
            self.address = address
            self.firstSeen = firstSeen
            self.lastSeen = lastSeen
        }
    }

    /// Records the addresses keys were used from, many at once (see `LastUseRecorder` in the server).
    public func recordAddresses(_ uses: [UUID: [String: Date]]) async throws {
        guard !uses.isEmpty else { return }
        try await database.write { sql in
            for (id, addresses) in uses.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                for (address, date) in addresses.sorted(by: { $0.key < $1.key }) {
                    let time = Timestamp.string(date)
                    try await sql.raw(
                        """
                        INSERT INTO client_addresses (client_id, address, first_seen, last_seen)
                        VALUES (\(bind: id.lowercasedString), \(bind: String(address.prefix(64))), \(bind: time), \(bind: time))
                        ON CONFLICT (client_id, address) DO UPDATE SET last_seen = excluded.last_seen
                        WHERE client_addresses.last_seen < excluded.last_seen
                        """
                    ).run()
                }
            }
        }
    }

    /// Addresses first seen since `since`, of keys that had been used from another address before: a key turning
    /// up somewhere new.
    public func newAddresses(since: Date) async throws -> [AddressSighting] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT n.client_id, n.address, n.first_seen, n.last_seen FROM client_addresses n
                WHERE n.first_seen >= \(bind: Timestamp.string(since))
                AND EXISTS (SELECT 1 FROM client_addresses o WHERE o.client_id = n.client_id AND o.first_seen < n.first_seen)
                ORDER BY n.first_seen DESC LIMIT 1000
                """
            ).all().map { row in
                AddressSighting(
                    clientID: try row.uuid("client_id"), address: try row.decode(column: "address", as: String.self),
                    firstSeen: try row.date("first_seen"), lastSeen: try row.date("last_seen"))
            }
        }
    }

    /// Records when clients last used their keys, many at once (see `LastUseRecorder` in the server).
    public func recordLastUse(_ uses: [UUID: Date]) async throws {
        guard !uses.isEmpty else { return }
        try await database.write { sql in
            for (id, date) in uses.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                let time = Timestamp.string(date)
                try await sql.raw(
                    """
                    UPDATE api_clients SET last_used_at = \(bind: time)
                    WHERE id = \(bind: id.lowercasedString) AND (last_used_at IS NULL OR last_used_at < \(bind: time))
                    """
                ).run()
            }
        }
    }

    static let clientSelect = """
        SELECT c.id, a.code AS agency_code, c.name, c.key_prefix, c.created_at, c.expires_at, c.revoked_at,
               c.last_used_at, c.rotated_at
        FROM api_clients c JOIN agencies a ON a.id = c.agency_id
        """

    static func client(_ row: any SQLRow) throws -> APIClient {
        APIClient(
            id: try row.uuid("id"), agencyCode: try row.decode(column: "agency_code", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            keyPrefix: try row.decode(column: "key_prefix", as: String.self), createdAt: try row.date("created_at"),
            expiresAt: try row.optionalDate("expires_at"), revokedAt: try row.optionalDate("revoked_at"),
            lastUsedAt: try row.optionalDate("last_used_at"), rotatedAt: try row.optionalDate("rotated_at"))
    }
}

import Foundation
import Lienthong
import SQLKit

extension DirectoryStore {
    /// Opens a session for a signed-in user; the token is returned once and stored only as a hash.
    public func createSession(
        for user: StaffUser, lifetime: Duration = .seconds(8 * 3600)
    ) async throws -> (
        token: SecretToken, expiresAt: Date
    ) {
        let token = SecretToken.generate(.session)
        let now = Date()
        let expiresAt = now.addingTimeInterval(TimeInterval(lifetime.components.seconds))
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO staff_sessions (id, token_hash, user_id, created_at, expires_at)
                VALUES (\(bind: UUID().lowercasedString), \(bind: token.hash), \(bind: user.id.lowercasedString),
                        \(bind: Timestamp.string(now)), \(bind: Timestamp.string(expiresAt)))
                """
            ).run()
        }
        return (token, expiresAt)
    }

    /// The active user holding a session token, or nil when the session is unknown, expired or ended.
    public func sessionUser(tokenHash: String, at now: Date = Date()) async throws -> StaffUser? {
        try await database.read { sql in
            try await sql.raw(
                """
                \(unsafeRaw: Self.userSelect)
                JOIN staff_sessions s ON s.user_id = u.id
                WHERE s.token_hash = \(bind: tokenHash) AND s.revoked_at IS NULL
                  AND s.expires_at > \(bind: Timestamp.string(now)) AND u.deactivated_at IS NULL
                """
            ).first().map(Self.user)
        }
    }

    /// Ends one session (sign-out).
    public func endSession(tokenHash: String) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE staff_sessions SET revoked_at = \(bind: Timestamp.string(Date()))
                WHERE token_hash = \(bind: tokenHash) AND revoked_at IS NULL
                """
            ).run()
        }
    }

    /// Ends every open session of a user, except the one whose token hash is `except`.
    static func endSessions(_ sql: any SQLDatabase, userID: String, except: String? = nil) async throws {
        try await sql.raw(
            """
            UPDATE staff_sessions SET revoked_at = \(bind: Timestamp.string(Date()))
            WHERE user_id = \(bind: userID) AND revoked_at IS NULL AND token_hash <> \(bind: except ?? "")
            """
        ).run()
    }
}

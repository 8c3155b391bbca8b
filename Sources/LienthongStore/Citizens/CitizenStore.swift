import Foundation
import Lienthong
import SQLKit

/// Citizen sign-in with a one-time code: a challenge for a subject (the keyed hash of a citizen ID), checked at
/// most five times within five minutes and used once, then a session of thirty minutes.
public struct CitizenStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// How long a code and a session last, and how many wrong codes a challenge takes.
    public static let codeLifetime: TimeInterval = 5 * 60
    public static let sessionLifetime: TimeInterval = 30 * 60
    public static let maximumAttempts = 5
    /// The most sign-ins one person may start, and not finish, in `challengeWindow`, counted in the database (every
    /// node together). Each allows `maximumAttempts` guesses at a six-digit code: without a bound, starting sign-in
    /// after sign-in would let anyone guess their way into a person's data. The price: whoever knows a citizen ID can
    /// keep that person from signing in, an hour at a time (a real identity provider, such as VNeID, has its own
    /// limits too).
    public static let maximumChallenges = 5
    public static let challengeWindow: TimeInterval = 60 * 60
    /// The most sign-ins one source (a network address, `source` of `challenge`) may start, and not finish, in
    /// `challengeWindow`, whoever they are for: without it, one address could start five for each of many people and
    /// guess at all their codes. Finished sign-ins do not count, so a one-stop counter that helps many citizens sign in
    /// from one address is not held back.
    public static let maximumChallengesPerSource = 20
    /// The first key of PostgreSQL advisory locks on one person's sign-ins (the second is a hash of the person), and
    /// on one source's.
    static let lockSpace: Int32 = 0x4C54_4348
    static let sourceLockSpace: Int32 = 0x4C54_4353

    /// Thrown by `challenge` when the person, or the source, has started its most sign-ins within `challengeWindow`.
    public struct TooManyChallenges: Error, Sendable {
        /// Seconds until one of them leaves the window.
        public let retryAfter: Int
        /// Whether the source's limit refused it (else the person's).
        public let bySource: Bool
    }

    /// Starts a challenge for `subject`; returns its id and the six-digit code the identity provider delivers.
    /// `sealedID` is the citizen ID encrypted by the server (`CitizenIDSeal`), carried into the session for prefill;
    /// `source` is where the request comes from (a keyed hash of its network), counted against
    /// `maximumChallengesPerSource`. Throws `TooManyChallenges` when the person has started `maximumChallenges`, or
    /// the source `maximumChallengesPerSource`, within `challengeWindow`.
    public func challenge(
        subject: String, source: String? = nil, sealedID: String? = nil, at time: Date = Date()
    ) async throws -> (id: UUID, code: String) {
        let id = UUID()
        let code = String(format: "%06d", Int.random(in: 0..<1_000_000))
        let dialect = database.dialect
        try await database.write { sql in
            // Starts for one person, or from one source, wait for each other, so that two at once cannot both count
            // one under the limit and go in (SQLite's write transaction is exclusive already). The person's lock is
            // always taken first, so two starts never wait for each other in a circle.
            if dialect == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.lockSpace), hashtext(\(bind: subject)))").run()
                if let source {
                    try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.sourceLockSpace), hashtext(\(bind: source)))").run()
                }
            }
            if let wait = try await Self.wait(sql, column: "subject", value: subject, limit: Self.maximumChallenges, at: time) {
                throw TooManyChallenges(retryAfter: wait, bySource: false)
            }
            if let source, let wait = try await Self.wait(sql, column: "source", value: source, limit: Self.maximumChallengesPerSource, at: time) {
                throw TooManyChallenges(retryAfter: wait, bySource: true)
            }
            try await sql.raw(
                """
                INSERT INTO citizen_challenges (id, subject, source, code_hash, expires_at, attempts, sealed_id)
                VALUES (\(bind: id.lowercasedString), \(bind: subject), \(bind: source),
                    \(bind: SecretToken.hash(of: id.lowercasedString + code)),
                    \(bind: Timestamp.string(time.addingTimeInterval(Self.codeLifetime))), 0, \(bind: sealedID))
                """
            ).run()
        }
        return (id, code)
    }

    /// The seconds to wait when the challenges with `value` in `column` started within the window and not finished
    /// reach `limit`; nil when another may start.
    private static func wait(_ sql: any SQLDatabase, column: String, value: String, limit: Int, at time: Date) async throws -> Int? {
        // A challenge's expiry is its start plus `codeLifetime`: those started within the window expire after this.
        let since = Timestamp.string(time.addingTimeInterval(codeLifetime - challengeWindow))
        let recent = try await sql.raw(
            """
            SELECT expires_at FROM citizen_challenges
            WHERE \(ident: column) = \(bind: value) AND expires_at > \(bind: since) AND used_at IS NULL
            ORDER BY expires_at
            """
        ).all().map { try $0.decode(column: "expires_at", as: String.self) }
        guard recent.count >= limit else { return nil }
        // The start whose leaving brings the count under the limit; a time that cannot be read holds the whole window.
        let leaves =
            Timestamp.date(recent[recent.count - limit])?.addingTimeInterval(challengeWindow - codeLifetime)
            ?? time.addingTimeInterval(challengeWindow)
        return max(1, Int(leaves.timeIntervalSince(time).rounded(.up)))
    }

    /// Checks a code; when right, ends the challenge and opens a session whose token is returned (show it only as
    /// a cookie). Nil for a wrong, expired, used or exhausted challenge.
    public func verify(challenge id: UUID, code: String, at time: Date = Date()) async throws -> (token: SecretToken, subject: String)? {
        try await database.write { sql in
            let rows = try await sql.raw(
                """
                UPDATE citizen_challenges SET attempts = attempts + 1
                WHERE id = \(bind: id.lowercasedString) AND used_at IS NULL AND attempts < \(bind: Self.maximumAttempts)
                    AND expires_at > \(bind: Timestamp.string(time))
                RETURNING subject, code_hash, sealed_id
                """
            ).all()
            guard let row = rows.first else { return nil }
            let expected = try row.decode(column: "code_hash", as: String.self)
            guard SecretToken.hash(of: id.lowercasedString + code) == expected else { return nil }
            let subject = try row.decode(column: "subject", as: String.self)
            try await sql.raw(
                "UPDATE citizen_challenges SET used_at = \(bind: Timestamp.string(time)), sealed_id = NULL WHERE id = \(bind: id.lowercasedString)"
            ).run()
            let token = SecretToken.generate(.citizenSession)
            try await sql.raw(
                """
                INSERT INTO citizen_sessions (token_hash, subject, created_at, expires_at, sealed_id)
                VALUES (\(bind: token.hash), \(bind: subject), \(bind: Timestamp.string(time)),
                    \(bind: Timestamp.string(time.addingTimeInterval(Self.sessionLifetime))), \(bind: try row.optionalText("sealed_id")))
                """
            ).run()
            return (token, subject)
        }
    }

    /// The subject of a live session token, or nil.
    public func subject(token: String, at time: Date = Date()) async throws -> String? {
        try await session(token: token, at: time)?.subject
    }

    /// The subject and the sealed citizen ID (nil when the provider gave none) of a live session token, or nil.
    public func session(token: String, at time: Date = Date()) async throws -> (subject: String, sealedID: String?)? {
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    """
                    SELECT subject, sealed_id FROM citizen_sessions WHERE token_hash = \(bind: SecretToken.hash(of: token))
                    AND ended_at IS NULL AND expires_at > \(bind: Timestamp.string(time))
                    """
                ).first()
            else { return nil }
            return (try row.decode(column: "subject", as: String.self), try row.optionalText("sealed_id"))
        }
    }

    /// Forgets the sealed citizen IDs of expired challenges and sessions (the hourly clean-up): a sealed ID lives no
    /// longer than the sign-in it serves.
    public func forgetExpiredIDs(at time: Date = Date()) async throws {
        try await database.write { sql in
            let now = Timestamp.string(time)
            try await sql.raw("UPDATE citizen_challenges SET sealed_id = NULL WHERE sealed_id IS NOT NULL AND expires_at <= \(bind: now)").run()
            try await sql.raw("UPDATE citizen_sessions SET sealed_id = NULL WHERE sealed_id IS NOT NULL AND expires_at <= \(bind: now)").run()
        }
    }

    /// Ends a session (sign-out).
    public func end(token: String, at time: Date = Date()) async throws {
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE citizen_sessions SET ended_at = \(bind: Timestamp.string(time)), sealed_id = NULL
                WHERE token_hash = \(bind: SecretToken.hash(of: token))
                """
            ).run()
        }
    }
}

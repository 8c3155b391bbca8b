import Foundation
import Lienthong
import SQLKit

extension DirectoryStore {
    /// Adds a staff user with a bcrypt-hashed password.
    @discardableResult
    public func createUser(
        username: String, displayName: String, agencyCode: String, role: Role, password: String
    ) async throws -> StaffUser {
        guard Identifiers.isValidUsername(username) else { throw DirectoryError.invalidField("username") }
        guard !displayName.isEmpty else { throw DirectoryError.invalidField("displayName") }
        if let problem = passwords.problem(with: password) { throw problem }
        let user = StaffUser(
            username: username, displayName: displayName.precomposedStringWithCanonicalMapping,
            agencyCode: agencyCode, role: role)
        let hash = passwords.hash(password)
        try await database.write { sql in
            let agencyID = try await Self.agencyID(sql, code: agencyCode)
            let now = Timestamp.string(user.createdAt)
            try await sql.raw(
                """
                INSERT INTO staff_users (id, username, display_name, agency_id, role, password_hash, created_at,
                                         password_changed_at)
                VALUES (\(bind: user.id.lowercasedString), \(bind: user.username), \(bind: user.displayName), \(bind: agencyID),
                        \(bind: user.role.rawValue), \(bind: hash), \(bind: now), \(bind: now))
                """
            ).run()
        }
        return user
    }

    /// Staff users, optionally of one agency, ordered by username: all, or `limit` after the username `after`.
    public func users(agencyCode: String? = nil, after: String? = nil, limit: Int? = nil) async throws -> [StaffUser] {
        try await database.read { sql in
            var conditions: [SQLQueryString] = []
            if let agencyCode { conditions.append("a.code = \(bind: agencyCode)") }
            if let after { conditions.append("u.username > \(bind: after)") }
            var query: SQLQueryString = "\(unsafeRaw: Self.userSelect)"
            if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
            query += " ORDER BY u.username"
            if let limit { query += " LIMIT \(bind: limit)" }
            return try await sql.raw(query).all().map(Self.user)
        }
    }

    /// The user with `username`, or nil.
    public func user(username: String) async throws -> StaffUser? {
        try await database.read { sql in
            try await sql.raw("\(unsafeRaw: Self.userSelect) WHERE u.username = \(bind: username)").first().map(Self.user)
        }
    }

    /// Checks a username and password; nil when either is wrong or the user is deactivated.
    ///
    /// A missing user still costs one bcrypt verification, so timing does not tell which usernames exist.
    public func authenticate(username: String, password: String) async throws -> StaffUser? {
        let found = try await database.read { sql -> (StaffUser, String)? in
            let query: SQLQueryString =
                "\(unsafeRaw: Self.userSelect) WHERE u.username = \(bind: username) AND u.deactivated_at IS NULL"
            guard let row = try await sql.raw(query).first() else { return nil }
            return (try Self.user(row), try row.decode(column: "password_hash", as: String.self))
        }
        guard let (user, hash) = found else {
            passwords.verifyDecoy(password)
            return nil
        }
        return passwords.verify(password, hash: hash) ? user : nil
    }

    /// Deactivates a user and ends their sessions; they can no longer sign in. The last active coordinator is
    /// refused (`lastAdministrator`): nobody could manage the platform after. Two coordinators deactivating each
    /// other at once on PostgreSQL queue on the coordinators' rows, and the second is refused.
    public func deactivateUser(username: String) async throws {
        let lock = database.dialect == .postgres ? " FOR UPDATE" : ""
        try await database.write { sql in
            let id = try await Self.userID(sql, username: username)
            let admins = try await sql.raw(
                "SELECT id FROM staff_users WHERE role = 'admin' AND deactivated_at IS NULL ORDER BY id\(unsafeRaw: lock)"
            ).all().map { try $0.decode(column: "id", as: String.self) }
            if admins == [id] { throw DirectoryError.lastAdministrator(username) }
            let now = Timestamp.string(Date())
            try await sql.raw(
                "UPDATE staff_users SET deactivated_at = \(bind: now) WHERE id = \(bind: id) AND deactivated_at IS NULL"
            ).run()
            try await Self.endSessions(sql, userID: id)
        }
    }

    /// Sets a new password (an administrator's reset, or after `changePassword` checked the old one) and
    /// ends the user's other sessions.
    /// Sets a user's password and ends their sessions, except `keepingSession` (the token hash of the
    /// session that made the change, so that changing one's own password does not sign one out).
    public func setPassword(username: String, newPassword: String, keepingSession: String? = nil) async throws {
        if let problem = passwords.problem(with: newPassword) { throw problem }
        let hash = passwords.hash(newPassword)
        try await database.write { sql in
            let id = try await Self.userID(sql, username: username)
            try await sql.raw(
                """
                UPDATE staff_users SET password_hash = \(bind: hash), password_changed_at = \(bind: Timestamp.string(Date()))
                WHERE id = \(bind: id)
                """
            ).run()
            try await Self.endSessions(sql, userID: id, except: keepingSession)
        }
    }

    /// A user changes their own password: the current one must be right. Their other sessions end.
    public func changePassword(username: String, current: String, new: String, keepingSession: String? = nil) async throws {
        guard try await authenticate(username: username, password: current) != nil else {
            throw DirectoryError.wrongPassword
        }
        try await setPassword(username: username, newPassword: new, keepingSession: keepingSession)
    }

    static func userID(_ sql: any SQLDatabase, username: String) async throws -> String {
        guard let row = try await sql.raw("SELECT id FROM staff_users WHERE username = \(bind: username)").first() else {
            throw DirectoryError.unknownUser(username)
        }
        return try row.decode(column: "id", as: String.self)
    }

    static let userSelect = """
        SELECT u.id, u.username, u.display_name, a.code AS agency_code, u.role, u.created_at, u.deactivated_at,
               u.password_hash
        FROM staff_users u JOIN agencies a ON a.id = u.agency_id
        """

    static func user(_ row: any SQLRow) throws -> StaffUser {
        StaffUser(
            id: try row.uuid("id"), username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            agencyCode: try row.decode(column: "agency_code", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .inspector,
            createdAt: try row.date("created_at"), deactivatedAt: try row.optionalDate("deactivated_at"))
    }
}

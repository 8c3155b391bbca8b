import Foundation
import Lienthong
import SQLKit

/// Agencies, staff users, API clients and staff sessions: the named reads and writes of the directory.
///
/// Every write is one transaction; codes and usernames are checked here so that the CLI, the API and
/// the demo loader share one set of rules.
public struct DirectoryStore: Sendable {
    public let database: Database
    public let passwords: PasswordPolicy

    public init(database: Database, passwords: PasswordPolicy = PasswordPolicy()) {
        self.database = database
        self.passwords = passwords
    }

    /// The id of the agency with `code`, inside a transaction or read.
    static func agencyID(_ sql: any SQLDatabase, code: String) async throws -> String {
        let row = try await sql.raw("SELECT id FROM agencies WHERE code = \(bind: code)").first()
        guard let row else { throw DirectoryError.unknownAgency(code) }
        return try row.decode(column: "id", as: String.self)
    }
}

extension SQLRow {
    /// Decodes a stored timestamp column (see `Timestamp`).
    func date(_ column: String) throws -> Date {
        let text = try decode(column: column, as: String.self)
        guard let date = Timestamp.date(text) else { throw StoreError.incompatible("bad timestamp in \(column)") }
        return date
    }

    func optionalDate(_ column: String) throws -> Date? {
        try decode(column: column, as: String?.self).flatMap(Timestamp.date)
    }

    func uuid(_ column: String) throws -> UUID {
        let text = try decode(column: column, as: String.self)
        guard let id = UUID(uuidString: text) else { throw StoreError.incompatible("bad id in \(column)") }
        return id
    }
}

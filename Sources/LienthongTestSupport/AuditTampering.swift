import Foundation
import LienthongStore
import SQLKit

/// What an insider with file or superuser access could do to the audit log, for the tests that check
/// that verification catches it: drop the append-only triggers, then change rows directly.
public enum AuditTampering {
    /// Drops the triggers that refuse UPDATE and DELETE on the audit tables.
    public static func dropTriggers(_ database: Database) async throws {
        let dialect = database.dialect
        try await database.write { sql in
            for table in ["audit_entries", "audit_subjects", "audit_tree_heads"] {
                switch dialect {
                case .sqlite:
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_no_update").run()
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_no_delete").run()
                case .postgres:
                    try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_append_only ON \(unsafeRaw: table)").run()
                }
            }
        }
    }

    /// Runs raw SQL statements in one transaction (after `dropTriggers`).
    public static func run(_ database: Database, _ statements: [String]) async throws {
        try await database.write { sql in
            for statement in statements { try await sql.raw(SQLQueryString(statement)).run() }
        }
    }
}

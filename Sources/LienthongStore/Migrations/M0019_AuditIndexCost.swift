extension Migration {
    /// Cheaper index upkeep for the audit log on PostgreSQL, where every append pays for it while it holds the log's
    /// end: the searched text columns compare bytes (`COLLATE "C"`) instead of calling the database's locale, and the
    /// time index becomes a BRIN index (a summary per block range, which suits times that grow with the sequence)
    /// instead of a B-tree entry per row. Byte order is code point order in UTF-8, so no ordering changes for these
    /// codes, identifiers and ISO 8601 times; a prefix `LIKE` (an action area) can now use its index too. SQLite
    /// compares bytes already and has no BRIN: nothing changes there.
    static let m0019AuditIndexCost = Migration(version: 19, name: "audit-index-cost") { dialect in
        switch dialect {
        case .sqlite:
            return []
        case .postgres:
            let columns = ["agency_code", "actor_id", "action", "dataset_code", "recorded_at"]
            // The time index goes first, so that changing the columns does not rebuild it only to drop it.
            return [
                "DROP INDEX audit_entries_time",
                "ALTER TABLE audit_entries " + columns.map { "ALTER COLUMN \($0) TYPE TEXT COLLATE \"C\"" }.joined(separator: ", "),
                "ALTER TABLE audit_subjects ALTER COLUMN subject TYPE TEXT COLLATE \"C\"",
                "CREATE INDEX audit_entries_time ON audit_entries USING brin (recorded_at)",
            ]
        }
    }
}

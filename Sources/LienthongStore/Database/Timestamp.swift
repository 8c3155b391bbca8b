import Foundation

/// How instants are stored: ISO 8601 UTC text with milliseconds (`2026-11-25T17:02:50.123Z`).
///
/// The same text in SQLite and PostgreSQL keeps one SQL code path; the fixed width makes text order equal
/// time order, so comparisons and `ORDER BY` work in both. See `docs/decisions/0001-one-sql-path-for-sqlite-and-postgresql.md`.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    public static func string(_ date: Date) -> String { style.format(date) }

    public static func string(_ date: Date?) -> String? { date.map(string) }

    public static func date(_ text: String) -> Date? { try? style.parse(text) }

    public static func date(_ text: String?) -> Date? { text.flatMap(date) }
}

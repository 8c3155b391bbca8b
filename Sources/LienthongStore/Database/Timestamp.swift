import Foundation
import Lienthong

/// How instants are stored: ISO 8601 UTC text with milliseconds (`2026-11-25T17:02:50.123Z`).
///
/// The same text in SQLite and PostgreSQL keeps one SQL code path; the fixed width makes text order equal
/// time order, so comparisons and `ORDER BY` work in both. See `docs/decisions/0001-one-sql-path-for-sqlite-and-postgresql.md`.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// The stored text of `date`: the same text as Foundation's ISO 8601 format with milliseconds (milliseconds
    /// truncated, counted from the reference date as Foundation counts them), written by hand for the years 1583–9999
    /// since loads write one per date-time cell; Foundation's format for any other year.
    public static func string(_ date: Date) -> String {
        guard let (day, millisecond) = dayAndMillisecond(date) else { return style.format(date) }
        return day.instantText(millisecond: millisecond)
    }

    /// Writes the UTF-8 of `string(date)` into `sink` with `write`, made on the stack (no `String`) for the years
    /// written by hand.
    static func writeUTF8<Sink>(_ date: Date, into sink: inout Sink, _ write: (inout Sink, UnsafeBufferPointer<UInt8>) -> Void) {
        guard let (day, millisecond) = dayAndMillisecond(date) else {
            var text = style.format(date)
            text.withUTF8 { write(&sink, $0) }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            day.writeInstant(millisecond: millisecond, to: buffer)
            write(&sink, UnsafeBufferPointer(buffer))
        }
    }

    /// The UTC day of `date` and the milliseconds into it (truncated), for the years 1583–9999; nil for any other:
    /// before 1583 Foundation's Gregorian calendar is Julian (the 1582 reform), after 9999 it writes more digits.
    private static func dayAndMillisecond(_ date: Date) -> (CivilDate, Int)? {
        let reference = date.timeIntervalSinceReferenceDate
        let whole = reference.rounded(.down)
        guard whole.isFinite, abs(whole) < 1e12 else { return nil }
        let millis = min(999, Int(((reference - whole) * 1000).rounded(.down)))
        let seconds = Int(whole) + 978_307_200
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = seconds - days * 86_400
        let day = CivilDate(dayNumber: days)
        guard (1583...9999).contains(day.year) else { return nil }
        return (day, inDay * 1000 + millis)
    }

    public static func string(_ date: Date?) -> String? { date.map(string) }

    public static func date(_ text: String) -> Date? { try? style.parse(text) }

    public static func date(_ text: String?) -> Date? { text.flatMap(date) }
}

import Foundation

/// Dates as people read them: `dd/MM/yyyy` in Vietnamese (25/11/2026), `d MMM yyyy` in English
/// (25 Nov 2026), in Vietnam's time zone (UTC+7, no daylight saving). The API speaks ISO 8601 instead.
public enum DisplayDate {
    /// Vietnam's time zone.
    public static let timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The day and time (to the second) of `date` in Vietnam: `25/11/2026 17:02:50`.
    public static func formatTime(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return format(date, language) + String(format: " %02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// The day of `date` in Vietnam, written for `language`.
    public static func format(_ date: Date, _ language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let (year, month, day) = (parts.year ?? 0, parts.month ?? 1, parts.day ?? 1)
        switch language {
        case .vi: return String(format: "%02d/%02d/%04d", day, month, year)
        case .en: return "\(day) \(months[month - 1]) \(year)"
        }
    }
}

import Foundation

extension CivilDate {
    /// The day it is in Vietnam (UTC+7, no daylight saving) at `instant`: deadlines are counted in Vietnamese days.
    public init(vietnam instant: Date) {
        self.init(dayNumber: Int((instant.timeIntervalSince1970 + 7 * 3_600).rounded(.down) / 86_400))
    }

    /// The instant this day ends in Vietnam (the next day's 00:00 at UTC+7): a grant valid until a day lasts
    /// through it.
    public var endInVietnam: Date {
        Date(timeIntervalSince1970: TimeInterval((dayNumber + 1) * 86_400 - 7 * 3_600))
    }
}

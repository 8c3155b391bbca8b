/// Counts working days the way Vietnamese deadlines do: Monday to Friday, less public holidays and
/// compensatory days off, plus any Saturday or Sunday the government declares a make-up working day.
///
/// ```swift
/// let calendar = WorkingDayCalendar.vietnam()
/// calendar.adding(workingDays: 5, to: CivilDate(iso: "2026-02-13")!)  // 2026-02-27: Tết is skipped
/// ```
public struct WorkingDayCalendar: Sendable {
    /// The days off and make-up working days of each configured year.
    public private(set) var years: [Int: HolidayYear]
    /// How a year without an entry is treated (computed from the Labor Code's fixed and lunar holidays).
    private let fallback: @Sendable (Int) -> HolidayYear

    public init(years: [Int: HolidayYear], fallback: @escaping @Sendable (Int) -> HolidayYear) {
        self.years = years
        self.fallback = fallback
    }

    /// Vietnam's calendar: the built-in years of `VietnameseHolidays`, with `overrides` replacing whole years.
    public static func vietnam(overrides: [Int: HolidayYear] = [:]) -> WorkingDayCalendar {
        WorkingDayCalendar(
            years: VietnameseHolidays.official.merging(overrides) { _, new in new },
            fallback: VietnameseHolidays.computed(year:))
    }

    /// The holidays of `year`, configured or computed.
    public func holidays(of year: Int) -> HolidayYear {
        years[year] ?? fallback(year)
    }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: CivilDate) -> Bool {
        let year = holidays(of: date.year)
        if year.makeUpWorkingDays.contains(date) { return true }
        return !date.isWeekend && !year.daysOff.contains(date)
    }

    /// The date `count` working days after `date` (before it when `count` is negative).
    ///
    /// Day 1 is the first working day after `date`: a request received on Friday with a 1-day deadline is
    /// due on the next working day. `count == 0` returns `date` itself.
    public func adding(workingDays count: Int, to date: CivilDate) -> CivilDate {
        var remaining = abs(count)
        let step = count >= 0 ? 1 : -1
        var current = date
        while remaining > 0 {
            current = current.adding(days: step)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The number of working days after `start` up to and including `end` (negative when `end` is earlier).
    ///
    /// It is the inverse of `adding(workingDays:to:)` whenever `end` is a working day.
    /// It counts whole weeks at once and then each year's holidays, so a span of centuries costs a look at each
    /// year, not at each day.
    public func workingDays(from start: CivilDate, to end: CivilDate) -> Int {
        if end < start { return -workingDays(from: end, to: start) }
        let first = start.dayNumber + 1
        let last = end.dayNumber
        guard first <= last else { return 0 }
        let days = last - first + 1
        var count = days / 7 * 5
        for day in stride(from: first + days / 7 * 7, through: last, by: 1) where !CivilDate(dayNumber: day).isWeekend { count += 1 }
        let span = first...last
        for year in CivilDate(dayNumber: first).year...end.year {
            // As `isWorkingDay` reads them: a date counts by its own year's holidays only.
            let holidays = holidays(of: year)
            for date in holidays.daysOff
            where date.year == year && !date.isWeekend && span.contains(date.dayNumber) && !holidays.makeUpWorkingDays.contains(date) {
                count -= 1
            }
            for date in holidays.makeUpWorkingDays where date.year == year && date.isWeekend && span.contains(date.dayNumber) { count += 1 }
        }
        return count
    }
}

/// One year's public holidays as the government set them.
public struct HolidayYear: Sendable, Hashable, Codable {
    /// Weekdays on which offices are closed (holidays and compensatory days off).
    public var daysOff: Set<CivilDate>
    /// Saturdays or Sundays declared working days to make up for a bridged day.
    public var makeUpWorkingDays: Set<CivilDate>

    public init(daysOff: Set<CivilDate>, makeUpWorkingDays: Set<CivilDate> = []) {
        self.daysOff = daysOff
        self.makeUpWorkingDays = makeUpWorkingDays
    }
}

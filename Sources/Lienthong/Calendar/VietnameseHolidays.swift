import Foundation

/// Vietnam's public holidays (Labor Code 2019, Art. 112) and the government's decisions for known years.
///
/// Holidays: New Year (1/1), Tết (5 days), Hùng Kings' day (10/3 lunar), Reunification (30/4), Labour (1/5),
/// National Day (2/9 and an adjacent day). A holiday on a weekend gives the next working day off (Art. 111).
/// Lunar dates are tabulated for 2024–2030; a city configures later years (and any day the government
/// moves) with a holidays file, see `docs/configuration.md`.
public enum VietnameseHolidays {
    /// Tết (first day of the lunar year) and Hùng Kings' day, Gregorian, for the tabulated years.
    static let lunar: [Int: (tet: CivilDate, hungKings: CivilDate)] = [
        2024: (d(2024, 2, 10), d(2024, 4, 18)),
        2025: (d(2025, 1, 29), d(2025, 4, 7)),
        2026: (d(2026, 2, 17), d(2026, 4, 26)),
        2027: (d(2027, 2, 6), d(2027, 4, 16)),
        2028: (d(2028, 1, 26), d(2028, 4, 4)),
        2029: (d(2029, 2, 13), d(2029, 4, 23)),
        2030: (d(2030, 2, 3), d(2030, 4, 12)),
    ]

    /// Years in which the government's decision differs from the rule (bridged days, make-up Saturdays).
    public static let official: [Int: HolidayYear] = [
        // Tết 25/1–2/2; 30/4–4/5 with Saturday 26/4 worked in exchange for Friday 2/5; 1–2/9.
        2025: HolidayYear(
            daysOff: [
                d(2025, 1, 1), d(2025, 1, 27), d(2025, 1, 28), d(2025, 1, 29), d(2025, 1, 30), d(2025, 1, 31),
                d(2025, 4, 7), d(2025, 4, 30), d(2025, 5, 1), d(2025, 5, 2), d(2025, 9, 1), d(2025, 9, 2),
            ],
            makeUpWorkingDays: [d(2025, 4, 26)])
    ]

    /// Whether the lunar holidays of `year` are known without configuration.
    public static func hasLunarDates(for year: Int) -> Bool { lunar[year] != nil }

    /// The holidays of `year` by the Labor Code's rule. For a year outside the lunar table only the
    /// fixed-date holidays are known.
    @Sendable public static func computed(year: Int) -> HolidayYear {
        var holidays: [CivilDate] = [d(year, 1, 1), d(year, 4, 30), d(year, 5, 1), d(year, 9, 2)]
        let nationalDay = d(year, 9, 2)
        // The second National Day holiday joins 2/9 to a weekend where it can.
        holidays.append(nationalDay.isoWeekday == 2 ? d(year, 9, 1) : d(year, 9, 3))
        var tetDays: [CivilDate] = []
        if let lunarDates = lunar[year] {
            holidays.append(lunarDates.hungKings)
            // Tết: from the last day of the old year to the fourth day of the new one (Tết−1 … Tết+3).
            tetDays = (-1...3).map { lunarDates.tet.adding(days: $0) }
        }
        var daysOff = Set(holidays.filter { !$0.isWeekend })
        var taken = Set(holidays + tetDays)
        // Tết is five weekdays off: each Tết day on a weekend moves to the next free weekday.
        for tetDay in tetDays {
            daysOff.insert(tetDay.isWeekend ? nextFreeWeekday(after: tetDay, taken: &taken) : tetDay)
        }
        for holiday in holidays where holiday.isWeekend {
            daysOff.insert(nextFreeWeekday(after: holiday, taken: &taken))
        }
        return HolidayYear(daysOff: daysOff)
    }

    private static func nextFreeWeekday(after date: CivilDate, taken: inout Set<CivilDate>) -> CivilDate {
        var candidate = date.adding(days: 1)
        while candidate.isWeekend || taken.contains(candidate) { candidate = candidate.adding(days: 1) }
        taken.insert(candidate)
        return candidate
    }

    /// Reads a holidays file: `{"2031": {"daysOff": ["2031-01-01", …], "makeUpWorkingDays": []}}`.
    public static func decodeOverrides(_ data: Data) throws -> [Int: HolidayYear] {
        let raw = try JSONDecoder().decode([String: HolidayYear].self, from: data)
        var result: [Int: HolidayYear] = [:]
        for (key, value) in raw {
            guard let year = Int(key) else { throw DirectoryError.invalidField("holidays: \(key)") }
            result[year] = value
        }
        return result
    }

    private static func d(_ year: Int, _ month: Int, _ day: Int) -> CivilDate {
        CivilDate(year: year, month: month, day: day)!
    }
}

import Foundation
import Lienthong
import Testing

@Suite("Working-day calendar")
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar.vietnam()

    func day(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    @Test("civil dates round-trip through day numbers and know their weekday")
    func civilDates() {
        #expect(day("1970-01-01").dayNumber == 0)
        #expect(day("1970-01-01").isoWeekday == 4)
        #expect(day("2026-11-25").isoWeekday == 3)
        for number in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: number).dayNumber == number)
        }
        #expect(CivilDate(iso: "2026-02-29") == nil)
        #expect(CivilDate(iso: "2028-02-29") != nil)
        #expect(CivilDate(iso: "26-1-1") == nil)
        #expect(day("2026-03-05").vietnameseFormat == "05/03/2026")
        #expect(day("2026-03-05").description == "2026-03-05")
    }

    @Test("a deadline counted across Tết 2026 skips the five days off")
    func tet2026() {
        // Tết 2026 falls on Tuesday 17/2; offices close Monday 16/2 to Friday 20/2.
        for date in ["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"] {
            #expect(!calendar.isWorkingDay(day(date)), "\(date)")
        }
        #expect(calendar.adding(workingDays: 5, to: day("2026-02-13")) == day("2026-02-27"))
        #expect(calendar.workingDays(from: day("2026-02-13"), to: day("2026-02-27")) == 5)
    }

    @Test("the 2025 government decision: a make-up Saturday and a bridged Friday")
    func official2025() {
        #expect(calendar.isWorkingDay(day("2025-04-26")))
        #expect(!calendar.isWorkingDay(day("2025-05-02")))
        #expect(!calendar.isWorkingDay(day("2025-09-01")))
        #expect(!calendar.isWorkingDay(day("2025-01-27")))
    }

    @Test("a holiday on a weekend gives the next working day off")
    func compensation() {
        // Hùng Kings' day 2026 is Sunday 26/4: Monday 27/4 is off.
        #expect(!calendar.isWorkingDay(day("2026-04-27")))
        // Tết 2027 (Saturday 6/2): five weekdays off in all.
        let window = (0..<14).map { day("2027-02-03").adding(days: $0) }
        #expect(window.filter { !$0.isWeekend && !calendar.isWorkingDay($0) }.count == 5)
    }

    @Test("counting by weeks and years agrees with counting day by day, make-up Saturdays included")
    func countingAgreesWithDays() {
        // A year where a bridged Monday is made up on a Saturday, and a day off that is also made up (it works).
        let overrides = [
            2027: HolidayYear(
                daysOff: [day("2027-04-26"), day("2027-09-02"), day("2027-09-03")],
                makeUpWorkingDays: [day("2027-05-08"), day("2027-09-03")])
        ]
        let configured = WorkingDayCalendar.vietnam(overrides: overrides)
        var generator = SystemRandomNumberGenerator()
        for calendar in [calendar, configured] {
            for _ in 0..<300 {
                let start = day("2024-01-01").adding(days: Int.random(in: 0...2_500, using: &generator))
                let end = start.adding(days: Int.random(in: -400...400, using: &generator))
                var slow = 0
                var current = min(start, end)
                while current < max(start, end) {
                    current = current.adding(days: 1)
                    if calendar.isWorkingDay(current) { slow += 1 }
                }
                #expect(calendar.workingDays(from: start, to: end) == (end < start ? -slow : slow), "\(start) → \(end)")
            }
        }
    }

    @Test("a span of centuries is counted at once", .timeLimit(.minutes(1)))
    func centuries() {
        #expect(calendar.workingDays(from: day("2026-01-01"), to: day("2300-12-31")) > 70_000)
    }

    @Test("adding and counting are inverse, forwards and backwards", arguments: [1, 3, 10, 22, 60])
    func inverse(count: Int) {
        let start = day("2026-01-28")
        let due = calendar.adding(workingDays: count, to: start)
        #expect(calendar.workingDays(from: start, to: due) == count)
        #expect(calendar.adding(workingDays: -count, to: due) <= start)
        #expect(calendar.workingDays(from: due, to: start) == -count)
        #expect(calendar.adding(workingDays: 0, to: start) == start)
    }

    @Test("a holidays file replaces a whole year")
    func overrides() throws {
        let json = #"{"2031": {"daysOff": ["2031-01-01", "2031-01-22"], "makeUpWorkingDays": ["2031-01-25"]}}"#
        let overrides = try VietnameseHolidays.decodeOverrides(Data(json.utf8))
        let custom = WorkingDayCalendar.vietnam(overrides: overrides)
        #expect(!custom.isWorkingDay(day("2031-01-22")))
        #expect(custom.isWorkingDay(day("2031-01-25")))
        #expect(throws: (any Error).self) { try VietnameseHolidays.decodeOverrides(Data(#"{"x": {}}"#.utf8)) }
    }

    @Test("ISO dates are read and written byte by byte with the calendar's answers")
    func isoDates() {
        var random = SeededRandom(seed: 7)
        for _ in 0..<20_000 {
            let day = CivilDate(dayNumber: Int(random.next() % 3_000_000) - 700_000)
            let text = day.description
            #expect(CivilDate(iso: text) == day, "\(text)")
            if (0...9999).contains(day.year) {
                #expect(text == String(format: "%04d-%02d-%02d", day.year, day.month, day.day))
            }
        }
        for bad in ["2026-1-01", "2026-13-01", "2026-02-30", "+026-01-01", "2026-01-01x", "2026/01/01", "２０２６-01-01", "", "2026-01-0"] {
            #expect(CivilDate(iso: bad) == nil, "\(bad)")
        }
    }
}

import Foundation

/// The results of one-stop services, in the style of the Decision 766 service index, for one group of cases (a
/// procedure, an agency, a month or the whole city). Rates are percentages (0–100) rounded to one decimal; a rate
/// with nothing to count is nil, not zero.
public struct ServiceIndicators: Sendable, Hashable, Codable {
    /// The group's key: a procedure code, an agency code, a month (`2026-11`) or `city`.
    public var key: String
    public var cases: Int
    public var finished: Int
    public var onTime: Int
    public var late: Int
    public var overdue: Int
    /// Finished on time / finished.
    public var onTimeRate: Double?
    /// Filed online / all cases.
    public var onlineRate: Double?
    /// Prefilled values / all values, over all cases.
    public var declareOnceRate: Double?
    /// Mean rating, 1–5, with the number of ratings.
    public var satisfaction: Double?
    public var ratings: Int
    /// Ratings of 4 or 5 / ratings.
    public var satisfiedRate: Double?
    /// Mean working days from receipt to finish (paused days excluded).
    public var meanProcessingDays: Double?

    /// The indicators of `cases` on `today`.
    public init(key: String, cases: [ServiceCase], today: CivilDate, calendar: WorkingDayCalendar) {
        self.key = key
        self.cases = cases.count
        var finished = 0
        var onTime = 0
        var late = 0
        var overdue = 0
        var online = 0
        var prefilled = 0
        var values = 0
        var stars: [Int] = []
        var days: [Int] = []
        for item in cases {
            switch item.timeliness(on: today) {
            case .onTime: onTime += 1
            case .late: late += 1
            case .overdue: overdue += 1
            case .inTerm: break
            }
            if item.status.isFinal { finished += 1 }
            if item.channel == .online { online += 1 }
            let counts = item.prefillCounts
            prefilled += counts.prefilled
            values += counts.all
            if let rating = item.rating { stars.append(rating.stars) }
            if let processing = item.processingDays(calendar: calendar) { days.append(processing) }
        }
        self.finished = finished
        self.onTime = onTime
        self.late = late
        self.overdue = overdue
        onTimeRate = Self.percent(onTime, of: onTime + late)
        onlineRate = Self.percent(online, of: cases.count)
        declareOnceRate = Self.percent(prefilled, of: values)
        ratings = stars.count
        satisfaction = stars.isEmpty ? nil : (Double(stars.reduce(0, +)) / Double(stars.count) * 100).rounded() / 100
        satisfiedRate = Self.percent(stars.filter { $0 >= 4 }.count, of: stars.count)
        meanProcessingDays = days.isEmpty ? nil : (Double(days.reduce(0, +)) / Double(days.count) * 10).rounded() / 10
    }

    /// `part` of `whole` as a percentage with one decimal; nil when `whole` is 0.
    public static func percent(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) * 1_000 / Double(whole)).rounded() / 10
    }

    /// The indicators of `cases` by procedure, by agency and by month (of receipt), and for the whole city.
    public static func report(_ cases: [ServiceCase], today: CivilDate, calendar: WorkingDayCalendar) -> Report {
        func grouped(_ key: (ServiceCase) -> String) -> [ServiceIndicators] {
            Dictionary(grouping: cases, by: key).map { ServiceIndicators(key: $0.key, cases: $0.value, today: today, calendar: calendar) }
                .sorted { $0.key < $1.key }
        }
        return Report(
            city: ServiceIndicators(key: "city", cases: cases, today: today, calendar: calendar),
            byProcedure: grouped(\.procedureCode), byAgency: grouped(\.agencyCode),
            byMonth: grouped { String(CivilDate(vietnam: $0.receivedAt).description.prefix(7)) })
    }

    /// Indicators for the city and each procedure, agency and month.
    public struct Report: Sendable, Hashable, Codable {
        public var city: ServiceIndicators
        public var byProcedure: [ServiceIndicators]
        public var byAgency: [ServiceIndicators]
        public var byMonth: [ServiceIndicators]
    }
}

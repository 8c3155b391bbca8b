import Foundation
import Hummingbird
import Lienthong

/// The working-day calendar: `?from=2026-02-13&add=5` gives a deadline, `?from=…&to=…` counts working days.
struct CalendarRoutes {
    let services: AppServices

    struct Answer: Encodable, Sendable {
        let from: CivilDate
        let add: Int?
        let to: CivilDate
        let workingDays: Int
    }

    func register(on routes: RouteRegistrar) {
        let calendar = services.configuration.calendar
        routes.add(.get, "/api/v1/calendar/working-days") { request, _ in
            let query = request.uri.queryParameters
            guard let fromText = query.get("from"), let from = CivilDate(iso: fromText) else {
                throw Problem.invalidField("from")
            }
            if let addText = query.get("add") {
                guard let add = Int(addText), abs(add) <= 3650 else { throw Problem.invalidField("add") }
                let to = calendar.adding(workingDays: add, to: from)
                return try JSONCoding.response(Answer(from: from, add: add, to: to, workingDays: add))
            }
            guard let toText = query.get("to"), let to = CivilDate(iso: toText),
                abs(to.dayNumber - from.dayNumber) <= 36500
            else { throw Problem.invalidField("to") }
            return try JSONCoding.response(
                Answer(from: from, add: nil, to: to, workingDays: calendar.workingDays(from: from, to: to)))
        }
    }
}

import Foundation
import Lienthong

/// A case as one line of a list (the officer's inbox, the citizen's cases): number, procedure, agency, dates, status
/// and timeliness, written for `language`.
struct CaseRow {
    let id: String
    let number: String
    let procedure: String
    let agency: String
    let received: String
    let due: String
    let status: String
    let statusKey: String
    let timeliness: String
    let timelinessKey: String

    /// `procedures` and `agencies` name codes in the page's language; `today` decides in term or overdue.
    init(_ item: ServiceCase, procedures: [String: String], agencies: [String: String], language: Language, today: CivilDate) {
        let t = Messages.webTexts(language)
        let timeliness = item.timeliness(on: today)
        id = item.id.lowercasedString
        number = item.number
        procedure = procedures[item.procedureCode] ?? item.procedureCode
        agency = agencies[item.agencyCode] ?? item.agencyCode
        received = DisplayDate.format(item.receivedAt, language)
        due = ServiceDisplay.day(item.dueOn, language)
        status = t["case_status_\(item.status.rawValue)"] ?? item.status.rawValue
        statusKey = item.status.rawValue
        self.timeliness = t["case_time_\(timeliness.rawValue)"] ?? timeliness.rawValue
        timelinessKey = timeliness.rawValue
    }
}

import Foundation
import Lienthong

/// How the service pages write days and values: `dd/MM/yyyy` in Vietnamese, `d MMM yyyy` in English; a date
/// value of a form (ISO in the data) the same way; money with thousands separators.
enum ServiceDisplay {
    static func day(_ date: CivilDate, _ language: Language) -> String {
        language == .vi
            ? date.vietnameseFormat : DisplayDate.format(Date(timeIntervalSince1970: TimeInterval(date.dayNumber * 86_400 + 12 * 3_600)), language)
    }

    static func value(_ text: String, kind: FormField.Kind, _ language: Language) -> String {
        if kind == .date || text.count == 10, let date = CivilDate(iso: text) { return day(date, language) }
        return text
    }

    static func money(_ dong: Int, _ language: Language) -> String {
        let digits = String(dong)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(language == .vi ? "." : ",") }
            grouped.append(character)
        }
        return grouped + " đ"
    }
}

import Foundation
import Synchronization

/// The text of the `Lienthong-Last-Loaded` header: ISO 8601 to the second, as `Date.ISO8601Format()` writes it,
/// remembered for the last time it was asked for, since reads of one dataset repeat it (making the format style and
/// formatting took 2% of a gateway read).
enum LastLoadedHeader {
    private static let last = Mutex<(date: Date, text: String)?>(nil)

    static func text(_ date: Date) -> String {
        if let remembered = last.withLock({ $0 }), remembered.date == date { return remembered.text }
        let text = date.ISO8601Format()
        last.withLock { $0 = (date, text) }
        return text
    }
}

import Foundation
import Lienthong
import Testing

@testable import LienthongStore

@Suite("Stored times")
struct TimestampTests {
    @Test(
        "an instant's stored text (and the bytes a load writes) is Foundation's ISO 8601 with milliseconds, character for character, and reads back")
    func sameTextAsFoundation() {
        let foundation = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var random = SeededRandom(seed: 2_026_112_7)
        var instants = [0, -0.0004, 0.9996, 59.9996, -1, 1_764_262_970.1235, 253_402_300_799.999, -62_135_596_800, -12_219_292_800, -12_219_292_801]
            .map {
                Date(timeIntervalSince1970: $0)
            }
        for index in 0..<100_000 {
            let seconds = Double(Int64(random.next() % 8_000_000_000) - 3_000_000_000)
            let millis = Double(random.next() % 1_000) / 1_000
            // Whole milliseconds, sums as a datetime cell is parsed, and arbitrary fractions.
            let fraction = index % 3 == 0 ? millis : index % 3 == 1 ? millis + 0.0004 : Double(random.next() % 1_000_000) / 1_000_000
            instants.append(Date(timeIntervalSince1970: seconds + fraction))
        }
        for instant in instants {
            let text = Timestamp.string(instant)
            #expect(text == foundation.format(instant), "\(instant.timeIntervalSince1970)")
            // The bytes a load writes without making the text.
            var written: [UInt8] = []
            Timestamp.writeUTF8(instant, into: &written) { $0.append(contentsOf: $1) }
            #expect(String(decoding: written, as: UTF8.self) == text)
            let read = Timestamp.date(text)
            #expect(read.map(Timestamp.string) == read.map(foundation.format))
        }
    }
}

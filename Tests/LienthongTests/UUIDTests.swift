import Foundation
import Lienthong
import Testing

@Suite("Ids")
struct UUIDTests {
    @Test("random UUIDs are version 4, RFC 4122 variant, and do not repeat")
    func versionAndVariant() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            let text = id.uuidString
            #expect(Array(text)[14] == "4")
            #expect("89AB".contains(Array(text)[19]))
        }
    }

    @Test("an id's text is Foundation's, in lowercase")
    func lowercaseText() {
        let ids = [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), UUID(uuidString: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")!]
        for id in ids + (0..<10_000).map({ _ in UUID.random() }) {
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
    }
}

import Foundation
import Lienthong
import Testing

@Suite("Random ids")
struct UUIDRandomTests {
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
}

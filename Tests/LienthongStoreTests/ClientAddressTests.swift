import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Where keys are used from")
struct ClientAddressTests {
    @Test("a key seen from an address it never used before is reported; a first address or a known one is not", arguments: TestDatabase.available)
    func newAddresses(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let directory = DirectoryStore(database: database)
            try await directory.createAgency(Agency(code: "stc", nameVi: "Sở Tài chính", nameEn: "Finance", kind: .department))
            let client = try await directory.createAPIClient(agencyCode: "stc", name: "he-thong").client
            let start = Date(timeIntervalSince1970: 1_790_000_000)
            try await directory.recordAddresses([client.id: ["10.1.2.3": start]])
            #expect(try await directory.newAddresses(since: start.addingTimeInterval(-60)).isEmpty, "the first address is not news")
            try await directory.recordAddresses([client.id: ["10.1.2.3": start.addingTimeInterval(600)]])
            #expect(try await directory.newAddresses(since: start.addingTimeInterval(-60)).isEmpty, "nor is the same one again")
            try await directory.recordAddresses([client.id: ["203.0.113.9": start.addingTimeInterval(3_600)]])
            let found = try await directory.newAddresses(since: start.addingTimeInterval(-60))
            #expect(found.map(\.address) == ["203.0.113.9"] && found.first?.clientID == client.id)
            #expect(try await directory.newAddresses(since: start.addingTimeInterval(7_200)).isEmpty, "outside the window")
        }
    }
}

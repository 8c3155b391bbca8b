import Foundation
import HTTPTypes
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongStore
import LienthongTestSupport
import Logging
import SQLKit
import Testing

/// A read whose audit entry cannot be written must not be served: the log is the citizen's only record of it.
@Suite("When the audit log cannot be written")
struct AuditFailureTests {
    @Test(
        "a gateway read whose entry fails to commit answers an error without the person's data; once the log works, reads resume and the log verifies",
        arguments: TestDatabase.shareable)
    func readWithheld(kind: TestDatabase) async throws {
        try await withServerAndInsider(kind) { client, insider in
            let police = try await client.signIn("steward.catp")
            let people = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police)
            let person = try #require(people.items.first)
            let cccd = try #require(person["cccd"] as? String)
            let name = try #require(person["ho_ten"] as? String)
            let finance = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "doc-thu", token: finance)
            let purpose: HTTPFields = [HTTPField.Name("Lienthong-Purpose")!: "dich-vu-cong"]
            let uri = "/gateway/v1/datasets/dan-cu-trich-xuat/records/\(cccd)"
            #expect(try await client.send(.get, uri, token: system.key, headers: purpose).status == .ok)

            try await Self.refuseAppends(insider, true)
            let withheld = try await client.send(.get, uri, token: system.key, headers: purpose)
            #expect(withheld.status.code >= 500, "\(withheld.status)")
            #expect(!withheld.text.contains(name) && !withheld.text.contains(cccd), "no data goes out without its entry")
            let list = try await client.send(.get, "/gateway/v1/datasets/dan-cu-trich-xuat/records?limit=5", token: system.key, headers: purpose)
            #expect(list.status.code >= 500 && list.items.isEmpty)

            try await Self.refuseAppends(insider, false)
            #expect(try await client.send(.get, uri, token: system.key, headers: purpose).status == .ok, "the next read works")
            let report = try await AuditStore(database: insider).verify(trustedKeys: nil)
            #expect(report.failure == nil, "the failed appends left no trace in the chain: \(String(describing: report.failure))")
        }
    }

    /// Makes every insert into the audit log fail (as a full disk or a lost connection would), or stops doing so.
    static func refuseAppends(_ database: Database, _ refuse: Bool) async throws {
        let statements =
            switch (database.dialect, refuse) {
            case (.sqlite, true):
                ["CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'injected fault'); END"]
            case (.sqlite, false): ["DROP TRIGGER audit_refuse"]
            case (.postgres, true): ["ALTER TABLE audit_entries ADD CONSTRAINT audit_refuse CHECK (seq < 0) NOT VALID"]
            case (.postgres, false): ["ALTER TABLE audit_entries DROP CONSTRAINT audit_refuse"]
            }
        try await AuditTampering.run(database, statements)
    }
}

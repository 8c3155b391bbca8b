import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@Suite("The security officer: anomalies and revocation")
struct SecurityTests {
    @Test("a system that reads many people in an hour is flagged; the officer revokes its key and the next call fails")
    func anomalyAndRevocation() async throws {
        try await withServer { client in
            let finance = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "quet-hang-loat", token: finance)
            let purpose: HTTPFields = [HTTPField.Name("Lienthong-Purpose")!: "dich-vu-cong"]
            let sweep = try await client.send(.get, "/gateway/v1/datasets/dan-cu-trich-xuat/records?limit=40", token: system.key, headers: purpose)
            #expect(sweep.items.count == 40)

            let security = try await client.signIn("security")
            let anomalies = try await client.send(.get, "/api/v1/security/anomalies", token: security)
            let flagged = anomalies.items.first { $0["actorId"] as? String == system.id && $0["kind"] as? String == "many-subjects" }
            #expect((flagged?["count"] as? Int ?? 0) >= 40, "\(anomalies.text)")
            #expect(anomalies.items.contains { $0["system"] as? String == "Cổng đăng ký hộ kinh doanh (demo)" }, "the demo's own sweep is flagged")
            #expect(try await client.send(.get, "/api/v1/security/anomalies", token: finance).status == .forbidden)

            let officer = WebBrowserSession(client)
            #expect(try await officer.signIn("security", password: TestServer.password).status == .seeOther)
            let page = try await officer.get("/security")
            #expect(page.status == .ok && page.text.contains("quet-hang-loat") && page.text.contains("/security/clients/\(system.id)/revoke"))
            let export = try await officer.get("/security/export?actor=\(system.id)")
            let lines = export.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(
                !lines.isEmpty && lines.allSatisfy { $0["actorId"] as? String == system.id && $0["leafHash"] is String }, "\(export.text.prefix(300))"
            )
            #expect(export.headers[.contentDisposition]?.contains("attachment") == true)
            let revoked = try await officer.post("/security/clients/\(system.id)/revoke", [:])
            #expect(revoked.status == .seeOther)
            let after = try await client.send(.get, "/gateway/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: system.key, headers: purpose)
            #expect(after.status == .unauthorized, "the next call with the revoked key fails")
            #expect(try await officer.get("/security").text.contains("Khóa đã bị thu hồi"))
        }
    }
}

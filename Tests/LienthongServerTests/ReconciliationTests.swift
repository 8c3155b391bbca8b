import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongServer
import LienthongStore
import LienthongTestSupport
import Logging
import SQLKit
import Testing

/// Rows that let someone in, written straight into the database by an insider, are found against the audit log.
@Suite("Reconciliation: grants, keys and accounts against the audit log")
struct ReconciliationTests {
    @Test(
        "the demo city's every grant, key and account has its entry; rows an insider inserts are listed on the API and the security page",
        arguments: TestDatabase.shareable)
    func insiderRows(kind: TestDatabase) async throws {
        try await withServerAndInsider(kind) { client, insider in
            let security = try await client.signIn("security")
            let clean = try await client.send(.get, "/api/v1/security/reconciliation", token: security)
            #expect(clean.status == .ok)
            #expect(clean.object["unmatched"] as? [Any] != nil && (clean.object["unmatched"] as? [Any])?.isEmpty == true, "\(clean.text)")
            #expect((clean.object["grants"] as? Int ?? 0) > 0 && (clean.object["apiClients"] as? Int ?? 0) > 0, "\(clean.text)")
            let finance = try await client.signIn("steward.stc")
            _ = try await client.createKey(agency: "stc", name: "qua-cong", token: finance)
            #expect(
                (try await client.send(.get, "/api/v1/security/reconciliation", token: security).object["unmatched"] as? [Any])?.isEmpty == true,
                "a key made through the platform has its entry")
            #expect(try await client.send(.get, "/api/v1/security/reconciliation", token: finance).status == .forbidden)

            // An insider grants Finance the police's population data twice (once borrowing the id of a request that
            // was granted, with a time that is not one) and makes an account, straight in the database.
            let borrowed = try await insider.read { sql in
                try await sql.raw("SELECT request_id FROM grants WHERE request_id IS NOT NULL ORDER BY created_at").first()?
                    .decode(column: "request_id", as: String.self)
            }
            let request = try #require(borrowed)
            try await insider.write { sql in
                try await sql.raw(
                    """
                    INSERT INTO grants (id, request_id, consumer_agency, clients_json, dataset_code, fields_json, purposes_json,
                        valid_from, created_by, created_at, target_kind)
                    VALUES ('99999999-2222-3333-4444-555555555555', \(bind: request), 'stc', '[]', 'dan-cu-trich-xuat', '[]',
                        '["dich-vu-cong"]', '2026-11-01', 'insider', 'hôm qua', 'dataset')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO grants (id, request_id, consumer_agency, clients_json, dataset_code, fields_json, purposes_json,
                        valid_from, created_by, created_at, target_kind)
                    VALUES ('11111111-2222-3333-4444-555555555555', NULL, 'stc', '[]', 'dan-cu-trich-xuat', '[]', '["dich-vu-cong"]',
                        '2026-11-01', 'insider', '2026-11-27T10:00:00.000Z', 'dataset')
                    """
                ).run()
                try await sql.raw(
                    """
                    INSERT INTO staff_users (id, username, display_name, agency_id, role, password_hash, created_at, password_changed_at)
                    SELECT 'aaaaaaaa-2222-3333-4444-555555555555', 'ke-gian', 'Kẻ gian', agency_id, role, password_hash,
                        '2026-11-27T10:05:00.000Z', '2026-11-27T10:05:00.000Z'
                    FROM staff_users WHERE username = 'steward.stc'
                    """
                ).run()
            }
            let found = try await client.send(.get, "/api/v1/security/reconciliation", token: security)
            let unmatched = found.object["unmatched"] as? [[String: Any]] ?? []
            try #require(unmatched.count == 3, "\(found.text)")
            #expect(unmatched.map { $0["kind"] as? String } == ["grant", "grant", "user"], "\(found.text)")
            #expect(unmatched.first?["id"] as? String == "99999999-2222-3333-4444-555555555555" && unmatched.first?["createdAt"] == nil)
            #expect(unmatched[1]["id"] as? String == "11111111-2222-3333-4444-555555555555")
            #expect(unmatched[1]["detail"] as? String == "dan-cu-trich-xuat" && unmatched[1]["agencyCode"] as? String == "stc")
            #expect(unmatched.last?["id"] as? String == "ke-gian" && (unmatched.last?["expected"] as? String)?.hasPrefix("user.create") == true)

            let officer = WebBrowserSession(client)
            #expect(try await officer.signIn("security", password: TestServer.password).status == .seeOther)
            let page = try await officer.get("/security")
            #expect(page.status == .ok && page.text.contains(#"data-testid="unmatched""#), "\(page.text.suffix(2000))")
            #expect(page.text.contains("ke-gian") && page.text.contains("11111111-2222-3333-4444-555555555555"))
            #expect(page.text.contains("Đối chiếu với nhật ký truy cập"))
        }
    }
}

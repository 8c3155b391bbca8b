import Foundation
import HTTPTypes
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongTestSupport
import NIOCore
import Testing

@Suite("The audit log over HTTP")
struct AuditAPITests {
    @Test("an admin action appears in the log with its actor and request id; inspectors may search, stewards may not")
    func adminActionsAreLogged() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let created = try await client.send(
                .post, "/api/v1/agencies", token: admin,
                json: #"{"code": "so-xay-dung", "nameVi": "Sở Xây dựng", "nameEn": "Department of Construction", "kind": "department"}"#)
            #expect(created.status == .created)
            let requestID = try #require(created.headers[HTTPField.Name("X-Request-Id")!])
            let inspector = try await client.signIn("inspector")
            let found = try await client.send(.get, "/api/v1/audit/entries?action=agency.create&agency=skhcn", token: inspector)
            #expect(found.status == .ok)
            let entry = try #require(found.items.first { $0["resource"] as? String == "agency:so-xay-dung" })
            #expect(entry["actorId"] as? String == "admin")
            #expect(entry["requestId"] as? String == requestID)
            #expect((entry["recordedAt"] as? String)?.hasSuffix("Z") == true)
            #expect(found.items.contains { $0["actorKind"] as? String == "system" }, "the demo's own agencies are logged too")

            let steward = try await client.signIn("steward.syt")
            #expect(try await client.send(.get, "/api/v1/audit/entries", token: steward).status == .forbidden)
            let denials = try await client.send(.get, "/api/v1/audit/entries?action=access.denied", token: inspector)
            #expect(denials.items.first?["actorId"] as? String == "steward.syt")
            #expect(denials.items.first?["outcome"] as? String == "denied")
        }
    }

    @Test("key revocation, a revoked key's use and failed sign-ins are on the record, with no secret in it")
    func securityEvents() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let (id, key) = try await client.createKey(agency: "catp", name: "population", token: admin)
            let security = try await client.signIn("security")
            try await client.send(.post, "/api/v1/api-clients/\(id)/revoke", token: security)
            #expect(try await client.send(.get, "/api/v1/me", token: key).status == .unauthorized)
            try await client.send(.post, "/api/v1/sessions", json: #"{"username": "admin", "password": "a-guess-1234"}"#)
            try await client.send(.post, "/api/v1/sessions", json: #"{"username": "my-secret-password", "password": "x"}"#)
            let log = try await client.send(.get, "/api/v1/audit/entries?limit=50", token: security)
            let actions = log.items.compactMap { $0["action"] as? String }
            #expect(actions.contains("apiClient.revoke"))
            #expect(actions.contains("auth.invalidCredentials"))
            let signIns = log.items.filter { $0["action"] as? String == "session.signIn" && $0["outcome"] as? String == "denied" }
            #expect(signIns.compactMap { $0["resource"] as? String }.sorted() == ["user:?", "user:admin"])
            for secret in [key, admin, security, "a-guess-1234", "my-secret-password"] {
                #expect(!log.text.contains(secret), "a secret reached the audit log")
            }
        }
    }

    @Test("anyone gets the signed tree head and proofs that check out against it")
    func treeHeadAndProofs() async throws {
        try await withServer { client in
            let first = try await Self.waitForHead(client, atLeast: 1)
            #expect(first.hasValidSignature)
            let inclusion = try await client.send(.get, "/api/v1/audit/proofs/inclusion?sequence=0&treeSize=\(first.treeSize)")
            #expect(inclusion.status == .ok)
            let path = try #require(inclusion.object["auditPath"] as? [String]).compactMap(Hex.decode)
            let leaf = try #require(Hex.decode(inclusion.object["leafHash"] as? String ?? ""))
            #expect(
                MerkleTree.verifyInclusion(
                    leafHash: leaf, index: 0, size: Int(first.treeSize), proof: path, root: try #require(Hex.decode(first.rootHash))))

            let admin = try await client.signIn("admin")
            _ = try await client.createKey(agency: "stc", name: "new-system", token: admin)
            let second = try await Self.waitForHead(client, atLeast: first.treeSize + 1)
            let consistency = try await client.send(.get, "/api/v1/audit/proofs/consistency?from=\(first.treeSize)&to=\(second.treeSize)")
            let proof = try #require(consistency.object["proof"] as? [String]).compactMap(Hex.decode)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: Int(first.treeSize), newSize: Int(second.treeSize), oldRoot: Hex.decode(first.rootHash)!,
                    newRoot: Hex.decode(second.rootHash)!, proof: proof))
            #expect(try await client.send(.get, "/api/v1/audit/proofs/inclusion?sequence=x").status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/audit/proofs/consistency?from=5&to=999999").status == .unprocessableContent)
        }
    }

    @Test("the audit page shows the log to the security officer and refuses a steward")
    func page() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            try await browser.signIn("security", password: TestServer.password)
            let page = try await browser.get("/audit?action=session")
            #expect(page.status == .ok)
            #expect(page.text.contains("Nhật ký truy cập"))
            #expect(page.text.contains("session.signIn"))
            #expect(page.text.contains(#"href="/audit""#), "the navigation links the log for the security officer")
            let steward = WebBrowserSession(client)
            try await steward.signIn("steward.syt", password: TestServer.password)
            #expect(try await steward.get("/audit").status == .forbidden)
            #expect(!(try await steward.get("/").text.contains(#"href="/audit""#)))
        }
    }

    static func waitForHead(_ client: any TestClientProtocol, atLeast size: Int64) async throws -> SignedTreeHead {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(5) {
            let response = try await client.send(.get, "/api/v1/audit/tree-head")
            if response.status == .ok {
                let head = try JSONDecoder().decode(SignedTreeHead.self, from: Data(response.body.readableBytesView))
                if head.treeSize >= size { return head }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("no tree head of size \(size) within 5 seconds")
    }
}

import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongServer
import LienthongTestSupport
import Testing

@Suite("Staff sign-in, sessions and own password")
struct SessionTests {
    @Test("a demo account signs in; the token identifies the user")
    func signIn() async throws {
        try await withServer { client in
            let token = try await client.signIn("steward.syt")
            let me = try await client.send(.get, "/api/v1/me", token: token)
            #expect(me.object["kind"] as? String == "staff")
            #expect((me.object["user"] as? [String: Any])?["role"] as? String == "steward")
            #expect(me.object["agencyCode"] as? String == "syt")
        }
    }

    @Test("a wrong password and an unknown user get the same generic answer")
    func wrongCredentials() async throws {
        try await withServer { client in
            let wrong = try await client.send(.post, "/api/v1/sessions", json: #"{"username": "admin", "password": "not-the-password"}"#)
            let unknown = try await client.send(.post, "/api/v1/sessions", json: #"{"username": "ghost", "password": "not-the-password"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.object["title"] as? String == unknown.object["title"] as? String)
        }
    }

    @Test("ten wrong passwords from one address are followed by 429 with Retry-After")
    func throttle() async throws {
        try await withServer { client in
            for _ in 0..<10 {
                try await client.send(.post, "/api/v1/sessions", json: #"{"username": "admin", "password": "guess-guess-guess"}"#)
            }
            let limited = try await client.send(.post, "/api/v1/sessions", json: #"{"username": "admin", "password": "lienthong-demo"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(Int(limited.headers[HTTPField.Name("Retry-After")!] ?? "") ?? 0 > 0)
        }
    }

    @Test("signing out ends the session at once")
    func signOut() async throws {
        try await withServer { client in
            let token = try await client.signIn("inspector")
            #expect(try await client.send(.delete, "/api/v1/sessions/current", token: token).status == .noContent)
            let after = try await client.send(.get, "/api/v1/me", token: token)
            #expect(after.status == .unauthorized)
            #expect(after.problemType == "/problems/invalid-credentials")
        }
    }

    @Test("a user changes their own password; the old one stops working")
    func changePassword() async throws {
        try await withServer { client in
            let token = try await client.signIn("officer.stp")
            let otherDevice = try await client.signIn("officer.stp")
            let wrong = try await client.send(
                .put, "/api/v1/me/password", token: token,
                json: #"{"currentPassword": "nope-nope-nope", "newPassword": "a-new-long-password"}"#)
            #expect(wrong.status == .forbidden)
            let short = try await client.send(
                .put, "/api/v1/me/password", token: token, json: #"{"currentPassword": "lienthong-demo", "newPassword": "short"}"#)
            #expect(short.status == .unprocessableContent)
            let done = try await client.send(
                .put, "/api/v1/me/password", token: token,
                json: #"{"currentPassword": "lienthong-demo", "newPassword": "a-new-long-password"}"#)
            #expect(done.status == .noContent)
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await client.send(.get, "/api/v1/me", token: token).status == .ok, "the changing session must survive")
            #expect(try await client.send(.get, "/api/v1/me", token: otherDevice).status == .unauthorized)
            _ = try await client.signIn("officer.stp", password: "a-new-long-password")
            let old = try await client.send(.post, "/api/v1/sessions", json: #"{"username": "officer.stp", "password": "lienthong-demo"}"#)
            #expect(old.status == .unauthorized)
        }
    }

    @Test("an API key cannot change a password: it is no staff member")
    func keyIsNotStaff() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let key = try await client.createKey(agency: "stc", name: "system", token: admin).key
            let response = try await client.send(
                .put, "/api/v1/me/password", token: key, json: #"{"currentPassword": "x", "newPassword": "y"}"#)
            #expect(response.status == .forbidden)
        }
    }
}

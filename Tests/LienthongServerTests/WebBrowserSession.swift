import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A browser, as far as the router tests need one: it keeps cookies between requests, sends forms and
/// asks for HTML.
final class WebBrowserSession {
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    /// Sets a cookie as an attacker would have planted it in this browser.
    func plant(_ name: String, _ value: String) {
        cookies[name] = value
    }

    /// The CSRF token the last page gave (its cookie).
    var csrf: String { cookies["lienthong_csrf"] ?? "" }

    @discardableResult
    func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.accept] = "text/html,application/xhtml+xml"
        return try await send(.get, uri, headers: headers, body: nil)
    }

    /// Posts a form; `_csrf` is added from the cookie unless `csrf` says otherwise.
    @discardableResult
    func post(_ uri: String, _ fields: [String: String], csrf: String? = nil) async throws -> TestResponse {
        var all = fields
        all["_csrf"] = csrf ?? self.csrf
        let body = all.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(
            .post, uri, headers: [.contentType: "application/x-www-form-urlencoded", .accept: "text/html"],
            body: ByteBuffer(string: body))
    }

    /// Sends a file the way the page's upload script does: the bytes as they are, the CSRF token in a header.
    @discardableResult
    func upload(_ uri: String, csv: String, csrf: String? = nil) async throws -> TestResponse {
        try await send(
            .post, uri,
            headers: [.contentType: "text/csv", HTTPField.Name("X-CSRF-Token")!: csrf ?? self.csrf], body: ByteBuffer(string: csv))
    }

    /// Calls the API with this browser's cookies (a citizen's session), with an optional JSON body.
    @discardableResult
    func api(_ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.accept] = "application/json"
        if json != nil { headers[.contentType] = "application/json" }
        return try await send(method, uri, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Signs a citizen in with the demo provider's one-time code, shown on the page.
    func signInCitizen(_ citizenID: String) async throws {
        try await get("/citizen")
        let challenge = try await post("/citizen/signin", ["citizenId": citizenID])
        let code = String(challenge.text.firstMatch(of: /data-testid="demo-code">[^<]*<strong>(\d{6})<\/strong>/)?.1 ?? "")
        let id = String(challenge.text.firstMatch(of: /name="challenge" value="([0-9a-f-]{36})"/)?.1 ?? "")
        try await post("/citizen/verify", ["challenge": id, "code": code])
    }

    /// Signs in through the form and returns the response (a 303 when it worked).
    @discardableResult
    func signIn(_ username: String, password: String) async throws -> TestResponse {
        try await get("/signin")
        return try await post("/signin", ["username": username, "password": password, "next": "/"])
    }

    private func send(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let name = String(parts[0])
            if line.lowercased().contains("max-age=0") || parts[1].isEmpty {
                cookies[name] = nil
            } else {
                cookies[name] = String(parts[1])
            }
        }
        return response
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

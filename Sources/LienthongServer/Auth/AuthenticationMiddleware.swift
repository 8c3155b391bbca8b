import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore
import Logging

/// Finds who is calling from `Authorization: Bearer TOKEN`: an API key (`ltk_…`) or a staff session
/// token (`lts_…`). A token that is presented but not valid is refused at once (401, or 429 when its address is
/// over `anonymous`), so a caller with a revoked or mistyped key learns it even on public routes. Web pages also accept the session cookie.
///
/// A request that ends up with no identity, and a presented token that is not valid (before its audit entry is
/// written), take a turn from the caller's address under `anonymous`.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let directory: DirectoryStore
    /// What this node looked up about presented keys and session tokens, by the token's hash (nil: not valid),
    /// trusted for `ServerConfiguration.credentialCacheLifetime`: a revocation made on any node holds on every node
    /// within that time, and at once on the node that made it (it calls `forget`).
    let cache: TimedCache<Identity?>
    let lastUse: LastUseRecorder
    /// Records presented keys and tokens that are not valid (revoked, expired, made up).
    let audit: Auditor
    /// The per-address limit on requests without a valid key or staff session.
    let anonymous: AnonymousLimit

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        // Whether this request already took its turn under `anonymous` (a CKAN call with an unknown key).
        var counted = false
        if Self.isCKAN(request.uri.path) {
            // CKAN's forms: the raw key in Authorization or X-CKAN-API-Key, and an unknown key reads as anonymous.
            if let token = Self.ckanKey(request) {
                if let identity = try await identify(token) {
                    context.identity = identity
                    if case .client(let client) = identity { lastUse.record(client.id, from: context.clientAddress) }
                } else {
                    try anonymous.take(context)
                    counted = true
                    try await audit.record(
                        context, "auth.invalidCredentials", resource: Self.describe(token), outcome: .denied,
                        actor: AuditActor(kind: .anonymous, id: "-"), agencyCode: nil)
                }
            }
        } else if let token = Self.bearerToken(request) {
            guard let identity = try await identify(token) else {
                try anonymous.take(context)
                try await audit.record(
                    context, "auth.invalidCredentials", resource: Self.describe(token), outcome: .denied,
                    actor: AuditActor(kind: .anonymous, id: "-"), agencyCode: nil)
                throw Problem.invalidCredentials
            }
            context.identity = identity
            switch identity {
            case .client(let client):
                lastUse.record(client.id, from: context.clientAddress)
                context.logger[metadataKey: "api_client"] = .string(client.id.lowercasedString)
            case .staff(let user, _):
                context.logger[metadataKey: "user"] = .string(user.id.lowercasedString)
            }
        } else if let token = Self.sessionCookie(request) {
            // A stale or revoked cookie reads as signed out: pages then offer the sign-in.
            if let identity = try await identify(token), case .staff(let user, _) = identity {
                context.identity = identity
                context.logger[metadataKey: "user"] = .string(user.id.lowercasedString)
            }
        }
        if context.identity == nil, !counted { try anonymous.take(request, context) }
        return try await next(request, context)
    }

    private func identify(_ token: String) async throws -> Identity? {
        let isKey = SecretToken.looksLike(token, kind: .apiKey)
        guard isKey || SecretToken.looksLike(token, kind: .session) else { return nil }
        let hash = SecretToken.hash(of: token)
        return try await cache.value(for: hash) { [directory] in
            if isKey {
                let client = try await directory.apiClient(keyHash: hash)
                return client.flatMap { $0.isUsable(at: Date()) ? .client($0) : nil }
            }
            return try await directory.sessionUser(tokenHash: hash).map { .staff($0, sessionTokenHash: hash) }
        }
    }

    /// The web session cookie, honoured on pages only: the API takes bearer tokens, so a browser's cookie
    /// can never be used to call it from another site.
    static func sessionCookie(_ request: Request) -> String? {
        guard !isAPI(request.uri.path), let token = request.cookies[WebCookies.session]?.value,
            SecretToken.looksLike(token, kind: .session)
        else { return nil }
        return token
    }

    /// What the log says of a refused token: its kind and the short prefix that lists show, never the secret.
    static func describe(_ token: String) -> String {
        if SecretToken.looksLike(token, kind: .apiKey) { return "apiKey:" + SecretToken(value: token).displayPrefix }
        if SecretToken.looksLike(token, kind: .session) { return "session" }
        return "malformed"
    }

    static func isCKAN(_ path: String) -> Bool {
        let path = withoutEmptySegments(path)
        return path.hasPrefix("/api/3/action/") || path.hasPrefix("/api/action/")
    }

    /// Whether `path` is under `/api/`, as the router reads it (it skips empty segments: `//api/v1/me` is `/api/v1/me`).
    static func isAPI(_ path: String) -> Bool { withoutEmptySegments(path).hasPrefix("/api/") }

    /// `path` with each run of `/` made one, as the router matches it. (Looked for byte by byte: this runs on every
    /// request, and `contains` on strings is far slower.)
    private static func withoutEmptySegments(_ path: String) -> String {
        var previous: UInt8 = 0
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/"), previous == byte { return "/" + path.split(separator: "/").joined(separator: "/") }
            previous = byte
        }
        return path
    }

    /// The key of a CKAN call: `Authorization: KEY` (or `Bearer KEY`), else `X-CKAN-API-Key: KEY`.
    static func ckanKey(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            let key = (parts.count == 2 && parts[0].lowercased() == "bearer" ? parts[1] : Substring(header)).trimmingCharacters(in: .whitespaces)
            // Another scheme (a proxy's `Basic …`) is not a key; the CKAN header may still hold one.
            if SecretToken.looksLike(key, kind: .apiKey) || SecretToken.looksLike(key, kind: .session) { return key }
        }
        return request.headers[.ckanAPIKey].flatMap { $0.isEmpty ? nil : $0 }
            ?? request.headers[.authorization].flatMap { $0.isEmpty || $0.contains(" ") ? nil : $0 }
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        // Only the Bearer scheme carries Lienthong tokens; the CKAN endpoints add CKAN's raw-key forms themselves.
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        // Spaces and tabs around the token, trimmed without Foundation's `trimmingCharacters`, which bridges to NSString
        // and cost 2% of a gateway read.
        var token = parts[1]
        while let first = token.first, first == " " || first == "\t" { token = token.dropFirst() }
        while let last = token.last, last == " " || last == "\t" { token = token.dropLast() }
        return String(token)
    }
}

extension HTTPField.Name {
    static let ckanAPIKey = Self("X-CKAN-API-Key")!
}

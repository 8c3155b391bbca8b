import Foundation
import HTTPTypes
import HummingbirdTesting
import Lienthong
import LienthongTestSupport
import NIOCore
import Testing

@testable import LienthongServer

/// The callers the authorization matrix tries on every route.
enum MatrixActor: String, CaseIterable, CustomStringConvertible {
    case anonymous
    case citizen
    case officer
    case stewardOfOwner = "steward-owner"
    case stewardOfOther = "steward-other"
    case systemWithGrant = "system-granted"
    case systemWithoutGrant = "system-ungranted"
    case inspector
    case security
    case admin

    var description: String { rawValue }

    /// The staff role the caller signs in with, if staff.
    var role: Role? {
        switch self {
        case .officer: .officer
        case .stewardOfOwner, .stewardOfOther: .steward
        case .inspector: .inspector
        case .security: .security
        case .admin: .admin
        case .anonymous, .citizen, .systemWithGrant, .systemWithoutGrant: nil
        }
    }

    var isSystem: Bool { self == .systemWithGrant || self == .systemWithoutGrant }

    /// The agency the caller belongs to (the steward of the owner's depends on the route: see `MatrixFixture.owner`).
    var agency: String? {
        switch self {
        case .officer: "stp"
        case .stewardOfOther: "syt"
        case .systemWithGrant: "stc"
        case .systemWithoutGrant, .admin: "skhcn"
        case .inspector: "ubkt"
        case .security, .stewardOfOwner: "catp"
        case .anonymous, .citizen: nil
        }
    }
}

/// What a cell must answer.
enum MatrixExpectation: CustomStringConvertible {
    /// Not signed in: 401 from the API, a redirect (303) to the sign-in page from a page.
    case signIn
    /// 403.
    case forbidden
    /// 403, or 404 where the object's existence is itself not the caller's to know.
    case denied
    /// Let through: anything but 401, 403 and 5xx (the object or the body may still be wrong: 404, 409, 422).
    case served

    var description: String {
        switch self {
        case .signIn: "401/303 to sign in"
        case .forbidden: "403"
        case .denied: "403/404"
        case .served: "served (not 401/403/5xx)"
        }
    }

    func matches(_ status: HTTPResponse.Status) -> Bool {
        switch self {
        case .signIn: status == .unauthorized || status == .seeOther
        case .forbidden: status == .forbidden
        case .denied: status == .forbidden || status == .notFound
        case .served: status != .unauthorized && status != .forbidden && status.code < 500
        }
    }
}

/// The expected answers: from `AccessPolicy` (who may call a route at all), then the rules the handlers apply to
/// the object (a steward acts on their own agency's, a system reads only under a grant, a citizen sees only their
/// own).
enum AuthorizationMatrix {
    /// Every route once, API then pages; routes that change or remove the objects other cells use come last.
    static var orderedRoutes: [(route: RouteKey, isPage: Bool)] {
        let all = AccessPolicy.table.keys.map { ($0, false) } + AccessPolicy.pages.keys.map { ($0, true) }
        func weight(_ route: RouteKey) -> Int {
            if route.path.hasSuffix("signout") || route.path == "/api/v1/sessions/current" { return 4 }
            if route.method == .delete || route.path.hasSuffix("/retire") || route.path.hasSuffix("/deactivate") { return 3 }
            if route.path.hasSuffix("/revoke") || route.path.hasSuffix("/withdraw") { return 2 }
            return route.method == .get ? 0 : 1
        }
        return all.sorted { ($0.0.path, $0.0.method.rawValue) < ($1.0.path, $1.0.method.rawValue) }
            .sorted { weight($0.0) < weight($1.0) }
    }

    /// Routes open to anyone by the policy whose handler serves only a signed-in citizen, their own data.
    static let citizenOnly: Set<String> = [
        "/api/v1/citizen/reads", "/api/v1/citizen/reads/{sequence}/contest", "/api/v1/citizen/tickets", "/api/v1/citizen/flags",
        "/api/v1/procedures/{code}/applications", "/api/v1/applications/{id}/form", "/api/v1/applications/{id}/case",
        "/api/v1/citizen/cases", "/api/v1/citizen/cases/{id}/rating", "/api/v1/citizen/consents", "/api/v1/citizen/notifications",
        "/api/v1/citizen/consents/{id}/withdraw", "/citizen/reads", "/citizen/reads/{sequence}/contest", "/citizen/tickets",
        "/citizen/flag", "/citizen/applications/{id}", "/citizen/applications/{id}/flag", "/citizen/cases", "/citizen/cases/{id}",
        "/citizen/cases/{id}/rating", "/citizen/consents/{id}/withdraw", "/citizen/apply/{code}",
    ]

    /// What a handler checks about the object once the policy let the caller through, by "METHOD path".
    enum ObjectRule {
        /// Non-open data: the coordinator and anyone of the owner agency (`RecordRoutes.requireReader`).
        case ownerAgency
        /// Changes: the coordinator and a steward of the owner agency (`DatasetRoutes.requireOwner` and the desks).
        case ownerSteward
        /// Keys, grants and tickets: as `ownerSteward`, and the security officer too (who revokes what is abused).
        case ownerStewardOrSecurity
        /// A case: the coordinator, the inspector, and the officers and stewards of the agency handling it.
        case caseAgency
        /// Withdrawing a request: the coordinator and the requester's steward (here: a ward without one).
        case requester
        /// The gateway's datasets: only a system whose agency holds a grant.
        case granted
        /// The gateway's services: systems only (staff sessions are refused), under a grant; no system of the matrix
        /// holds one on the demo's service (`ServiceGatewayTests` calls one under a grant).
        case serviceGateway
        /// Signing in with nothing filled in: 401 for whoever tries.
        case emptyCredentials
    }

    static let objectRules: [String: ObjectRule] = [
        "GET /api/v1/datasets/{id}/data": .ownerAgency, "GET /api/v1/datasets/{id}/records": .ownerAgency,
        "GET /api/v1/datasets/{id}/records/{key}": .ownerAgency, "GET /api/v1/datasets/{id}/loads": .ownerAgency,
        "GET /catalog/{code}/download": .ownerAgency,
        "PATCH /api/v1/datasets/{id}": .ownerSteward, "PUT /api/v1/datasets/{id}/schema": .ownerSteward,
        "POST /api/v1/datasets/{id}/publish": .ownerSteward, "POST /api/v1/datasets/{id}/retire": .ownerSteward,
        "PUT /api/v1/datasets/{id}/data": .ownerSteward, "PATCH /api/v1/datasets/{id}/records/{key}": .ownerSteward,
        "DELETE /api/v1/datasets/{id}/records/{key}": .ownerSteward, "POST /api/v1/datasets/{id}/quality/runs": .ownerSteward,
        "PUT /api/v1/datasets/{id}/quality/rules": .ownerSteward, "GET /api/v1/api-clients/{id}": .ownerStewardOrSecurity,
        "POST /api/v1/api-clients/{id}/rotate": .ownerSteward, "POST /api/v1/api-clients/{id}/revoke": .ownerStewardOrSecurity,
        "POST /api/v1/access-requests/{id}/answer": .ownerSteward, "POST /api/v1/grants/{id}/revoke": .ownerStewardOrSecurity,
        "POST /api/v1/tickets/{id}/answer": .ownerStewardOrSecurity, "POST /api/v1/programme/tasks/{code}/progress": .ownerSteward,
        "POST /catalog/{code}/publish": .ownerSteward, "POST /catalog/{code}/upload": .ownerSteward,
        "POST /catalog/{code}/retire": .ownerSteward, "POST /catalog/{code}/quality/run": .ownerSteward,
        "POST /catalog/{code}/quality/rules": .ownerSteward, "POST /sharing/requests/{id}/answer": .ownerSteward,
        "POST /sharing/grants/{id}/revoke": .ownerStewardOrSecurity, "POST /tickets/{id}/answer": .ownerStewardOrSecurity,
        "POST /programme/tasks/{code}/progress": .ownerSteward,
        "GET /api/v1/cases/{id}": .caseAgency, "POST /api/v1/cases/{id}/status": .caseAgency, "GET /cases/{id}": .caseAgency,
        "POST /cases/{id}/status": .caseAgency,
        "POST /api/v1/access-requests/{id}/withdraw": .requester, "POST /sharing/requests/{id}/withdraw": .requester,
        "GET /gateway/v1/datasets/{id}/records": .granted, "GET /gateway/v1/datasets/{id}/records/{key}": .granted,
        "GET /gateway/v1/services/{agency}/{service}/{path}": .serviceGateway,
        "POST /gateway/v1/services/{agency}/{service}/{path}": .serviceGateway,
        "PUT /gateway/v1/services/{agency}/{service}/{path}": .serviceGateway,
        "PATCH /gateway/v1/services/{agency}/{service}/{path}": .serviceGateway,
        "DELETE /gateway/v1/services/{agency}/{service}/{path}": .serviceGateway,
        "POST /signin": .emptyCredentials, "POST /citizen/verify": .emptyCredentials,
    ]

    static func expected(_ route: RouteKey, isPage: Bool, actor: MatrixActor, fixture: MatrixFixture) -> MatrixExpectation {
        // A form posted without the browser's CSRF cookie (a system's key is not a browser) is refused before anything.
        if isPage, route.method != .get, actor.isSystem { return .forbidden }
        let access = (isPage ? AccessPolicy.pages[route] : AccessPolicy.table[route]) ?? .staff([])
        let gate: MatrixExpectation
        switch access {
        case .anyone: gate = .served
        case .authenticated: gate = actor == .anonymous || actor == .citizen ? .signIn : .served
        case .anyStaff: gate = actor.role != nil ? .served : actor.isSystem ? .forbidden : .signIn
        case .staff(let roles):
            if let role = actor.role { gate = roles.contains(role) ? .served : .forbidden } else { gate = actor.isSystem ? .forbidden : .signIn }
        }
        guard case .served = gate else { return gate }
        if citizenOnly.contains(route.path) {
            return actor == .citizen ? .served : .signIn
        }
        let owner = fixture.owner(of: route.path)
        let agency = actor == .stewardOfOwner ? owner : actor.agency
        switch objectRules["\(route.method.rawValue) \(route.path)"] {
        case nil: return .served
        case .emptyCredentials: return .signIn
        case .ownerAgency:
            if actor == .anonymous || actor == .citizen { return .signIn }
            return actor == .admin || agency == owner ? .served : .denied
        case .ownerSteward: return actor == .admin || actor == .stewardOfOwner ? .served : .denied
        case .ownerStewardOrSecurity: return actor == .admin || actor == .stewardOfOwner || actor == .security ? .served : .denied
        case .caseAgency:
            return actor == .admin || actor == .inspector || ((actor.role == .officer || actor.role == .steward) && agency == owner)
                ? .served : .denied
        case .requester: return actor == .admin ? .served : .denied
        case .granted: return actor == .systemWithGrant ? .served : .denied
        case .serviceGateway: return actor.isSystem ? .denied : .forbidden
        }
    }
}

/// The demo city's objects the matrix calls routes on, and a signed-in session or key for each caller.
struct MatrixFixture {
    let client: any TestClientProtocol
    let tokens: [MatrixActor: String]
    let browsers: [MatrixActor: WebBrowserSession]
    let values: [String: String]
    /// The agency owning the objects under a path fragment (`/cases`, `/access-requests`…), where not the police.
    let owners: [String: String]
    /// The owner agency's steward where the owner is not the police (cases, tasks): a bearer token and a browser.
    let ownerStewards: [String: (token: String, browser: WebBrowserSession)]

    /// The agency owning the object a route path names (the police, but for cases, requests and tasks).
    func owner(of path: String) -> String {
        owners.first { path.contains($0.key) }?.value ?? "catp"
    }

    /// The route's path with each `{parameter}` replaced by a demo object's.
    func path(_ pattern: String, for actor: MatrixActor) throws -> String {
        var path = pattern
        for match in pattern.matches(of: /\{([a-z]+)\}/) {
            let name = String(match.1)
            // The longest "prefix:name" the part before the parameter starts with, else the name alone.
            let before = String(pattern[..<match.range.lowerBound])
            let key = values.keys.filter { key in
                guard let colon = key.lastIndex(of: ":"), key[key.index(after: colon)...] == name else { return false }
                return before.hasPrefix(String(key[..<colon]))
            }.max { $0.count < $1.count }
            let value = key.flatMap { values[$0] } ?? values[name] ?? "00000000-0000-0000-0000-000000000000"
            path = path.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return path
    }

    /// Valid bodies where a handler reads the body before it looks at the object (an empty one would be a 422 whoever
    /// sends it), by the route's path pattern.
    static let bodies: [String: [String: String]] = [
        "/api/v1/access-requests/{id}/answer": ["decision": "refuse", "reason": "Ma trận phân quyền", "legalBasis": "Điều 1"],
        "/sharing/requests/{id}/answer": ["decision": "refuse", "reason": "Ma trận phân quyền", "legalBasis": "Điều 1"],
        "/api/v1/cases/{id}/status": ["status": "processing"], "/cases/{id}/status": ["status": "processing"],
        "/api/v1/programme/tasks/{code}/progress": ["progress": "30"], "/programme/tasks/{code}/progress": ["progress": "30"],
        "/api/v1/tickets/{id}/answer": ["note": "Ma trận phân quyền"], "/tickets/{id}/answer": ["note": "Ma trận phân quyền"],
        "/api/v1/grants/{id}/revoke": ["reason": "Ma trận phân quyền"], "/sharing/grants/{id}/revoke": ["reason": "Ma trận phân quyền"],
    ]

    func call(
        _ method: HTTPRequest.Method, _ pattern: String, _ path: String, isPage: Bool, as actor: MatrixActor
    ) async throws -> HTTPResponse.Status {
        let fields = Self.bodies[pattern] ?? [:]
        let json =
            method == .get || method == .delete
            ? nil
            : "{"
                + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \(Int($0.value).map(String.init) ?? "\"\($0.value)\"")" }
                .joined(separator: ", ") + "}"
        /// A page's form, or the upload script's raw CSV for an upload.
        func submit(_ browser: WebBrowserSession) async throws -> HTTPResponse.Status {
            if method == .get { return try await browser.get(path).status }
            if pattern.hasSuffix("/upload") { return try await browser.upload(path, csv: "").status }
            return try await browser.post(path, fields).status
        }
        let owner = owner(of: path)
        if actor == .stewardOfOwner, let steward = ownerStewards[owner] {
            if isPage { return try await submit(steward.browser) }
            return try await client.send(method, path, token: steward.token, json: json).status
        }
        if isPage, let browser = browsers[actor] { return try await submit(browser) }
        if actor == .citizen, let browser = browsers[.citizen] {
            return try await browser.api(method, path, json: json).status
        }
        var headers: HTTPFields = [:]
        if actor.isSystem { headers[HTTPField.Name("Lienthong-Purpose")!] = "dich-vu-cong" }
        if isPage { headers[.accept] = "text/html" }
        return try await client.send(method, path, token: tokens[actor], json: json, headers: headers).status
    }

    static func make(_ client: any TestClientProtocol) async throws -> MatrixFixture {
        let admin = try await client.signIn("admin")
        let police = try await client.signIn("steward.catp")
        var values: [String: String] = [
            "code": "dan-cu-trich-xuat", "id": "dan-cu-trich-xuat", "number": "1", "action": "package_list", "file": "app.css",
            "sequence": "1", "/api/v1/agencies/:code": "catp", "/api/v1/quality/agencies/:code": "catp", "/quality/agencies/:code": "catp",
            "path": "facilities/1", "/api/v1/citizen/:id": "00000000-0000-0000-0000-000000000000",
            "/citizen/:id": "00000000-0000-0000-0000-000000000000", "/api/v1/applications/:id": "00000000-0000-0000-0000-000000000000",
        ]
        func first(_ uri: String, token: String, where test: ([String: Any]) -> Bool = { _ in true }) async throws -> [String: Any]? {
            try await client.send(.get, uri, token: token).items.first(where: test)
        }
        let record = try await first("/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police)
        let citizenID = try #require(record?["cccd"] as? String)
        values["key"] = citizenID
        values["run"] = try await first("/api/v1/datasets/dan-cu-trich-xuat/quality/runs", token: police)?["id"] as? String
        let created = try await client.send(
            .post, "/api/v1/users", token: admin,
            json: #"{"username": "matrix.user", "displayName": "Ma trận", "agencyCode": "catp", "role": "officer", "password": "matrix-password-1"}"#)
        #expect(created.status == .created, "\(created.text)")
        values["username"] = "matrix.user"
        let spare = try await client.createKey(agency: "catp", name: "matrix-spare", token: admin)
        values["/api/v1/api-clients/:id"] = spare.id
        values["/security/clients/:id"] = spare.id
        // The demo's pending requests are to Justice and Health (Health's steward is the matrix's outsider).
        let request = try await first("/api/v1/access-requests", token: admin) {
            $0["ownerAgencyCode"] as? String == "stp" && $0["status"] as? String == "pending"
        }
        values["/api/v1/access-requests/:id"] = try #require(request?["id"] as? String)
        values["/sharing/requests/:id"] = request?["id"] as? String
        let grant = try await first("/api/v1/grants", token: admin) {
            $0["dataset"] as? String == "dan-cu-trich-xuat" && $0["consumerAgencyCode"] as? String == "sct"
        }
        values["/api/v1/grants/:id"] = try #require(grant?["id"] as? String)
        values["/sharing/grants/:id"] = grant?["id"] as? String
        let ticket = try await first("/api/v1/tickets", token: police) {
            $0["ownerAgencyCode"] as? String == "catp" && $0["kind"] as? String == "flagged-value"
        }
        values["/api/v1/tickets/:id"] = try #require(ticket?["id"] as? String)
        values["/tickets/:id"] = ticket?["id"] as? String
        let procedure = try await first("/api/v1/procedures", token: admin)
        values["/api/v1/procedures/:code"] = try #require(procedure?["code"] as? String)
        values["/citizen/apply/:code"] = procedure?["code"] as? String
        let workCase = try await first("/api/v1/cases", token: admin) { $0["agencyCode"] as? String == "sct" }
        values["/api/v1/cases/:id"] = try #require(workCase?["id"] as? String)
        values["/cases/:id"] = workCase?["id"] as? String
        let caseOwner = try #require(workCase?["agencyCode"] as? String)
        let stewards: Set<String> = ["skhcn", "syt", "sct", "stp", "stc", "catp"]
        let task = try await first("/api/v1/programme/tasks", token: admin) { stewards.contains($0["ownerAgencyCode"] as? String ?? "") }
        values["/api/v1/programme/tasks/:code"] = try #require(task?["code"] as? String)
        values["/programme/tasks/:code"] = task?["code"] as? String
        let taskOwner = try #require(task?["ownerAgencyCode"] as? String)
        let directive = try await first("/api/v1/programme/directives", token: admin)
        values["/api/v1/programme/directives/:code"] = directive?["code"] as? String
        let duty = try await first("/api/v1/programme/duties", token: admin)
        values["/api/v1/programme/duties/:code"] = duty?["code"] as? String
        values["duty"] = duty?["code"] as? String
        values["period"] = "2026-11"
        let problem = try await first("/api/v1/programme/problems", token: admin)
        values["/api/v1/programme/problems/:code"] = problem?["code"] as? String
        let service = try await first("/api/v1/services", token: admin)
        values["agency"] = service?["agencyCode"] as? String
        values["service"] = service?["code"] as? String

        var tokens: [MatrixActor: String] = [:]
        var browsers: [MatrixActor: WebBrowserSession] = [:]
        let usernames: [MatrixActor: String] = [
            .officer: "officer.stp", .stewardOfOther: "steward.syt", .inspector: "inspector", .security: "security", .admin: "admin",
        ]
        for actor in MatrixActor.allCases {
            let browser = WebBrowserSession(client)
            try await browser.get("/")
            switch actor {
            case .anonymous: break
            case .citizen: try await browser.signInCitizen(citizenID)
            case .systemWithGrant:
                let finance = try await client.signIn("steward.stc")
                tokens[actor] = try await client.createKey(agency: "stc", name: "matrix-granted", token: finance).key
            case .systemWithoutGrant:
                tokens[actor] = try await client.createKey(agency: "skhcn", name: "matrix-ungranted", token: admin).key
            case .stewardOfOwner:
                // The owner differs by route (the police, the case's agency, the task's): the police's steward here;
                // `call` uses the right one for cases and tasks.
                tokens[actor] = police
                try await browser.signIn("steward.catp", password: TestServer.password)
            default:
                let username = try #require(usernames[actor])
                tokens[actor] = try await client.signIn(username)
                try await browser.signIn(username, password: TestServer.password)
            }
            if !actor.isSystem { browsers[actor] = browser }
        }
        var ownerStewards: [String: (token: String, browser: WebBrowserSession)] = [:]
        let owners = ["/cases": caseOwner, "/programme/tasks": taskOwner, "/access-requests": "stp", "/sharing/requests": "stp"]
        for owner in Set(owners.values) where owner != "catp" {
            let browser = WebBrowserSession(client)
            try await browser.signIn("steward.\(owner)", password: TestServer.password)
            ownerStewards[owner] = (try await client.signIn("steward.\(owner)"), browser)
        }
        return MatrixFixture(
            client: client, tokens: tokens, browsers: browsers, values: values, owners: owners, ownerStewards: ownerStewards)
    }
}

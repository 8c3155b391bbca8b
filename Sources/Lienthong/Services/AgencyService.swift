import Foundation

/// A REST service an agency runs and offers through the gateway, X-Road style: the platform does not copy its
/// data; consumer systems call it at `/gateway/v1/services/{agency}/{code}/{path}` under a grant that names the
/// endpoints they may call.
public struct AgencyService: Sendable, Hashable, Codable {
    public var id: UUID
    public var agencyCode: String
    /// Lowercase ASCII, digits and `-`, unique within the agency.
    public var code: String
    public var nameVi: String
    public var nameEn: String
    public var descriptionVi: String
    /// Where the service runs (`https://his.syt.hanoi.gov.vn/api`); the gateway appends the endpoint's path.
    public var baseURL: String
    /// The service's OpenAPI document as its agency gave it (JSON text; empty when none was given).
    public var openAPI: String
    /// What may be called: each a method and a path template (`GET /facilities/{id}`).
    public var endpoints: [ServiceEndpoint]
    public var sharingLevel: SharingLevel
    /// The longest the gateway waits for the service's answer to begin, in milliseconds.
    public var timeoutMilliseconds: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The last health check's result.
    public var health: ServiceHealth?

    public init(
        id: UUID = UUID(), agencyCode: String, code: String, nameVi: String, nameEn: String, descriptionVi: String = "", baseURL: String,
        openAPI: String = "", endpoints: [ServiceEndpoint], sharingLevel: SharingLevel = .shared, timeoutMilliseconds: Int = 10_000,
        createdAt: Date = Date(), updatedAt: Date = Date(), health: ServiceHealth? = nil
    ) {
        self.id = id
        self.agencyCode = agencyCode
        self.code = code
        self.nameVi = nameVi
        self.nameEn = nameEn
        self.descriptionVi = descriptionVi
        self.baseURL = baseURL
        self.openAPI = openAPI
        self.endpoints = endpoints
        self.sharingLevel = sharingLevel
        self.timeoutMilliseconds = timeoutMilliseconds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.health = health
    }

    /// `agency/code`: how requests and grants name the service.
    public var key: String { "\(agencyCode)/\(code)" }

    /// The endpoint that `method` and `path` (below the base URL) call, if the service offers one.
    public func endpoint(method: String, path: String) -> ServiceEndpoint? {
        endpoints.first { $0.matches(method: method, path: path) }
    }

    /// The service made whole and checked: names trimmed and NFC, a code, an absolute http(s) base URL without
    /// query or fragment on a host that `hosts` permits, endpoints from the OpenAPI document when none are listed,
    /// a sane timeout.
    public func checked(hosts: ServiceHosts) throws(ServiceError) -> AgencyService {
        var service = self
        service.nameVi = nameVi.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        service.nameEn = nameEn.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        service.descriptionVi = descriptionVi.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        service.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var invalid: [String] = []
        if !Identifiers.isValidCode(code) { invalid.append("code") }
        if service.nameVi.isEmpty || service.nameVi.count > 200 { invalid.append("nameVi") }
        if service.nameEn.isEmpty || service.nameEn.count > 200 { invalid.append("nameEn") }
        if !Self.isServiceURL(service.baseURL) { invalid.append("baseUrl") }
        if !(100...120_000).contains(timeoutMilliseconds) { invalid.append("timeoutMs") }
        if service.endpoints.isEmpty, !openAPI.isEmpty {
            guard let found = ServiceEndpoint.fromOpenAPI(openAPI) else { throw .invalidFields(invalid + ["openApi"]) }
            service.endpoints = found
        }
        if service.endpoints.isEmpty || service.endpoints.count > 500 || !service.endpoints.allSatisfy(\.isValid) {
            invalid.append("endpoints")
        }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        if !hosts.permits(service.baseURL) { throw .hostRefused(ServiceHosts.host(of: service.baseURL)) }
        service.endpoints = Array(Set(service.endpoints)).sorted { $0.key < $1.key }
        return service
    }

    static func isServiceURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else { return false }
        return true
    }
}

/// One operation a service offers: a method and a path template whose `{name}` segments match any one segment.
public struct ServiceEndpoint: Sendable, Hashable, Codable {
    public var method: String
    public var path: String

    public init(method: String, path: String) {
        self.method = method.uppercased()
        self.path = path
    }

    /// `GET /facilities/{id}`, as grants list endpoints.
    public var key: String { "\(method) \(path)" }

    /// Reads `GET /facilities/{id}`.
    public init?(key: String) {
        let parts = key.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        self.init(method: String(parts[0]), path: String(parts[1]).trimmingCharacters(in: .whitespaces))
        guard isValid else { return nil }
    }

    public static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE"]

    var isValid: Bool {
        Self.methods.contains(method) && path.hasPrefix("/") && path.count <= 500 && !path.contains("..") && !path.contains("?")
            && !path.contains("#")
    }

    /// Whether a call of `method` on `path` (below the base URL, without the query) is this endpoint.
    public func matches(method: String, path: String) -> Bool {
        guard method.uppercased() == self.method else { return false }
        let pattern = self.path.split(separator: "/", omittingEmptySubsequences: true)
        let actual = path.split(separator: "/", omittingEmptySubsequences: true)
        guard pattern.count == actual.count else { return false }
        return zip(pattern, actual).allSatisfy { expected, given in
            (expected.hasPrefix("{") && expected.hasSuffix("}") && !given.isEmpty && given != ".." && given != ".") || expected == given
        }
    }

    /// The operations of an OpenAPI document (JSON): every method under every path; nil when it is not one.
    public static func fromOpenAPI(_ text: String) -> [ServiceEndpoint]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let paths = object["paths"] as? [String: Any]
        else { return nil }
        var endpoints: [ServiceEndpoint] = []
        for (path, item) in paths {
            guard let operations = item as? [String: Any] else { continue }
            for method in operations.keys where methods.contains(method.uppercased()) {
                endpoints.append(ServiceEndpoint(method: method, path: path))
            }
        }
        return endpoints.sorted { $0.key < $1.key }
    }
}

/// A service's health as the platform last saw it.
public struct ServiceHealth: Sendable, Hashable, Codable {
    public var checkedAt: Date
    public var isUp: Bool
    /// The HTTP status answered (nil when nothing answered).
    public var status: Int?
    public var milliseconds: Int
    public var message: String

    public init(checkedAt: Date, isUp: Bool, status: Int?, milliseconds: Int, message: String) {
        self.checkedAt = checkedAt
        self.isUp = isUp
        self.status = status
        self.milliseconds = milliseconds
        self.message = message
    }
}

/// Why a service operation was refused.
public struct ServiceError: Error, Sendable, Equatable {
    private enum Base: Equatable, Sendable {
        case unknownService(String)
        case invalidFields([String])
        case hostRefused(String)
    }

    private let base: Base

    public static func unknownService(_ key: String) -> Self { .init(base: .unknownService(key)) }
    public static func invalidFields(_ fields: [String]) -> Self { .init(base: .invalidFields(fields)) }
    /// The base URL's host is one the gateway must not call (see `ServiceHosts`).
    public static func hostRefused(_ host: String) -> Self { .init(base: .hostRefused(host)) }

    public var code: String {
        switch base {
        case .unknownService: "unknown-service"
        case .invalidFields: "validation"
        case .hostRefused: "service-host-refused"
        }
    }

    public var isNotFound: Bool { if case .unknownService = base { true } else { false } }

    public var fields: [String] {
        switch base {
        case .invalidFields(let fields): fields
        case .hostRefused: ["baseUrl"]
        case .unknownService: []
        }
    }

    public var isHostRefused: Bool { if case .hostRefused = base { true } else { false } }

    public var message: LocalizedText {
        switch base {
        case .unknownService(let key): Messages.unknownService.format(key)
        case .invalidFields: Messages.validationFailed
        case .hostRefused(let host): Messages.serviceHostRefused.format(host)
        }
    }
}

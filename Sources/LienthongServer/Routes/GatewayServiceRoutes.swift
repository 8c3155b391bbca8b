import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore
import NIOCore
import NIOHTTP1

/// The gateway in front of agency services, X-Road style: `/gateway/v1/services/{agency}/{service}/{path}` calls
/// the service's base URL + path for a consumer system whose grant names that endpoint and purpose. Bodies stream
/// both ways; hop-by-hop and credential headers never cross; the purpose, the consumer and the request id go
/// upstream; a redirect is never followed to another host; a dead or slow service answers 502 or 504 within
/// the service's timeout; every call is in the audit log before its answer goes back.
struct GatewayServiceRoutes {
    let services: AppServices
    let client: HTTPClient

    static let path = "/gateway/v1/services/{agency}/{service}/{path}"

    /// Headers that belong to one connection or to the caller's credentials, dropped in both directions.
    static let dropped: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding",
        "upgrade", "host", "authorization", "cookie", "set-cookie", "x-ckan-api-key", "content-length", "lienthong-purpose",
        "lienthong-consumer", "x-request-id", "forwarded", "x-forwarded-for",
    ]

    func register(on routes: RouteRegistrar) {
        let store = ServiceStore(database: services.database)
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            routes.add(method, Self.path) { request, context in
                try await call(request, context, store: store)
            }
        }
    }

    private func call(_ request: Request, _ context: AppRequestContext, store: ServiceStore) async throws -> Response {
        let caller = try GatewayRoutes.caller(context, services: services)
        let agency = try context.parameters.require("agency")
        let code = try context.parameters.require("service")
        guard let service = try await store.service(agencyCode: agency, code: code) else { throw ServiceError.unknownService("\(agency)/\(code)") }
        let rest = "/" + context.parameters.getCatchAll().joined(separator: "/")
        let method = request.method.rawValue
        let resource = "service:\(service.key)"
        // A service registered before the operator listed the allowed hosts is not called either.
        guard services.configuration.serviceHosts.permits(service.baseURL) else {
            try await services.audit.record(context, "service.call", resource: resource, outcome: .denied, datasetCode: service.key)
            let refused = ServiceError.hostRefused(ServiceHosts.host(of: service.baseURL))
            throw Problem(.forbidden, type: refused.code, title: refused.message)
        }
        guard let endpoint = service.endpoint(method: method, path: rest) else {
            throw Problem(.notFound, type: "endpoint-not-offered", title: Messages.endpointNotOffered.format("\(method) \(rest)"))
        }
        let purpose = request.headers[.purpose]?.trimmingCharacters(in: .whitespaces).lowercased()
        var grant: Grant?
        if service.sharingLevel != .open, service.agencyCode != caller.agencyCode {
            guard let purpose, !purpose.isEmpty else {
                try await services.audit.record(context, "service.call", resource: resource, outcome: .denied, datasetCode: service.key)
                throw Problem(.badRequest, type: "purpose-missing", title: Messages.purposeMissing)
            }
            let sharing = SharingStore(database: services.database)
            let live = try await services.grants.value(for: caller.agencyCode + "\u{1F}" + service.key) {
                try await sharing.liveGrants(consumer: caller.agencyCode, dataset: service.key)
            }
            let now = Date()
            grant = live.first {
                $0.isActive(at: now) && $0.covers(client: caller.id) && $0.purposes.contains(purpose) && $0.fields.contains(endpoint.key)
            }
            guard grant != nil else {
                try await services.audit.record(
                    context, "service.call", resource: "\(resource) \(endpoint.key)", outcome: .denied, datasetCode: service.key, purpose: purpose)
                throw Problem(.forbidden, type: "endpoint-not-granted", title: Messages.endpointNotGranted.format("\(endpoint.key) (\(purpose))"))
            }
        }
        var upstream = HTTPClientRequest(url: service.baseURL + rest + (request.uri.query.map { "?" + $0 } ?? ""))
        upstream.method = HTTPMethod(rawValue: method)
        for field in request.headers where !Self.dropped.contains(field.name.canonicalName) {
            upstream.headers.add(name: field.name.rawName, value: field.value)
        }
        if let purpose { upstream.headers.replaceOrAdd(name: "Lienthong-Purpose", value: purpose) }
        upstream.headers.replaceOrAdd(name: "Lienthong-Consumer", value: caller.agencyCode)
        upstream.headers.replaceOrAdd(name: "X-Request-Id", value: context.requestID)
        if request.method != .get, request.method != .delete || request.headers[.contentLength] != nil {
            let length = request.headers[.contentLength].flatMap(Int64.init)
            let limit = services.configuration.maxServiceBodyBytes
            if let length, length > limit { throw LimitedBody<RequestBody>.tooLarge(limit) }
            upstream.body = .stream(LimitedBody(base: request.body, limit: limit), length: length.map { .known($0) } ?? .unknown)
        }
        let answer: HTTPClientResponse
        do {
            answer = try await client.execute(upstream, timeout: .milliseconds(Int64(service.timeoutMilliseconds)))
        } catch let problem as Problem {
            throw problem
        } catch {
            let timedOut = (error as? HTTPClientError) == .deadlineExceeded || (error as? HTTPClientError) == .readTimeout
            try await services.audit.record(
                context, "service.call", resource: "\(resource) \(endpoint.key)", outcome: .failed, datasetCode: service.key, purpose: purpose)
            if timedOut {
                throw Problem(.gatewayTimeout, type: "upstream-timeout", title: Messages.upstreamTimeout.format(String(service.timeoutMilliseconds)))
            }
            throw Problem(.badGateway, type: "upstream-unavailable", title: Messages.upstreamUnavailable.format(String(describing: type(of: error))))
        }
        var headers = HTTPFields()
        for (name, value) in answer.headers where !Self.dropped.contains(name.lowercased()) {
            if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
        }
        if (300..<400).contains(Int(answer.status.code)), let location = answer.headers.first(name: "Location") {
            guard let local = Self.gatewayLocation(location, service: service) else {
                try await services.audit.record(
                    context, "service.call", resource: "\(resource) \(endpoint.key)", outcome: .failed, datasetCode: service.key, purpose: purpose)
                throw Problem(.badGateway, type: "upstream-redirect", title: Messages.upstreamRedirect)
            }
            headers[.location] = local
        }
        try await services.audit.record(
            context, "service.call", resource: "\(resource) \(endpoint.key)", outcome: answer.status.code < 500 ? .success : .failed,
            datasetCode: service.key, purpose: purpose)
        headers[.sourceAgency] = service.agencyCode
        if let grant { headers[.grant] = grant.id.lowercasedString }
        return Response(
            status: HTTPResponse.Status(code: Int(answer.status.code), reasonPhrase: answer.status.reasonPhrase), headers: headers,
            body: ResponseBody(asyncSequence: answer.body))
    }

    /// A redirect within the service, rewritten to the gateway's address for it; nil for one that leaves it.
    static func gatewayLocation(_ location: String, service: AgencyService) -> String? {
        let gateway = "/gateway/v1/services/\(service.key)"
        if location.hasPrefix(service.baseURL + "/") || location == service.baseURL {
            return gateway + location.dropFirst(service.baseURL.count)
        }
        guard location.hasPrefix("/"), !location.hasPrefix("//"), let base = URL(string: service.baseURL) else { return nil }
        let basePath = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        guard location.hasPrefix(basePath + "/") else { return nil }
        return gateway + location.dropFirst(basePath.count)
    }
}

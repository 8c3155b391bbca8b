import Hummingbird
import Lienthong
import Logging

/// Measures and logs every request: one log line and one metrics sample each.
///
/// The log line holds the method, the route pattern, the status and the time, never the query string, a
/// body or a header value (they may carry keys, passwords or citizen IDs).
struct ObservationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let metrics: HTTPMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let seconds = (ContinuousClock.now - start).timeInterval
        let route = context.endpointPath.map { Self.openAPIPattern($0) } ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code), seconds: seconds)
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route),
                "status": .stringConvertible(response.status.code),
                "duration_ms": .stringConvertible((seconds * 1000).rounded()),
                "client": .string(context.clientAddress ?? "-"),
            ])
        return response
    }

    /// Hummingbird writes captures as `:name` or `{name}`; metrics and logs use the OpenAPI form `{name}`.
    static func openAPIPattern(_ path: String) -> String {
        // Most routes have no `:name` capture: nothing to rewrite, found without splitting the path.
        guard path.utf8.contains(UInt8(ascii: ":")) else { return path }
        return path.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }
}

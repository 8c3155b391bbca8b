import AsyncHTTPClient
import Foundation
import Lienthong
import LienthongStore
import Logging
import NIOCore
import NIOHTTP1

/// Asks every registered service whether it answers (a `PeriodicJob`, once a minute), and records the result: up
/// when its base URL answers with any status below 500 within five seconds.
struct ServiceHealthMonitor {
    let store: ServiceStore
    let client: HTTPClient

    /// Checks every service once (also called by tests and the first page view after start).
    func checkAll() async {
        guard let services = try? await store.services() else { return }
        for service in services {
            let health = await Self.check(service, client: client)
            try? await store.recordHealth(health, of: service.id)
        }
    }

    static func check(_ service: AgencyService, client: HTTPClient) async -> ServiceHealth {
        let start = ContinuousClock.now
        var request = HTTPClientRequest(url: service.baseURL + "/")
        request.method = .GET
        func elapsed() -> Int {
            let duration = ContinuousClock.now - start
            return Int(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)
        }
        do {
            let response = try await client.execute(request, timeout: .seconds(5))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            let status = Int(response.status.code)
            return ServiceHealth(checkedAt: Date(), isUp: status < 500, status: status, milliseconds: elapsed(), message: "HTTP \(status)")
        } catch {
            return ServiceHealth(checkedAt: Date(), isUp: false, status: nil, milliseconds: elapsed(), message: "\(type(of: error))")
        }
    }
}

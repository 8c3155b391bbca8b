import Foundation
import Logging
import ServiceLifecycle

/// Runs the sharing workflow's deadlines on every node: escalates unanswered requests on the first working day
/// after their deadline and reminds of grants about to end. The store's conditional updates make it safe for
/// several nodes to run at once: a request escalates once, a grant is reminded of once.
struct SharingDeadlines: Service {
    let desk: SharingDesk
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            // The first run waits one interval: migrations run as the server starts, not before this service.
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await runOnce()
            }
        }
    }

    private func runOnce() async {
        do {
            let result = try await desk.runDeadlines()
            if !result.escalated.isEmpty || !result.reminded.isEmpty {
                logger.info("sharing deadlines", metadata: ["escalated": "\(result.escalated.count)", "reminded": "\(result.reminded.count)"])
            }
        } catch {
            logger.warning("sharing deadlines failed", metadata: ["error.type": "\(type(of: error))"])
        }
    }
}

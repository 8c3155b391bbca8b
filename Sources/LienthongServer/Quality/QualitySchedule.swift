import Foundation
import LienthongStore
import Logging
import ServiceLifecycle

/// Checks every dataset's quality again on a schedule (`LIENTHONG_QUALITY_HOURS`): a dataset nobody loads grows
/// stale, and its "live" score must say so. Several nodes may each run it; a run is only an extra point of history.
struct QualitySchedule: Service {
    let runner: QualityRunner
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    let count = try await runner.runAll()
                    logger.info("quality runs", metadata: ["datasets": "\(count)"])
                } catch {
                    logger.warning("quality runs failed", metadata: ["error.type": "\(type(of: error))"])
                }
            }
        }
    }
}

import Foundation
import LienthongStore
import Logging

/// Checks every dataset's quality again (a `PeriodicJob`, every `LIENTHONG_QUALITY_HOURS`): a dataset nobody loads
/// grows stale, and its "live" score must say so. One node runs it per interval (`JobLeases`).
struct QualitySchedule {
    let runner: QualityRunner
    let logger: Logger

    func runOnce() async {
        do {
            let count = try await runner.runAll()
            logger.info("quality runs", metadata: ["datasets": "\(count)"])
        } catch {
            logger.warning("quality runs failed", metadata: ["error.type": "\(type(of: error))"])
        }
    }
}

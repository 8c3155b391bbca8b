import Foundation
import Logging

/// The sharing workflow's deadlines (a `PeriodicJob`, one node per interval): escalates unanswered requests on the
/// first working day after their deadline and reminds of grants about to end. The store's conditional updates keep
/// it safe even when run twice (`lienthong sharing escalate` beside a node): a request escalates once, a grant is
/// reminded of once.
struct SharingDeadlines {
    let desk: SharingDesk
    let logger: Logger

    func runOnce() async {
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

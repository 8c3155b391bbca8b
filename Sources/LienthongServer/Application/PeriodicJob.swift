import Foundation
import Lienthong
import LienthongStore
import Logging
import ServiceLifecycle

/// Work done once every `interval` across all nodes until the server shuts down: escalating overdue requests,
/// checking agency services' health, re-checking datasets' quality, the hourly clean-up. Every node polls; the node
/// that claims the run through `JobLeases` does the work, the others skip it. The first run is one interval after
/// the job's lease is made, because migrations run as the server starts, not before its services. The node holds the
/// lease while it works, so a run that outlasts its interval is not overlapped by the next.
struct PeriodicJob: Service {
    /// The job's name in `job_leases`.
    let name: String
    let interval: Duration
    let leases: JobLeases
    /// This node's name, kept as the holder of the runs it claims.
    let node: String
    let logger: Logger
    let work: @Sendable () async -> Void

    func run() async throws {
        let poll = min(interval, .seconds(10))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: poll)
                do {
                    guard try await leases.claim(name, node: node, every: interval.timeInterval) else { continue }
                } catch {
                    logger.warning("could not claim a background job", metadata: ["job": "\(name)", "error.type": "\(type(of: error))"])
                    continue
                }
                await runHeld()
            }
        }
    }

    /// Does the work while holding the job's lease (renewed every third of an interval, so that no other node starts the
    /// next run while this one goes on), then lets go of it.
    private func runHeld() async {
        let seconds = interval.timeInterval
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [leases, name, node, logger, interval] in
                while (try? await Task.sleep(for: interval / 3)) != nil {
                    do {
                        try await leases.renew(name, node: node, every: seconds)
                    } catch {
                        logger.warning("could not renew a background job's lease", metadata: ["job": "\(name)", "error.type": "\(type(of: error))"])
                    }
                }
            }
            await work()
            group.cancelAll()
        }
        do {
            // In a task of its own: on a graceful shutdown this one is cancelled, and PostgreSQL's pool refuses a
            // cancelled task a connection, which would leave the hold to lapse instead of letting go of it.
            try await Task { [leases, name, node] in try await leases.finish(name, node: node, every: seconds) }.value
        } catch {
            logger.warning("could not end a background job's run", metadata: ["job": "\(name)", "error.type": "\(type(of: error))"])
        }
    }
}

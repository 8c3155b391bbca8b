import ServiceLifecycle

/// Work every node does every `interval` until the server shuts down: escalating overdue requests, checking agency
/// services' health, re-checking datasets' quality. The first run waits one interval, because migrations run as
/// the server starts, not before its services. The work must be safe to run on several nodes at once.
struct PeriodicJob: Service {
    let interval: Duration
    let work: @Sendable () async -> Void

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await work()
            }
        }
    }
}

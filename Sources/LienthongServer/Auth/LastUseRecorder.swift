import Foundation
import LienthongStore
import Logging
import ServiceLifecycle
import Synchronization

/// Remembers when each API key was last used and writes all of them in one transaction every few
/// seconds, so that authentication never costs a write per request.
final class LastUseRecorder: Service, Sendable {
    private let pending = Mutex<[UUID: Date]>([:])
    /// The addresses each key was used from since the last flush, with the last time.
    private let addresses = Mutex<[UUID: [String: Date]]>([:])
    private let directory: DirectoryStore
    private let interval: Duration
    private let logger: Logger

    init(directory: DirectoryStore, interval: Duration, logger: Logger) {
        self.directory = directory
        self.interval = interval
        self.logger = logger
    }

    func record(_ clientID: UUID, from address: String? = nil, at date: Date = Date()) {
        pending.withLock { $0[clientID] = date }
        if let address { addresses.withLock { $0[clientID, default: [:]][address] = date } }
    }

    /// Writes what is pending now, giving up after `timeout` (a database that has gone away must not keep
    /// a node from shutting down).
    func flush(timeout: Duration = .seconds(5)) async {
        let uses = pending.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        let seen = addresses.withLock { addresses in
            defer { addresses.removeAll() }
            return addresses
        }
        guard !uses.isEmpty else { return }
        let directory = self.directory
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await directory.recordLastUse(uses)
                    try await directory.recordAddresses(seen)
                }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw CancellationError()
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            logger.warning("could not record API key use", metadata: ["error.type": "\(type(of: error))"])
        }
    }

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.interval)
                await self.flush()
            }
        }
        await flush()
    }
}

import Foundation
import Synchronization

/// Slows password guessing: after `maximumFailures` wrong sign-ins from one address within `window`,
/// that address must wait until the window has passed since its first failure.
final class LoginThrottle: Sendable {
    private struct Record {
        var failures: Int
        var firstFailure: Date
    }

    private let records = Mutex<[String: Record]>([:])
    let maximumFailures: Int
    let window: TimeInterval

    init(maximumFailures: Int = 10, window: TimeInterval = 15 * 60) {
        self.maximumFailures = maximumFailures
        self.window = window
    }

    /// Seconds to wait before trying again, or nil when the address may try now.
    func retryAfter(address: String, now: Date = Date()) -> Int? {
        records.withLock { records in
            guard let record = records[address] else { return nil }
            let elapsed = now.timeIntervalSince(record.firstFailure)
            if elapsed >= window {
                records[address] = nil
                return nil
            }
            return record.failures >= maximumFailures ? Int((window - elapsed).rounded(.up)) : nil
        }
    }

    func recordFailure(address: String, now: Date = Date()) {
        records.withLock { records in
            if records.count > 100_000 { records.removeAll() }
            var record = records[address] ?? Record(failures: 0, firstFailure: now)
            record.failures += 1
            records[address] = record
        }
    }

    func recordSuccess(address: String) {
        records.withLock { $0[address] = nil }
    }
}

import Foundation
import Synchronization

/// Slows password guessing: after `maximumFailures` wrong sign-ins from one address within `window`,
/// that address must wait until the window has passed since its first failure. Addresses are what
/// `CallerNetwork.text` makes of them (an IPv6 /64 is one).
///
/// The records are bounded: past `capacity` addresses, the ones whose window has passed go first, then the ones not
/// held back; the addresses held back are kept (up to ten times `capacity`), so that failing from many addresses
/// cannot set a held-back one free.
final class LoginThrottle: Sendable {
    private struct Record {
        var failures: Int
        var firstFailure: Date
    }

    private let records = Mutex<[String: Record]>([:])
    let maximumFailures: Int
    let window: TimeInterval

    let capacity: Int

    init(maximumFailures: Int = 10, window: TimeInterval = 15 * 60, capacity: Int = 100_000) {
        self.maximumFailures = maximumFailures
        self.window = window
        self.capacity = capacity
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
            if records.count >= capacity, records[address] == nil {
                records = records.filter { now.timeIntervalSince($0.value.firstFailure) < window }
                if records.count >= capacity { records = records.filter { $0.value.failures >= maximumFailures } }
                if records.count >= capacity * 10 { records.removeAll() }
            }
            var record = records[address] ?? Record(failures: 0, firstFailure: now)
            record.failures += 1
            records[address] = record
        }
    }

    func recordSuccess(address: String) {
        records.withLock { $0[address] = nil }
    }
}

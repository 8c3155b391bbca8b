/// A counting semaphore for tasks: `wait()` suspends until a permit is free, without blocking a thread.
actor AsyncSemaphore {
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) {
        self.permits = permits
    }

    func wait() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func signal() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}

extension AsyncSemaphore {
    /// Runs `body` holding a permit, and gives the permit back however `body` ends.
    nonisolated func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await wait()
        do {
            let result = try await body()
            await signal()
            return result
        } catch {
            await signal()
            throw error
        }
    }
}

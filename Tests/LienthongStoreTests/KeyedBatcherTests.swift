import Synchronization
import Testing

@testable import LienthongStore

@Suite("Reads by key gathered into one query")
struct KeyedBatcherTests {
    /// The fetches a test's batcher ran: the keys each was asked for, in order.
    final class Fetches: Sendable {
        private let asked = Mutex<[[String]]>([])
        var all: [[String]] { asked.withLock { $0 } }

        /// Records a fetch of `keys`; returns its number, from 1.
        func record(_ keys: [String]) -> Int {
            asked.withLock {
                $0.append(keys.sorted())
                return $0.count
            }
        }
    }

    /// Holds the first fetch until the test opens it.
    final class Gate: Sendable {
        private let state = Mutex<(open: Bool, waiting: [CheckedContinuation<Void, Never>])>((false, []))

        func wait() async {
            await withCheckedContinuation { continuation in
                let open = state.withLock { state in
                    if !state.open { state.waiting.append(continuation) }
                    return state.open
                }
                if open { continuation.resume() }
            }
        }

        func open() {
            for continuation in state.withLock({ state in
                state.open = true
                defer { state.waiting = [] }
                return state.waiting
            }) {
                continuation.resume()
            }
        }
    }

    /// Waits (up to a minute, for a loaded machine) until `count` callers wait in `group`.
    static func waitUntil(_ batcher: KeyedBatcher<String, String>, _ group: String, waiting count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while batcher.waiting(in: group) < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(batcher.waiting(in: group)) of \(count) callers came to wait")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }

    @Test("alone, a caller's query runs at once and answers its key, or nil")
    func alone() async throws {
        let batcher = KeyedBatcher<String, String>()
        let fetches = Fetches()
        let fetch: @Sendable ([String]) async throws -> [String: String] = { keys in
            let number = fetches.record(keys)
            return Dictionary(uniqueKeysWithValues: keys.filter { $0 != "missing" }.map { ($0, "\($0) from \(number)") })
        }
        #expect(try await batcher.value(for: "a", in: "t", fetch: fetch) == "a from 1")
        #expect(try await batcher.value(for: "missing", in: "t", fetch: fetch) == nil)
        #expect(fetches.all == [["a"], ["missing"]])
        #expect(batcher.waiting(in: "t") == 0)
    }

    @Test("callers that arrive during a query go together in the next, never answered by the one begun before them")
    func gathered() async throws {
        let batcher = KeyedBatcher<String, String>()
        let fetches = Fetches()
        let gate = Gate()
        let fetch: @Sendable ([String]) async throws -> [String: String] = { keys in
            let number = fetches.record(keys)
            if number == 1 { await gate.wait() }
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, "\($0) from \(number)") })
        }
        async let first = batcher.value(for: "k0", in: "t", fetch: fetch)
        try await Self.waitUntilFetching(fetches)
        // Twenty callers, five of them for the key the running query reads: they must not take its answer.
        let keys = (1...15).map { "k\($0)" } + Array(repeating: "k0", count: 5)
        let answers = Task {
            try await withThrowingTaskGroup(of: (String, String?).self) { group in
                for key in keys { group.addTask { (key, try await batcher.value(for: key, in: "t", fetch: fetch)) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }
        try await Self.waitUntil(batcher, "t", waiting: keys.count)
        gate.open()
        #expect(try await first == "k0 from 1")
        let answered = try await answers.value
        #expect(answered.count == keys.count)
        for (key, value) in answered { #expect(value == "\(key) from 2") }
        #expect(fetches.all == [["k0"], Set(keys).sorted()], "one query for the twenty, each key asked once")
        #expect(batcher.waiting(in: "t") == 0)
    }

    @Test("a query asks for at most maximumBatch keys; the rest wait for the next")
    func bounded() async throws {
        let batcher = KeyedBatcher<String, String>(maximumBatch: 4)
        let fetches = Fetches()
        let gate = Gate()
        let fetch: @Sendable ([String]) async throws -> [String: String] = { keys in
            if fetches.record(keys) == 1 { await gate.wait() }
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, $0.uppercased()) })
        }
        async let first = batcher.value(for: "a", in: "t", fetch: fetch)
        try await Self.waitUntilFetching(fetches)
        let keys = (0..<10).map { "k\($0)" }
        let answers = Task {
            try await withThrowingTaskGroup(of: Bool.self) { group in
                for key in keys { group.addTask { try await batcher.value(for: key, in: "t", fetch: fetch) == key.uppercased() } }
                return try await group.reduce(true) { $0 && $1 }
            }
        }
        try await Self.waitUntil(batcher, "t", waiting: keys.count)
        gate.open()
        #expect(try await first == "A")
        #expect(try await answers.value, "every caller has its own value")
        #expect(fetches.all.map(\.count) == [1, 4, 4, 2])
    }

    @Test("a failed query fails the callers gathered into it and no others")
    func failure() async throws {
        struct Refused: Error {}
        let batcher = KeyedBatcher<String, String>()
        let fetches = Fetches()
        let gate = Gate()
        let fetch: @Sendable ([String]) async throws -> [String: String] = { keys in
            guard fetches.record(keys) > 1 else {
                await gate.wait()
                throw Refused()
            }
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, "ok") })
        }
        let first = Task { try await batcher.value(for: "a", in: "t", fetch: fetch) }
        try await Self.waitUntilFetching(fetches)
        let later = Task { try await batcher.value(for: "b", in: "t", fetch: fetch) }
        try await Self.waitUntil(batcher, "t", waiting: 1)
        gate.open()
        await #expect(throws: Refused.self) { try await first.value }
        #expect(try await later.value == "ok")
    }

    @Test("a query's failure fails the callers gathered into it; callers who came after it are answered")
    func gatheredFailure() async throws {
        struct Refused: Error {}
        let batcher = KeyedBatcher<String, String>()
        let fetches = Fetches()
        let (first, second) = (Gate(), Gate())
        let fetch: @Sendable ([String]) async throws -> [String: String] = { keys in
            switch fetches.record(keys) {
            case 1:
                await first.wait()
            case 2:
                await second.wait()
                throw Refused()
            default: break
            }
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, "ok") })
        }
        let leader = Task { try await batcher.value(for: "a", in: "t", fetch: fetch) }
        try await Self.waitUntilFetching(fetches)
        let gathered = ["b", "c"].map { key in Task { try await batcher.value(for: key, in: "t", fetch: fetch) } }
        try await Self.waitUntil(batcher, "t", waiting: 2)
        first.open()
        #expect(try await leader.value == "ok")
        try await Self.waitUntilFetching(fetches, count: 2)
        let later = Task { try await batcher.value(for: "d", in: "t", fetch: fetch) }
        try await Self.waitUntil(batcher, "t", waiting: 1)
        second.open()
        for task in gathered { await #expect(throws: Refused.self) { try await task.value } }
        #expect(try await later.value == "ok")
        #expect(fetches.all == [["a"], ["b", "c"], ["d"]])
    }

    @Test("a caller cancelled while it waited still runs the next query for the others, uncancelled")
    func cancelledLeader() async throws {
        let batcher = KeyedBatcher<String, String>()
        let fetches = Fetches()
        let gate = Gate()
        let fetch: @Sendable ([String]) async throws -> [String: String] = { keys in
            if fetches.record(keys) == 1 { await gate.wait() }
            // As PostgreSQL's pool does for a cancelled task asking for a connection.
            try Task.checkCancellation()
            return Dictionary(uniqueKeysWithValues: keys.map { ($0, "ok") })
        }
        let first = Task { try await batcher.value(for: "a", in: "t", fetch: fetch) }
        try await Self.waitUntilFetching(fetches)
        let cancelled = Task { try await batcher.value(for: "b", in: "t", fetch: fetch) }
        try await Self.waitUntil(batcher, "t", waiting: 1)
        let other = Task { try await batcher.value(for: "c", in: "t", fetch: fetch) }
        try await Self.waitUntil(batcher, "t", waiting: 2)
        cancelled.cancel()
        gate.open()
        #expect(try await first.value == "ok")
        #expect(try await cancelled.value == "ok", "the waiter that leads the next query was cancelled, not the query")
        #expect(try await other.value == "ok")
    }

    @Test("groups do not wait for each other")
    func groupsApart() async throws {
        let batcher = KeyedBatcher<String, String>()
        let fetches = Fetches()
        let gate = Gate()
        async let held = batcher.value(for: "a", in: "held") { keys in
            _ = fetches.record(keys)
            await gate.wait()
            return ["a": "held"]
        }
        try await Self.waitUntilFetching(fetches)
        #expect(try await batcher.value(for: "a", in: "free") { _ in ["a": "free"] } == "free")
        gate.open()
        #expect(try await held == "held")
    }

    /// Waits (up to a minute) until `count` fetches have begun.
    static func waitUntilFetching(_ fetches: Fetches, count: Int = 1) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while fetches.all.count < count {
            guard ContinuousClock.now < deadline else {
                Issue.record("only \(fetches.all.count) of \(count) fetches began")
                return
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

import Foundation
import LienthongStore
import LienthongTestSupport
import Logging
import Testing

@Suite("Background job leases")
struct JobLeaseTests {
    @Test("a job's first run waits one interval, then runs once per interval", arguments: TestDatabase.available)
    func oncePerInterval(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let leases = JobLeases(database: database)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            #expect(try await leases.claim("quality.schedule", node: "a", every: 60, now: start) == false)
            #expect(try await leases.claim("quality.schedule", node: "b", every: 60, now: start.addingTimeInterval(59)) == false)
            #expect(try await leases.claim("quality.schedule", node: "b", every: 60, now: start.addingTimeInterval(60)) == true)
            #expect(try await leases.claim("quality.schedule", node: "a", every: 60, now: start.addingTimeInterval(61)) == false)
            #expect(try await leases.claim("quality.schedule", node: "a", every: 60, now: start.addingTimeInterval(120)) == true)
            let lease = try #require(try await leases.all().first)
            #expect(lease.job == "quality.schedule")
            #expect(lease.holder == "a")
            #expect(lease.runs == 2)
            #expect(lease.dueAt == start.addingTimeInterval(180))
            // Restarted with a shorter interval: the run due in a minute is due now, then every ten seconds.
            #expect(try await leases.claim("quality.schedule", node: "a", every: 10, now: start.addingTimeInterval(125)) == true)
            #expect(try await leases.claim("quality.schedule", node: "b", every: 10, now: start.addingTimeInterval(130)) == false)
        }
    }

    @Test("a run holds its job until it ends, however long; a node that dies in a run lets go one interval later", arguments: TestDatabase.available)
    func heldWhileRunning(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let leases = JobLeases(database: database)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            func at(_ seconds: TimeInterval) -> Date { start.addingTimeInterval(seconds) }
            #expect(try await leases.claim("j", node: "a", every: 60, now: start) == false)
            #expect(try await leases.claim("j", node: "a", every: 60, now: at(60)) == true)
            #expect(try await leases.all().first?.runningUntil == at(120))
            // a's run goes on past its interval and renews its hold: b, due at 120, must wait for it.
            try await leases.renew("j", node: "a", every: 60, now: at(100))
            #expect(try await leases.claim("j", node: "b", every: 60, now: at(125)) == false)
            // A renewal or an end from a node that does not hold the job changes nothing.
            try await leases.renew("j", node: "b", every: 60, now: at(126))
            try await leases.finish("j", node: "b", every: 60, now: at(126))
            #expect(try await leases.all().first?.runningUntil == at(160))
            // a's run ends at 130, past its due time: the next run is due one interval after it ended, not at once.
            try await leases.finish("j", node: "a", every: 60, now: at(130))
            #expect(try await leases.all().first.map { [$0.dueAt, $0.runningUntil] } == [at(190), nil])
            #expect(try await leases.claim("j", node: "b", every: 60, now: at(135)) == false)
            #expect(try await leases.claim("j", node: "b", every: 60, now: at(190)) == true)
            // b dies in its run (no renewal, no end): its hold lapses one interval after the claim.
            #expect(try await leases.claim("j", node: "a", every: 60, now: at(249)) == false)
            #expect(try await leases.claim("j", node: "a", every: 60, now: at(250)) == true)
            // A run that ends in time keeps the job's rhythm.
            try await leases.finish("j", node: "a", every: 60, now: at(255))
            #expect(try await leases.all().first.map { [$0.dueAt, $0.runningUntil] } == [at(310), nil])
            #expect(try await leases.all().first?.runs == 3)
        }
    }

    @Test("a node whose call or clock lags another's does not claim the run that one has just claimed", arguments: TestDatabase.available)
    func laggingNode(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let leases = JobLeases(database: database)
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            let made = try await leases.claim("j", node: "a", every: 60, now: start)
            let claimed = try await leases.claim("j", node: "a", every: 60, now: start.addingTimeInterval(60.5))
            // b asked at 60.0 but got the lock after a: the run a claimed is due at 120.5, just over one interval from b's
            // "now"; that is a run just claimed, not one set with a longer interval.
            let lagging = try await leases.claim("j", node: "b", every: 60, now: start.addingTimeInterval(60))
            #expect(!made && claimed && !lagging)
            #expect(try await leases.all().first?.runs == 1)
        }
    }

    @Test("nodes claiming at once: exactly one runs each due run", arguments: TestDatabase.shareable)
    func concurrentNodes(kind: TestDatabase) async throws {
        let place = try await kind.makeLocation()
        defer { Task { await place.cleanup() } }
        let logger = Logger(label: "test")
        /// One claim from a node of its own (its own connections), as a separate server would make it.
        @Sendable func claim(_ node: String, at now: Date) async throws -> Bool {
            let database = try await Database.open(place.location, logger: logger)
            return try await database.withRunning {
                try await Migrator(database: database).migrate()
                return try await JobLeases(database: database).claim("j", node: node, every: 10, now: now)
            }
        }
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try await claim("n0", at: start) == false)
        for round in 1...5 {
            // Every node claims at the same instant, one interval after the last run.
            let now = start.addingTimeInterval(Double(round) * 10)
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<4 { group.addTask { try await claim("n\(index)", at: now) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1, "round \(round)")
        }
        let check = try await Database.open(place.location, logger: logger)
        let runs = try await check.withRunning { try await JobLeases(database: check).all().first?.runs }
        #expect(runs == 5)
    }
}

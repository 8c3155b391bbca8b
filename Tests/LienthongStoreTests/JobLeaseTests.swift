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

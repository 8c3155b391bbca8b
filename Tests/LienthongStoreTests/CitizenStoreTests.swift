import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Citizen sign-in codes and sessions")
struct CitizenStoreTests {
    static let subject = String(repeating: "ab", count: 32)

    @Test("five wrong codes exhaust a challenge: the sixth try fails even with the right code", arguments: TestDatabase.available)
    func tries(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = CitizenStore(database: database)
            let (id, code) = try await store.challenge(subject: Self.subject)
            let wrong = code == "000000" ? "111111" : "000000"
            for _ in 1...CitizenStore.maximumAttempts {
                #expect(try await store.verify(challenge: id, code: wrong) == nil)
            }
            #expect(try await store.verify(challenge: id, code: code) == nil, "exhausted")
            let (other, otherCode) = try await store.challenge(subject: Self.subject)
            for _ in 1..<CitizenStore.maximumAttempts {
                #expect(try await store.verify(challenge: other, code: wrong) == nil)
            }
            #expect(try await store.verify(challenge: other, code: otherCode)?.subject == Self.subject, "the fifth try may still be right")
            #expect(try await store.verify(challenge: other, code: otherCode) == nil, "used once")
        }
    }

    @Test("one person may start five sign-ins an hour: the sixth is refused until the first leaves the hour", arguments: TestDatabase.available)
    func challengesPerHour(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = CitizenStore(database: database)
            let start = Date()
            for minute in 0..<CitizenStore.maximumChallenges {
                _ = try await store.challenge(subject: Self.subject, at: start.addingTimeInterval(Double(minute) * 60))
            }
            let late = start.addingTimeInterval(10 * 60)
            do {
                _ = try await store.challenge(subject: Self.subject, at: late)
                Issue.record("a sixth sign-in within the hour was started")
            } catch let refused as CitizenStore.TooManyChallenges {
                #expect(refused.retryAfter == 50 * 60, "the first leaves the hour fifty minutes later")
            }
            _ = try await store.challenge(subject: String(repeating: "cd", count: 32), at: late)
            _ = try await store.challenge(subject: Self.subject, at: start.addingTimeInterval(CitizenStore.challengeWindow + 1))
        }
    }

    @Test("one source starts at most twenty unfinished sign-ins an hour, whoever they are for", arguments: TestDatabase.available)
    func challengesPerSource(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = CitizenStore(database: database)
            let (source, otherSource) = (String(repeating: "5a", count: 32), String(repeating: "6b", count: 32))
            let start = Date()
            let person = { (index: Int) in String(format: "%064x", index) }
            for index in 0..<CitizenStore.maximumChallengesPerSource {
                _ = try await store.challenge(subject: person(index), source: source, at: start.addingTimeInterval(Double(index)))
            }
            let late = start.addingTimeInterval(30 * 60)
            do {
                _ = try await store.challenge(subject: person(99), source: source, at: late)
                Issue.record("a twenty-first sign-in from one source within the hour was started")
            } catch let refused as CitizenStore.TooManyChallenges {
                #expect(refused.bySource && refused.retryAfter == 30 * 60, "the first leaves the hour thirty minutes later")
            }
            _ = try await store.challenge(subject: person(99), source: otherSource, at: late)
            _ = try await store.challenge(subject: person(98), at: late)
            // A sign-in finished from the source no longer counts against it.
            let (id, code) = try await store.challenge(subject: person(100), source: otherSource, at: late)
            #expect(try await store.verify(challenge: id, code: code, at: late) != nil)
            for index in 0..<(CitizenStore.maximumChallengesPerSource - 1) {
                _ = try await store.challenge(subject: person(200 + index), source: otherSource, at: late)
            }
        }
    }

    @Test("sign-ins started for one person at once: no more than five go in", arguments: TestDatabase.available)
    func concurrentStarts(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = CitizenStore(database: database)
            let started = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        do {
                            _ = try await store.challenge(subject: Self.subject)
                            return true
                        } catch is CitizenStore.TooManyChallenges {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(started == CitizenStore.maximumChallenges)
        }
    }

    @Test("a sign-in the person finished does not count against them")
    func finishedStarts() async throws {
        try await TestDatabase.sqliteMemory.withDatabase { database in
            let store = CitizenStore(database: database)
            for _ in 0..<(CitizenStore.maximumChallenges + 2) {
                let (id, code) = try await store.challenge(subject: Self.subject)
                #expect(try await store.verify(challenge: id, code: code) != nil)
            }
        }
    }

    @Test("a code lasts five minutes and a session thirty; a signed-out session opens nothing", arguments: TestDatabase.available)
    func lifetimes(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = CitizenStore(database: database)
            let start = Date()
            let late = try await store.challenge(subject: Self.subject, at: start)
            #expect(try await store.verify(challenge: late.id, code: late.code, at: start.addingTimeInterval(CitizenStore.codeLifetime + 1)) == nil)
            let (id, code) = try await store.challenge(subject: Self.subject, at: start)
            let session = try #require(try await store.verify(challenge: id, code: code, at: start.addingTimeInterval(CitizenStore.codeLifetime - 1)))
            #expect(session.token.value.hasPrefix("ltc_"))
            let opened = start.addingTimeInterval(CitizenStore.codeLifetime - 1)
            #expect(
                try await store.subject(token: session.token.value, at: opened.addingTimeInterval(CitizenStore.sessionLifetime - 1)) == Self.subject)
            #expect(try await store.subject(token: session.token.value, at: opened.addingTimeInterval(CitizenStore.sessionLifetime + 1)) == nil)
            #expect(try await store.subject(token: "ltc_" + String(repeating: "A", count: 43), at: opened) == nil)
            try await store.end(token: session.token.value, at: opened.addingTimeInterval(60))
            #expect(try await store.subject(token: session.token.value, at: opened.addingTimeInterval(120)) == nil)
        }
    }
}

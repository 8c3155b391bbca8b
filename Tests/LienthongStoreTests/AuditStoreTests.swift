import Foundation
import Lienthong
import LienthongTestSupport
import Logging
import SQLKit
import Synchronization
import Testing

@testable import LienthongStore

@Suite("Audit log storage")
struct AuditStoreTests {
    static func draft(_ index: Int, agency: String = "syt", subjects: [String] = []) -> AuditDraft {
        AuditDraft(
            actor: AuditActor(kind: .user, id: "admin"), agencyCode: agency, action: index % 2 == 0 ? "apiClient.create" : "user.create",
            resource: "thing:\(index)", subjects: subjects, requestID: "req-\(index)")
    }

    /// A log of `count` entries with a signed tree head over all of them.
    static func filled(_ database: Database, count: Int = 20, key: AuditSigningKey = AuditSigningKey()) async throws -> AuditStore {
        let store = AuditStore(database: database)
        try await store.append((0..<count / 2).map { draft($0) })
        try await store.append((count / 2..<count).map { draft($0) })
        let signer = TreeHeadSigner(store: store, key: key, logger: Logger(label: "test"))
        try await signer.signIfDue(force: true)
        return store
    }

    @Test("appends are numbered without gaps, verify, and cannot be updated or deleted", arguments: TestDatabase.available)
    func appendOnly(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.filled(database)
            let entries = try await store.entries(from: 0, limit: 100)
            #expect(entries.map(\.entry.sequence) == Array(0..<20))
            let report = try await store.verify(trustedKeys: nil)
            #expect(report.failure == nil)
            #expect(report.entries == 20 && report.treeHeadsChecked == 1)
            await #expect(throws: (any Error).self) {
                try await AuditTampering.run(database, ["UPDATE audit_entries SET action = 'x' WHERE seq = 3"])
            }
            await #expect(throws: (any Error).self) {
                try await AuditTampering.run(database, ["DELETE FROM audit_entries WHERE seq = 3"])
            }
            await #expect(throws: (any Error).self) {
                try await AuditTampering.run(database, ["DELETE FROM audit_tree_heads"])
            }
            #expect(try await store.verify(trustedKeys: nil).failure == nil)
        }
    }

    /// Each tampering, and the entry verification must name.
    static let tamperings: [(name: String, statements: [String], sequence: Int64?, reason: String)] = [
        ("edit", ["UPDATE audit_entries SET resource = 'agency:covered-up' WHERE seq = 7"], 7, "altered"),
        (
            "edit with a fresh leaf hash",
            ["UPDATE audit_entries SET action = 'x', leaf_hash = '" + String(repeating: "ab", count: 32) + "' WHERE seq = 7"], 7,
            "altered"
        ),
        ("delete", ["DELETE FROM audit_entries WHERE seq = 7"], 7, "missing"),
        (
            "reorder",
            [
                "UPDATE audit_entries SET seq = -1 WHERE seq = 6", "UPDATE audit_entries SET seq = 6 WHERE seq = 7",
                "UPDATE audit_entries SET seq = 7 WHERE seq = -1",
            ], 6, "altered"
        ),
        ("truncate", ["DELETE FROM audit_entries WHERE seq >= 17"], 17, "removed"),
        (
            "insert before the first entry",
            [
                "INSERT INTO audit_entries (seq, recorded_at, actor_kind, actor_id, action, subjects, outcome, leaf_hash, chain_hash) "
                    + "VALUES (-1, '2026-01-01T00:00:00.000Z', 'user', 'x', 'agency.create', '', 'success', 'aa', 'bb')"
            ], -1, "negative"
        ),
        (
            "append a forged entry",
            [
                "INSERT INTO audit_entries (seq, recorded_at, actor_kind, actor_id, action, subjects, outcome, leaf_hash, chain_hash) "
                    + "VALUES (20, '2026-01-01T00:00:00.000Z', 'user', 'x', 'agency.create', '', 'success', 'aa', 'bb')"
            ], 20, "altered"
        ),
        ("forge a tree head", ["UPDATE audit_tree_heads SET root_hash = '" + String(repeating: "00", count: 32) + "'"], nil, "signature"),
    ]

    @Test(
        "verification catches every tampering at the right entry",
        arguments: TestDatabase.available.flatMap { kind in tamperings.indices.map { (kind, $0) } })
    func tampering(kind: TestDatabase, index: Int) async throws {
        let tampering = Self.tamperings[index]
        try await kind.withDatabase { database in
            let store = try await Self.filled(database)
            try await AuditTampering.dropTriggers(database)
            try await AuditTampering.run(database, tampering.statements)
            let failure = try #require(try await store.verify(trustedKeys: nil).failure, "\(tampering.name) went unnoticed")
            #expect(failure.sequence == tampering.sequence, "\(tampering.name): \(failure)")
            #expect(failure.reason.contains(tampering.reason), "\(tampering.name): \(failure)")
            // Pages of three: the tampering falls inside a page, at its edge or between pages; the verdict is the same.
            let paged = try await store.verify(trustedKeys: nil, pageSize: 3).failure
            #expect(paged == failure, "\(tampering.name) in pages of three: \(String(describing: paged))")
        }
    }

    @Test("a tail cut off after the newest signed head is caught by the count the log keeps", arguments: TestDatabase.available)
    func unsignedTail(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.filled(database)
            try await store.append((20..<25).map { Self.draft($0) })
            #expect(try await store.verify(trustedKeys: nil).failure == nil)
            try await AuditTampering.dropTriggers(database)
            try await AuditTampering.run(database, ["DELETE FROM audit_entries WHERE seq >= 22"])
            let failure = try #require(try await store.verify(trustedKeys: nil).failure, "a cut unsigned tail went unnoticed")
            #expect(failure.sequence == 22 && failure.reason.contains("removed"), "\(failure)")
        }
    }

    @Test(
        "verification's bulk reader: rows packed by the database hash to their stored leaves; an altered row falls back",
        arguments: TestDatabase.available)
    func packedReader(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = AuditStore(database: database)
            try await store.append(
                [
                    AuditDraft(
                        actor: AuditActor(kind: .citizen, id: "công-dân:ẩn danh"), agencyCode: nil, action: "citizen.read",
                        resource: "Bộ dữ liệu “dân cư”",
                        datasetCode: "dan-cu", purpose: "kiểm tra 🧾", subjects: ["a1", "b2", "c3"], requestID: nil),
                    AuditDraft(
                        actor: AuditActor(kind: .anonymous, id: ""), agencyCode: "syt", action: "session.signIn", resource: nil,
                        purpose: #"a"b\c"# + "\n\t\u{1}e", requestID: "r-1"),
                ] + (2..<10).map { Self.draft($0) })
            #expect(try await store.entry(1)?.entry.purpose == #"a"b\c"# + "\n\t\u{1}e", "quotes, backslashes and control characters kept")
            #expect(try await store.entry(0)?.entry.actor.id == "công-dân:ẩn danh")
            #expect(try await store.entry(1)?.entry.resource == nil)
            let packed = try #require(try await store.packedEntries(in: 0..<10)?.entries, "every row parses and matches its leaf and link")
            let stored = try await store.entries(from: 0, limit: 10)
            let tail = try #require(try await store.packedEntries(in: 4..<10), "a page in the middle links to the entry before it")
            #expect(tail.previousChainHash == stored[3].chainHash && tail.entries.map(\.sequence) == Array(4..<10))
            #expect(packed.map(\.sequence) == Array(0..<10))
            #expect(packed.map(\.leafHash) == stored.map(\.leafHash) && packed.map(\.storedChainHash) == stored.map(\.chainHash))
            let whole = try await store.verify(trustedKeys: nil, pageSize: 3)
            #expect(whole.failure == nil && whole.entries == 10, "a sound log verifies in pages of any size")
            try await AuditTampering.dropTriggers(database)
            try await AuditTampering.run(database, ["UPDATE audit_entries SET purpose = 'khác' WHERE seq = 0"])
            #expect(try await store.packedEntries(in: 0..<10) == nil, "an altered row sends the page to the ordinary reader")
            #expect(try await store.verify(trustedKeys: nil).failure?.sequence == 0)
            // An anonymous entry's kind made up: reading cannot map it back, and says so (it used to read as anonymous).
            try await AuditTampering.run(database, ["UPDATE audit_entries SET purpose = 'kiểm tra 🧾' WHERE seq = 0"])
            #expect(try await store.verify(trustedKeys: nil).failure == nil, "restored")
            try await AuditTampering.run(database, ["UPDATE audit_entries SET actor_kind = 'khac' WHERE seq = 1"])
            let madeUp = try await store.verify(trustedKeys: nil).failure
            #expect(madeUp?.sequence == 1 && madeUp?.reason.contains("khac") == true, "\(String(describing: madeUp))")
        }
    }

    @Test("a head signed by an untrusted key fails; the platform's own key passes", arguments: TestDatabase.available)
    func trustedKeys(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let key = AuditSigningKey()
            let store = try await Self.filled(database, key: key)
            #expect(try await store.verify(trustedKeys: [key.publicKeyBase64]).failure == nil)
            let other = try await store.verify(trustedKeys: [AuditSigningKey().publicKeyBase64])
            #expect(other.failure?.reason.contains("unknown key") == true)
        }
    }

    @Test("proofs from storage verify against the signed roots; a witness sees the log only grew", arguments: TestDatabase.available)
    func proofsAndWitness(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let key = AuditSigningKey()
            let store = try await Self.filled(database, key: key)
            let saved = try #require(try await store.latestTreeHead())
            try await store.append((20..<35).map { Self.draft($0) })
            let signer = TreeHeadSigner(store: store, key: key, logger: Logger(label: "test"))
            let latest = try #require(try await signer.signIfDue(force: true))
            #expect(latest.treeSize == 35)

            let inclusion = try await store.inclusionProof(sequence: 12, treeSize: 35)
            #expect(Hex.encode(inclusion.root) == latest.rootHash)
            #expect(MerkleTree.verifyInclusion(leafHash: inclusion.leafHash, index: 12, size: 35, proof: inclusion.path, root: inclusion.root))

            let consistency = try await store.consistencyProof(from: 20, to: 35)
            #expect(
                MerkleTree.verifyConsistency(
                    oldSize: 20, newSize: 35, oldRoot: Hex.decode(saved.rootHash)!, newRoot: consistency.newRoot, proof: consistency.proof))
            #expect(try await store.checkExtends(saved, trustedKeys: [key.publicKeyBase64]) == nil)

            try await AuditTampering.dropTriggers(database)
            try await AuditTampering.run(database, ["UPDATE audit_entries SET actor_id = 'someone-else' WHERE seq = 3"])
            let leafFixed = try await store.entry(3)!.entry.leafHash
            try await AuditTampering.run(database, ["UPDATE audit_entries SET leaf_hash = '\(Hex.encode(leafFixed))' WHERE seq = 3"])
            let broken = try await store.checkExtends(saved, trustedKeys: [key.publicKeyBase64])
            #expect(broken?.reason.contains("rewritten") == true)
        }
    }

    @Test("group commit: concurrent appends share transactions and keep one gap-free order", arguments: TestDatabase.available)
    func groupCommit(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let log = AuditLog(store: AuditStore(database: database))
            let writesBefore = database.currentActivity.writes
            let sequences = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<300 { group.addTask { try await log.append(Self.draft(index)).sequence } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(sequences.sorted() == Array(0..<300))
            let transactions = database.currentActivity.writes - writesBefore
            #expect(transactions < 300, "one transaction per entry: \(transactions)")
            #expect(try await log.store.verify(trustedKeys: nil).failure == nil)
        }
    }

    /// Appends commit with `synchronous_commit` off so that the log's end goes before the flush; the write must still
    /// return only once its records are on disk. Checked against the log position its insert reached (its commit
    /// record follows and is flushed by the same wait). Without the wait, the flushed position lags behind for up to the
    /// WAL writer's delay (200 ms); another test's commit in that millisecond could hide one lag, not fifty. Other
    /// writers only move the flushed position forward, so the test cannot fail when the code is right.
    /// PostgresNIO keeps a statement's failed preparation for the connection's life: that connection must not serve
    /// again, or every append on it would fail long after the cause had passed.
    @Test(
        "an append whose statement could not be prepared fails; once the cause is gone, appends work again",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func preparationFailurePasses(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = AuditStore(database: database)
            var end = try await store.appendReadingTail([Self.draft(0)], at: Date(), locked: { _ in }).end
            // No connection has prepared the append yet: the next one to try cannot, while a table it names is away.
            try await database.write { sql in try await sql.raw("ALTER TABLE audit_subjects RENAME TO audit_subjects_away").run() }
            let refused = AuditBatch([Self.draft(1)], after: end, at: Date(), for: database.dialect)
            await #expect(throws: (any Error).self) { try await store.append(refused, locked: { _ in }) }
            try await database.write { sql in try await sql.raw("ALTER TABLE audit_subjects_away RENAME TO audit_subjects").run() }
            for index in 1...5 {
                let batch = AuditBatch([Self.draft(index)], after: end, at: Date(), for: database.dialect)
                #expect(try await store.append(batch, locked: { _ in }), "append \(index) after the table came back")
                end = batch.end
            }
            let report = try await store.verify(trustedKeys: nil)
            #expect(report.failure == nil && report.entries == 6)
        }
    }

    @Test("a contended write (an append) returns only once its commit is on disk", arguments: TestDatabase.available.filter { $0 == .postgres })
    func contendedWriteIsDurable(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await database.write { sql in try await sql.raw("CREATE TABLE flush_probe (n INTEGER)").run() }
            var behind: [Int] = []
            for n in 0..<50 {
                let written = try await database.bulkWrite(contended: true) { sql, _ in
                    try await sql.raw("INSERT INTO flush_probe (n) VALUES (\(bind: n))").run()
                    let row = try await sql.raw("SELECT CAST(pg_current_wal_insert_lsn() AS TEXT) AS lsn").first()
                    return try row?.decode(column: "lsn", as: String.self) ?? ""
                }
                let flushed = try await database.read { sql in
                    let row = try await sql.raw("SELECT pg_current_wal_flush_lsn() >= CAST(\(bind: written) AS pg_lsn) AS flushed").first()
                    return try row?.decode(column: "flushed", as: Bool.self) ?? false
                }
                if !flushed { behind.append(n) }
            }
            #expect(behind.isEmpty, "writes returned before their commit was on disk: \(behind)")
        }
    }

    /// A node whose role may not call `pg_logical_emit_message` could not wait for its appends to be on disk: it
    /// refuses to start, naming the grant, instead of failing every append once it serves. The test needs the
    /// server's superuser (as CI's is): for its length it takes the privilege from PUBLIC, if PUBLIC had it, and
    /// gives it back in a transaction of its own before anything else can fail. Other tests connect as the superuser,
    /// which needs no grant.
    @Test(
        "a PostgreSQL role that may not wait for the flush is refused at start, naming the grant",
        arguments: TestDatabase.available.filter { $0 == .postgres })
    func flushRefusedAtStart(kind: TestDatabase) async throws {
        let url = try #require(ProcessInfo.processInfo.environment["LIENTHONG_TEST_DATABASE_URL"])
        var settings = try PostgresSettings(url: url)
        settings.sslMode = "disable"
        let role = "no_flush_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let admin = try await Database.open(.postgres(settings), logger: Logger(label: "test"))
        try await admin.withRunning {
            // The text form's signature (PostgreSQL 17 added a fourth argument), whether PUBLIC may call it, and
            // whether this URL's role can change that.
            let (function, publicMay, superuser) = try await admin.read { sql in
                let row = try await sql.raw(
                    """
                    SELECT CAST(CAST(p.oid AS regprocedure) AS TEXT) AS function,
                        COALESCE((SELECT bool_or(a.grantee = 0) FROM aclexplode(p.proacl) AS a WHERE a.privilege_type = 'EXECUTE'), true)
                            AS public_may,
                        (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser
                    FROM pg_proc AS p WHERE p.proname = 'pg_logical_emit_message' AND p.prosrc = 'pg_logical_emit_message_text'
                    """
                ).first()
                let found = try #require(row)
                return (
                    try found.decode(column: "function", as: String.self), try found.decode(column: "public_may", as: Bool.self),
                    try found.decode(column: "superuser", as: Bool.self)
                )
            }
            try #require(superuser, "LIENTHONG_TEST_DATABASE_URL must name a superuser for this test")
            try await admin.write { sql in try await sql.raw("CREATE ROLE \(unsafeRaw: role) LOGIN PASSWORD 'secret'").run() }
            var limited = settings
            limited.username = role
            limited.password = "secret"
            let refusal: StoreError?
            if publicMay {
                try await admin.write { sql in try await sql.raw("REVOKE EXECUTE ON FUNCTION \(unsafeRaw: function) FROM PUBLIC").run() }
                refusal = await #expect(throws: StoreError.self) { _ = try await Database.open(.postgres(limited), logger: Logger(label: "test")) }
                try await admin.write { sql in try await sql.raw("GRANT EXECUTE ON FUNCTION \(unsafeRaw: function) TO PUBLIC").run() }
            } else {
                refusal = await #expect(throws: StoreError.self) { _ = try await Database.open(.postgres(limited), logger: Logger(label: "test")) }
            }
            #expect(refusal?.description.contains("grant EXECUTE on it to this role") == true, "\(String(describing: refusal))")
            // Granted, the same role starts.
            try await admin.write { sql in try await sql.raw("GRANT EXECUTE ON FUNCTION \(unsafeRaw: function) TO \(unsafeRaw: role)").run() }
            do {
                let started = try await Database.open(.postgres(limited), logger: Logger(label: "test"))
                await started.close()
            } catch {
                Issue.record("a role granted EXECUTE did not start: \(error)")
            }
            try await admin.write { sql in
                try await sql.raw("REVOKE EXECUTE ON FUNCTION \(unsafeRaw: function) FROM \(unsafeRaw: role)").run()
                try await sql.raw("DROP ROLE \(unsafeRaw: role)").run()
            }
        }
    }

    @Test("a batch chained after an end that has moved writes nothing; one chained after the real end goes in", arguments: TestDatabase.available)
    func movedEnd(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = AuditStore(database: database)
            let first = try await store.appendReadingTail([Self.draft(0, subjects: ["s0"])], at: Date(), locked: { _ in })
            // The stale batch's entry would take sequence 0 and concerns the person entry 0 concerns: its subject row
            // must not be tried (a duplicate), only refused with the rest.
            let stale = AuditBatch([Self.draft(1, subjects: ["s0", "s1"])], after: first.start, at: Date(), for: database.dialect)
            // On PostgreSQL `locked` comes before the batch is sent, whatever it finds; on SQLite only once written.
            let staleEnds = Mutex<[AuditTail]>([])
            #expect(try await store.append(stale, locked: { end in staleEnds.withLock { $0.append(end) } }) == false)
            #expect(staleEnds.withLock { $0 } == (database.dialect == .postgres ? [stale.end] : []))
            #expect(try await store.count() == 1)
            #expect(try await store.search(AuditQuery(subject: "s1")).isEmpty)
            let ends = Mutex<[AuditTail]>([])
            let fresh = AuditBatch([Self.draft(1, subjects: ["s1"])], after: first.end, at: Date(), for: database.dialect)
            #expect(try await store.append(fresh, locked: { end in ends.withLock { $0.append(end) } }))
            #expect(ends.withLock { $0 } == [fresh.end])
            #expect(try await store.search(AuditQuery(subject: "s1")).map(\.entry.sequence) == [1])
            let report = try await store.verify(trustedKeys: nil)
            #expect(report.failure == nil && report.entries == 2)
        }
    }

    @Test("a batch chained after one still committing waits for it and goes in after it", arguments: TestDatabase.available)
    func chainedWhileCommitting(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = AuditStore(database: database)
            let first = try await store.appendReadingTail([Self.draft(0)], at: Date(), locked: { _ in })
            // A large batch, so that the next one reaches the database while this one still holds the log's end.
            let ahead = AuditBatch((1...2_000).map { Self.draft($0) }, after: first.end, at: Date(), for: database.dialect)
            let behind = AuditBatch([Self.draft(2_001)], after: ahead.end, at: Date(), for: database.dialect)
            let (locked, signal) = AsyncStream<Void>.makeStream()
            let aheadDone = Mutex(false)
            let second = Task {
                for await _ in locked {
                    // On PostgreSQL `locked` comes just before the batch is sent: the one behind goes once the state
                    // row is taken (a statement holding the table in ROW EXCLUSIVE mode that has begun to write, so
                    // holds a transaction id: preparing the statement takes the same lock without writing), or the
                    // batch ahead is done.
                    while database.dialect == .postgres, !aheadDone.withLock({ $0 }) {
                        let held = try await database.read { sql in
                            try await sql.raw(
                                """
                                SELECT count(*) AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                                WHERE c.relname = 'audit_state' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()
                                AND EXISTS (SELECT 1 FROM pg_locks x WHERE x.pid = l.pid AND x.locktype = 'transactionid')
                                """
                            ).first()?.decode(column: "n", as: Int.self) ?? 0
                        }
                        if held > 0 { break }
                        try await Task.sleep(for: .milliseconds(1))
                    }
                    return try await store.append(behind, locked: { _ in })
                }
                return false
            }
            let wentIn = try await store.append(
                ahead,
                locked: { _ in
                    signal.yield()
                    signal.finish()
                })
            aheadDone.withLock { $0 = true }
            #expect(wentIn)
            #expect(try await second.value, "the batch behind found the end moved instead of waiting for it")
            let report = try await store.verify(trustedKeys: nil)
            #expect(report.failure == nil && report.entries == 2_002)
        }
    }

    @Test("two nodes appending together keep one chain", arguments: TestDatabase.shareable)
    func twoNodes(kind: TestDatabase) async throws {
        let place = try await kind.makeLocation()
        defer { Task { await place.cleanup() } }
        let logger = Logger(label: "test")
        let first = try await Database.open(place.location, logger: logger)
        let second = try await Database.open(place.location, logger: logger)
        try await first.withRunning {
            try await second.withRunning {
                try await Migrator(database: first).migrate()
                let logs = [AuditLog(store: AuditStore(database: first)), AuditLog(store: AuditStore(database: second))]
                // Taking turns: each append finds the end moved by the other node since its own last batch.
                for index in 0..<6 { #expect(try await logs[index % 2].append(Self.draft(index)).sequence == Int64(index)) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 6..<200 { group.addTask { try await logs[index % 2].append(Self.draft(index)) } }
                    try await group.waitForAll()
                }
                let report = try await AuditStore(database: first).verify(trustedKeys: nil)
                #expect(report.failure == nil && report.entries == 200)
            }
        }
    }

    @Test("search by agency, actor, action area, subject and time, newest first, paged", arguments: TestDatabase.available)
    func search(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = AuditStore(database: database)
            try await store.append((0..<10).map { Self.draft($0, agency: $0 < 4 ? "syt" : "stc", subjects: $0 == 5 ? ["s1", "s2"] : []) })
            #expect(try await store.search(AuditQuery(agencyCode: "syt")).map(\.entry.sequence) == [3, 2, 1, 0])
            #expect(try await store.search(AuditQuery(action: "user")).count == 5)
            #expect(try await store.search(AuditQuery(action: "user.create")).count == 5)
            #expect(try await store.search(AuditQuery(subject: "s2")).map(\.entry.sequence) == [5])
            #expect(try await store.search(AuditQuery(before: 3, limit: 2)).map(\.entry.sequence) == [2, 1])
            #expect(try await store.search(AuditQuery(from: Date().addingTimeInterval(3600))).isEmpty)
            #expect(try await store.search(AuditQuery(actorID: "admin", outcome: .denied)).isEmpty)
        }
    }
}

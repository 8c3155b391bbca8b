import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Logging
import Testing

@Suite("Backup, restore and copy")
struct PortableBackupTests {
    @Test("a backup restores into an empty database of every kind", arguments: TestDatabase.available, TestDatabase.available)
    func roundTrip(source: TestDatabase, target: TestDatabase) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-backup-\(UUID()).ndjson").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (written, key) = try await source.withDatabase { database in
            let directory = DirectoryStore(database: database, passwords: TestDirectory.passwords)
            try await TestDirectory.seed(directory)
            try await directory.createAgency(
                Agency(code: "child", nameVi: "Phường Hoàn Kiếm", nameEn: "Hoan Kiem", kind: .ward, parentCode: "skhcn"))
            let issued = try await directory.createAPIClient(agencyCode: "stc", name: "system")
            return (try await PortableBackup.backup(database, to: file), issued.key)
        }
        #expect(written["agencies"] == 4)
        #expect(written["staff_users"] == 6)
        try await target.withDatabase { database in
            let restored = try await PortableBackup.restore(database, from: file)
            #expect(restored == written)
            let directory = DirectoryStore(database: database, passwords: TestDirectory.passwords)
            #expect(try await directory.agency(code: "child")?.parentCode == "skhcn")
            #expect(try await directory.agency(code: "child")?.nameVi == "Phường Hoàn Kiếm")
            #expect(try await directory.authenticate(username: "admin", password: TestDirectory.password) != nil)
            #expect(try await directory.apiClient(keyHash: key.hash)?.name == "system")
            // A second restore into the same, now full, database is refused and changes nothing.
            await #expect(throws: StoreError.self) { try await PortableBackup.restore(database, from: file) }
            #expect(try await directory.agencies().count == 4)
        }
    }

    @Test("copy moves everything and checks the counts", arguments: TestDatabase.available)
    func copy(target: TestDatabase) async throws {
        try await TestDatabase.sqliteFile.withDatabase { source in
            try await TestDirectory.seed(DirectoryStore(database: source, passwords: TestDirectory.passwords))
            try await target.withDatabase { destination in
                let counts = try await PortableBackup.copy(from: source, to: destination)
                #expect(counts["agencies"] == 3)
                #expect(try await DirectoryStore(database: destination).users().count == 6)
            }
        }
    }

    @Test("a file that is not a backup is refused")
    func notABackup() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-backup-\(UUID()).txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        _ = try await TestDatabase.sqliteMemory.withDatabase { database in
            await #expect(throws: StoreError.self) { try await PortableBackup.restore(database, from: file) }
        }
    }
}

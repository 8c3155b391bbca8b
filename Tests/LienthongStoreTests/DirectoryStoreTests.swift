import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Directory storage")
struct DirectoryStoreTests {
    func withDirectory(_ kind: TestDatabase, _ body: (DirectoryStore) async throws -> Void) async throws {
        try await kind.withDatabase { database in
            let directory = DirectoryStore(database: database, passwords: TestDirectory.passwords)
            try await TestDirectory.seed(directory)
            try await body(directory)
        }
    }

    @Test("agencies: create, read, update, duplicates and missing parents", arguments: TestDatabase.available)
    func agencies(kind: TestDatabase) async throws {
        try await withDirectory(kind) { directory in
            let ward = try await directory.createAgency(
                Agency(
                    code: "phuong-ba-dinh", nameVi: "Phu\u{031B}o\u{031B}\u{0300}ng Ba Đình", nameEn: "Ba Dinh Ward", kind: .ward,
                    parentCode: "skhcn", unitCode: "00004"))
            let stored = try #require(try await directory.agency(code: "phuong-ba-dinh"))
            #expect(stored.nameVi == "Phường Ba Đình")
            #expect(stored.parentCode == "skhcn")
            #expect(stored.unitCode == "00004")
            #expect(stored.id == ward.id)
            #expect(try await directory.agencies().map(\.code) == ["phuong-ba-dinh", "skhcn", "stc", "syt"])

            var changed = stored
            changed.nameEn = "Ba Dinh"
            changed.parentCode = nil
            try await directory.updateAgency(changed)
            #expect(try await directory.agency(code: "phuong-ba-dinh")?.parentCode == nil)
            #expect(try await directory.agency(code: "phuong-ba-dinh")?.nameEn == "Ba Dinh")

            let duplicate = await #expect(throws: StoreError.self) {
                try await directory.createAgency(Agency(code: "syt", nameVi: "x", nameEn: "y", kind: .other))
            }
            #expect(duplicate?.isDuplicate == true)
            await #expect(throws: DirectoryError.unknownAgency("nowhere")) {
                try await directory.createAgency(Agency(code: "child", nameVi: "x", nameEn: "y", kind: .other, parentCode: "nowhere"))
            }
            await #expect(throws: DirectoryError.invalidCode("Bad Code")) {
                try await directory.createAgency(Agency(code: "Bad Code", nameVi: "x", nameEn: "y", kind: .other))
            }
            #expect(try await directory.agency(code: "child") == nil)
        }
    }

    @Test("users: passwords, deactivation and password changes", arguments: TestDatabase.available)
    func users(kind: TestDatabase) async throws {
        try await withDirectory(kind) { directory in
            #expect(try await directory.authenticate(username: "steward", password: TestDirectory.password)?.role == .steward)
            #expect(try await directory.authenticate(username: "steward", password: "wrong-password") == nil)
            #expect(try await directory.authenticate(username: "nobody", password: TestDirectory.password) == nil)
            #expect(try await directory.users(agencyCode: "syt").map(\.username) == ["officer", "steward"])

            await #expect(throws: DirectoryError.wrongPassword) {
                try await directory.changePassword(username: "steward", current: "wrong-password", new: "another-password")
            }
            try await directory.changePassword(username: "steward", current: TestDirectory.password, new: "another-password")
            #expect(try await directory.authenticate(username: "steward", password: TestDirectory.password) == nil)
            #expect(try await directory.authenticate(username: "steward", password: "another-password") != nil)
            await #expect(throws: DirectoryError.passwordTooShort(10)) {
                try await directory.setPassword(username: "steward", newPassword: "short")
            }

            let session = try await directory.createSession(for: try #require(try await directory.user(username: "officer")))
            #expect(try await directory.sessionUser(tokenHash: session.token.hash)?.username == "officer")
            try await directory.deactivateUser(username: "officer")
            #expect(try await directory.sessionUser(tokenHash: session.token.hash) == nil)
            #expect(try await directory.authenticate(username: "officer", password: TestDirectory.password) == nil)
            #expect(try await directory.user(username: "officer")?.isActive == false)

            await #expect(throws: StoreError.self) {
                try await directory.createUser(
                    username: "admin", displayName: "Again", agencyCode: "skhcn", role: .admin, password: TestDirectory.password)
            }
            await #expect(throws: DirectoryError.unknownAgency("nowhere")) {
                try await directory.createUser(
                    username: "lost", displayName: "Lost", agencyCode: "nowhere", role: .officer, password: TestDirectory.password)
            }
        }
    }

    @Test("sessions end, expire and survive nothing", arguments: TestDatabase.available)
    func sessions(kind: TestDatabase) async throws {
        try await withDirectory(kind) { directory in
            let admin = try #require(try await directory.user(username: "admin"))
            let session = try await directory.createSession(for: admin)
            #expect(try await directory.sessionUser(tokenHash: session.token.hash)?.id == admin.id)
            #expect(try await directory.sessionUser(tokenHash: session.token.hash, at: session.expiresAt.addingTimeInterval(1)) == nil)
            try await directory.endSession(tokenHash: session.token.hash)
            #expect(try await directory.sessionUser(tokenHash: session.token.hash) == nil)
        }
    }

    @Test("API clients: keys stored as hashes, rotation keeps the client, revocation and expiry", arguments: TestDatabase.available)
    func apiClients(kind: TestDatabase) async throws {
        try await withDirectory(kind) { directory in
            let issued = try await directory.createAPIClient(agencyCode: "stc", name: "Hệ thống hộ kinh doanh")
            let found = try #require(try await directory.apiClient(keyHash: issued.key.hash))
            #expect(found.id == issued.client.id)
            #expect(found.isUsable(at: Date()))
            #expect(try await directory.apiClient(keyHash: SecretToken.hash(of: "ltk_guess")) == nil)
            await #expect(throws: StoreError.self) {
                try await directory.createAPIClient(agencyCode: "stc", name: "Hệ thống hộ kinh doanh")
            }

            let rotated = try await directory.rotateAPIKey(id: issued.client.id)
            #expect(rotated.client.id == issued.client.id)
            #expect(rotated.client.rotatedAt != nil)
            #expect(try await directory.apiClient(keyHash: issued.key.hash) == nil)
            #expect(try await directory.apiClient(keyHash: rotated.key.hash)?.id == issued.client.id)

            let used = Date(timeIntervalSince1970: 1_800_000_000)
            try await directory.recordLastUse([issued.client.id: used])
            try await directory.recordLastUse([issued.client.id: used.addingTimeInterval(-60)])
            #expect(try await directory.apiClient(id: issued.client.id)?.lastUsedAt == used)

            let revoked = try await directory.revokeAPIClient(id: issued.client.id)
            #expect(revoked.revokedAt != nil)
            #expect(try await directory.apiClient(keyHash: rotated.key.hash)?.isUsable(at: Date()) == false)
            await #expect(throws: DirectoryError.self) { try await directory.rotateAPIKey(id: issued.client.id) }

            let expiring = try await directory.createAPIClient(
                agencyCode: "syt", name: "short-lived", expiresAt: Date().addingTimeInterval(3600))
            #expect(expiring.client.isUsable(at: Date()))
            #expect(!expiring.client.isUsable(at: Date().addingTimeInterval(7200)))
            #expect(try await directory.apiClients(agencyCode: "syt").map(\.name) == ["short-lived"])
            #expect(try await directory.apiClients().count == 2)
        }
    }
}

import LienthongTestSupport
import SQLKit
import Testing

@testable import LienthongStore

@Suite("Quoted names")
struct SQLNameTests {
    @Test("a name quoted without SQLKit's escaping names the same column as SQLKit's", arguments: TestDatabase.available)
    func quotedNames(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await database.read { sql in
                for name in ["cccd", "data_0a1b_v2", "we\"ird", "\"", "Tên trường", "a\"\"b"] {
                    let fast = try await sql.raw("SELECT 1 AS \(name: name)").first()
                    let slow = try await sql.raw("SELECT 1 AS \(ident: name)").first()
                    #expect(fast?.allColumns == [name] && slow?.allColumns == [name], "\(name)")
                }
            }
        }
    }
}

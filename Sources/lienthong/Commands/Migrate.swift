import ArgumentParser
import LienthongStore

/// `lienthong migrate`: brings the database schema up to date (the server also does this on start).
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply pending database migrations (safe to run while other nodes start).")

    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let applied = try await storage.withDatabase(migrate: false) { database in
            try await Migrator(database: database).migrate()
        }
        print(applied.isEmpty ? "The schema is up to date." : "Applied migrations: \(applied.map(String.init).joined(separator: ", "))")
    }
}

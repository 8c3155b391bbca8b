import Foundation

/// Where the platform's data lives: an SQLite file (the default), SQLite in memory (tests), or PostgreSQL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqliteMemory
    case sqliteFile(path: String)
    case postgres(PostgresSettings)

    /// The SQLite file inside a data directory: `DATA_DIR/lienthong.sqlite`.
    public static func dataDirectory(_ path: String) -> DatabaseLocation {
        .sqliteFile(path: URL(fileURLWithPath: path).appendingPathComponent("lienthong.sqlite").path)
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=disable|prefer|require` (or `host=/socket/directory`),
    /// `sqlite:///absolute/path.sqlite`, `sqlite:relative.sqlite` or `sqlite::memory:`.
    public init(url: String) throws {
        if url == "sqlite::memory:" {
            self = .sqliteMemory
        } else if url.hasPrefix("sqlite://") {
            self = .sqliteFile(path: String(url.dropFirst("sqlite://".count)))
        } else if url.hasPrefix("sqlite:") {
            self = .sqliteFile(path: String(url.dropFirst("sqlite:".count)))
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            self = .postgres(try PostgresSettings(url: url))
        } else {
            throw StoreError.invalidDatabaseURL("expected postgres://… or sqlite:…")
        }
    }

    /// A description safe for logs: never contains the password.
    public var description: String {
        switch self {
        case .sqliteMemory: "sqlite::memory:"
        case .sqliteFile(let path): "sqlite:\(path)"
        case .postgres(let settings): settings.description
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }
}

/// How to reach a PostgreSQL server.
public struct PostgresSettings: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The directory of the server's Unix-domain socket, when the URL names one (`?host=/var/run/postgresql`, or the
    /// host percent-encoded as `%2Fvar%2Frun%2Fpostgresql`), as libpq reads it: the socket is `.s.PGSQL.<port>` in it.
    /// Cheaper than TCP on one machine, and the server may then trust the operating system's user (peer).
    public var socketDirectory: String?
    public var username: String
    public var password: String?
    public var database: String
    /// `disable`, `prefer` (the default) or `require`.
    public var sslMode: String
    /// A schema to work in instead of `public` (tests give each run its own).
    public var searchPath: String?
    public var maximumConnections: Int

    public init(url: String) throws {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw StoreError.invalidDatabaseURL("expected postgres://user:password@host:port/database")
        }
        let query = components.queryItems ?? []
        let named = query.first { $0.name == "host" }?.value ?? components.host?.removingPercentEncoding ?? ""
        guard !named.isEmpty else { throw StoreError.invalidDatabaseURL("expected postgres://user:password@host:port/database") }
        if named.hasPrefix("/") {
            self.socketDirectory = named
            self.host = "localhost"
        } else {
            self.host = named
        }
        self.port = components.port ?? query.first { $0.name == "port" }?.value.flatMap(Int.init) ?? 5432
        self.username = components.user?.removingPercentEncoding ?? "postgres"
        self.password = components.password?.removingPercentEncoding
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? self.username : path
        self.sslMode = query.first { $0.name == "sslmode" }?.value ?? "prefer"
        guard ["disable", "prefer", "require"].contains(sslMode) else {
            throw StoreError.invalidDatabaseURL("sslmode must be disable, prefer or require")
        }
        self.searchPath = query.first { $0.name == "search_path" }?.value
        self.maximumConnections = query.first { $0.name == "pool_size" }?.value.flatMap(Int.init) ?? 20
    }

    /// The socket's path, when the server is reached through one.
    public var socketPath: String? { socketDirectory.map { ($0.hasSuffix("/") ? $0 : $0 + "/") + ".s.PGSQL.\(port)" } }

    public var description: String {
        (socketPath.map { "postgres://\(username)@\($0)/\(database)" } ?? "postgres://\(username)@\(host):\(port)/\(database)")
            + (searchPath.map { "?search_path=\($0)" } ?? "")
    }
}

import SQLKit

/// One numbered step of the schema. Once landed, a migration never changes: a fix is a new migration.
///
/// Statements are plain SQL valid on both SQLite and PostgreSQL; where a dialect differs, `statements`
/// receives it (see `docs/decisions/0001-one-sql-path-for-sqlite-and-postgresql.md` for the shared types).
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: @Sendable (Dialect) -> [String]
    /// Fills what the statements made from rows already there, in the same transaction (what SQL alone cannot
    /// compute the same way on both databases).
    public let backfill: (@Sendable (any SQLDatabase) async throws -> Void)?

    public init(
        version: Int, name: String, statements: @escaping @Sendable (Dialect) -> [String],
        backfill: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) {
        self.version = version
        self.name = name
        self.statements = statements
        self.backfill = backfill
    }

    public init(version: Int, name: String, sql: [String]) {
        self.init(version: version, name: name, statements: { _ in sql })
    }
}

extension Migration {
    /// Every migration, in order. Add new ones at the end with the next number.
    public static let all: [Migration] = [
        .m0001Directory,
        .m0002Audit,
        .m0003Catalog,
        .m0004HostedData,
        .m0005CatalogPublications,
        .m0006DatasetWords,
        .m0007Sharing,
        .m0008AgencyServices,
        .m0009CitizenSessions,
        .m0010Tickets,
        .m0011ClientAddresses,
        .m0012Quality,
        .m0013Procedures,
        .m0014Programme,
        .m0015Reporting,
        .m0016MetricLatest,
        .m0017JobLeases,
        .m0018CatalogRevision,
        .m0019AuditIndexCost,
        .m0020JobLeaseRunning,
        .m0021CitizenChallengeIndex,
        .m0022CitizenChallengeSource,
        .m0023AuditBatchView,
    ]
}

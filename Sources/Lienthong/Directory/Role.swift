/// What a staff user may do. Every staff user has exactly one role in one agency.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// The coordinator: runs the platform, agencies, users and the published catalog.
    case admin
    /// A department's data officer: datasets, loads, access requests, quality.
    case steward
    /// A case handler for one-stop services.
    case officer
    /// Read-only oversight (the Inspection Committee).
    case inspector
    /// The security officer (city police): audit log, anomalies, key revocation.
    case security

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

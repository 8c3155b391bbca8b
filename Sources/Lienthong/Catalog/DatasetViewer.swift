/// Who is looking at the catalog, for the visibility rules of DESIGN.md: open and shared datasets' metadata
/// is public; private datasets' metadata is for the city's signed-in staff and systems; drafts are seen only
/// by their owner agency and the coordinator.
public struct DatasetViewer: Sendable, Hashable {
    public var agencyCode: String?
    public var isAuthenticated: Bool
    public var isCoordinator: Bool

    public init(agencyCode: String? = nil, isAuthenticated: Bool = false, isCoordinator: Bool = false) {
        self.agencyCode = agencyCode
        self.isAuthenticated = isAuthenticated
        self.isCoordinator = isCoordinator
    }

    /// Someone not signed in.
    public static let anonymous = DatasetViewer()

    /// Whether this viewer may see the dataset's metadata.
    public func canSee(_ dataset: Dataset) -> Bool {
        if isCoordinator || dataset.ownerAgencyCode == agencyCode { return true }
        guard dataset.status != .draft else { return false }
        return dataset.sharingLevel != .private || isAuthenticated
    }
}

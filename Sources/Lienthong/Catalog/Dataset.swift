import Foundation

/// A dataset in the catalog: an agency's table of data, described so that others can find, understand and
/// ask for it. Its rows live in a typed table built from `schema`; its metadata is what the catalog shows.
public struct Dataset: Sendable, Hashable, Codable {
    public var id: UUID
    /// Stable, unique in the platform: lowercase ASCII, digits and `-` (`dan-cu-trich-xuat`).
    public var code: String
    public var ownerAgencyCode: String
    public var titleVi: String
    public var titleEn: String
    public var descriptionVi: String
    public var descriptionEn: String
    public var themes: [String]
    public var keywords: [String]
    public var sharingLevel: SharingLevel
    public var updateFrequency: UpdateFrequency
    /// The legal basis for collecting and sharing the data (a law, decree or decision).
    public var legalBasis: String
    public var licence: String
    public var contactName: String
    public var contactEmail: String
    public var status: DatasetStatus
    /// The newest schema version (1, 2, …); readers get it unless they name another.
    public var schemaVersion: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var publishedAt: Date?

    public init(
        id: UUID = UUID(), code: String, ownerAgencyCode: String, titleVi: String, titleEn: String, descriptionVi: String = "",
        descriptionEn: String = "", themes: [String] = [], keywords: [String] = [], sharingLevel: SharingLevel = .private,
        updateFrequency: UpdateFrequency = .irregular, legalBasis: String = "", licence: String = "", contactName: String = "",
        contactEmail: String = "", status: DatasetStatus = .draft, schemaVersion: Int = 1, createdAt: Date = Date(),
        updatedAt: Date = Date(), publishedAt: Date? = nil
    ) {
        self.id = id
        self.code = code
        self.ownerAgencyCode = ownerAgencyCode
        self.titleVi = titleVi
        self.titleEn = titleEn
        self.descriptionVi = descriptionVi
        self.descriptionEn = descriptionEn
        self.themes = themes
        self.keywords = keywords
        self.sharingLevel = sharingLevel
        self.updateFrequency = updateFrequency
        self.legalBasis = legalBasis
        self.licence = licence
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.status = status
        self.schemaVersion = schemaVersion
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
    }

    /// The text search runs over, folded (no case, no diacritics, đ as d).
    public var searchText: String {
        SearchText.fold(([code, titleVi, titleEn, descriptionVi, descriptionEn] + themes + keywords).joined(separator: " "))
    }

    /// The problems with the metadata itself (the schema is checked separately), by field name.
    public func problems() -> [String] {
        var problems: [String] = []
        if !Identifiers.isValidCode(code) { problems.append("code") }
        if titleVi.trimmingCharacters(in: .whitespaces).isEmpty || titleVi.count > 300 { problems.append("titleVi") }
        if titleEn.trimmingCharacters(in: .whitespaces).isEmpty || titleEn.count > 300 { problems.append("titleEn") }
        if descriptionVi.count > 10_000 { problems.append("descriptionVi") }
        if descriptionEn.count > 10_000 { problems.append("descriptionEn") }
        if themes.count > 20 || themes.contains(where: { $0.isEmpty || $0.count > 100 }) { problems.append("themes") }
        if keywords.count > 50 || keywords.contains(where: { $0.isEmpty || $0.count > 100 }) { problems.append("keywords") }
        if !contactEmail.isEmpty, !contactEmail.contains("@") { problems.append("contactEmail") }
        return problems
    }
}

/// How widely a dataset is shared, as the Data Law 2024 (Luật Dữ liệu) sorts data.
public enum SharingLevel: String, Sendable, Hashable, Codable, CaseIterable {
    /// Dữ liệu mở: metadata and data for everyone.
    case open
    /// Dữ liệu dùng chung: metadata for everyone (the catalog of shared data), data under a grant.
    case shared
    /// Dữ liệu dùng riêng: metadata for the city's signed-in staff, data for the owner only.
    case `private`
}

/// How often the owner updates the data.
public enum UpdateFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    case continuous, daily, weekly, monthly, quarterly, annual, irregular
}

/// Where a dataset is in its life.
public enum DatasetStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Being prepared; seen only by its owner agency and the coordinator.
    case draft
    /// In the catalog.
    case published
    /// No longer maintained; kept for the record.
    case retired

    /// Whether a dataset may move from this status to `next`.
    public func canMove(to next: DatasetStatus) -> Bool {
        switch (self, next) {
        case (.draft, .published), (.published, .retired), (.retired, .published): true
        default: false
        }
    }
}

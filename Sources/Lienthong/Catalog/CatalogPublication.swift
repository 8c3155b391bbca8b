import Crypto
import Foundation

/// One dataset as a catalog publication lists it: what a reader of the "danh mục dữ liệu dùng chung" needs to
/// know and ask for, frozen at the time of publication.
public struct PublicationEntry: Sendable, Hashable, Codable {
    public var code: String
    public var titleVi: String
    public var titleEn: String
    public var ownerAgencyCode: String
    public var ownerAgencyNameVi: String
    public var ownerAgencyNameEn: String
    public var sharingLevel: SharingLevel
    public var updateFrequency: UpdateFrequency
    public var themes: [String]
    public var legalBasis: String
    public var licence: String
    public var schemaVersion: Int
    /// The schema's field names, in order.
    public var fields: [String]

    public init(dataset: Dataset, agencyNameVi: String, agencyNameEn: String, fields: [String]) {
        code = dataset.code
        titleVi = dataset.titleVi
        titleEn = dataset.titleEn
        ownerAgencyCode = dataset.ownerAgencyCode
        ownerAgencyNameVi = agencyNameVi
        ownerAgencyNameEn = agencyNameEn
        sharingLevel = dataset.sharingLevel
        updateFrequency = dataset.updateFrequency
        themes = dataset.themes
        legalBasis = dataset.legalBasis
        licence = dataset.licence
        schemaVersion = dataset.schemaVersion
        self.fields = fields
    }

    /// The attributes a comparison names when they differ, with their values as text.
    var attributes: [(name: String, value: String)] {
        [
            ("titleVi", titleVi), ("titleEn", titleEn), ("ownerAgencyCode", ownerAgencyCode), ("ownerAgencyNameVi", ownerAgencyNameVi),
            ("ownerAgencyNameEn", ownerAgencyNameEn), ("sharingLevel", sharingLevel.rawValue),
            ("updateFrequency", updateFrequency.rawValue), ("themes", themes.joined(separator: ", ")), ("legalBasis", legalBasis),
            ("licence", licence), ("schemaVersion", String(schemaVersion)), ("fields", fields.joined(separator: ", ")),
        ]
    }
}

/// A numbered, dated, immutable snapshot of the catalog of shared data: the published datasets whose metadata
/// is public (open and shared), in code order. Its SHA-256 over the entries' canonical JSON is recorded in the
/// audit log when it is made, so a copy can be checked against the log.
public struct CatalogPublication: Sendable, Hashable, Codable {
    public var number: Int
    public var publishedAt: Date
    public var publishedBy: String
    public var note: String
    public var entries: [PublicationEntry]
    /// Hex SHA-256 of `canonicalJSON(entries)`.
    public var sha256: String

    public init(number: Int, publishedAt: Date, publishedBy: String, note: String, entries: [PublicationEntry]) {
        self.number = number
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        self.note = note
        self.entries = entries.sorted { $0.code < $1.code }
        self.sha256 = Self.digest(self.entries)
    }

    /// A publication as a list shows it, without its entries.
    public struct Summary: Sendable, Hashable, Codable {
        public var number: Int
        public var publishedAt: Date
        public var publishedBy: String
        public var note: String
        public var datasetCount: Int
        public var sha256: String

        public init(number: Int, publishedAt: Date, publishedBy: String, note: String, datasetCount: Int, sha256: String) {
            self.number = number
            self.publishedAt = publishedAt
            self.publishedBy = publishedBy
            self.note = note
            self.datasetCount = datasetCount
            self.sha256 = sha256
        }
    }

    /// The entries as JSON with sorted keys: the bytes the digest covers.
    public static func canonicalJSON(_ entries: [PublicationEntry]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(entries)) ?? Data()
    }

    public static func digest(_ entries: [PublicationEntry]) -> String {
        Hex.encode(SHA256.hash(data: canonicalJSON(entries)))
    }

    /// The publication as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheets read the Vietnamese
    /// right), one dataset per line, column names in `language`; no cell runs as a formula (`spreadsheetCell`).
    public func csv(_ language: Language) -> String {
        let vi = language == .vi
        let header =
            vi
            ? [
                "STT", "Mã", "Tên dữ liệu", "Tên tiếng Anh", "Cơ quan chủ quản", "Mã cơ quan", "Mức chia sẻ", "Tần suất cập nhật", "Chủ đề",
                "Căn cứ pháp lý", "Giấy phép", "Phiên bản lược đồ", "Trường dữ liệu",
            ]
            : [
                "No.", "Code", "Title", "Vietnamese title", "Owner agency", "Agency code", "Sharing level", "Update frequency", "Themes",
                "Legal basis", "Licence", "Schema version", "Fields",
            ]
        var lines = [header.map(RecordFormat.csvCell).joined(separator: ",")]
        // Titles, legal bases and licences are typed by stewards: a spreadsheet must show them, never run them.
        for (index, entry) in entries.enumerated() {
            let cells = [
                String(index + 1), entry.code, vi ? entry.titleVi : entry.titleEn, vi ? entry.titleEn : entry.titleVi,
                vi ? entry.ownerAgencyNameVi : entry.ownerAgencyNameEn, entry.ownerAgencyCode, entry.sharingLevel.rawValue,
                entry.updateFrequency.rawValue, entry.themes.joined(separator: "; "), entry.legalBasis, entry.licence,
                String(entry.schemaVersion), entry.fields.joined(separator: " "),
            ]
            lines.append(cells.map(RecordFormat.spreadsheetCell).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// What changed between two publications: datasets added, removed, and changed (with each changed attribute's
/// old and new value).
public struct PublicationComparison: Sendable, Hashable, Codable {
    /// One attribute of one dataset that differs.
    public struct Change: Sendable, Hashable, Codable {
        public var attribute: String
        public var from: String
        public var to: String

        public init(attribute: String, from: String, to: String) {
            self.attribute = attribute
            self.from = from
            self.to = to
        }
    }

    /// A dataset in both publications whose listing differs.
    public struct ChangedEntry: Sendable, Hashable, Codable {
        public var code: String
        public var titleVi: String
        public var titleEn: String
        public var changes: [Change]
    }

    public var from: Int
    public var to: Int
    public var added: [PublicationEntry]
    public var removed: [PublicationEntry]
    public var changed: [ChangedEntry]

    public init(from old: CatalogPublication, to new: CatalogPublication) {
        from = old.number
        to = new.number
        let before = Dictionary(old.entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        added = new.entries.filter { before[$0.code] == nil }
        removed = old.entries.filter { after[$0.code] == nil }
        changed = new.entries.compactMap { entry in
            guard let previous = before[entry.code], previous != entry else { return nil }
            let changes = zip(previous.attributes, entry.attributes).compactMap { old, new in
                old.value == new.value ? nil : Change(attribute: old.name, from: old.value, to: new.value)
            }
            return ChangedEntry(code: entry.code, titleVi: entry.titleVi, titleEn: entry.titleEn, changes: changes)
        }
    }

    /// Whether the two publications list the same datasets the same way.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

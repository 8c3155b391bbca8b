import Foundation

/// A Frictionless Data Package (v2) for one dataset: its metadata, and one resource whose `path` is the
/// dataset's CSV export, described by its Table Schema, so `frictionless validate` checks the rows.
public struct DataPackage: Sendable, Encodable {
    /// The licence, as Data Package `licenses` entries are written.
    public struct Licence: Sendable, Encodable {
        public var name: String?
        public var path: String?
        public var title: String
    }

    /// The package's one resource.
    public struct Resource: Sendable, Encodable {
        public var name: String
        public var path: String
        public var format = "csv"
        public var mediatype = "text/csv"
        public var encoding = "utf-8"
        public var schema: TableSchema
    }

    public var name: String
    public var title: String
    public var description: String
    public var version: String
    public var keywords: [String]
    public var licenses: [Licence]?
    public var resources: [Resource]

    enum CodingKeys: String, CodingKey {
        case schema = "$schema"
        case name, title, description, version, keywords, licenses, resources
    }

    public init(dataset: Dataset, schema: TableSchema, dataURL: String) {
        name = dataset.code
        title = dataset.titleVi
        description = dataset.descriptionVi.isEmpty ? dataset.titleEn : dataset.descriptionVi
        version = "\(dataset.schemaVersion).0.0"
        keywords = dataset.keywords
        let licence = dataset.licence.trimmingCharacters(in: .whitespaces)
        licenses =
            licence.isEmpty
            ? nil
            : [
                licence == "CC BY 4.0"
                    ? Licence(name: "CC-BY-4.0", path: "https://creativecommons.org/licenses/by/4.0/", title: licence)
                    // A licence needs a name or a path; a free-text one is named by its folded words.
                    : Licence(
                        name: SearchText.slug(licence), path: nil,
                        title: licence)
            ]
        resources = [Resource(name: dataset.code, path: dataURL, schema: schema)]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("https://datapackage.org/profiles/2.0/datapackage.json", forKey: .schema)
        try container.encode(name, forKey: .name)
        try container.encode(title, forKey: .title)
        try container.encode(description, forKey: .description)
        try container.encode(version, forKey: .version)
        if !keywords.isEmpty { try container.encode(keywords, forKey: .keywords) }
        try container.encodeIfPresent(licenses, forKey: .licenses)
        try container.encode(resources, forKey: .resources)
    }
}

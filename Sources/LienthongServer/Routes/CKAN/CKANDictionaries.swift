import Foundation
import Lienthong

/// Lienthong's catalog in CKAN's shapes: a dataset is a package with one resource (its rows, which
/// `datastore_search` reads; the resource's id is the dataset's), an agency is an organization, a theme is a
/// group, a keyword is a tag.
struct CKANDictionaries {
    let base: String

    static func timestamp(_ date: Date) -> String {
        // CKAN writes naive UTC times with microseconds.
        var text = date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).dateTimeSeparator(.standard))
        if text.hasSuffix("Z") { text.removeLast() }
        return text + "000"
    }

    static func groupName(_ theme: String) -> String {
        SearchText.slug(theme)
    }

    func organization(_ agency: Agency, packageCount: Int) -> [String: Any] {
        [
            "id": agency.id.lowercasedString, "name": agency.code, "title": agency.nameVi, "display_name": agency.nameVi,
            "description": agency.nameEn, "type": "organization", "is_organization": true, "state": "active",
            "approval_status": "approved", "image_url": "", "image_display_url": "", "created": Self.timestamp(agency.createdAt),
            "package_count": packageCount,
        ]
    }

    func group(_ theme: String, packageCount: Int) -> [String: Any] {
        let name = Self.groupName(theme)
        return [
            "id": name, "name": name, "title": theme, "display_name": theme, "description": "", "type": "group", "is_organization": false,
            "state": "active", "approval_status": "approved", "image_url": "", "image_display_url": "", "package_count": packageCount,
        ]
    }

    func resource(_ dataset: Dataset) -> [String: Any] {
        let id = dataset.id.lowercasedString
        return [
            "id": id, "package_id": id, "name": dataset.titleVi, "description": dataset.descriptionVi, "format": "CSV",
            "mimetype": "text/csv", "url": base + "/api/v1/datasets/\(dataset.code)/data?format=csv", "url_type": "datastore",
            "size": NSNull(), "created": Self.timestamp(dataset.createdAt), "last_modified": Self.timestamp(dataset.updatedAt),
            "datastore_active": true, "state": "active", "position": 0,
        ]
    }

    func package(_ dataset: Dataset, agency: Agency?) -> [String: Any] {
        let id = dataset.id.lowercasedString
        let licence: (id: String, title: String) =
            switch dataset.licence {
            case "CC BY 4.0": ("cc-by", "Creative Commons Attribution")
            case "": ("notspecified", "License not specified")
            default: (dataset.licence, dataset.licence)
            }
        var package: [String: Any] = [
            "id": id, "name": dataset.code, "title": dataset.titleVi, "type": "dataset",
            "state": dataset.status == .retired ? "deleted" : dataset.status == .draft ? "draft" : "active",
            "private": dataset.sharingLevel == .private, "notes": dataset.descriptionVi, "license_id": licence.id,
            "license_title": licence.title, "metadata_created": Self.timestamp(dataset.createdAt),
            "metadata_modified": Self.timestamp(dataset.updatedAt), "url": base + "/catalog/\(dataset.code)",
            "version": String(dataset.schemaVersion),
            "author": agency?.nameVi ?? dataset.ownerAgencyCode, "author_email": NSNull(),
            "maintainer": dataset.contactName.isEmpty ? NSNull() : dataset.contactName,
            "maintainer_email": dataset.contactEmail.isEmpty ? NSNull() : dataset.contactEmail,
            "num_resources": 1, "num_tags": dataset.keywords.count,
            "tags": dataset.keywords.map { ["name": $0, "display_name": $0, "state": "active", "vocabulary_id": NSNull()] },
            "groups": dataset.themes.map { group($0, packageCount: 0) }, "resources": [resource(dataset)],
            "extras": [
                ["key": "sharing_level", "value": dataset.sharingLevel.rawValue],
                ["key": "update_frequency", "value": dataset.updateFrequency.rawValue],
                ["key": "legal_basis", "value": dataset.legalBasis], ["key": "title_en", "value": dataset.titleEn],
                ["key": "dcat", "value": base + "/catalog/\(dataset.code).jsonld"],
            ],
        ]
        if let agency {
            package["owner_org"] = agency.id.lowercasedString
            package["organization"] = organization(agency, packageCount: 0).filter { $0.key != "package_count" }
        }
        return package
    }

    /// A schema field as a datastore field: CKAN's type names and the field's title and description as info.
    static func field(_ field: SchemaField) -> [String: Any] {
        let type: String =
            switch field.type {
            case .string: "text"
            case .integer, .year: "int"
            case .number: "numeric"
            case .boolean: "bool"
            case .date: "date"
            case .datetime: "timestamp"
            case .time: "time"
            }
        return ["id": field.name, "type": type, "info": ["label": field.title ?? "", "notes": field.description ?? ""]]
    }
}

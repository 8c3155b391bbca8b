import Foundation

/// The catalog as DCAT-AP 3.0.0: a `dcat:Catalog` with its publisher, its datasets (with publisher, access
/// rights and frequency from the EU vocabularies, contact point, themes and distributions) and the records API as
/// a `dcat:DataService`. Every IRI an object points to is typed in the export, as the official SHACL shapes
/// require. IRIs are built from the platform's public base URL.
public struct DCATExport: Sendable {
    /// One dataset as the export needs it, from the live catalog or from a publication.
    public struct Entry: Sendable {
        public var code: String
        public var titleVi: String
        public var titleEn: String
        public var descriptionVi: String
        public var descriptionEn: String
        public var keywords: [String]
        public var themes: [String]
        public var agencyCode: String
        public var agencyNameVi: String
        public var agencyNameEn: String
        public var sharingLevel: SharingLevel
        public var updateFrequency: UpdateFrequency
        public var licence: String
        public var legalBasis: String
        public var contactName: String
        public var contactEmail: String
        public var issued: Date?
        public var modified: Date?
        public var schemaVersion: Int

        public init(dataset: Dataset, agencyNameVi: String, agencyNameEn: String) {
            code = dataset.code
            titleVi = dataset.titleVi
            titleEn = dataset.titleEn
            descriptionVi = dataset.descriptionVi
            descriptionEn = dataset.descriptionEn
            keywords = dataset.keywords
            themes = dataset.themes
            agencyCode = dataset.ownerAgencyCode
            self.agencyNameVi = agencyNameVi
            self.agencyNameEn = agencyNameEn
            sharingLevel = dataset.sharingLevel
            updateFrequency = dataset.updateFrequency
            licence = dataset.licence
            legalBasis = dataset.legalBasis
            contactName = dataset.contactName
            contactEmail = dataset.contactEmail
            issued = dataset.publishedAt
            modified = dataset.updatedAt
            schemaVersion = dataset.schemaVersion
        }

        public init(entry: PublicationEntry) {
            code = entry.code
            titleVi = entry.titleVi
            titleEn = entry.titleEn
            descriptionVi = ""
            descriptionEn = ""
            keywords = []
            themes = entry.themes
            agencyCode = entry.ownerAgencyCode
            agencyNameVi = entry.ownerAgencyNameVi
            agencyNameEn = entry.ownerAgencyNameEn
            sharingLevel = entry.sharingLevel
            updateFrequency = entry.updateFrequency
            licence = entry.licence
            legalBasis = entry.legalBasis
            contactName = ""
            contactEmail = ""
            issued = nil
            modified = nil
            schemaVersion = entry.schemaVersion
        }
    }

    /// The public base URL, without a trailing slash.
    public let base: String

    public init(baseURL: String) {
        base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    static let accessRights = "http://publications.europa.eu/resource/authority/access-right/"
    static let frequencies = "http://publications.europa.eu/resource/authority/frequency/"
    static let fileTypes = "http://publications.europa.eu/resource/authority/file-type/"
    static let licences = "http://publications.europa.eu/resource/authority/licence/"

    /// A catalog of `entries`: the live one or a publication's, `page` its web page (the catalog's IRI is the
    /// page's with `#catalog`).
    public func catalog(
        page: String, titleVi: String, titleEn: String, descriptionVi: String, descriptionEn: String, issued: Date? = nil,
        entries: [Entry], agencyServices: [(service: AgencyService, agencyNameVi: String, agencyNameEn: String)] = []
    ) -> RDFGraph {
        var graph = RDFGraph()
        var catalog = RDFGraph.Resource(page + "#catalog", types: ["dcat:Catalog"])
        catalog.add("dct:title", .text(titleVi, language: "vi"))
        catalog.add("dct:title", .text(titleEn, language: "en"))
        catalog.add("dct:description", .text(descriptionVi, language: "vi"))
        catalog.add("dct:description", .text(descriptionEn, language: "en"))
        catalog.add("dct:publisher", .iri(platformPublisher))
        catalog.add("foaf:homepage", .iri(base + "/catalog"))
        graph.add(Self.document(base + "/catalog"))
        if let issued { catalog.add("dct:issued", Self.dateTime(issued)) }
        var publisher = RDFGraph.Resource(platformPublisher, types: ["foaf:Agent"])
        publisher.add("foaf:name", .text("Nền tảng liên thông dữ liệu", language: "vi"))
        publisher.add("foaf:name", .text("Lienthong data platform", language: "en"))
        graph.add(publisher)
        var service = self.service(&graph)
        for entry in entries {
            let datasetIRI = self.datasetIRI(entry.code)
            catalog.add("dcat:dataset", .iri(datasetIRI))
            if entry.sharingLevel != .private { service.add("dcat:servesDataset", .iri(datasetIRI)) }
            for resource in dataset(entry) { graph.add(resource) }
        }
        catalog.add("dcat:service", .iri(service.iri))
        for entry in agencyServices {
            let resource = self.agencyService(entry.service)
            catalog.add("dcat:service", .iri(resource.iri))
            graph.add(resource)
            graph.add(Self.resource(base + "/gateway/v1/services/\(entry.service.key)/"))
            var agency = RDFGraph.Resource(base + "/agencies/" + entry.service.agencyCode, types: ["foaf:Agent"])
            agency.add("foaf:name", .text(entry.agencyNameVi, language: "vi"))
            if !entry.agencyNameEn.isEmpty { agency.add("foaf:name", .text(entry.agencyNameEn, language: "en")) }
            graph.add(agency)
            let rights = Self.rightsCode(entry.service.sharingLevel)
            var statement = RDFGraph.Resource(Self.accessRights + rights, types: ["dct:RightsStatement"])
            statement.add("skos:prefLabel", .text(rights, language: "en"))
            graph.add(statement)
        }
        graph.add(catalog)
        graph.add(service)
        return graph
    }

    /// An agency's registered service as a `dcat:DataService` reached through the gateway (its own address is
    /// never published), with its access rights.
    private func agencyService(_ service: AgencyService) -> RDFGraph.Resource {
        var resource = RDFGraph.Resource(base + "/services/\(service.key)#service", types: ["dcat:DataService"])
        resource.add("dct:identifier", .string(service.key))
        resource.add("dct:title", .text(service.nameVi, language: "vi"))
        resource.add("dct:title", .text(service.nameEn, language: "en"))
        if !service.descriptionVi.isEmpty { resource.add("dct:description", .text(service.descriptionVi, language: "vi")) }
        resource.add("dcat:endpointURL", .iri(base + "/gateway/v1/services/\(service.key)/"))
        resource.add("dct:publisher", .iri(base + "/agencies/" + service.agencyCode))
        resource.add("dct:accessRights", .iri(Self.accessRights + Self.rightsCode(service.sharingLevel)))
        return resource
    }

    /// A publication, as the catalog it was.
    public func publication(_ publication: CatalogPublication) -> RDFGraph {
        catalog(
            page: base + "/publications/\(publication.number)",
            titleVi: Messages.publicationHeading.format(String(publication.number)).vi,
            titleEn: Messages.publicationHeading.format(String(publication.number)).en,
            descriptionVi: publication.note.isEmpty ? "Bản chụp danh mục dữ liệu dùng chung, không thể sửa." : publication.note,
            descriptionEn: "An immutable snapshot of the catalog of shared data (SHA-256 \(publication.sha256)).",
            issued: publication.publishedAt, entries: publication.entries.map(Entry.init(entry:)))
    }

    /// One dataset on its own, with what it points to (the records API too, when it serves the dataset).
    public func dataset(_ entry: Entry) -> RDFGraph {
        var graph = RDFGraph()
        for resource in dataset(entry) { graph.add(resource) }
        if entry.sharingLevel != .private {
            var service = service(&graph)
            service.add("dcat:servesDataset", .iri(datasetIRI(entry.code)))
            graph.add(service)
        }
        return graph
    }

    /// The records API as a `dcat:DataService` (the caller adds the datasets it serves, then the service), and
    /// its typed endpoint addresses added to `graph`.
    private func service(_ graph: inout RDFGraph) -> RDFGraph.Resource {
        var service = RDFGraph.Resource(base + "/api/v1/datasets", types: ["dcat:DataService"])
        service.add("dct:title", .text("API dữ liệu Lienthong", language: "vi"))
        service.add("dct:title", .text("Lienthong records API", language: "en"))
        service.add("dcat:endpointURL", .iri(base + "/api/v1/"))
        service.add("dcat:endpointDescription", .iri(base + "/openapi.json"))
        graph.add(Self.resource(base + "/api/v1/"))
        graph.add(Self.resource(base + "/openapi.json"))
        return service
    }

    /// A dataset's IRI: its page, with `#dataset` (the page itself is the landing page).
    public func datasetIRI(_ code: String) -> String { pageIRI(code) + "#dataset" }

    func pageIRI(_ code: String) -> String { base + "/catalog/" + code }

    var platformPublisher: String { base + "/#publisher" }

    private func dataset(_ entry: Entry) -> [RDFGraph.Resource] {
        var resources: [RDFGraph.Resource] = []
        let iri = datasetIRI(entry.code)
        let page = pageIRI(entry.code)
        var dataset = RDFGraph.Resource(iri, types: ["dcat:Dataset"])
        dataset.add("dct:identifier", .string(entry.code))
        dataset.add("dct:title", .text(entry.titleVi, language: "vi"))
        if !entry.titleEn.isEmpty { dataset.add("dct:title", .text(entry.titleEn, language: "en")) }
        // A description is mandatory; a dataset without one is described by its title.
        dataset.add("dct:description", .text(entry.descriptionVi.isEmpty ? entry.titleVi : entry.descriptionVi, language: "vi"))
        if !entry.descriptionEn.isEmpty { dataset.add("dct:description", .text(entry.descriptionEn, language: "en")) }
        for keyword in entry.keywords { dataset.add("dcat:keyword", .text(keyword, language: "vi")) }
        for theme in entry.themes {
            var concept = RDFGraph.Resource(base + "/themes/" + SearchText.slug(theme), types: ["skos:Concept"])
            concept.add("skos:prefLabel", .text(theme, language: "vi"))
            resources.append(concept)
            dataset.add("dcat:theme", .iri(concept.iri))
        }
        let agencyIRI = base + "/agencies/" + entry.agencyCode
        var agency = RDFGraph.Resource(agencyIRI, types: ["foaf:Agent"])
        agency.add("foaf:name", .text(entry.agencyNameVi, language: "vi"))
        if !entry.agencyNameEn.isEmpty { agency.add("foaf:name", .text(entry.agencyNameEn, language: "en")) }
        resources.append(agency)
        dataset.add("dct:publisher", .iri(agencyIRI))

        let rights = Self.rightsCode(entry.sharingLevel)
        var rightsStatement = RDFGraph.Resource(Self.accessRights + rights, types: ["dct:RightsStatement"])
        rightsStatement.add("skos:prefLabel", .text(rights, language: "en"))
        resources.append(rightsStatement)
        dataset.add("dct:accessRights", .iri(rightsStatement.iri))
        var frequency = RDFGraph.Resource(Self.frequencies + Self.frequencyCode(entry.updateFrequency), types: ["dct:Frequency"])
        frequency.add("skos:prefLabel", .text(entry.updateFrequency.rawValue, language: "en"))
        resources.append(frequency)
        dataset.add("dct:accrualPeriodicity", .iri(frequency.iri))
        if !entry.contactName.isEmpty || !entry.contactEmail.isEmpty {
            var contact = RDFGraph.Resource(page + "#contact", types: ["vcard:Kind"])
            contact.add("vcard:fn", .string(entry.contactName.isEmpty ? entry.agencyNameVi : entry.contactName))
            if !entry.contactEmail.isEmpty { contact.add("vcard:hasEmail", .iri("mailto:" + entry.contactEmail)) }
            resources.append(contact)
            dataset.add("dcat:contactPoint", .iri(contact.iri))
        }
        if let issued = entry.issued { dataset.add("dct:issued", Self.dateTime(issued)) }
        if let modified = entry.modified { dataset.add("dct:modified", Self.dateTime(modified)) }
        dataset.add("dcat:landingPage", .iri(page))
        resources.append(Self.document(page))

        // The schema the rows follow, as the standard they conform to.
        let schemaIRI = base + "/api/v1/datasets/\(entry.code)/schema?version=\(entry.schemaVersion)"
        var standard = RDFGraph.Resource(schemaIRI, types: ["dct:Standard"])
        standard.add("dct:title", .text("Table Schema v\(entry.schemaVersion)", language: "en"))
        resources.append(standard)
        dataset.add("dct:conformsTo", .iri(schemaIRI))

        // Distributions: open data downloads as CSV and JSON; shared data is reached through the API under a grant.
        let formats: [(String, String)] = entry.sharingLevel == .open ? [("CSV", "csv"), ("JSON", "json")] : []
        for (type, format) in formats {
            let download = base + "/api/v1/datasets/\(entry.code)/data?format=\(format)"
            var distribution = RDFGraph.Resource(page + "#" + format, types: ["dcat:Distribution"])
            distribution.add("dct:title", .text("\(entry.titleVi) (\(type))", language: "vi"))
            distribution.add("dcat:accessURL", .iri(download))
            distribution.add("dcat:downloadURL", .iri(download))
            distribution.add("dct:format", .iri(Self.fileTypes + type))
            distribution.add("dct:conformsTo", .iri(schemaIRI))
            if let licence = licence(entry.licence) {
                distribution.add("dct:license", .iri(licence.iri))
                resources.append(licence)
            }
            resources.append(Self.resource(download))
            var fileType = RDFGraph.Resource(Self.fileTypes + type, types: ["dct:MediaTypeOrExtent"])
            fileType.add("skos:prefLabel", .string(type))
            resources.append(fileType)
            resources.append(distribution)
            dataset.add("dcat:distribution", .iri(distribution.iri))
        }
        if entry.sharingLevel == .shared {
            let access = base + "/api/v1/datasets/\(entry.code)/records"
            var distribution = RDFGraph.Resource(page + "#api", types: ["dcat:Distribution"])
            distribution.add("dct:title", .text("\(entry.titleVi) (API, cần được cấp quyền)", language: "vi"))
            distribution.add("dcat:accessURL", .iri(access))
            distribution.add("dcat:accessService", .iri(base + "/api/v1/datasets"))
            distribution.add("dct:conformsTo", .iri(schemaIRI))
            resources.append(Self.resource(access))
            resources.append(distribution)
            dataset.add("dcat:distribution", .iri(distribution.iri))
        }
        resources.insert(dataset, at: 0)
        return resources
    }

    /// The licence as a `dct:LicenseDocument`: the EU vocabulary's IRI for the Creative Commons licences, else one
    /// minted under the base URL with the licence's text as its label.
    private func licence(_ text: String) -> RDFGraph.Resource? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        let known = ["CC BY 4.0": "CC_BY_4_0", "CC0": "CC0", "CC0 1.0": "CC0", "CC BY-SA 4.0": "CC_BYSA_4_0"]
        var licence = RDFGraph.Resource(
            known[trimmed].map { Self.licences + $0 } ?? base + "/licences/" + SearchText.slug(trimmed), types: ["dct:LicenseDocument"])
        licence.add("rdfs:label", .string(trimmed))
        return licence
    }

    /// A sharing level as the EU access-right vocabulary names it.
    static func rightsCode(_ level: SharingLevel) -> String {
        switch level {
        case .open: "PUBLIC"
        case .shared: "RESTRICTED"
        case .private: "NON_PUBLIC"
        }
    }

    static func frequencyCode(_ frequency: UpdateFrequency) -> String {
        switch frequency {
        case .continuous: "UPDATE_CONT"
        case .daily: "DAILY"
        case .weekly: "WEEKLY"
        case .monthly: "MONTHLY"
        case .quarterly: "QUARTERLY"
        case .annual: "ANNUAL"
        case .irregular: "IRREG"
        }
    }

    static func dateTime(_ date: Date) -> RDFGraph.Term {
        .typed(date.formatted(.iso8601), datatype: "xsd:dateTime")
    }

    /// A web address typed as `rdfs:Resource`, as the shapes want for access, download and endpoint URLs.
    static func resource(_ iri: String) -> RDFGraph.Resource { RDFGraph.Resource(iri, types: ["rdfs:Resource"]) }

    /// A landing page, typed as `foaf:Document`.
    static func document(_ iri: String) -> RDFGraph.Resource { RDFGraph.Resource(iri, types: ["foaf:Document"]) }
}

import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// Catalog publications in the browser: the list with the coordinator's publish form (`/publications`), one
/// publication (`/publications/{number}`) with its CSV, a printable view and a comparison with an earlier one.
struct PublicationPages {
    let services: AppServices

    struct ListContent {
        let publications: [SummaryRow]
        let isEmpty: Bool
        let canPublish: Bool
    }

    struct SummaryRow {
        let number: Int
        let date: String
        let by: String
        let count: Int
        let note: String?
    }

    struct PublicationContent {
        let number: Int
        let heading: String
        let date: String
        let by: String
        let note: String?
        let sha256: String
        let count: Int
        let entries: [EntryRow]
        let earlier: [EarlierOption]
        let hasEarlier: Bool
    }

    struct EntryRow {
        let index: Int
        let code: String
        let title: String
        let otherTitle: String
        let agency: String
        let sharing: String
        let sharingClass: String
        let frequency: String
        let legalBasis: String
        let schemaVersion: Int
        let fieldCount: Int
    }

    struct EarlierOption {
        let number: Int
        let selected: Bool
    }

    struct ChangesContent {
        let heading: String
        let from: Int
        let to: Int
        let added: [EntryRow]
        let removed: [EntryRow]
        let changed: [ChangedRow]
        let hasAdded: Bool
        let hasRemoved: Bool
        let hasChanged: Bool
        let isEmpty: Bool
    }

    struct ChangedRow {
        let code: String
        let title: String
        let changes: [ChangeRow]
    }

    struct ChangeRow {
        let attribute: String
        let from: String
        let to: String
    }

    func register(on routes: RouteRegistrar) {
        let store = PublicationStore(database: services.database)
        routes.page(.get, "/publications") { request, context in
            try await list(request, context, notice: nil, status: .ok)
        }
        routes.page(.post, "/publications") { request, context in
            let form = try await WebForm.read(request)
            do {
                let publication = try await PublicationRoutes.publish(note: form.text("note"), context: context, services: services)
                return WebRenderer.redirect(to: "/publications/\(publication.number)")
            } catch let error as CatalogError {
                return try await list(request, context, notice: .error(error.message.text(context.language)), status: .unprocessableContent)
            }
        }
        routes.page(.get, "/publications/{number}") { request, context in
            // `/publications/{number}.jsonld` and `.ttl`: the publication as a DCAT-AP catalog.
            if let (number, syntax) = DCATRoutes.Syntax.split(try context.parameters.require("number")) {
                guard let number = Int(number), let publication = try await store.publication(number) else { throw Problem.notFound }
                return syntax.response(DCATRoutes(services: services).export.publication(publication))
            }
            let publication = try await PublicationRoutes.publication(context, store: store)
            let earlier = try await store.summaries().filter { $0.number < publication.number }
            let content = publicationContent(publication, context.language, earlier: earlier.map(\.number))
            return try services.web.page("publication", title: content.heading, content: content, request: request, context: context)
        }
        routes.page(.get, "/publications/{number}/print") { request, context in
            let publication = try await PublicationRoutes.publication(context, store: store)
            let content = publicationContent(publication, context.language, earlier: [])
            return try services.web.page("publication-print", title: content.heading, content: content, request: request, context: context)
        }
        routes.page(.get, "/publications/{number}/changes") { request, context in
            let publication = try await PublicationRoutes.publication(context, store: store)
            let since = try await PublicationRoutes.since(request, publication: publication, store: store)
            let comparison = PublicationComparison(from: since, to: publication)
            let language = context.language
            let t = Messages.webTexts(language)
            let content = ChangesContent(
                heading: Messages.publicationChanges.format(String(since.number), String(publication.number)).text(language),
                from: since.number, to: publication.number,
                added: comparison.added.enumerated().map { entryRow($0.element, index: $0.offset + 1, language) },
                removed: comparison.removed.enumerated().map { entryRow($0.element, index: $0.offset + 1, language) },
                changed: comparison.changed.map { changed in
                    ChangedRow(
                        code: changed.code, title: language == .en ? changed.titleEn : changed.titleVi,
                        changes: changed.changes.map { change in
                            // Sharing levels and frequencies are codes; the page shows their names.
                            let prefix = ["sharingLevel": "sharing_", "updateFrequency": "frequency_"][change.attribute]
                            func label(_ value: String) -> String { prefix.flatMap { t[$0 + value] } ?? value }
                            return ChangeRow(
                                attribute: t["pub_attr_\(change.attribute)"] ?? change.attribute, from: label(change.from), to: label(change.to))
                        }
                    )
                }, hasAdded: !comparison.added.isEmpty, hasRemoved: !comparison.removed.isEmpty, hasChanged: !comparison.changed.isEmpty,
                isEmpty: comparison.isEmpty)
            return try services.web.page("publication-changes", title: content.heading, content: content, request: request, context: context)
        }
    }

    private func list(_ request: Request, _ context: AppRequestContext, notice: Notice?, status: HTTPResponse.Status) async throws -> Response {
        let summaries = try await PublicationStore(database: services.database).summaries()
        let language = context.language
        let content = ListContent(
            publications: summaries.map {
                SummaryRow(
                    number: $0.number, date: DisplayDate.format($0.publishedAt, language), by: $0.publishedBy, count: $0.datasetCount,
                    note: $0.note.isEmpty ? nil : $0.note)
            }, isEmpty: summaries.isEmpty, canPublish: context.identity?.role == .admin)
        let t = Messages.webTexts(language)
        return try services.web.page(
            "publications", title: t["pub_title"]!, content: content, request: request, context: context, status: status, notice: notice)
    }

    private func publicationContent(_ publication: CatalogPublication, _ language: Language, earlier: [Int]) -> PublicationContent {
        PublicationContent(
            number: publication.number, heading: Messages.publicationHeading.format(String(publication.number)).text(language),
            date: DisplayDate.format(publication.publishedAt, language), by: publication.publishedBy,
            note: publication.note.isEmpty ? nil : publication.note, sha256: publication.sha256, count: publication.entries.count,
            entries: publication.entries.enumerated().map { entryRow($0.element, index: $0.offset + 1, language) },
            earlier: earlier.map { EarlierOption(number: $0, selected: $0 == publication.number - 1) }, hasEarlier: !earlier.isEmpty)
    }

    private func entryRow(_ entry: PublicationEntry, index: Int, _ language: Language) -> EntryRow {
        let t = Messages.webTexts(language)
        return EntryRow(
            index: index, code: entry.code, title: language == .en ? entry.titleEn : entry.titleVi,
            otherTitle: language == .en ? entry.titleVi : entry.titleEn,
            agency: language == .en ? entry.ownerAgencyNameEn : entry.ownerAgencyNameVi,
            sharing: t["sharing_\(entry.sharingLevel.rawValue)"] ?? entry.sharingLevel.rawValue, sharingClass: entry.sharingLevel.rawValue,
            frequency: t["frequency_\(entry.updateFrequency.rawValue)"] ?? entry.updateFrequency.rawValue,
            legalBasis: entry.legalBasis.isEmpty ? "—" : entry.legalBasis, schemaVersion: entry.schemaVersion, fieldCount: entry.fields.count)
    }
}

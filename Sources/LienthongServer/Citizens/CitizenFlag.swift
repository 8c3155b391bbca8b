import Foundation
import Lienthong
import LienthongStore

/// A citizen flags a value about them as wrong. They type their citizen ID again (the session keeps only its keyed
/// hash), which must be theirs; the record is the one the dataset's person-key field says is about them.
struct CitizenFlag {
    let services: AppServices

    func flag(
        datasetCode: String, field: String, citizenID: String, reason: String, subject: String, context: AppRequestContext
    ) async throws -> Ticket {
        let citizenID = citizenID.trimmingCharacters(in: .whitespaces)
        guard CitizenID.isValid(citizenID), services.configuration.keys.subjects.hash(citizenID) == subject else {
            throw SharingError.invalidFields(["citizenId"])
        }
        let datasets = DatasetStore(database: services.database)
        guard let dataset = try await datasets.dataset(datasetCode) else { throw CatalogError.unknownDataset(datasetCode) }
        let schema = try await datasets.schema(of: dataset)
        guard let personKey = schema.subjectField, schema.field(field) != nil else { throw SharingError.invalidFields(["field"]) }
        // The record about them: by its primary key when the person key is it, else the first row that names them.
        var key: [String]?
        if schema.primaryKey == [personKey.name] {
            key = [citizenID]
        } else {
            let query = RecordQuery(filters: [RecordQuery.Filter(field: personKey.name, op: .eq, values: [.string(citizenID)])])
            let page = try await HostedDataStore(database: services.database).records(of: dataset, schema: schema, query: query, after: nil, limit: 1)
            if let first = page.records.first {
                key = schema.primaryKey.compactMap { name in schema.fields.firstIndex { $0.name == name }.map { first[$0].text } }
            }
        }
        guard let key, !key.isEmpty,
            let ticket = try await QualityStore(database: services.database).flag(
                dataset, key: key, field: field, reason: reason, by: .citizen(subject: subject))
        else { throw Problem.notFound }
        try await services.audit.record(
            context, "quality.flag", resource: "ticket:\(ticket.id.lowercasedString)", actor: AuditActor(kind: .citizen, id: subject),
            agencyCode: dataset.ownerAgencyCode, datasetCode: dataset.code, subjects: [subject])
        return ticket
    }
}

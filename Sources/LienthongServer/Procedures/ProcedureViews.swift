import Foundation
import Lienthong
import LienthongStore

/// A procedure as the API shows it.
struct ProcedureView: Encodable, Sendable {
    let code: String
    let nameVi: String
    let nameEn: String
    let ownerAgencyCode: String
    let systemClientId: String?
    let processingDays: Int
    let feeDong: Int
    let documents: [String]
    let fields: [FormField]
    let active: Bool
    /// Fields prefilled from shared data / all fields.
    let prefilledFields: Int
    let updatedAt: Date

    init(_ procedure: Procedure) {
        code = procedure.code
        nameVi = procedure.nameVi
        nameEn = procedure.nameEn
        ownerAgencyCode = procedure.ownerAgencyCode
        systemClientId = procedure.systemClientID?.lowercasedString
        processingDays = procedure.processingDays
        feeDong = procedure.feeDong
        documents = procedure.documents
        fields = procedure.fields
        active = procedure.active
        prefilledFields = procedure.fields.filter { $0.source != nil }.count
        updatedAt = procedure.updatedAt
    }
}

/// A case as the API shows it, with how it stands against its due date today.
struct CaseView: Encodable, Sendable {
    let id: String
    let number: String
    let procedureCode: String
    let agencyCode: String
    let channel: ServiceCase.Channel
    let status: CaseStatus
    let timeliness: Timeliness
    let receivedAt: Date
    let dueOn: CivilDate
    let pausedOn: CivilDate?
    let pausedDays: Int
    let finishedAt: Date?
    let reason: String?
    let values: [CaseValue]
    let events: [CaseEvent]
    let rating: CaseRating?
    /// Statuses an officer may move it to now.
    let next: [CaseStatus]

    init(_ item: ServiceCase, at time: Date = Date()) {
        id = item.id.lowercasedString
        number = item.number
        procedureCode = item.procedureCode
        agencyCode = item.agencyCode
        channel = item.channel
        status = item.status
        timeliness = item.timeliness(on: CivilDate(vietnam: time))
        receivedAt = item.receivedAt
        dueOn = item.dueOn
        pausedOn = item.pausedOn
        pausedDays = item.pausedDays
        finishedAt = item.finishedAt
        reason = item.reason
        values = item.values
        events = item.events
        rating = item.rating
        next = item.status.next
    }
}

/// An application's form as the API shows it: each field with its prefilled value and source, or empty to type.
struct FormView: Encodable, Sendable {
    struct Field: Encodable, Sendable {
        let name: String
        let labelVi: String
        let labelEn: String
        let kind: FormField.Kind
        let required: Bool
        let prefilled: Bool
        let value: String?
        let sourceDataset: String?
        let sourceAgency: String?
        let sourceUpdatedAt: Date?
    }

    struct Notice: Encodable, Sendable {
        let dataset: String
        let agencyCode: String
        let fields: [String]
        let reason: PrefillNotice.Reason
        let message: String
    }

    let applicationId: String
    let procedure: String
    let fields: [Field]
    let notices: [Notice]

    init(id: UUID, procedure: Procedure, prefill: PrefillResult, language: Language) {
        applicationId = id.lowercasedString
        self.procedure = procedure.code
        fields = procedure.fields.map { field in
            let value = prefill.value(field.name)
            return Field(
                name: field.name, labelVi: field.labelVi, labelEn: field.labelEn, kind: field.kind, required: field.required,
                prefilled: value != nil, value: value?.value, sourceDataset: value?.sourceDataset, sourceAgency: value?.sourceAgency,
                sourceUpdatedAt: value?.sourceUpdatedAt)
        }
        notices = prefill.notices.map {
            Notice(
                dataset: $0.dataset, agencyCode: $0.agencyCode, fields: $0.fields, reason: $0.reason,
                message: $0.message.format($0.agencyCode).text(language))
        }
    }
}

/// A consent as the API shows it.
struct ConsentView: Encodable, Sendable {
    let id: String
    let applicationId: String
    let procedureCode: String
    let datasetCode: String
    let sourceAgencyCode: String
    let fields: [String]
    let accepted: Bool
    let givenAt: Date
    let validUntil: CivilDate
    let withdrawnAt: Date?
    /// Whether reads may rely on it now.
    let inForce: Bool

    init(_ consent: Consent, at time: Date = Date()) {
        id = consent.id.lowercasedString
        applicationId = consent.applicationID.lowercasedString
        procedureCode = consent.procedureCode
        datasetCode = consent.datasetCode
        sourceAgencyCode = consent.sourceAgencyCode
        fields = consent.fields
        accepted = consent.accepted
        givenAt = consent.givenAt
        validUntil = consent.validUntil
        withdrawnAt = consent.withdrawnAt
        inForce = consent.allowsReads(at: time)
    }
}

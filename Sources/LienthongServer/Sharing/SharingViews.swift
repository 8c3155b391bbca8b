import Foundation
import Lienthong
import LienthongStore

/// An access request as the API shows it, with its timeline.
struct AccessRequestView: Encodable, Sendable {
    struct Event: Encodable, Sendable {
        let kind: String
        let at: Date
        let by: String
        let note: String
    }

    struct Answer: Encodable, Sendable {
        let decision: String
        let fields: [String]
        let rowFilter: RowFilter?
        let validUntil: CivilDate?
        let reason: String
        let legalBasis: String
        let by: String
        let at: Date
    }

    struct Decision: Encodable, Sendable {
        let decision: String
        let note: String
        let legalBasis: String
        let by: String
        let at: Date
    }

    let id: String
    let requesterAgencyCode: String
    let ownerAgencyCode: String
    let dataset: String
    let fields: [String]
    let purpose: String
    let legalBasis: String
    let justification: String
    let clientIds: [String]
    let until: CivilDate
    let submittedBy: String
    let submittedAt: Date
    let dueOn: CivilDate
    /// The working day it escalates on if still unanswered.
    let escalatesOn: CivilDate
    let status: AccessRequestStatus
    let answer: Answer?
    let escalatedAt: Date?
    let coordinatorDecision: Decision?
    let grantId: String?
    let events: [Event]?

    init(_ request: AccessRequest, events: [AccessRequestEvent]? = nil, calendar: WorkingDayCalendar) {
        id = request.id.lowercasedString
        requesterAgencyCode = request.requesterAgencyCode
        ownerAgencyCode = request.ownerAgencyCode
        dataset = request.datasetCode
        fields = request.fields
        purpose = request.purposeCode
        legalBasis = request.legalBasis
        justification = request.justification
        clientIds = request.clientIDs.map(\.lowercasedString)
        until = request.requestedUntil
        submittedBy = request.submittedBy
        submittedAt = request.submittedAt
        dueOn = request.dueOn
        escalatesOn = request.escalationDay(calendar)
        status = request.status
        answer = request.answer.map {
            Answer(
                decision: $0.decision.rawValue, fields: $0.fields, rowFilter: $0.rowFilter, validUntil: $0.validUntil, reason: $0.reason,
                legalBasis: $0.legalBasis, by: $0.by, at: $0.at)
        }
        escalatedAt = request.escalatedAt
        coordinatorDecision = request.decision.map {
            Decision(decision: $0.kind.rawValue, note: $0.note, legalBasis: $0.legalBasis, by: $0.by, at: $0.at)
        }
        grantId = request.grantID?.lowercasedString
        self.events = events?.map { Event(kind: $0.kind.rawValue, at: $0.at, by: $0.by, note: $0.note) }
    }
}

/// A grant as the API shows it.
struct GrantView: Encodable, Sendable {
    let id: String
    let requestId: String?
    let consumerAgencyCode: String
    let clientIds: [String]
    let dataset: String
    let fields: [String]
    let purposes: [String]
    let rowFilter: RowFilter?
    let validFrom: Date
    let validUntil: Date?
    let state: Grant.State
    let createdBy: String
    let createdAt: Date
    let revokedAt: Date?
    let revokedBy: String?
    let revokeReason: String?

    init(_ grant: Grant, now: Date = Date()) {
        id = grant.id.lowercasedString
        requestId = grant.requestID?.lowercasedString
        consumerAgencyCode = grant.consumerAgencyCode
        clientIds = grant.clientIDs.map(\.lowercasedString)
        dataset = grant.datasetCode
        fields = grant.fields
        purposes = grant.purposes
        rowFilter = grant.rowFilter
        validFrom = grant.validFrom
        validUntil = grant.validUntil
        state = grant.state(at: now)
        createdBy = grant.createdBy
        createdAt = grant.createdAt
        revokedAt = grant.revokedAt
        revokedBy = grant.revokedBy
        revokeReason = grant.revokeReason
    }
}

import Foundation

/// A consumer agency's request to read another agency's dataset (some or all of its fields) for a purpose.
///
/// The owner must answer by `dueOn` (working days after submission): grant fully, grant part, or refuse in
/// writing with a legal basis. Left unanswered, it escalates to the coordinator, who orders the grant or
/// upholds a refusal. Every step is in `events` and in the audit log.
public struct AccessRequest: Sendable, Hashable, Codable {
    public var id: UUID
    public var requesterAgencyCode: String
    public var ownerAgencyCode: String
    /// What is asked for: a dataset, or an agency's service.
    public var target: AccessTarget
    /// The dataset's code, or the service's `agency/code`.
    public var datasetCode: String
    /// The fields asked for, in schema order; for a service, its endpoints (`GET /facilities/{id}`).
    public var fields: [String]
    public var purposeCode: String
    /// The law or decision that lets the requester use the data.
    public var legalBasis: String
    /// Why the data is needed, in the requester's words.
    public var justification: String
    /// The requester's systems (API clients) that will read; empty means every system of the agency.
    public var clientIDs: [UUID]
    /// The last day the requester wants to read.
    public var requestedUntil: CivilDate
    public var submittedBy: String
    public var submittedAt: Date
    /// The last working day for the owner's answer.
    public var dueOn: CivilDate
    public var status: AccessRequestStatus
    public var answer: AccessAnswer?
    public var escalatedAt: Date?

    /// Whether the owner answered by the deadline on `today`: true on time, false late or still unanswered past it,
    /// nil while it is unanswered in term or was withdrawn (nothing to judge yet).
    public func answeredOnTime(on today: CivilDate) -> Bool? {
        if let answered = answer?.at { return CivilDate(vietnam: answered) <= dueOn }
        return today > dueOn && status != .withdrawn ? false : nil
    }
    /// The coordinator's decision on an escalated or refused request.
    public var decision: CoordinatorDecision?
    /// The grant the request led to.
    public var grantID: UUID?

    public init(
        id: UUID = UUID(), requesterAgencyCode: String, ownerAgencyCode: String, target: AccessTarget = .dataset, datasetCode: String,
        fields: [String],
        purposeCode: String, legalBasis: String, justification: String = "", clientIDs: [UUID] = [], requestedUntil: CivilDate,
        submittedBy: String, submittedAt: Date, dueOn: CivilDate, status: AccessRequestStatus = .pending,
        answer: AccessAnswer? = nil, escalatedAt: Date? = nil, decision: CoordinatorDecision? = nil, grantID: UUID? = nil
    ) {
        self.id = id
        self.requesterAgencyCode = requesterAgencyCode
        self.ownerAgencyCode = ownerAgencyCode
        self.target = target
        self.datasetCode = datasetCode
        self.fields = fields
        self.purposeCode = purposeCode
        self.legalBasis = legalBasis
        self.justification = justification
        self.clientIDs = clientIDs
        self.requestedUntil = requestedUntil
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
        self.dueOn = dueOn
        self.status = status
        self.answer = answer
        self.escalatedAt = escalatedAt
        self.decision = decision
        self.grantID = grantID
    }

    /// The working day on which an unanswered request escalates: the first working day after `dueOn`.
    public func escalationDay(_ calendar: WorkingDayCalendar) -> CivilDate {
        calendar.adding(workingDays: 1, to: dueOn)
    }

    /// Whether the owner answered by the deadline (nil while unanswered).
    public var answeredOnTime: Bool? {
        answer.map { CivilDate(vietnam: $0.at) <= dueOn }
    }
}

/// What an access request or a grant is about.
public enum AccessTarget: String, Sendable, Hashable, Codable, CaseIterable {
    /// A hosted dataset's records, read through `/gateway/v1/datasets/…`.
    case dataset
    /// A registered agency service, called through `/gateway/v1/services/…`.
    case service
}

/// Where a request stands.
public enum AccessRequestStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for the owner's answer, within the deadline.
    case pending
    /// The deadline passed without an answer: the coordinator decides (the owner may still answer).
    case escalated
    /// Granted as asked.
    case granted
    /// Granted with fewer fields, rows or time.
    case partlyGranted = "partly-granted"
    /// Refused by the owner, with a reason and a legal basis.
    case refused
    /// The coordinator ordered the grant.
    case ordered
    /// The coordinator upheld the refusal (or refused an unanswered request).
    case upheld
    /// The requester took the request back.
    case withdrawn

    /// Whether the request still waits for an answer.
    public var isOpen: Bool { self == .pending || self == .escalated }
}

/// The owner's answer.
public struct AccessAnswer: Sendable, Hashable, Codable {
    public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
        case grant
        case partial
        case refuse
    }

    public var decision: Decision
    /// The fields granted (empty for a refusal).
    public var fields: [String]
    public var rowFilter: RowFilter?
    /// The last day of the grant (empty for a refusal).
    public var validUntil: CivilDate?
    /// Why: required for a refusal, useful for a partial grant.
    public var reason: String
    /// The legal basis of a refusal (or of a limit).
    public var legalBasis: String
    public var by: String
    public var at: Date

    public init(
        decision: Decision, fields: [String] = [], rowFilter: RowFilter? = nil, validUntil: CivilDate? = nil, reason: String = "",
        legalBasis: String = "", by: String, at: Date
    ) {
        self.decision = decision
        self.fields = fields
        self.rowFilter = rowFilter
        self.validUntil = validUntil
        self.reason = reason
        self.legalBasis = legalBasis
        self.by = by
        self.at = at
    }
}

/// The coordinator's decision on a request that escalated or was refused.
public struct CoordinatorDecision: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The owner must share: a grant is made as the request asked.
        case order
        /// The refusal stands (for an unanswered request, the coordinator refuses with a legal basis).
        case uphold
    }

    public var kind: Kind
    public var note: String
    /// For `uphold`: the legal basis the refusal rests on.
    public var legalBasis: String
    public var by: String
    public var at: Date

    public init(kind: Kind, note: String, legalBasis: String = "", by: String, at: Date) {
        self.kind = kind
        self.note = note
        self.legalBasis = legalBasis
        self.by = by
        self.at = at
    }
}

/// One step of a request's timeline.
public struct AccessRequestEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case submitted, granted
        case partlyGranted = "partly-granted"
        case refused, escalated, ordered, upheld, withdrawn, revoked, reminded
    }

    public var kind: Kind
    public var at: Date
    /// Who: a username, or `system` for the escalation job.
    public var by: String
    public var note: String

    public init(kind: Kind, at: Date, by: String, note: String = "") {
        self.kind = kind
        self.at = at
        self.by = by
        self.note = note
    }
}

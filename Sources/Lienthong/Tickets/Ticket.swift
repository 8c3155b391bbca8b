import Foundation

/// One concept for every complaint on the platform (DESIGN.md): a citizen contesting a read, and later a flagged
/// value or a complaint on a case. A ticket goes to the data officers of the agencies concerned, has a status
/// timeline the citizen follows, and its turnaround is measured.
public struct Ticket: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A citizen contests a read of their data (an audit entry).
        case contestedRead = "contested-read"
        /// A consumer or a citizen flags a value as wrong: the owner fixes it by a load or an edit.
        case flaggedValue = "flagged-value"
    }

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case open, answered, closed
    }

    public var id: UUID
    public var kind: Kind
    /// The keyed hash of the citizen ID of the person who opened it.
    public var subject: String
    /// The audit entry contested.
    public var auditSequence: Int64
    /// The agency whose data was read, and the agency that read it.
    public var ownerAgencyCode: String
    public var readerAgencyCode: String
    public var datasetCode: String?
    /// The citizen's words.
    public var reason: String
    public var status: Status
    public var createdAt: Date
    public var answeredAt: Date?
    public var events: [Event]
    /// For a flagged value: the record's key, the field, and the value as it was when flagged.
    public var recordKey: String?
    public var fieldName: String?
    public var flaggedValue: String?
    /// For a flagged value: when a load or an edit changed it (which closed the ticket).
    public var resolvedAt: Date?

    public init(
        id: UUID = UUID(), kind: Kind = .contestedRead, subject: String, auditSequence: Int64, ownerAgencyCode: String, readerAgencyCode: String,
        datasetCode: String?, reason: String, status: Status = .open, createdAt: Date, answeredAt: Date? = nil, events: [Event] = [],
        recordKey: String? = nil, fieldName: String? = nil, flaggedValue: String? = nil, resolvedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.auditSequence = auditSequence
        self.ownerAgencyCode = ownerAgencyCode
        self.readerAgencyCode = readerAgencyCode
        self.datasetCode = datasetCode
        self.reason = reason
        self.status = status
        self.createdAt = createdAt
        self.answeredAt = answeredAt
        self.events = events
        self.recordKey = recordKey
        self.fieldName = fieldName
        self.flaggedValue = flaggedValue
        self.resolvedAt = resolvedAt
    }

    /// Hours from opening to the first answer (nil while unanswered): the turnaround.
    public var turnaroundHours: Double? { answeredAt.map { $0.timeIntervalSince(createdAt) / 3_600 } }

    /// One step of the timeline.
    public struct Event: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case opened, answered, closed
        }

        public var kind: Kind
        public var at: Date
        /// `citizen`, or a staff username.
        public var by: String
        public var note: String

        public init(kind: Kind, at: Date, by: String, note: String) {
            self.kind = kind
            self.at = at
            self.by = by
            self.note = note
        }
    }
}

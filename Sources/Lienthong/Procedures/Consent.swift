import Foundation

/// A citizen's answer, for one application, to one source of prefilled values: which agency's dataset, which
/// fields, for which purpose (the procedure's code) and until when. Declined sources leave their fields for the
/// citizen to type; a withdrawn consent allows no further reads.
public struct Consent: Sendable, Hashable, Codable {
    public var id: UUID
    /// The application (the case's id, once filed).
    public var applicationID: UUID
    public var subject: String
    public var procedureCode: String
    public var datasetCode: String
    public var sourceAgencyCode: String
    public var fields: [String]
    public var accepted: Bool
    public var givenAt: Date
    /// The last day reads may rely on it (the case's legal due date).
    public var validUntil: CivilDate
    public var withdrawnAt: Date?

    public init(
        id: UUID = UUID(), applicationID: UUID, subject: String, procedureCode: String, datasetCode: String, sourceAgencyCode: String,
        fields: [String], accepted: Bool, givenAt: Date, validUntil: CivilDate, withdrawnAt: Date? = nil
    ) {
        self.id = id
        self.applicationID = applicationID
        self.subject = subject
        self.procedureCode = procedureCode
        self.datasetCode = datasetCode
        self.sourceAgencyCode = sourceAgencyCode
        self.fields = fields
        self.accepted = accepted
        self.givenAt = givenAt
        self.validUntil = validUntil
        self.withdrawnAt = withdrawnAt
    }

    /// Whether reads may rely on it at `time`.
    public func allowsReads(at time: Date) -> Bool {
        accepted && withdrawnAt == nil && CivilDate(vietnam: time) <= validUntil
    }
}

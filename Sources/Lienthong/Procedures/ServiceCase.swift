import Foundation

/// Where a case (hồ sơ) stands. Done and rejected are final; while a supplement is requested the clock is paused.
public enum CaseStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case received
    case processing
    case supplementRequested = "supplement-requested"
    case done
    case rejected

    /// Whether the case is over (done or rejected).
    public var isFinal: Bool { self == .done || self == .rejected }

    /// The statuses an officer may move a case in this status to.
    public var next: [CaseStatus] {
        switch self {
        case .received: [.processing, .supplementRequested, .rejected]
        case .processing: [.supplementRequested, .done, .rejected]
        case .supplementRequested: [.processing, .rejected]
        case .done, .rejected: []
        }
    }
}

/// How a case stands against its legal deadline.
public enum Timeliness: String, Sendable, Hashable, Codable, CaseIterable {
    /// Open and not past its due date (a paused case: not past it when the supplement was asked for).
    case inTerm = "in-term"
    /// Open and past its due date.
    case overdue
    /// Finished by its due date.
    case onTime = "on-time"
    /// Finished after its due date.
    case late
}

/// One application a citizen filed for a procedure: its values (each typed or prefilled, with its source), its
/// status timeline, its legal due date in working days (paused while a supplement is requested) and, once finished,
/// the citizen's rating.
public struct ServiceCase: Sendable, Hashable, Codable {
    /// How the case reached the agency (Decision 766 counts fully online cases).
    public enum Channel: String, Sendable, Hashable, Codable, CaseIterable {
        case online, counter
    }

    public var id: UUID
    /// The number the citizen quotes (`2026-000123`).
    public var number: String
    public var procedureCode: String
    public var agencyCode: String
    /// The keyed hash of the applicant's citizen ID.
    public var subject: String
    public var channel: Channel
    public var values: [CaseValue]
    public var status: CaseStatus
    public var receivedAt: Date
    public var dueOn: CivilDate
    /// The day a supplement was requested, while it is.
    public var pausedOn: CivilDate?
    /// Working days the clock stood still, in total.
    public var pausedDays: Int
    public var finishedAt: Date?
    /// Why it was rejected, or what supplement is asked for.
    public var reason: String?
    public var events: [CaseEvent]
    public var rating: CaseRating?

    public init(
        id: UUID = UUID(), number: String = "", procedureCode: String, agencyCode: String, subject: String, channel: Channel = .online,
        values: [CaseValue], status: CaseStatus = .received, receivedAt: Date, dueOn: CivilDate, pausedOn: CivilDate? = nil,
        pausedDays: Int = 0, finishedAt: Date? = nil, reason: String? = nil, events: [CaseEvent] = [], rating: CaseRating? = nil
    ) {
        self.id = id
        self.number = number
        self.procedureCode = procedureCode
        self.agencyCode = agencyCode
        self.subject = subject
        self.channel = channel
        self.values = values
        self.status = status
        self.receivedAt = receivedAt
        self.dueOn = dueOn
        self.pausedOn = pausedOn
        self.pausedDays = pausedDays
        self.finishedAt = finishedAt
        self.reason = reason
        self.events = events
        self.rating = rating
    }

    /// A new case for `procedure`, received at `time`, due `processingDays` working days later.
    public static func filed(
        _ procedure: Procedure, id: UUID = UUID(), subject: String, values: [CaseValue], channel: Channel = .online, at time: Date,
        calendar: WorkingDayCalendar
    ) -> ServiceCase {
        ServiceCase(
            id: id, procedureCode: procedure.code, agencyCode: procedure.ownerAgencyCode, subject: subject, channel: channel, values: values,
            receivedAt: time, dueOn: calendar.adding(workingDays: procedure.processingDays, to: CivilDate(vietnam: time)),
            events: [CaseEvent(status: .received, at: time, by: "citizen", note: "")])
    }

    /// The case moved to `status` by `by` at `time`: a supplement request pauses the clock, resuming moves the due
    /// date by the working days it stood still, a rejection or a supplement request needs a reason.
    public func moved(
        to status: CaseStatus, by: String, note: String, at time: Date, calendar: WorkingDayCalendar
    ) throws(ProcedureError) -> ServiceCase {
        guard self.status.next.contains(status) else { throw .transition(from: self.status, to: status) }
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        if status == .rejected || status == .supplementRequested, note.isEmpty { throw .invalidFields(["reason"]) }
        if note.count > 2_000 { throw .invalidFields(["reason"]) }
        var moved = self
        let today = CivilDate(vietnam: time)
        if let pausedOn, self.status == .supplementRequested {
            let stood = max(0, calendar.workingDays(from: pausedOn, to: today))
            moved.pausedDays += stood
            moved.dueOn = calendar.adding(workingDays: stood, to: dueOn)
            moved.pausedOn = nil
        }
        if status == .supplementRequested { moved.pausedOn = today }
        if status.isFinal { moved.finishedAt = time }
        if status == .rejected || status == .supplementRequested { moved.reason = note }
        moved.status = status
        moved.events.append(CaseEvent(status: status, at: time, by: by, note: note))
        return moved
    }

    /// How the case stands against its due date on `today`.
    public func timeliness(on today: CivilDate) -> Timeliness {
        if let finishedAt { return CivilDate(vietnam: finishedAt) <= dueOn ? .onTime : .late }
        // Paused: the clock stands still at the day the supplement was asked for.
        if status == .supplementRequested, let pausedOn { return pausedOn > dueOn ? .overdue : .inTerm }
        return today > dueOn ? .overdue : .inTerm
    }

    /// Working days from receipt to finish, less the days the clock stood still (nil while open).
    public func processingDays(calendar: WorkingDayCalendar) -> Int? {
        guard let finishedAt else { return nil }
        return max(0, calendar.workingDays(from: CivilDate(vietnam: receivedAt), to: CivilDate(vietnam: finishedAt)) - pausedDays)
    }

    /// The case rated by its citizen: once, after it is done or rejected, 1 to 5 with an optional comment.
    public func rated(_ stars: Int, comment: String, at time: Date) throws(ProcedureError) -> ServiceCase {
        guard status.isFinal else { throw .notFinished }
        guard rating == nil else { throw .alreadyRated }
        let comment = comment.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        guard (1...5).contains(stars) else { throw .invalidFields(["stars"]) }
        guard comment.count <= 2_000 else { throw .invalidFields(["comment"]) }
        var rated = self
        rated.rating = CaseRating(stars: stars, comment: comment, at: time)
        return rated
    }

    /// How many values were prefilled from shared data, and how many values the case has.
    public var prefillCounts: (prefilled: Int, all: Int) {
        (values.filter(\.prefilled).count, values.count)
    }
}

/// One value of a case: what the citizen typed, or what an agency's dataset said, with where and when from.
public struct CaseValue: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    public var prefilled: Bool
    /// For a prefilled value: the dataset, its owner, and when the dataset was last loaded.
    public var sourceDataset: String?
    public var sourceAgency: String?
    public var sourceUpdatedAt: Date?

    public init(
        name: String, value: String, prefilled: Bool = false, sourceDataset: String? = nil, sourceAgency: String? = nil,
        sourceUpdatedAt: Date? = nil
    ) {
        self.name = name
        self.value = value
        self.prefilled = prefilled
        self.sourceDataset = sourceDataset
        self.sourceAgency = sourceAgency
        self.sourceUpdatedAt = sourceUpdatedAt
    }
}

/// One step of a case's timeline.
public struct CaseEvent: Sendable, Hashable, Codable {
    public var status: CaseStatus
    public var at: Date
    /// `citizen`, or an officer's username.
    public var by: String
    public var note: String

    public init(status: CaseStatus, at: Date, by: String, note: String) {
        self.status = status
        self.at = at
        self.by = by
        self.note = note
    }
}

/// The citizen's satisfaction with a finished case.
public struct CaseRating: Sendable, Hashable, Codable {
    /// 1 (very unhappy) to 5 (very happy).
    public var stars: Int
    public var comment: String
    public var at: Date

    public init(stars: Int, comment: String, at: Date) {
        self.stars = stars
        self.comment = comment
        self.at = at
    }
}

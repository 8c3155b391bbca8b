import Foundation

/// Patterns in the audit log that the security officer should look at: a system reading many different people in
/// one hour, a burst of refusals for one caller, systems reading at night (Vietnam time). (A key used from a new
/// address is found from where keys are used, by the server, and reported as the same `Anomaly`.) Computed from the log
/// itself, so nothing the agencies say can hide them.
public struct AnomalyDetector: Sendable {
    /// Distinct people one system may read in one hour before it is flagged.
    public var subjectsPerHour: Int
    /// Refusals one caller may get in one hour before it is flagged.
    public var denialsPerHour: Int
    /// The night, in Vietnam hours: reads from `nightStart` to `nightEnd` are flagged.
    public var nightStart: Int
    public var nightEnd: Int

    public init(subjectsPerHour: Int = 20, denialsPerHour: Int = 10, nightStart: Int = 22, nightEnd: Int = 6) {
        self.subjectsPerHour = subjectsPerHour
        self.denialsPerHour = denialsPerHour
        self.nightStart = nightStart
        self.nightEnd = nightEnd
    }

    /// One finding.
    public struct Anomaly: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case manySubjects = "many-subjects"
            case denialBurst = "denial-burst"
            case nightReads = "night-reads"
            /// A key used from an address it had never been used from (the server records where keys are used).
            case newAddress = "new-address"
        }

        public var kind: Kind
        public var actor: AuditActor
        public var agencyCode: String?
        /// The hour it happened in (its start).
        public var hour: Date
        /// How many: distinct people, refusals or night reads.
        public var count: Int
        /// The entries it rests on, newest first (at most 20), for the investigation.
        public var sequences: [Int64]
        /// What else to know (the new address).
        public var detail: String?

        public init(
            kind: Kind, actor: AuditActor, agencyCode: String?, hour: Date, count: Int, sequences: [Int64], detail: String? = nil
        ) {
            self.kind = kind
            self.actor = actor
            self.agencyCode = agencyCode
            self.hour = hour
            self.count = count
            self.sequences = sequences
            self.detail = detail
        }
    }

    static let readActions: Set<String> = ["gateway.read", "service.call", "records.read", "records.export"]

    /// The anomalies in `entries` (any order), newest hour first.
    public func anomalies(in entries: [AuditEntry]) -> [Anomaly] {
        struct Key: Hashable {
            let actor: AuditActor
            let hour: Int
        }
        var subjects: [Key: (agency: String?, people: Set<String>, sequences: [Int64])] = [:]
        var denials: [Key: (agency: String?, count: Int, sequences: [Int64])] = [:]
        var night: [Key: (agency: String?, count: Int, sequences: [Int64])] = [:]
        for entry in entries {
            let hour = Int(entry.recordedAt.timeIntervalSince1970 / 3_600)
            let key = Key(actor: entry.actor, hour: hour)
            if entry.outcome == .denied, entry.actor.kind != .anonymous || entry.action != "session.signIn" {
                denials[key, default: (entry.agencyCode, 0, [])].count += 1
                denials[key]!.sequences.append(entry.sequence)
            }
            guard entry.actor.kind == .client, Self.readActions.contains(entry.action), entry.outcome == .success else { continue }
            if !entry.subjects.isEmpty {
                subjects[key, default: (entry.agencyCode, [], [])].people.formUnion(entry.subjects)
                subjects[key]!.sequences.append(entry.sequence)
            }
            let vietnamHour = (hour + 7) % 24
            if nightStart > nightEnd ? (vietnamHour >= nightStart || vietnamHour < nightEnd) : (nightStart...nightEnd - 1).contains(vietnamHour) {
                night[key, default: (entry.agencyCode, 0, [])].count += 1
                night[key]!.sequences.append(entry.sequence)
            }
        }
        func top(_ sequences: [Int64]) -> [Int64] { Array(sequences.sorted(by: >).prefix(20)) }
        func start(_ hour: Int) -> Date { Date(timeIntervalSince1970: TimeInterval(hour * 3_600)) }
        var found: [Anomaly] = []
        for (key, value) in subjects where value.people.count > subjectsPerHour {
            found.append(
                Anomaly(
                    kind: .manySubjects, actor: key.actor, agencyCode: value.agency, hour: start(key.hour), count: value.people.count,
                    sequences: top(value.sequences)))
        }
        for (key, value) in denials where value.count > denialsPerHour {
            found.append(
                Anomaly(
                    kind: .denialBurst, actor: key.actor, agencyCode: value.agency, hour: start(key.hour), count: value.count,
                    sequences: top(value.sequences)))
        }
        for (key, value) in night {
            found.append(
                Anomaly(
                    kind: .nightReads, actor: key.actor, agencyCode: value.agency, hour: start(key.hour), count: value.count,
                    sequences: top(value.sequences)))
        }
        return found.sorted { ($0.hour, $0.count, $0.kind.rawValue) > ($1.hour, $1.count, $1.kind.rawValue) }
    }
}

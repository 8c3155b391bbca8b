import Foundation
import Lienthong
import Testing

@Suite("Anomalies in the audit log")
struct AnomalyDetectorTests {
    static let system = AuditActor(kind: .client, id: "he-thong")
    /// 14:00 Vietnam time (07:00 UTC) on 26 November 2026.
    static let afternoon = Date(timeIntervalSince1970: 1_795_676_400)

    static func entry(
        _ sequence: Int64, at time: Date, actor: AuditActor = system, action: String = "gateway.read", subjects: [String] = [],
        outcome: AuditOutcome = .success
    ) -> AuditEntry {
        AuditDraft(actor: actor, agencyCode: "stc", action: action, subjects: subjects, outcome: outcome).entry(sequence: sequence, at: time)
    }

    @Test("more refusals than allowed in one hour flag the caller; as many as allowed, or spread over two hours, do not")
    func denialBurst() {
        let detector = AnomalyDetector(denialsPerHour: 3)
        let burst = (0..<4).map { Self.entry(Int64($0), at: Self.afternoon.addingTimeInterval(Double($0) * 60), outcome: .denied) }
        let found = detector.anomalies(in: burst)
        #expect(found.map(\.kind) == [.denialBurst] && found.first?.count == 4 && found.first?.sequences == [3, 2, 1, 0])
        #expect(detector.anomalies(in: Array(burst.prefix(3))).isEmpty, "three is the limit")
        let spread = (0..<4).map { Self.entry(Int64($0), at: Self.afternoon.addingTimeInterval(Double($0) * 1_800), outcome: .denied) }
        #expect(detector.anomalies(in: spread).isEmpty, "two refusals in each of two hours")
        let failedSignIns = (0..<5).map {
            Self.entry(Int64($0), at: Self.afternoon, actor: AuditActor(kind: .anonymous, id: "-"), action: "session.signIn", outcome: .denied)
        }
        #expect(detector.anomalies(in: failedSignIns).isEmpty, "anonymous failed sign-ins are the login throttle's business")
    }

    @Test("a system's reads between 22:00 and 06:00 Vietnam time are flagged, by hour; staff reads and refused reads are not")
    func nightReads() {
        let detector = AnomalyDetector()
        let hours = stride(from: 0, to: 24, by: 1).map { Self.afternoon.addingTimeInterval(Double($0) * 3_600) }
        let reads = hours.enumerated().map { Self.entry(Int64($0.offset), at: $0.element) }
        let night = detector.anomalies(in: reads)
        // From 14:00: offsets 8...15 are 22:00 to 05:00.
        #expect(night.count == 8 && night.allSatisfy { $0.kind == .nightReads && $0.count == 1 })
        #expect(Set(night.flatMap(\.sequences)) == Set(8...15))
        let late = Self.afternoon.addingTimeInterval(9 * 3_600)
        let quiet = [
            Self.entry(1, at: late, actor: AuditActor(kind: .user, id: "steward.stc")),
            Self.entry(2, at: late, outcome: .denied),
            Self.entry(3, at: late, action: "apiClient.create"),
        ]
        #expect(detector.anomalies(in: quiet).isEmpty)
    }

    @Test("one system reading more distinct people in an hour than allowed is flagged, counting each person once")
    func manySubjects() {
        let detector = AnomalyDetector(subjectsPerHour: 2)
        let reads = [["a", "b"], ["b"], ["a"]].enumerated().map { Self.entry(Int64($0.offset), at: Self.afternoon, subjects: $0.element) }
        #expect(detector.anomalies(in: reads).isEmpty, "two people, read more than once")
        let more = reads + [Self.entry(9, at: Self.afternoon, subjects: ["c"])]
        #expect(detector.anomalies(in: more).map(\.kind) == [.manySubjects] && detector.anomalies(in: more).first?.count == 3)
    }
}

import Foundation
import Lienthong
import SQLKit

extension CaseStore {
    /// A notice to a citizen that one of their cases moved on.
    public struct CitizenNotice: Sendable, Hashable {
        public var id: UUID
        public var caseID: UUID
        public var createdAt: Date
        public var text: LocalizedText
        /// The case's page.
        public var link: String
        public var seenAt: Date?
    }

    /// The citizen's notices, newest first.
    public func notices(subject: String, limit: Int = 50) async throws -> [CitizenNotice] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM citizen_notices WHERE subject = \(bind: subject) ORDER BY created_at DESC, id LIMIT \(bind: limit)"
            ).all().map { row in
                CitizenNotice(
                    id: try row.uuid("id"), caseID: try row.uuid("case_id"), createdAt: try row.date("created_at"),
                    text: LocalizedText(
                        vi: try row.decode(column: "text_vi", as: String.self), en: try row.decode(column: "text_en", as: String.self)),
                    link: try row.decode(column: "link", as: String.self), seenAt: Timestamp.date(try row.optionalText("seen_at")))
            }
        }
    }

    /// Marks the citizen's notices seen (they opened their cases).
    public func markNoticesSeen(subject: String, at time: Date = Date()) async throws {
        try await database.write { sql in
            try await sql.raw(
                "UPDATE citizen_notices SET seen_at = \(bind: Timestamp.string(time)) WHERE subject = \(bind: subject) AND seen_at IS NULL"
            ).run()
        }
    }
}

import Foundation
import Lienthong
import SQLKit

/// Access requests, grants, purposes and notifications: the named reads and writes of the sharing workflow.
///
/// Every step is one transaction with its timeline event and its notifications, and each checks the request's
/// state inside that transaction, so two stewards answering at once cannot both succeed.
public struct SharingStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Purposes

    /// The purposes the coordinator keeps, by code.
    public func purposes() async throws -> [Purpose] {
        try await database.read { sql in
            try await sql.raw("SELECT code, name_vi, name_en FROM purposes ORDER BY code").all().map { row in
                Purpose(
                    code: try row.decode(column: "code", as: String.self), nameVi: try row.decode(column: "name_vi", as: String.self),
                    nameEn: try row.decode(column: "name_en", as: String.self))
            }
        }
    }

    /// Adds a purpose to the list.
    public func addPurpose(_ purpose: Purpose, at time: Date = Date()) async throws -> Purpose {
        var purpose = purpose
        purpose.nameVi = purpose.nameVi.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        purpose.nameEn = purpose.nameEn.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if !Identifiers.isValidCode(purpose.code) { invalid.append("code") }
        if purpose.nameVi.isEmpty || purpose.nameVi.count > 200 { invalid.append("nameVi") }
        if purpose.nameEn.isEmpty || purpose.nameEn.count > 200 { invalid.append("nameEn") }
        if !invalid.isEmpty { throw SharingError.invalidFields(invalid) }
        try await database.write { sql in
            try await sql.raw(
                """
                INSERT INTO purposes (code, name_vi, name_en, created_at)
                VALUES (\(bind: purpose.code), \(bind: purpose.nameVi), \(bind: purpose.nameEn), \(bind: Timestamp.string(time)))
                """
            ).run()
        }
        return purpose
    }

    // MARK: Notifications

    /// A notice for an agency's staff, shown in the app and queued for e-mail.
    public struct Notification: Sendable, Hashable, Codable {
        public var id: UUID
        public var agencyCode: String
        public var createdAt: Date
        public var kind: String
        public var text: LocalizedText
        /// The page it is about (`/sharing/requests/…`).
        public var link: String
        public var emailedAt: Date?

        public init(
            id: UUID = UUID(), agencyCode: String, createdAt: Date, kind: String, text: LocalizedText, link: String, emailedAt: Date? = nil
        ) {
            self.id = id
            self.agencyCode = agencyCode
            self.createdAt = createdAt
            self.kind = kind
            self.text = text
            self.link = link
            self.emailedAt = emailedAt
        }
    }

    static func notify(_ sql: any SQLDatabase, _ notice: Notification) async throws {
        try await sql.raw(
            """
            INSERT INTO notifications (id, agency_code, created_at, kind, text_vi, text_en, link)
            VALUES (\(bind: notice.id.lowercasedString), \(bind: notice.agencyCode), \(bind: Timestamp.string(notice.createdAt)),
                \(bind: notice.kind), \(bind: notice.text.vi), \(bind: notice.text.en), \(bind: notice.link))
            """
        ).run()
    }

    /// An agency's notifications, newest first.
    public func notifications(agencyCode: String, limit: Int = 50) async throws -> [Notification] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT * FROM notifications WHERE agency_code = \(bind: agencyCode) ORDER BY created_at DESC LIMIT \(bind: limit)"
            ).all().map(Self.notification)
        }
    }

    /// Notifications not yet e-mailed, oldest first: what an operator relays.
    public func outbox(limit: Int = 500) async throws -> [Notification] {
        try await database.read { sql in
            try await sql.raw("SELECT * FROM notifications WHERE emailed_at IS NULL ORDER BY created_at, id LIMIT \(bind: limit)").all()
                .map(Self.notification)
        }
    }

    /// Marks notifications as e-mailed; returns how many were still waiting.
    public func markEmailed(_ ids: [UUID], at time: Date = Date()) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await database.write { sql in
            var count = 0
            for id in ids {
                let rows = try await sql.raw(
                    """
                    UPDATE notifications SET emailed_at = \(bind: Timestamp.string(time))
                    WHERE id = \(bind: id.lowercasedString) AND emailed_at IS NULL RETURNING id
                    """
                ).all()
                count += rows.count
            }
            return count
        }
    }

    static func notification(_ row: any SQLRow) throws -> Notification {
        Notification(
            id: try row.uuid("id"), agencyCode: try row.decode(column: "agency_code", as: String.self), createdAt: try row.date("created_at"),
            kind: try row.decode(column: "kind", as: String.self),
            text: LocalizedText(vi: try row.decode(column: "text_vi", as: String.self), en: try row.decode(column: "text_en", as: String.self)),
            link: try row.decode(column: "link", as: String.self), emailedAt: try row.optionalDate("emailed_at"))
    }
}

extension SQLRow {
    /// A JSON column decoded as `type` (nil for SQL NULL).
    func json<T: Decodable>(_ column: String, as type: T.Type) throws -> T? {
        guard let text = try optionalText(column) else { return nil }
        do {
            return try SharingStore.decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.incompatible("bad JSON in \(column)")
        }
    }
}

extension SharingStore {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.date(text) else { throw StoreError.incompatible("bad timestamp \(text)") }
            return date
        }
        return decoder
    }()

    static func encoded<T: Encodable>(_ value: T?) -> String? {
        value.flatMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
    }
}

import Foundation

/// A directive (chỉ thị, nghị quyết, kết luận) that gives agencies tasks: from the centre or from the city.
public struct Directive: Sendable, Hashable, Codable {
    /// Who issued it.
    public enum Issuer: String, Sendable, Hashable, Codable, CaseIterable {
        case central, city
    }

    /// Lowercase ASCII, digits and `-` (`nq-57-tw`).
    public var code: String
    public var issuer: Issuer
    /// The document's number as written (`57-NQ/TW`).
    public var number: String
    public var issuedOn: CivilDate
    public var title: String

    public init(code: String, issuer: Issuer, number: String, issuedOn: CivilDate, title: String) {
        self.code = code
        self.issuer = issuer
        self.number = number
        self.issuedOn = issuedOn
        self.title = title
    }

    /// The directive checked: a code, a number and a title (trimmed, NFC).
    public func checked() throws(ProgrammeError) -> Directive {
        var directive = self
        directive.number = number.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        directive.title = title.trimmingCharacters(in: .whitespacesAndNewlines).nfc
        var invalid: [String] = []
        if !Identifiers.isValidCode(code) { invalid.append("code") }
        if directive.number.isEmpty || directive.number.count > 100 { invalid.append("number") }
        if directive.title.isEmpty || directive.title.count > 500 { invalid.append("title") }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
        return directive
    }
}

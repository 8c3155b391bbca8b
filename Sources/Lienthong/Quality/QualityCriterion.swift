/// The six criteria Hanoi's directive sets for every specialised database: "đúng - đủ - sạch - sống - thống nhất -
/// dùng chung". Every quality rule belongs to exactly one.
public enum QualityCriterion: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Đúng: values have the right type, format and range (a missing value is not counted here).
    case correct
    /// Đủ: required values are there, every ward is covered, the expected rows are there.
    case complete
    /// Sạch: no duplicates, no placeholders, text in NFC without stray spaces.
    case clean
    /// Sống: loaded as often as declared, rows updated recently.
    case live
    /// Thống nhất: codes in force, keys that exist in the datasets they point to, the same facts agree across datasets.
    case consistent
    /// Dùng chung: described, shared, granted, read, and asked-for access answered on time.
    case shared

    /// The criterion's Vietnamese name, as the directive writes it.
    public var vietnamese: String {
        switch self {
        case .correct: "Đúng"
        case .complete: "Đủ"
        case .clean: "Sạch"
        case .live: "Sống"
        case .consistent: "Thống nhất"
        case .shared: "Dùng chung"
        }
    }

    public static func < (lhs: QualityCriterion, rhs: QualityCriterion) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension Dictionary where Key == QualityCriterion, Value == Double {
    /// The scores as the API and the CLI print them: by the criterion's English name, to one decimal.
    public var rounded: [String: Double] {
        [String: Double](uniqueKeysWithValues: map { ($0.key.rawValue, ($0.value * 10).rounded() / 10) })
    }
}

import Foundation

/// The facts of the Vietnamese state the quality rules check against: the provinces and wards in force since
/// 1 July 2025, the conversion table from legacy ward codes, the citizen-ID birth-province codes and the mobile
/// prefixes. Shipped with Lienthong (`Resources/reference`, each file with its source and effective date in
/// `manifest.json`) and read once.
public struct VietnameseReference: Sendable {
    /// The reference data's version, stored with every quality run.
    public let version: String
    /// Ward code → province code, for the 3,321 units in force.
    public let wards: [String: String]
    /// Province code → name, for the 34 provinces in force.
    public let provinces: [String: String]
    /// Legacy ward code → the codes in force it became (more than one when the old ward was split).
    public let legacyWards: [String: [String]]
    /// Legacy province codes (before 1 July 2025) → the province codes they merged into.
    public let legacyProvinces: [String: [String]]
    /// The 3-digit birth-registration province codes a citizen ID may start with.
    public let citizenIDProvinces: Set<String>
    /// The 3-digit mobile prefixes in use.
    public let mobilePrefixes: Set<String>
    /// Each file: its name, what it holds, its source and the day it took effect.
    public let sources: [Source]

    /// One reference file's provenance.
    public struct Source: Sendable, Hashable, Codable {
        public let name: String
        public let what: String
        public let source: String
        public let effective: String
    }

    /// The reference data shipped with Lienthong.
    public static let shipped: VietnameseReference = {
        do {
            return try VietnameseReference(directory: Bundle.module.url(forResource: "reference", withExtension: nil, subdirectory: "Resources"))
        } catch {
            // The files are part of the build; without them the binary is broken, not the input.
            preconditionFailure("the reference data shipped with Lienthong cannot be read: \(error)")
        }
    }()

    init(directory: URL?) throws {
        guard let directory else { throw CocoaError(.fileNoSuchFile) }
        func lines(_ name: String) throws -> [[String]] {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            return text.split(whereSeparator: \.isNewline).dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
        }
        var wards: [String: String] = [:]
        for row in try lines("vn_wards_2025.csv") where row.count >= 5 { wards[row[0]] = row[row.count - 1] }
        var provinces: [String: String] = [:]
        for row in try lines("vn_provinces_2025.csv") where row.count >= 2 { provinces[row[0]] = row[1] }
        var legacyWards: [String: [String]] = [:]
        var legacyProvinces: [String: Set<String>] = [:]
        for row in try lines("vn_ward_old_to_new_2025.csv") where row.count >= 6 {
            legacyWards[row[0], default: []].append(row[4])
            legacyProvinces[row[2], default: []].insert(row[5])
        }
        struct Rules: Decodable {
            struct CitizenID: Decodable { let birth_province_codes: [String: String] }
            let citizen_id: CitizenID
            let mobile_prefixes: [String: [String]]
        }
        let rules = try JSONDecoder().decode(Rules.self, from: Data(contentsOf: directory.appendingPathComponent("vn_id_rules.json")))
        struct Manifest: Decodable {
            let version: String
            let files: [Source]
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: directory.appendingPathComponent("manifest.json")))
        self.version = manifest.version
        self.sources = manifest.files
        self.wards = wards
        self.provinces = provinces
        self.legacyWards = legacyWards
        self.legacyProvinces = legacyProvinces.mapValues { $0.sorted() }
        self.citizenIDProvinces = Set(rules.citizen_id.birth_province_codes.keys)
        self.mobilePrefixes = Set(rules.mobile_prefixes.values.joined())
    }

    /// The ward codes of one province in force, sorted.
    public func wards(inProvince province: String) -> [String] {
        wards.filter { $0.value == province }.map(\.key).sorted()
    }
}

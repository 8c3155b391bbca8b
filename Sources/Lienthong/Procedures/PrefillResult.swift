import Foundation

/// What prefill found for one application: the values read (each with its source) and, for each source that gave
/// nothing, why, so that the form can say so and leave those fields for the citizen to type.
public struct PrefillResult: Sendable, Hashable, Codable {
    public var values: [CaseValue]
    public var notices: [PrefillNotice]

    public init(values: [CaseValue] = [], notices: [PrefillNotice] = []) {
        self.values = values
        self.notices = notices
    }

    /// The value read for form field `name`, if any.
    public func value(_ name: String) -> CaseValue? { values.first { $0.name == name } }
}

/// Why a source gave no values: the form degrades to typing, it never blocks the service.
public struct PrefillNotice: Sendable, Hashable, Codable {
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The citizen declined (or withdrew) the source.
        case declined
        /// The source holds no record for the citizen (or the key it needed was not found).
        case noRecord = "no-record"
        /// The source could not be read (retired, not loaded, an error).
        case unavailable
        /// The procedure's system holds no grant in force for these fields and this purpose.
        case notGranted = "not-granted"
    }

    public var dataset: String
    public var agencyCode: String
    public var fields: [String]
    public var reason: Reason

    public init(dataset: String, agencyCode: String, fields: [String], reason: Reason) {
        self.dataset = dataset
        self.agencyCode = agencyCode
        self.fields = fields
        self.reason = reason
    }

    /// The notice's text, naming the source (`{0}`: the agency or dataset's name).
    public var message: LocalizedText {
        switch reason {
        case .declined: Messages.prefillDeclined
        case .noRecord: Messages.prefillNoRecord
        case .unavailable: Messages.prefillUnavailable
        case .notGranted: Messages.prefillNotGranted
        }
    }
}

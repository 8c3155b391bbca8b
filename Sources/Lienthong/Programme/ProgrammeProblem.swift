import Foundation

/// An entry of the problem register: a shortcoming (in a group), a cause or a bottleneck, linked to the problems it
/// explains or is explained by, to agencies and to the tasks that address it. It closes only when its closing metric
/// holds, not when its tasks are ticked.
public struct ProgrammeProblem: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case shortcoming, cause, bottleneck
    }

    public var code: String
    public var kind: Kind
    /// For shortcomings, the group they belong to.
    public var group: String
    public var title: String
    public var agencyCodes: [String]
    /// Linked problems (a shortcoming's causes, a cause's bottlenecks…).
    public var linkedCodes: [String]
    public var taskCodes: [String]
    public var closingMetric: MetricBinding?
    public var closedOn: CivilDate?

    public init(
        code: String, kind: Kind, group: String = "", title: String, agencyCodes: [String] = [], linkedCodes: [String] = [], taskCodes: [String] = [],
        closingMetric: MetricBinding? = nil, closedOn: CivilDate? = nil
    ) {
        self.code = code
        self.kind = kind
        self.group = group
        self.title = title
        self.agencyCodes = agencyCodes
        self.linkedCodes = linkedCodes
        self.taskCodes = taskCodes
        self.closingMetric = closingMetric
        self.closedOn = closedOn
    }
}

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

extension ProgrammeProblem {
    private enum CodingKeys: String, CodingKey {
        case code, kind, group, title, agencyCodes, linkedCodes, taskCodes, closingMetric, closedOn
    }

    /// Decodes a problem as other systems feed it: `code`, `kind` and `title` are required, the rest default to none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try container.decode(String.self, forKey: .code), kind: try container.decode(Kind.self, forKey: .kind),
            group: try container.decodeIfPresent(String.self, forKey: .group) ?? "", title: try container.decode(String.self, forKey: .title),
            agencyCodes: try container.decodeIfPresent([String].self, forKey: .agencyCodes) ?? [],
            linkedCodes: try container.decodeIfPresent([String].self, forKey: .linkedCodes) ?? [],
            taskCodes: try container.decodeIfPresent([String].self, forKey: .taskCodes) ?? [],
            closingMetric: try container.decodeIfPresent(MetricBinding.self, forKey: .closingMetric),
            closedOn: try container.decodeIfPresent(CivilDate.self, forKey: .closedOn))
    }
}

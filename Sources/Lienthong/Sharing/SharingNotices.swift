import Foundation

/// The texts of the sharing workflow's notifications, filled with agency names and dataset titles in each
/// language. The server, the escalation job and the CLI share them.
public struct SharingNotices: Sendable {
    /// Agency names by code, Vietnamese and English.
    public var agencies: [String: LocalizedText]
    /// Dataset titles by code.
    public var datasets: [String: LocalizedText]

    public init(agencies: [String: LocalizedText], datasets: [String: LocalizedText]) {
        self.agencies = agencies
        self.datasets = datasets
    }

    private func agency(_ code: String) -> LocalizedText { agencies[code] ?? LocalizedText(vi: code, en: code) }
    private func dataset(_ code: String) -> LocalizedText { datasets[code] ?? LocalizedText(vi: code, en: code) }

    private func fill(_ template: LocalizedText, _ parts: [LocalizedText]) -> LocalizedText {
        LocalizedText(vi: template.format(arguments: parts.map(\.vi)).vi, en: template.format(arguments: parts.map(\.en)).en)
    }

    private static func day(_ date: CivilDate) -> LocalizedText { LocalizedText(vi: date.vietnameseFormat, en: date.description) }

    public func received(_ request: AccessRequest) -> LocalizedText {
        fill(Messages.noticeRequestReceived, [agency(request.requesterAgencyCode), dataset(request.datasetCode), Self.day(request.dueOn)])
    }

    public func answered(_ request: AccessRequest, decision: AccessAnswer.Decision) -> LocalizedText {
        fill(
            Messages.noticeRequestAnswered,
            [agency(request.ownerAgencyCode), dataset(request.datasetCode), Messages.web["decision_\(decision.rawValue)"]!])
    }

    public func escalated(_ request: AccessRequest) -> LocalizedText {
        fill(Messages.noticeRequestEscalated, [agency(request.requesterAgencyCode), dataset(request.datasetCode), Self.day(request.dueOn)])
    }

    public func decided(_ request: AccessRequest, kind: CoordinatorDecision.Kind) -> LocalizedText {
        fill(Messages.noticeRequestDecided, [dataset(request.datasetCode), Messages.web["coordinator_\(kind.rawValue)"]!])
    }

    public func expiring(_ grant: Grant) -> LocalizedText {
        let day = grant.validUntil.map { CivilDate(vietnam: $0.addingTimeInterval(-1)) }
        return fill(
            Messages.noticeGrantExpiring,
            [dataset(grant.datasetCode), agency(grant.consumerAgencyCode), day.map(Self.day) ?? LocalizedText(vi: "—", en: "—")])
    }

    public func revoked(_ grant: Grant, reason: String) -> LocalizedText {
        fill(Messages.noticeGrantRevoked, [dataset(grant.datasetCode), agency(grant.consumerAgencyCode), LocalizedText(vi: reason, en: reason)])
    }

    public func ticketOpened(datasetCode: String?) -> LocalizedText {
        fill(Messages.noticeTicketOpened, [datasetCode.map(dataset) ?? LocalizedText(vi: "—", en: "—")])
    }
}

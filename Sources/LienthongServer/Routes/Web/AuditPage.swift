import Foundation
import Hummingbird
import Lienthong
import LienthongStore

/// The audit log in the browser (`/audit`), for the coordinator, the security officer and the inspector:
/// the latest signed tree head, and a search over the entries, newest first.
struct AuditPage {
    let services: AppServices

    struct Content {
        let entries: String
        let head: HeadView?
        let rows: [Row]
        let isEmpty: Bool
        let filter: Filter
        let outcomes: [Option]
        let nextHref: String?
    }

    struct HeadView {
        let size: String
        let root: String
        let signed: String
    }

    struct Row {
        let sequence: Int64
        let time: String
        let actor: String
        let agency: String
        let action: String
        let resource: String
        let outcome: String
        let denied: Bool
    }

    struct Filter {
        let action: String
        let agency: String
        let actor: String
        let from: String
        let to: String
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/audit") { request, context in
            let language = context.language
            let t = Messages.webTexts(language)
            let store = services.audit.log.store
            let parameters = request.uri.queryParameters
            var query = try AuditSearchParameters.query(parameters, subjects: services.configuration.keys.subjects)
            query.limit = 51
            let found = try await store.search(query)
            let page = found.prefix(50)
            let head = try await store.latestTreeHead()
            let rows = page.map { stored in
                let entry = stored.entry
                return Row(
                    sequence: entry.sequence, time: DisplayDate.formatTime(entry.recordedAt, language),
                    actor: "\(t["actor_\(entry.actor.kind.rawValue)"] ?? entry.actor.kind.rawValue): \(entry.actor.id)",
                    agency: entry.agencyCode ?? "—", action: entry.action, resource: entry.resource ?? "—",
                    outcome: t["outcome_\(entry.outcome.rawValue)"] ?? entry.outcome.rawValue, denied: entry.outcome != .success)
            }
            func value(_ name: String) -> String { parameters.get(name) ?? "" }
            var next: String?
            if found.count > 50, let last = page.last {
                var items = ["action", "agency", "actor", "outcome", "from", "to"].compactMap { name -> String? in
                    let text = value(name)
                    return text.isEmpty ? nil : "\(name)=\(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
                }
                items.append("cursor=\(last.entry.sequence)")
                next = "/audit?" + items.joined(separator: "&")
            }
            let outcome = value("outcome")
            let content = Content(
                entries: String(try await store.nextSequence()),
                head: head.map {
                    HeadView(
                        size: String($0.treeSize), root: String($0.rootHash.prefix(16)) + "…", signed: DisplayDate.formatTime($0.timestamp, language))
                },
                rows: rows, isEmpty: rows.isEmpty,
                filter: Filter(action: value("action"), agency: value("agency"), actor: value("actor"), from: value("from"), to: value("to")),
                outcomes: [("", t["outcome_any"]!)].map { Option(value: $0.0, label: $0.1, selected: outcome.isEmpty) }
                    + AuditOutcome.allCases.map {
                        Option(value: $0.rawValue, label: t["outcome_\($0.rawValue)"] ?? $0.rawValue, selected: outcome == $0.rawValue)
                    },
                nextHref: next)
            return try services.web.page("audit", title: t["audit_title"]!, content: content, request: request, context: context)
        }
    }
}

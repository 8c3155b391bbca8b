import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The sharing workflow's pages: the inbox and outbox of access requests with the form to ask for data
/// (`/sharing`), one request with its timeline and the forms to answer, decide or withdraw
/// (`/sharing/requests/{id}`), the grants with revocation (`/sharing/grants`) and the public scoreboard (`/scoreboard`).
struct SharingPages {
    let services: AppServices

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct RequestRow {
        let id: String
        let dataset: String
        let datasetTitle: String
        let requester: String
        let owner: String
        let purpose: String
        let submitted: String
        let due: String
        let status: String
        let statusKey: String
        let overdue: Bool
    }

    struct NoticeRow {
        let text: String
        let link: String
        let created: String
    }

    struct ListContent {
        let inbox: [RequestRow]
        let outbox: [RequestRow]
        let escalated: [RequestRow]
        let inboxEmpty: Bool
        let outboxEmpty: Bool
        let showEscalated: Bool
        let notices: [NoticeRow]
        let hasNotices: Bool
        let canAsk: Bool
        let datasets: [Option]
        let purposes: [Option]
        /// The agency's systems that may be named as the readers (none chosen: all of them).
        let systems: [Option]
        let hasSystems: Bool
        let values: [String: String]
        let defaultUntil: String
        let answerDays: Int
    }

    struct Field {
        let name: String
        let title: String
        let checked: Bool
    }

    struct EventRow {
        let kind: String
        let at: String
        let by: String
        let note: String?
    }

    struct DetailContent {
        let id: String
        let dataset: String
        /// The dataset's catalog page, or the services page for a service.
        let targetLink: String
        let datasetTitle: String
        let requester: String
        let owner: String
        let purpose: String
        let legalBasis: String
        let justification: String
        let fields: String
        let until: String
        let submitted: String
        let due: String
        let escalatesOn: String
        let status: String
        let statusKey: String
        let overdue: Bool
        let answer: AnswerRow?
        let decision: DecisionRow?
        let grantID: String?
        let events: [EventRow]
        let canAnswer: Bool
        let canDecide: Bool
        let canWithdraw: Bool
        let answerFields: [Field]
        let values: [String: String]
    }

    struct AnswerRow {
        let decision: String
        let fields: String
        let rowFilter: String
        let validUntil: String
        let reason: String
        let legalBasis: String
        let by: String
        let at: String
    }

    struct DecisionRow {
        let decision: String
        let note: String
        let legalBasis: String
        let by: String
        let at: String
    }

    struct GrantRow {
        let id: String
        let dataset: String
        let targetLink: String
        let consumer: String
        let fields: String
        let purposes: String
        let rowFilter: String
        let validUntil: String
        let state: String
        let stateKey: String
        let canRevoke: Bool
        let revokeReason: String?
    }

    struct GrantsContent {
        let rows: [GrantRow]
        let isEmpty: Bool
    }

    struct ScoreRow {
        let agency: String
        let code: String
        let open: Int
        let shared: Int
        let privateCount: Int
        let received: Int
        let onTime: Int
        let late: Int
        let pending: Int
        let overdue: Int
        let escalated: Int
        let refused: Int
        let median: String
        let consumers: Int
        let reads: Int
        let holdsBack: Bool
        let reasons: String
    }

    struct ScoreContent {
        let rows: [ScoreRow]
        let holdingBack: Int
        let generated: String
        let showReasons: Bool
    }

    func register(on routes: RouteRegistrar) {
        let desk = SharingDesk(services: services)
        routes.page(.get, "/sharing") { request, context in
            try await list(request, context, desk: desk, values: [:], notice: nil, status: .ok)
        }
        routes.page(.post, "/sharing/requests") { request, context in
            let form = try await WebForm.read(request)
            do {
                guard let until = CivilDate(iso: form.text("until")) else { throw SharingError.invalidFields(["until"]) }
                // A service is offered in the same list as `service:agency/code`; its "fields" are endpoints.
                let target = form.text("dataset")
                let service = target.hasPrefix("service:")
                let ask = SharingDesk.Ask(
                    dataset: service ? String(target.dropFirst("service:".count)) : target, service: service,
                    fields: Self.list(form.text("fields")), purpose: form.text("purpose"),
                    legalBasis: form.text("legalBasis"), justification: form.text("justification"),
                    clientIDs: form.fields.keys.filter { $0.hasPrefix("client.") }.compactMap {
                        UUID(uuidString: String($0.dropFirst("client.".count)))
                    },
                    until: until)
                let result = try await desk.submit(ask, context: context, idempotencyKey: nil)
                return WebRenderer.redirect(to: "/sharing/requests/\(result.request.id.lowercasedString)?sent=1")
            } catch let error as SharingError {
                return try await list(
                    request, context, desk: desk, values: form.fields, notice: .error(Self.text(error, context)), status: .unprocessableContent)
            } catch let error as CatalogError {
                return try await list(
                    request, context, desk: desk, values: form.fields, notice: .error(error.message.text(context.language)),
                    status: .unprocessableContent)
            }
        }
        routes.page(.get, "/sharing/requests/{id}") { request, context in
            let t = Messages.webTexts(context.language)
            let notice: Notice? =
                request.uri.queryParameters["sent"] != nil
                ? .success(t["sharing_sent"]!)
                : request.uri.queryParameters["done"] != nil ? .success(t["sharing_saved"]!) : nil
            return try await detail(request, context, desk: desk, values: [:], notice: notice, status: .ok)
        }
        requestForm("answer", on: routes, desk: desk) { id, form, context in
            let answer = AccessAnswer(
                decision: AccessAnswer.Decision(rawValue: form.text("decision")) ?? .grant,
                fields: form.fields.keys.filter { $0.hasPrefix("field.") }.map { String($0.dropFirst("field.".count)) },
                rowFilter: form.text("rowFilter").isEmpty ? nil : RowFilter(text: form.text("rowFilter")),
                validUntil: CivilDate(iso: form.text("validUntil")), reason: form.text("reason"), legalBasis: form.text("legalBasis"),
                by: Auditor.actor(context.identity).id, at: Date())
            if !form.text("rowFilter").isEmpty, answer.rowFilter == nil { throw SharingError.invalidFields(["rowFilter"]) }
            _ = try await desk.answer(id, answer, context: context)
        }
        requestForm("decision", on: routes, desk: desk) { id, form, context in
            let decision = CoordinatorDecision(
                kind: CoordinatorDecision.Kind(rawValue: form.text("decision")) ?? .order, note: form.text("note"),
                legalBasis: form.text("legalBasis"), by: Auditor.actor(context.identity).id, at: Date())
            _ = try await desk.decide(id, decision, context: context)
        }
        requestForm("withdraw", on: routes, desk: desk) { id, _, context in
            _ = try await desk.withdraw(id, context: context)
        }
        routes.page(.get, "/sharing/grants") { request, context in
            try await grants(
                request, context, desk: desk,
                notice: request.uri.queryParameters["revoked"] != nil ? .success(Messages.webTexts(context.language)["grant_revoked"]!) : nil,
                status: .ok)
        }
        routes.page(.post, "/sharing/grants/{id}/revoke") { request, context in
            let form = try await WebForm.read(request)
            do {
                _ = try await desk.revoke(try context.parameters.require("id"), reason: form.text("reason"), context: context)
                return WebRenderer.redirect(to: "/sharing/grants?revoked=1")
            } catch let error as SharingError {
                return try await grants(request, context, desk: desk, notice: .error(Self.text(error, context)), status: Self.status(error))
            }
        }
        routes.page(.get, "/scoreboard") { request, context in
            let t = Messages.webTexts(context.language)
            let board = try await desk.scoreboard()
            let names = try await agencyNames(context.language)
            let staff = context.identity?.role != nil
            let rows = board.lines.map { line in
                ScoreRow(
                    agency: names[line.agencyCode] ?? line.agencyCode, code: line.agencyCode, open: line.datasetsOpen, shared: line.datasetsShared,
                    privateCount: line.datasetsPrivate, received: line.received, onTime: line.answeredOnTime, late: line.answeredLate,
                    pending: line.pendingInTerm, overdue: line.overdue, escalated: line.escalated, refused: line.refused,
                    median: line.medianAnswerDays.map { String(format: "%.1f", $0) } ?? "—", consumers: line.consumers, reads: line.readsServed,
                    holdsBack: line.holdsBack, reasons: staff ? line.refusalReasons.joined(separator: " · ") : "")
            }
            let content = ScoreContent(
                rows: rows, holdingBack: rows.filter(\.holdsBack).count, generated: DisplayDate.formatTime(board.generatedAt, context.language),
                showReasons: staff)
            return try services.web.page("scoreboard", title: t["scoreboard_title"]!, content: content, request: request, context: context)
        }
    }

    /// A form on a request's page (`/sharing/requests/{id}/ACTION`): done, back to the page with a notice; refused by
    /// a sharing rule, the page again with the rule's message and what was typed.
    private func requestForm(
        _ action: String, on routes: RouteRegistrar, desk: SharingDesk,
        _ perform: @escaping @Sendable (String, WebForm, AppRequestContext) async throws -> Void
    ) {
        routes.page(.post, "/sharing/requests/{id}/\(action)") { request, context in
            let form = try await WebForm.read(request)
            let id = try context.parameters.require("id")
            do {
                try await perform(id, form, context)
                return WebRenderer.redirect(to: "/sharing/requests/\(id)?done=1")
            } catch let error as SharingError {
                return try await detail(
                    request, context, desk: desk, values: form.fields, notice: .error(Self.text(error, context)), status: Self.status(error))
            }
        }
    }

    // MARK: Pages

    private func list(
        _ request: Request, _ context: AppRequestContext, desk: SharingDesk, values: [String: String], notice: Notice?, status: HTTPResponse.Status
    ) async throws -> Response {
        guard let identity = context.identity, let role = identity.role else { throw Problem.unauthenticated }
        let language = context.language
        let t = Messages.webTexts(language)
        let store = desk.store
        let rows = try await rowMaker(language)
        let inbox = try await store.requests(.init(ownerAgencyCode: identity.agencyCode, limit: 200)).map(rows)
        let outbox = try await store.requests(.init(requesterAgencyCode: identity.agencyCode, limit: 200)).map(rows)
        let overseer = [Role.admin, .inspector, .security].contains(role)
        let escalated = overseer ? try await store.requests(.init(statuses: [.escalated, .refused], limit: 200)).map(rows) : []
        let notices = try await store.notifications(agencyCode: identity.agencyCode, limit: 20).map {
            NoticeRow(text: $0.text.text(language), link: $0.link, created: DisplayDate.formatTime($0.createdAt, language))
        }
        let viewer = DatasetViewer(agencyCode: identity.agencyCode, isAuthenticated: true, isCoordinator: role == .admin)
        let askable = try await DatasetStore(database: services.database).searchAll(CatalogQuery(status: .published, viewer: viewer))
            .map(\.dataset).filter { $0.sharingLevel != .open && $0.ownerAgencyCode != identity.agencyCode }
        let askableServices = try await ServiceStore(database: services.database).services().filter {
            $0.sharingLevel != .open && $0.agencyCode != identity.agencyCode
        }
        let purposes = try await store.purposes()
        let systems = try await services.directory.apiClients(agencyCode: identity.agencyCode).filter { $0.isUsable(at: Date()) }
        let today = CivilDate(vietnam: Date())
        let content = ListContent(
            inbox: inbox, outbox: outbox, escalated: escalated, inboxEmpty: inbox.isEmpty, outboxEmpty: outbox.isEmpty,
            showEscalated: overseer, notices: notices, hasNotices: !notices.isEmpty, canAsk: role == .steward || role == .admin,
            datasets: askable.map {
                Option(
                    value: $0.code, label: "\(language == .en ? $0.titleEn : $0.titleVi) — \($0.ownerAgencyCode)",
                    selected: values["dataset"] == $0.code)
            }
                + askableServices.map {
                    Option(
                        value: "service:\($0.key)", label: "\(t["service_option"]!): \(language == .en ? $0.nameEn : $0.nameVi) — \($0.agencyCode)",
                        selected: values["dataset"] == "service:\($0.key)")
                },
            purposes: purposes.map { Option(value: $0.code, label: language == .en ? $0.nameEn : $0.nameVi, selected: values["purpose"] == $0.code) },
            systems: systems.map {
                Option(value: $0.id.lowercasedString, label: $0.name, selected: values["client.\($0.id.lowercasedString)"] != nil)
            },
            hasSystems: !systems.isEmpty, values: values, defaultUntil: today.adding(days: 365).description,
            answerDays: services.configuration.answerWorkingDays)
        return try services.web.page(
            "sharing", title: t["sharing_title"]!, content: content, request: request, context: context, status: status, notice: notice)
    }

    private func detail(
        _ request: Request, _ context: AppRequestContext, desk: SharingDesk, values: [String: String], notice: Notice?, status: HTTPResponse.Status
    ) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let record = try await desk.visible(try context.parameters.require("id"), context: context)
        let request_ = record.request
        let names = try await agencyNames(language)
        let dataset = try await DatasetStore(database: services.database).dataset(request_.datasetCode)
        var schema: TableSchema?
        if let dataset { schema = try await DatasetStore(database: services.database).schema(of: dataset) }
        let purposes = try await desk.store.purposes()
        let identity = context.identity
        let calendar = services.configuration.calendar
        let content = DetailContent(
            id: request_.id.lowercasedString, dataset: request_.datasetCode, targetLink: Self.link(request_.target, request_.datasetCode),
            datasetTitle: dataset.map { language == .en ? $0.titleEn : $0.titleVi } ?? request_.datasetCode,
            requester: names[request_.requesterAgencyCode] ?? request_.requesterAgencyCode,
            owner: names[request_.ownerAgencyCode] ?? request_.ownerAgencyCode,
            purpose: purposes.first { $0.code == request_.purposeCode }.map { language == .en ? $0.nameEn : $0.nameVi } ?? request_.purposeCode,
            legalBasis: request_.legalBasis, justification: request_.justification, fields: request_.fields.joined(separator: ", "),
            until: Self.day(request_.requestedUntil, language), submitted: DisplayDate.formatTime(request_.submittedAt, language),
            due: Self.day(request_.dueOn, language), escalatesOn: Self.day(request_.escalationDay(calendar), language),
            status: t["status_\(request_.status.rawValue)"] ?? request_.status.rawValue, statusKey: request_.status.rawValue,
            overdue: request_.status.isOpen && CivilDate(vietnam: Date()) > request_.dueOn,
            answer: request_.answer.map { answer in
                AnswerRow(
                    decision: t["decision_\(answer.decision.rawValue)"] ?? "", fields: answer.fields.joined(separator: ", "),
                    rowFilter: answer.rowFilter?.text ?? "—", validUntil: answer.validUntil.map { Self.day($0, language) } ?? "—",
                    reason: answer.reason, legalBasis: answer.legalBasis, by: answer.by, at: DisplayDate.formatTime(answer.at, language))
            },
            decision: request_.decision.map { decision in
                DecisionRow(
                    decision: t["coordinator_\(decision.kind.rawValue)"] ?? "", note: decision.note, legalBasis: decision.legalBasis, by: decision.by,
                    at: DisplayDate.formatTime(decision.at, language))
            },
            grantID: request_.grantID?.lowercasedString,
            events: record.events.map {
                EventRow(
                    kind: t["event_\($0.kind.rawValue)"] ?? $0.kind.rawValue, at: DisplayDate.formatTime($0.at, language), by: $0.by,
                    note: $0.note.isEmpty ? nil : $0.note)
            },
            canAnswer: request_.status.isOpen && identity?.role == .steward && identity?.agencyCode == request_.ownerAgencyCode,
            canDecide: (request_.status.isOpen || request_.status == .refused) && identity?.role == .admin,
            canWithdraw: request_.status.isOpen
                && (identity?.role == .admin || (identity?.role == .steward && identity?.agencyCode == request_.requesterAgencyCode)),
            answerFields: request_.fields.map { name in
                Field(
                    name: name, title: schema?.field(name)?.title ?? name,
                    checked: values.isEmpty || values["field.\(name)"] != nil)
            },
            values: values)
        return try services.web.page(
            "access-request", title: t["request_title"]!, content: content, request: request, context: context, status: status, notice: notice)
    }

    private func grants(
        _ request: Request, _ context: AppRequestContext, desk: SharingDesk, notice: Notice?, status: HTTPResponse.Status
    ) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await agencyNames(language)
        let identity = context.identity
        let owners = try await desk.store.datasetOwners()
        let now = Date()
        let rows = try await desk.grants(context: context, activeOnly: false).map { grant in
            let state = grant.state(at: now)
            return GrantRow(
                id: grant.id.lowercasedString, dataset: grant.datasetCode, targetLink: Self.link(grant.target, grant.datasetCode),
                consumer: names[grant.consumerAgencyCode] ?? grant.consumerAgencyCode,
                fields: grant.fields.joined(separator: ", "), purposes: grant.purposes.joined(separator: ", "),
                rowFilter: grant.rowFilter?.text ?? "—",
                validUntil: grant.validUntil.map { DisplayDate.format($0.addingTimeInterval(-1), language) } ?? "—",
                state: t["grant_\(state.rawValue)"] ?? state.rawValue, stateKey: state.rawValue,
                canRevoke: grant.revokedAt == nil
                    && (identity?.role == .admin || identity?.role == .security
                        || (identity?.role == .steward && identity?.agencyCode == owners[grant.datasetCode])),
                revokeReason: grant.revokeReason)
        }
        return try services.web.page(
            "grants", title: t["grants_title"]!, content: GrantsContent(rows: rows, isEmpty: rows.isEmpty), request: request, context: context,
            status: status, notice: notice)
    }

    // MARK: Helpers

    private func agencyNames(_ language: Language) async throws -> [String: String] { try await services.agencyNames(language) }

    private func rowMaker(_ language: Language) async throws -> @Sendable (AccessRequest) -> RequestRow {
        let names = try await agencyNames(language)
        let titles = try await SharingStore(database: services.database).notices().datasets.mapValues { $0.text(language) }
        let t = Messages.webTexts(language)
        let today = CivilDate(vietnam: Date())
        return { request in
            RequestRow(
                id: request.id.lowercasedString, dataset: request.datasetCode, datasetTitle: titles[request.datasetCode] ?? request.datasetCode,
                requester: names[request.requesterAgencyCode] ?? request.requesterAgencyCode,
                owner: names[request.ownerAgencyCode] ?? request.ownerAgencyCode, purpose: request.purposeCode,
                submitted: DisplayDate.format(request.submittedAt, language), due: Self.day(request.dueOn, language),
                status: t["status_\(request.status.rawValue)"] ?? request.status.rawValue, statusKey: request.status.rawValue,
                overdue: request.status.isOpen && today > request.dueOn)
        }
    }

    /// Where a request's or a grant's target is described: the dataset's page, or the services page.
    static func link(_ target: AccessTarget, _ code: String) -> String {
        target == .service ? "/services#" + code : "/catalog/" + code
    }

    static func day(_ date: CivilDate, _ language: Language) -> String {
        language == .vi ? date.vietnameseFormat : date.description
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func text(_ error: SharingError, _ context: AppRequestContext) -> String {
        let details = error.fieldProblems.map { "\($0.field): \($0.message.text(context.language))" }
        return ([error.message.text(context.language)] + details).joined(separator: " — ")
    }

    static func status(_ error: SharingError) -> HTTPResponse.Status {
        error.isNotFound ? .notFound : error.isConflict ? .conflict : .unprocessableContent
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The citizen's one-stop pages, phone first: choose a procedure (`/procedures`), consent to each source
/// (`/citizen/apply/{code}`), the form with prefilled values read-only and their source (`/citizen/applications/{id}`),
/// the receipt and the case (`/citizen/cases/{id}`, with the rating once finished), and their cases and consents
/// (`/citizen/cases`).
struct CitizenServicePages {
    let services: AppServices

    struct SourceRow {
        let dataset: String
        let title: String
        let agency: String
        let fields: String
    }

    struct ConsentContent {
        let code: String
        let name: String
        let lead: String
        let purpose: String
        let until: String
        let sources: [SourceRow]
        let hasSources: Bool
    }

    struct FieldRow {
        let name: String
        let label: String
        let value: String
        let prefilled: Bool
        /// A value read by the citizen's own ID can be flagged as wrong (the flag finds the record the same way).
        let canFlag: Bool
        let source: String
        let dataset: String
        let inputType: String
        let isLong: Bool
        let required: Bool
        let typed: String
    }

    struct FormContent {
        let id: String
        let procedure: String
        let fields: [FieldRow]
        let notices: [String]
        let hasNotices: Bool
        let filled: Int
        let total: Int
    }

    struct ValueRow {
        let label: String
        let value: String
        let origin: String
    }

    struct EventRow {
        let status: String
        let at: String
        let note: String
        let hasNote: Bool
    }

    struct CaseContent {
        let id: String
        let number: String
        let procedure: String
        let agency: String
        let received: String
        let due: String
        let status: String
        let statusKey: String
        let timeliness: String
        let timelinessKey: String
        let reason: String
        let hasReason: Bool
        let values: [ValueRow]
        let events: [EventRow]
        let canRate: Bool
        let rated: String
        let isRated: Bool
        let isReceipt: Bool
    }

    struct ConsentRow {
        let id: String
        let procedure: String
        let source: String
        let fields: String
        let state: String
        let canWithdraw: Bool
    }

    struct NoticeRow {
        let text: String
        let at: String
        let link: String
        let isNew: Bool
    }

    struct CasesContent {
        let notices: [NoticeRow]
        let hasNotices: Bool
        let cases: [CaseRow]
        let hasCases: Bool
        let consents: [ConsentRow]
        let hasConsents: Bool
    }

    func register(on routes: RouteRegistrar) {
        let desk = CaseDesk(services: services)
        routes.page(.get, "/citizen/apply/{code}") { request, context in
            let code = try context.parameters.require("code")
            guard try await CitizenSession.subject(request, services: services) != nil else {
                return WebRenderer.redirect(to: "/citizen?next=/citizen/apply/\(code)")
            }
            return try await consentPage(try await desk.procedure(code), request: request, context: context, desk: desk)
        }
        routes.page(.post, "/citizen/apply/{code}") { request, context in
            let form = try await WebForm.read(request)
            let code = try context.parameters.require("code")
            guard let subject = try await CitizenSession.subject(request, services: services) else {
                return WebRenderer.redirect(to: "/citizen?next=/citizen/apply/\(code)")
            }
            let procedure = try await desk.procedure(code)
            let accepted = Set(procedure.sources.map(\.dataset).filter { form["source_\($0)"] == "accept" })
            let id = try await desk.start(procedure, subject: subject, accepted: accepted, context: context)
            return WebRenderer.redirect(to: "/citizen/applications/\(id.lowercasedString)")
        }
        routes.page(.get, "/citizen/applications/{id}") { request, context in
            guard let citizen = try await CitizenSession.citizen(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let id = try ProcedureRoutes.uuid(context, "id")
            if let filed = try await desk.store.case(id: id), filed.subject == citizen.subject {
                return WebRenderer.redirect(to: "/citizen/cases/\(id.lowercasedString)")
            }
            let form = try await desk.form(id, subject: citizen.subject, citizenID: citizen.citizenID, context: context)
            var notice: Notice?
            if request.uri.queryParameters["flagged"] != nil { notice = .success(Messages.webTexts(context.language)["form_wrong_sent"]!) }
            return try await formPage(id, form.procedure, form.prefill, typed: [:], request: request, context: context, notice: notice)
        }
        routes.page(.post, "/citizen/applications/{id}") { request, context in
            // Up to 100 fields of 2,000 characters, percent-encoded Vietnamese: more than the usual small form.
            let form = try await WebForm.read(request, limit: 1 << 20)
            guard let citizen = try await CitizenSession.citizen(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let id = try ProcedureRoutes.uuid(context, "id")
            do {
                _ = try await desk.submit(
                    id, subject: citizen.subject, citizenID: citizen.citizenID, typed: form.fields, idempotencyKey: nil, context: context)
                return WebRenderer.redirect(to: "/citizen/cases/\(id.lowercasedString)?receipt=1")
            } catch let error as ProcedureError where !error.fields.isEmpty {
                let current = try await desk.form(id, subject: citizen.subject, citizenID: citizen.citizenID, context: context)
                let t = Messages.webTexts(context.language)
                let labels = current.procedure.fields.filter { error.fields.contains($0.name) }.map { $0.label(context.language) }
                return try await formPage(
                    id, current.procedure, current.prefill, typed: form.fields, request: request, context: context,
                    notice: .error(Messages.fill(t["form_missing"]!, labels.joined(separator: ", "))),
                    status: .unprocessableContent)
            }
        }
        routes.page(.post, "/citizen/applications/{id}/flag") { request, context in
            let form = try await WebForm.read(request)
            guard let citizen = try await CitizenSession.citizen(request, services: services), let citizenID = citizen.citizenID else {
                return WebRenderer.redirect(to: "/citizen")
            }
            let id = try ProcedureRoutes.uuid(context, "id")
            let current = try await desk.form(id, subject: citizen.subject, citizenID: citizenID, context: context)
            guard let value = current.prefill.value(form.text("field")), let dataset = value.sourceDataset,
                let source = current.procedure.fields.first(where: { $0.name == value.name })?.source, source.by == PrefillSource.citizenID
            else { throw Problem.invalidField("field") }
            let sourceField = source.field
            _ = try await CitizenFlag(services: services).flag(
                datasetCode: dataset, field: sourceField, citizenID: citizenID, reason: form.text("reason"), subject: citizen.subject,
                context: context)
            return WebRenderer.redirect(to: "/citizen/applications/\(id.lowercasedString)?flagged=1")
        }
        routes.page(.get, "/citizen/cases") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else {
                return WebRenderer.redirect(to: "/citizen?next=/citizen/cases")
            }
            var notice: Notice?
            if request.uri.queryParameters["withdrawn"] != nil {
                notice = .success(Messages.webTexts(context.language)["consent_withdrawn_notice"]!)
            }
            return try await casesPage(subject: subject, request: request, context: context, desk: desk, notice: notice)
        }
        routes.page(.get, "/citizen/cases/{id}") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let id = try ProcedureRoutes.uuid(context, "id")
            guard let item = try await desk.store.case(id: id), item.subject == subject else { throw ProcedureError.unknownCase(id.lowercasedString) }
            let t = Messages.webTexts(context.language)
            var notice: Notice?
            if request.uri.queryParameters["rated"] != nil { notice = .success(t["rating_thanks"]!) }
            let receipt = request.uri.queryParameters["receipt"] != nil
            if receipt { notice = .success(Messages.fill(t["receipt_lead"]!, item.number)) }
            return try services.web.page(
                "citizen-case", title: receipt ? t["receipt_title"]! : item.number,
                content: try await caseContent(item, language: context.language, desk: desk, receipt: receipt), request: request, context: context,
                notice: notice)
        }
        routes.page(.post, "/citizen/cases/{id}/rating") { request, context in
            let form = try await WebForm.read(request)
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let id = try ProcedureRoutes.uuid(context, "id")
            _ = try await desk.rate(id, subject: subject, stars: Int(form.text("stars")) ?? 0, comment: form.text("comment"), context: context)
            return WebRenderer.redirect(to: "/citizen/cases/\(id.lowercasedString)?rated=1")
        }
        routes.page(.post, "/citizen/consents/{id}/withdraw") { request, context in
            _ = try await WebForm.read(request)
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            _ = try await desk.withdraw(try ProcedureRoutes.uuid(context, "id"), subject: subject, context: context)
            return WebRenderer.redirect(to: "/citizen/cases?withdrawn=1")
        }
    }

    private func consentPage(_ procedure: Procedure, request: Request, context: AppRequestContext, desk: CaseDesk) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let until = desk.calendar.adding(workingDays: procedure.processingDays, to: CivilDate(vietnam: Date()))
        let sources = try await desk.sources(of: procedure).map { source in
            SourceRow(
                dataset: source.code, title: source.dataset.map { language == .en ? $0.titleEn : $0.titleVi } ?? source.code,
                agency: source.dataset.flatMap { names[$0.ownerAgencyCode] } ?? "—",
                fields: source.fields.map { $0.label(language) }.joined(separator: ", "))
        }
        let name = procedure.name(language)
        let content = ConsentContent(
            code: procedure.code, name: name, lead: Messages.fill(t["consent_lead"]!, names[procedure.ownerAgencyCode] ?? procedure.ownerAgencyCode),
            purpose: Messages.fill(t["consent_purpose"]!, name), until: Messages.fill(t["consent_until"]!, ServiceDisplay.day(until, language)),
            sources: sources, hasSources: !sources.isEmpty)
        return try services.web.page("citizen-consent", title: t["consent_title"]!, content: content, request: request, context: context)
    }

    private func formPage(
        _ id: UUID, _ procedure: Procedure, _ prefill: PrefillResult, typed: [String: String], request: Request, context: AppRequestContext,
        notice: Notice? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let titles = try await SharingStore(database: services.database).notices().datasets
        let rows = procedure.fields.map { field in
            let value = prefill.value(field.name)
            let source = value.map { value in
                Messages.fill(
                    t["form_source"]!, value.sourceAgency.flatMap { names[$0] } ?? "—",
                    value.sourceUpdatedAt.map { DisplayDate.format($0, language) } ?? "—")
            }
            return FieldRow(
                name: field.name, label: field.label(language), value: value.map { ServiceDisplay.value($0.value, kind: field.kind, language) } ?? "",
                prefilled: value != nil, canFlag: value != nil && field.source?.by == PrefillSource.citizenID, source: source ?? "",
                dataset: value?.sourceDataset ?? "",
                inputType: field.kind == .date ? "date" : field.kind == .number ? "number" : "text", isLong: field.kind == .longText,
                required: field.required, typed: typed[field.name] ?? "")
        }
        let notices = prefill.notices.map { notice in
            let who = [names[notice.agencyCode], titles[notice.dataset]?.text(language)].compactMap { $0 }.joined(separator: " — ")
            return notice.message.format(who.isEmpty ? notice.dataset : who).text(language)
        }
        let content = FormContent(
            id: id.lowercasedString, procedure: procedure.name(language), fields: rows, notices: notices, hasNotices: !notices.isEmpty,
            filled: prefill.values.count, total: procedure.fields.count)
        return try services.web.page(
            "citizen-form", title: t["form_title"]!, content: content, request: request, context: context, status: status, notice: notice)
    }

    func caseContent(_ item: ServiceCase, language: Language, desk: CaseDesk, receipt: Bool = false) async throws -> CaseContent {
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let procedure = try await desk.procedures.procedure(item.procedureCode)
        let timeliness = item.timeliness(on: CivilDate(vietnam: Date()))
        let values = item.values.map { value in
            let field = procedure?.fields.first { $0.name == value.name }
            return ValueRow(
                label: field?.label(language) ?? value.name, value: ServiceDisplay.value(value.value, kind: field?.kind ?? .text, language),
                origin: value.prefilled ? Messages.fill(t["case_prefilled_from"]!, value.sourceAgency.flatMap { names[$0] } ?? "—") : t["case_typed"]!
            )
        }
        return CaseContent(
            id: item.id.lowercasedString, number: item.number, procedure: procedure?.name(language) ?? item.procedureCode,
            agency: names[item.agencyCode] ?? item.agencyCode, received: DisplayDate.formatTime(item.receivedAt, language),
            due: ServiceDisplay.day(item.dueOn, language), status: t["case_status_\(item.status.rawValue)"] ?? item.status.rawValue,
            statusKey: item.status.rawValue, timeliness: t["case_time_\(timeliness.rawValue)"] ?? timeliness.rawValue,
            timelinessKey: timeliness.rawValue,
            reason: item.reason ?? "", hasReason: !(item.reason ?? "").isEmpty, values: values,
            events: item.events.map {
                EventRow(
                    status: t["case_status_\($0.status.rawValue)"] ?? $0.status.rawValue, at: DisplayDate.formatTime($0.at, language), note: $0.note,
                    hasNote: !$0.note.isEmpty)
            },
            canRate: item.status.isFinal && item.rating == nil, rated: item.rating.map { Messages.fill(t["rating_given"]!, String($0.stars)) } ?? "",
            isRated: item.rating != nil, isReceipt: receipt)
    }

    private func casesPage(subject: String, request: Request, context: AppRequestContext, desk: CaseDesk, notice: Notice?) async throws -> Response {
        let language = context.language
        let t = Messages.webTexts(language)
        let names = try await services.agencyNames(language)
        let procedures = Dictionary(
            try await desk.procedures.procedures().map { ($0.code, $0.name(language)) }, uniquingKeysWith: { first, _ in first })
        let titles = try await SharingStore(database: services.database).notices().datasets
        let today = CivilDate(vietnam: Date())
        let cases = try await desk.store.cases(CaseStore.Filter(subject: subject)).map {
            CaseRow($0, procedures: procedures, agencies: names, language: language, today: today)
        }
        let consents = try await desk.store.consents(subject: subject).map { consent in
            let state: String =
                if !consent.accepted { t["consent_declined"]! } else if consent.withdrawnAt != nil {
                    t["consent_withdrawn"]!
                } else if consent
                    .allowsReads(at: Date())
                { Messages.fill(t["consent_in_force"]!, ServiceDisplay.day(consent.validUntil, language)) } else { t["consent_expired"]! }
            return ConsentRow(
                id: consent.id.lowercasedString, procedure: procedures[consent.procedureCode] ?? consent.procedureCode,
                source: [names[consent.sourceAgencyCode], titles[consent.datasetCode]?.text(language)].compactMap { $0 }.joined(separator: " — "),
                fields: consent.fields.joined(separator: ", "), state: state, canWithdraw: consent.allowsReads(at: Date()))
        }
        let notices = try await desk.store.notices(subject: subject, limit: 10).map {
            NoticeRow(text: $0.text.text(language), at: DisplayDate.formatTime($0.createdAt, language), link: $0.link, isNew: $0.seenAt == nil)
        }
        try await desk.store.markNoticesSeen(subject: subject)
        return try services.web.page(
            "citizen-cases", title: t["cases_mine"]!,
            content: CasesContent(
                notices: notices, hasNotices: !notices.isEmpty, cases: cases, hasCases: !cases.isEmpty, consents: consents,
                hasConsents: !consents.isEmpty), request: request, context: context, notice: notice)
    }
}

import Foundation
import Lienthong
import LienthongStore

/// The one place where applications become cases and cases move, for the API, the web pages and the demo alike:
/// consent, prefill (once per application), submission (once per application or idempotency key), the officer's
/// steps (their own agency's cases only), the citizen's rating and consent withdrawal. Each step is audited.
struct CaseDesk {
    let services: AppServices
    var store: CaseStore { CaseStore(database: services.database) }
    var procedures: ProcedureStore { ProcedureStore(database: services.database) }
    var calendar: WorkingDayCalendar { services.configuration.calendar }

    /// The procedure `code`, open for applications unless `includingInactive`.
    func procedure(_ code: String, includingInactive: Bool = false) async throws -> Procedure {
        guard let procedure = try await procedures.procedure(code) else { throw ProcedureError.unknownProcedure(code) }
        guard procedure.active || includingInactive else { throw ProcedureError.inactive(code) }
        return procedure
    }

    /// The sources the consent page names: each dataset with its owner agency and the form fields it fills.
    func sources(of procedure: Procedure) async throws -> [(dataset: Dataset?, code: String, fields: [FormField])] {
        var result: [(dataset: Dataset?, code: String, fields: [FormField])] = []
        for source in procedure.sources {
            result.append((try await GatewayRoutes.dataset(source.dataset, services: services).dataset, source.dataset, source.fields))
        }
        return result
    }

    /// Starts an application: the citizen accepted the sources in `accepted` and declined the others. Consents last
    /// until the legal due date of a case filed today.
    func start(
        _ procedure: Procedure, subject: String, accepted: Set<String>, context: AppRequestContext, at time: Date = Date()
    ) async throws -> UUID {
        let id = UUID()
        let until = calendar.adding(workingDays: procedure.processingDays, to: CivilDate(vietnam: time))
        var consents: [Consent] = []
        for source in try await sources(of: procedure) {
            consents.append(
                Consent(
                    applicationID: id, subject: subject, procedureCode: procedure.code, datasetCode: source.code,
                    sourceAgencyCode: source.dataset?.ownerAgencyCode ?? "", fields: source.fields.compactMap { $0.source?.field },
                    accepted: accepted.contains(source.code), givenAt: time, validUntil: until))
        }
        try await store.startApplication(id, subject: subject, procedureCode: procedure.code, consents: consents, at: time)
        try await services.audit.record(
            context, "consent.give", resource: "application:\(id.lowercasedString)", actor: AuditActor(kind: .citizen, id: subject),
            agencyCode: procedure.ownerAgencyCode, purpose: procedure.code, subjects: [subject])
        return id
    }

    /// The form of an application: the procedure, what prefill read (read now, the first time), and the consents.
    func form(
        _ id: UUID, subject: String, citizenID: String?, context: AppRequestContext
    ) async throws -> (procedure: Procedure, application: CaseStore.Application, prefill: PrefillResult) {
        guard let application = try await store.application(id, subject: subject) else { throw ProcedureError.unknownCase(id.lowercasedString) }
        let procedure = try await self.procedure(application.procedureCode, includingInactive: true)
        if let prefill = application.prefill { return (procedure, application, prefill) }
        let consents = try await store.consents(application: id)
        let prefill: PrefillResult
        if let citizenID {
            prefill = await PrefillReader(services: services).read(
                procedure, citizenID: citizenID, subject: subject, consents: consents, context: context)
        } else {
            // A session without the citizen's ID (another identity provider) cannot look anything up: type it all.
            prefill = PrefillResult(
                notices: procedure.sources.map {
                    PrefillNotice(dataset: $0.dataset, agencyCode: "", fields: $0.fields.map(\.name), reason: .unavailable)
                })
        }
        // A source that could not be read just now is tried again on the next view; the rest is kept.
        if !prefill.notices.contains(where: { $0.reason == .unavailable }) { try await store.savePrefill(prefill, for: id) }
        return (procedure, application, prefill)
    }

    /// Files the application as a case: prefilled values as read, the other fields as typed (trimmed, NFC); every
    /// required field must have a value. The same application or idempotency key files one case.
    func submit(
        _ id: UUID, subject: String, citizenID: String?, typed: [String: String], channel: ServiceCase.Channel = .online, idempotencyKey: String?,
        context: AppRequestContext, at time: Date = Date()
    ) async throws -> (case: ServiceCase, created: Bool) {
        if let existing = try await store.case(id: id), existing.subject == subject { return (existing, false) }
        var (procedure, _, prefill) = try await form(id, subject: subject, citizenID: citizenID, context: context)
        guard procedure.active else { throw ProcedureError.inactive(procedure.code) }
        // Values read under a consent since withdrawn or expired are not filed: those fields are typed.
        let allowed = Set(try await store.consents(application: id).filter { $0.allowsReads(at: time) }.map(\.datasetCode))
        prefill.values.removeAll { $0.sourceDataset.map { !allowed.contains($0) } ?? false }
        var values: [CaseValue] = []
        var missing: [String] = []
        var invalid: [String] = []
        for field in procedure.fields {
            if let value = prefill.value(field.name) {
                values.append(value)
                continue
            }
            let text = (typed[field.name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).nfc
            if text.count > 2_000 || (field.kind == .date && !text.isEmpty && CivilDate(iso: text) == nil)
                || (field.kind == .number && !text.isEmpty && Double(text) == nil)
            {
                invalid.append(field.name)
            } else if text.isEmpty {
                if field.required { missing.append(field.name) }
            } else {
                values.append(CaseValue(name: field.name, value: text))
            }
        }
        if !missing.isEmpty || !invalid.isEmpty { throw ProcedureError.invalidFields(missing + invalid) }
        let item = ServiceCase.filed(procedure, id: id, subject: subject, values: values, channel: channel, at: time, calendar: calendar)
        let notice = SharingStore.Notification(
            agencyCode: procedure.ownerAgencyCode, createdAt: time, kind: "case.received",
            text: LocalizedText(
                vi: Messages.caseReceivedNotice.vi.replacingOccurrences(of: "{1}", with: procedure.nameVi),
                en: Messages.caseReceivedNotice.en.replacingOccurrences(of: "{1}", with: procedure.nameEn)),
            link: "/cases/\(id.lowercasedString)")
        let result = try await store.file(item, idempotencyKey: idempotencyKey, notice: notice)
        services.indicators.forget()
        if result.created {
            try await services.audit.record(
                context, "case.file", resource: "case:\(result.case.number)", actor: AuditActor(kind: .citizen, id: subject),
                agencyCode: procedure.ownerAgencyCode, purpose: procedure.code, subjects: [subject])
        }
        return result
    }

    /// An officer (or steward) of the case's agency moves it; nobody else may.
    func move(_ id: UUID, to status: CaseStatus, note: String, context: AppRequestContext, at time: Date = Date()) async throws -> ServiceCase {
        guard case .staff(let user, _) = context.identity else { throw Problem.unauthenticated }
        let calendar = self.calendar
        let moved = try await store.update(id, notice: Self.notice) { current in
            guard current.agencyCode == user.agencyCode, user.role == .officer || user.role == .steward else { throw ProcedureError.otherAgency }
            return try current.moved(to: status, by: user.username, note: note, at: time, calendar: calendar)
        }
        services.indicators.forget()
        try await services.audit.record(
            context, "case.\(status.rawValue)", resource: "case:\(moved.number)", purpose: moved.procedureCode, subjects: [moved.subject])
        return moved
    }

    /// The citizen's notice of a step: the case, its new status and the officer's note, in both languages.
    @Sendable static func notice(_ item: ServiceCase) -> LocalizedText? {
        let status = Messages.web["case_status_\(item.status.rawValue)"] ?? LocalizedText(vi: item.status.rawValue, en: item.status.rawValue)
        let note = item.events.last?.note ?? ""
        return LocalizedText(
            vi: Messages.caseMovedNotice.format(item.number, status.vi, note).vi.trimmingCharacters(in: .whitespaces),
            en: Messages.caseMovedNotice.format(item.number, status.en, note).en.trimmingCharacters(in: .whitespaces))
    }

    /// The citizen rates their finished case, once.
    func rate(
        _ id: UUID, subject: String, stars: Int, comment: String, context: AppRequestContext, at time: Date = Date()
    ) async throws -> ServiceCase {
        let rated = try await store.update(id) { current in
            guard current.subject == subject else { throw ProcedureError.unknownCase(id.lowercasedString) }
            return try current.rated(stars, comment: comment, at: time)
        }
        services.indicators.forget()
        try await services.audit.record(
            context, "case.rate", resource: "case:\(rated.number)", actor: AuditActor(kind: .citizen, id: subject), agencyCode: rated.agencyCode,
            subjects: [subject])
        return rated
    }

    /// The citizen withdraws a consent: no read may rely on it any more.
    func withdraw(_ consent: UUID, subject: String, context: AppRequestContext) async throws -> Consent {
        let withdrawn = try await store.withdrawConsent(consent, subject: subject)
        // An application not yet filed forgets what was read under it: the citizen types those fields instead.
        if try await store.case(id: withdrawn.applicationID) == nil,
            var prefill = try await store.application(withdrawn.applicationID, subject: subject)?.prefill
        {
            let removed = prefill.values.filter { $0.sourceDataset == withdrawn.datasetCode }
            prefill.values.removeAll { $0.sourceDataset == withdrawn.datasetCode }
            prefill.notices.append(
                PrefillNotice(dataset: withdrawn.datasetCode, agencyCode: withdrawn.sourceAgencyCode, fields: removed.map(\.name), reason: .declined))
            try await store.savePrefill(prefill, for: withdrawn.applicationID)
        }
        try await services.audit.record(
            context, "consent.withdraw", resource: "consent:\(consent.lowercasedString)", actor: AuditActor(kind: .citizen, id: subject),
            agencyCode: withdrawn.sourceAgencyCode, datasetCode: withdrawn.datasetCode, purpose: withdrawn.procedureCode, subjects: [subject])
        return withdrawn
    }

    /// The service indicators of every case (or an agency's), today; computed at most every 30 seconds per node.
    func indicators(agencyCode: String? = nil, at time: Date = Date()) async throws -> ServiceIndicators.Report {
        try await services.indicators.value(for: agencyCode ?? "") {
            let cases = try await store.cases(CaseStore.Filter(agencyCode: agencyCode, limit: 1_000_000))
            return ServiceIndicators.report(cases, today: CivilDate(vietnam: time), calendar: calendar)
        }
    }
}

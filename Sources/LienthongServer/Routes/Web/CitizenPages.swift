import Foundation
import HTTPTypes
import Hummingbird
import Lienthong
import LienthongStore

/// The citizen's pages, phone first: sign in with a citizen ID and a one-time code (`/citizen`), then "who read my
/// data" (`/citizen/reads`): every entry of the audit log about them, found by the keyed hash of their ID.
struct CitizenPages {
    let services: AppServices

    struct SignInContent {
        let available: Bool
        /// In demo mode, citizen IDs whose data the demo read (synthetic people).
        var demoCitizens: [String] = []
        var hasDemoCitizens = false
        let challenge: String?
        let shownCode: String?
        let maskedID: String?
        let values: [String: String]
        /// Where to go after signing in (a local path; empty: "who read my data").
        var next = ""
    }

    struct ReadRow {
        let sequence: Int64
        let at: String
        let agency: String
        let system: String
        let dataset: String
        /// The dataset's code, for "report wrong data" (empty when the read was not of a dataset).
        let datasetCode: String
        let hasDataset: Bool
        let fields: String
        let purpose: String
        let action: String
        let denied: Bool
    }

    struct ReadsContent {
        let rows: [ReadRow]
        let isEmpty: Bool
        let count: Int
    }

    func register(on routes: RouteRegistrar) {
        let store = CitizenStore(database: services.database)
        let provider: (any CitizenIdentityProvider)? =
            services.configuration.demo ? DemoCitizenProvider(store: store, subjects: services.configuration.keys.subjects) : nil
        let secure = services.configuration.publicBaseURL.lowercased().hasPrefix("https://")
        routes.page(.get, "/citizen") { request, context in
            var content = SignInContent(available: provider != nil, challenge: nil, shownCode: nil, maskedID: nil, values: [:])
            content.next = Self.next(request.uri.queryParameters["next"].map(String.init))
            if services.configuration.demo {
                content.demoCitizens = try await DemoSharing.citizens(database: services.database, count: 3)
                content.hasDemoCitizens = !content.demoCitizens.isEmpty
            }
            return try signIn(request, context, content: content)
        }
        routes.page(.post, "/citizen/signin") { request, context in
            let form = try await WebForm.read(request)
            let citizenID = form.text("citizenId").filter { !$0.isWhitespace }
            guard let provider else {
                return try signIn(
                    request, context, content: SignInContent(available: false, challenge: nil, shownCode: nil, maskedID: nil, values: [:]),
                    status: .serviceUnavailable)
            }
            guard CitizenID.isValid(citizenID) else {
                let t = Messages.webTexts(context.language)
                return try signIn(
                    request, context,
                    content: SignInContent(
                        available: true, challenge: nil, shownCode: nil, maskedID: nil, values: form.fields, next: Self.next(form["next"])),
                    notice: .error(t["citizen_bad_id"]!), status: .unprocessableContent)
            }
            let started: (challenge: UUID, shownCode: String?)
            do {
                started = try await provider.start(
                    citizenID: citizenID, source: CallerNetwork.key(context.clientAddress, hasher: services.configuration.keys.subjects))
            } catch let throttled as CitizenStore.TooManyChallenges {
                // Without the person's hash: whoever knows an ID could otherwise fill that person's own view of the
                // log with refusals and push the reads of their data off it.
                try await services.audit.record(
                    context, "citizen.challenge", outcome: .denied, actor: AuditActor(kind: .anonymous, id: "-"), agencyCode: nil)
                let minutes = String(max(1, (throttled.retryAfter + 59) / 60))
                let message = Messages.web[throttled.bySource ? "citizen_too_many_source" : "citizen_too_many"]!
                var response = try signIn(
                    request, context,
                    content: SignInContent(
                        available: true, challenge: nil, shownCode: nil, maskedID: nil, values: [:], next: Self.next(form["next"])),
                    notice: .error(message.format(minutes).text(context.language)), status: .tooManyRequests)
                response.headers[.retryAfter] = String(throttled.retryAfter)
                return response
            }
            var content = SignInContent(
                available: true, challenge: started.challenge.lowercasedString, shownCode: started.shownCode,
                maskedID: CitizenID.masked(citizenID), values: [:])
            content.next = Self.next(form["next"])
            return try signIn(request, context, content: content)
        }
        routes.page(.post, "/citizen/verify") { request, context in
            let form = try await WebForm.read(request)
            let t = Messages.webTexts(context.language)
            guard let challenge = UUID(uuidString: form.text("challenge")),
                let session = try await store.verify(challenge: challenge, code: form.text("code").filter(\.isNumber))
            else {
                try await services.audit.record(
                    context, "citizen.signIn", outcome: .denied, actor: AuditActor(kind: .anonymous, id: "-"), agencyCode: nil)
                return try signIn(
                    request, context,
                    content: SignInContent(
                        available: provider != nil, challenge: form.text("challenge"), shownCode: nil, maskedID: nil, values: [:],
                        next: Self.next(form["next"])),
                    notice: .error(t["citizen_bad_code"]!), status: .unauthorized)
            }
            try await services.audit.record(context, "citizen.signIn", actor: AuditActor(kind: .citizen, id: session.subject), agencyCode: nil)
            var response = WebRenderer.redirect(to: Self.next(form["next"]).isEmpty ? "/citizen/reads" : Self.next(form["next"]))
            response.setCookie(CitizenSession.cookie(session.token.value, secure: secure))
            return response
        }
        routes.page(.get, "/citizen/reads") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { return WebRenderer.redirect(to: "/citizen") }
            let language = context.language
            let t = Messages.webTexts(language)
            let reads = try await CitizenReads(services: services).reads(subject: subject, language: language)
            let rows = reads.map { read in
                ReadRow(
                    sequence: read.sequence, at: DisplayDate.formatTime(read.at, language), agency: read.agencyName, system: read.system,
                    dataset: read.datasetTitle, datasetCode: read.dataset ?? "", hasDataset: read.dataset != nil,
                    fields: read.fields.joined(separator: ", "), purpose: read.purposeName, action: t["citizen_action_\(read.action)"] ?? read.action,
                    denied: read.outcome != "success")
            }
            return try services.web.page(
                "citizen-reads", title: t["citizen_reads_title"]!, content: ReadsContent(rows: rows, isEmpty: rows.isEmpty, count: rows.count),
                request: request, context: context)
        }
        routes.page(.post, "/citizen/signout") { request, _ in
            _ = try await WebForm.read(request)
            if let token = request.cookies[CitizenSession.cookie]?.value { try await store.end(token: token) }
            var response = WebRenderer.redirect(to: "/citizen")
            response.setCookie(CitizenSession.clear(secure: secure))
            return response
        }
        routes.add(.get, "/api/v1/citizen/reads") { request, context in
            guard let subject = try await CitizenSession.subject(request, services: services) else { throw Problem.unauthenticated }
            let reads = try await CitizenReads(services: services).reads(subject: subject, language: context.language)
            return try JSONCoding.response(SharingRoutes.Page(items: reads, nextCursor: nil))
        }
    }

    /// A `next` path worth keeping: local and within the citizen's pages.
    static func next(_ path: String?) -> String {
        let path = LocalPath.safe(path)
        return path.hasPrefix("/citizen/") ? path : ""
    }

    private func signIn(
        _ request: Request, _ context: AppRequestContext, content: SignInContent, notice: Notice? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let t = Messages.webTexts(context.language)
        return try services.web.page(
            "citizen", title: t["citizen_title"]!, content: content, request: request, context: context, status: status, notice: notice)
    }
}

import Hummingbird
import Lienthong
import LienthongStore
import Logging

/// Builds the whole server: database, services, middleware and routes. `lienthong serve` and the tests
/// call this same function.
///
/// Migrations (and the demo, with `demo`) run before the server accepts its first request.
public func buildApplication(configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    var logger = Logger(label: "lienthong")
    logger.logLevel = configuration.logLevel
    // The interface's files first: a broken installation fails before any connection is opened.
    let web = try await WebRenderer(cookies: WebCookies(publicBaseURL: configuration.publicBaseURL), demo: configuration.demo)
    let assets = try StaticAssets()
    let database = try await Database.open(configuration.database, logger: logger)
    let directory = DirectoryStore(database: database, passwords: configuration.passwords)
    let auditStore = AuditStore(database: database)
    let services = AppServices(
        configuration: configuration, database: database, directory: directory,
        credentials: TimedCache(lifetime: configuration.credentialCacheLifetime),
        lastUse: LastUseRecorder(directory: directory, interval: configuration.lastUseFlushInterval, logger: logger),
        metrics: HTTPMetrics(), logger: logger, web: web, assets: assets, audit: Auditor(log: AuditLog(store: auditStore)),
        signer: TreeHeadSigner(
            store: auditStore, key: configuration.keys.signing, everyEntries: configuration.treeHeadEvery,
            interval: configuration.treeHeadInterval, logger: logger),
        grants: TimedCache(), rateLimiter: RateLimiter(rate: Double(configuration.gatewayRate)))
    let health = ServiceHealthMonitor(store: ServiceStore(database: database), client: UpstreamClient.shared)
    let deadlines = SharingDeadlines(desk: SharingDesk(services: services), logger: logger)
    let quality = QualitySchedule(runner: QualityRunner(database: database, calendar: configuration.calendar), logger: logger)
    let leases = JobLeases(database: database)
    func job(_ name: String, every interval: Duration, _ work: @escaping @Sendable () async -> Void) -> PeriodicJob {
        PeriodicJob(name: name, interval: interval, leases: leases, node: configuration.nodeName, logger: logger, work: work)
    }
    let jobs = [
        job("sharing.deadlines", every: configuration.sharingJobInterval) { await deadlines.runOnce() },
        job("services.health", every: configuration.sharingJobInterval) { await health.checkAll() },
        job("quality.schedule", every: configuration.qualityInterval) { await quality.runOnce() },
        // Applications never filed are forgotten after a day, with the values prefill read for them; sealed citizen
        // IDs as soon as their sign-in has expired; task owners hear of deadlines near and passed (once each).
        job("hourly.clean-up", every: .seconds(3_600)) { [logger] in
            do {
                try await CaseStore(database: database).purgeApplications(olderThan: 86_400)
                try await CitizenStore(database: database).forgetExpiredIDs()
            } catch {
                logger.warning("the hourly clean-up of applications and sealed IDs failed", metadata: ["error": "\(type(of: error))"])
            }
            do {
                try await ProgrammeStore(database: database).sendDeadlineAlerts(calendar: configuration.calendar)
            } catch {
                logger.warning("the hourly deadline alerts failed", metadata: ["error": "\(type(of: error))"])
            }
        },
    ]
    let router = buildRouter(services).router
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Lienthong"),
        services: [database, services.lastUse, services.signer] + jobs,
        logger: logger)
    let startLogger = logger
    app.beforeServerStarts {
        let applied = try await Migrator(database: database).migrate()
        if !applied.isEmpty { startLogger.info("migrated", metadata: ["versions": "\(applied)"]) }
        if configuration.demo,
            try await DemoCity.load(
                into: directory, audit: auditStore, calendar: configuration.calendar, answerDays: configuration.answerWorkingDays,
                subjects: configuration.keys.subjects)
        {
            startLogger.info("demo city loaded")
        }
    }
    return app
}

/// The router with its middleware and every route; also returns which API routes and pages were registered.
func buildRouter(_ services: AppServices) -> (router: Router<AppRequestContext>, routes: Set<RouteKey>, pages: Set<RouteKey>) {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestContextMiddleware(clientAddress: ClientAddressResolver(trustedProxies: services.configuration.trustedProxies)))
    router.add(middleware: ObservationMiddleware(metrics: services.metrics))
    router.add(middleware: ProblemMiddleware(web: services.web))
    let anonymousRate = services.configuration.anonymousRate
    router.add(
        middleware: AuthenticationMiddleware(
            directory: services.directory, cache: services.credentials, lastUse: services.lastUse, audit: services.audit,
            anonymous: AnonymousLimit(limiter: anonymousRate > 0 ? RateLimiter(rate: anonymousRate, capacity: 50_000) : nil)))
    let routes = RouteRegistrar(router: router, audit: services.audit)
    let throttle = LoginThrottle()
    SystemRoutes(services: services).register(on: routes)
    SessionRoutes(services: services, throttle: throttle).register(on: routes)
    AgencyRoutes(services: services).register(on: routes)
    UserRoutes(services: services).register(on: routes)
    APIClientRoutes(services: services).register(on: routes)
    CalendarRoutes(services: services).register(on: routes)
    AuditRoutes(services: services).register(on: routes)
    DatasetRoutes(services: services).register(on: routes)
    RecordRoutes(services: services).register(on: routes)
    PublicationRoutes(services: services).register(on: routes)
    CKANRoutes(services: services).register(on: routes)
    SharingRoutes(services: services).register(on: routes)
    QualityRoutes(services: services).register(on: routes)
    ProcedureRoutes(services: services).register(on: routes)
    ProgrammeRoutes(services: services).register(on: routes)
    GatewayRoutes(services: services).register(on: routes)
    ServiceRoutes(services: services).register(on: routes)
    GatewayServiceRoutes(services: services, client: UpstreamClient.shared).register(on: routes)
    AuditPage(services: services).register(on: routes)
    CatalogPages(services: services).register(on: routes)
    PublicationPages(services: services).register(on: routes)
    SharingPages(services: services).register(on: routes)
    ServicesPage(services: services).register(on: routes)
    CitizenPages(services: services).register(on: routes)
    SecurityPage(services: services).register(on: routes)
    TicketPages(services: services).register(on: routes)
    QualityPages(services: services).register(on: routes)
    ProcedurePages(services: services).register(on: routes)
    CitizenServicePages(services: services).register(on: routes)
    CasePages(services: services).register(on: routes)
    ProgrammePages(services: services).register(on: routes)
    CommitteeReportPage(services: services).register(on: routes)
    ResultsPages(services: services).register(on: routes)
    ReportPages(services: services).register(on: routes)
    DCATRoutes(services: services).register(on: routes)
    OverviewPage(services: services).register(on: routes)
    AgenciesPage(services: services).register(on: routes)
    SignInPages(services: services, throttle: throttle).register(on: routes)
    AccountPages(services: services).register(on: routes)
    StaticRoutes(assets: services.assets).register(on: routes)
    return (router, routes.registered, routes.registeredPages)
}

/// The API routes and web pages the server registers, for tests that compare them with `AccessPolicy`
/// and the OpenAPI document. Builds a router over a throwaway in-memory database.
public func registeredRoutes() async throws -> (api: Set<RouteKey>, pages: Set<RouteKey>) {
    let web = try await WebRenderer(cookies: WebCookies(publicBaseURL: ""), demo: false)
    let assets = try StaticAssets()
    let database = try await Database.open(.sqliteMemory, logger: Logger(label: "routes"))
    let directory = DirectoryStore(database: database)
    let auditStore = AuditStore(database: database)
    let services = AppServices(
        configuration: ServerConfiguration(), database: database, directory: directory,
        credentials: TimedCache(lifetime: .zero),
        lastUse: LastUseRecorder(directory: directory, interval: .seconds(60), logger: Logger(label: "routes")),
        metrics: HTTPMetrics(), logger: Logger(label: "routes"), web: web, assets: assets,
        audit: Auditor(log: AuditLog(store: auditStore)),
        signer: TreeHeadSigner(store: auditStore, key: AuditSigningKey(), logger: Logger(label: "routes")),
        grants: TimedCache(), rateLimiter: RateLimiter(rate: 1))
    let built = buildRouter(services)
    await database.close()
    return (built.routes, built.pages)
}

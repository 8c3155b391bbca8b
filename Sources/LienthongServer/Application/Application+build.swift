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
    let database = try await Database.open(configuration.database, logger: logger)
    let directory = DirectoryStore(database: database, passwords: configuration.passwords)
    let services = AppServices(
        configuration: configuration, database: database, directory: directory,
        credentials: CredentialCache(lifetime: configuration.credentialCacheLifetime),
        lastUse: LastUseRecorder(directory: directory, interval: configuration.lastUseFlushInterval, logger: logger),
        metrics: HTTPMetrics(), logger: logger)
    let router = buildRouter(services).router
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Lienthong"),
        services: [database, services.lastUse],
        logger: logger)
    let startLogger = logger
    app.beforeServerStarts {
        let applied = try await Migrator(database: database).migrate()
        if !applied.isEmpty { startLogger.info("migrated", metadata: ["versions": "\(applied)"]) }
        if configuration.demo, try await DemoCity.load(into: directory) {
            startLogger.info("demo city loaded")
        }
    }
    return app
}

/// The router with its middleware and every route; also returns which routes were registered.
func buildRouter(_ services: AppServices) -> (router: Router<AppRequestContext>, routes: Set<RouteKey>) {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestContextMiddleware(clientAddress: ClientAddressResolver(trustedProxies: services.configuration.trustedProxies)))
    router.add(middleware: ObservationMiddleware(metrics: services.metrics))
    router.add(middleware: ProblemMiddleware())
    router.add(
        middleware: AuthenticationMiddleware(
            directory: services.directory, cache: services.credentials, lastUse: services.lastUse))
    let routes = RouteRegistrar(router: router)
    SystemRoutes(services: services).register(on: routes)
    SessionRoutes(services: services, throttle: LoginThrottle()).register(on: routes)
    AgencyRoutes(services: services).register(on: routes)
    UserRoutes(services: services).register(on: routes)
    APIClientRoutes(services: services).register(on: routes)
    CalendarRoutes(services: services).register(on: routes)
    return (router, routes.registered)
}

/// The routes the server registers, for tests that compare them with `AccessPolicy.table` and the
/// OpenAPI document. Builds a router over a throwaway in-memory database.
public func registeredRoutes() async throws -> Set<RouteKey> {
    let database = try await Database.open(.sqliteMemory, logger: Logger(label: "routes"))
    let directory = DirectoryStore(database: database)
    let services = AppServices(
        configuration: ServerConfiguration(), database: database, directory: directory,
        credentials: CredentialCache(lifetime: .zero),
        lastUse: LastUseRecorder(directory: directory, interval: .seconds(60), logger: Logger(label: "routes")),
        metrics: HTTPMetrics(), logger: Logger(label: "routes"))
    return buildRouter(services).routes
}

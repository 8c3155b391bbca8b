import Hummingbird

/// The interface's CSS, JavaScript and icons.
struct StaticRoutes {
    let assets: StaticAssets

    func register(on routes: RouteRegistrar) {
        routes.page(.get, "/static/{file}") { _, context in
            guard let name = context.parameters.get("file"), let response = assets.response(name) else {
                throw Problem.notFound
            }
            return response
        }
    }
}

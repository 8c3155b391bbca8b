import Synchronization

/// The catalog index a node keeps, rebuilt when the catalog's revision moves past it. Searches that find it out
/// of date wait for one rebuild together; a failed rebuild is tried again by the next search.
final class CatalogIndexCache: Sendable {
    private let state = Mutex<(index: CatalogIndex?, rebuild: (revision: Int64, task: Task<CatalogIndex, any Error>)?)>((nil, nil))

    /// An index at `revision` or later, built by `build` when the one kept is older.
    func index(atLeast revision: Int64, build: @escaping @Sendable () async throws -> CatalogIndex) async throws -> CatalogIndex {
        enum Step {
            case ready(CatalogIndex)
            case wait(Task<CatalogIndex, any Error>)
        }
        let step: Step = state.withLock { state in
            if let index = state.index, index.revision >= revision { return .ready(index) }
            if let rebuild = state.rebuild, rebuild.revision >= revision { return .wait(rebuild.task) }
            let task = Task { try await build() }
            state.rebuild = (revision, task)
            return .wait(task)
        }
        switch step {
        case .ready(let index):
            return index
        case .wait(let task):
            let result = await task.result
            state.withLock { state in
                if case .success(let index) = result, index.revision > state.index?.revision ?? -1 { state.index = index }
                if state.rebuild?.task == task { state.rebuild = nil }
            }
            return try result.get()
        }
    }
}

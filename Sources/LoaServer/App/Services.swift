import Fluent
import LoaCore
import Vapor

/// The application's long-lived parts, made once in `configure` and shared by every request.
final class LoaServices: Sendable {
    let settings: Settings
    /// What time it is for what people are shown and what is published; tests fix it. Sessions,
    /// throttles and the job queue keep the machine's clock: they measure real waiting.
    let clock: LoaClock
    let pageCache: PageCache
    let metrics: Metrics
    let jobs: JobRegistry
    let files: any FileStorage
    let workers: JobWorkers
    let permissions: PermissionPolicy
    let zaloEvents: ZaloEventWriter
    let readings: ReadingCounter
    /// SQLite takes one writer at a time; queueing busy write paths here, in order, costs less
    /// than letting the connections of the pool wait on the file lock. Nil on PostgreSQL.
    let sqliteWriters: AsyncGate?
    var workflow: EditorialWorkflow { EditorialWorkflow(policy: permissions) }
    var petitionWorkflow: PetitionWorkflow {
        PetitionWorkflow(policy: permissions, approvalRequired: settings.petitionApprovalRequired)
    }

    init(settings: Settings, files: any FileStorage, clock: LoaClock = .system, database: @escaping @Sendable () -> any Database) {
        self.settings = settings
        self.clock = clock
        self.pageCache = PageCache(lifetime: .seconds(settings.pageCacheSeconds))
        self.metrics = Metrics()
        self.jobs = JobRegistry()
        self.files = files
        self.workers = JobWorkers()
        self.permissions = PermissionPolicy(editorsMayPublish: settings.editorsMayPublish)
        self.zaloEvents = ZaloEventWriter(database: database)
        self.readings = ReadingCounter()
        if case .postgres = settings.database { self.sqliteWriters = nil } else { self.sqliteWriters = AsyncGate(width: 1) }
    }
}

/// The time Loa's pages and operations read.
struct LoaClock: Sendable {
    let now: @Sendable () -> Date

    static let system = LoaClock { Date() }

    static func fixed(_ date: Date) -> LoaClock { LoaClock { date } }
}

extension Request {
    /// Now, by the application's clock.
    var now: Date { application.loa.clock.now() }
}

extension Application {
    /// Now, by the application's clock.
    var now: Date { loa.clock.now() }

    private struct LoaServicesKey: StorageKey {
        typealias Value = LoaServices
    }

    var loa: LoaServices {
        get {
            guard let services = storage[LoaServicesKey.self] else {
                fatalError("configure(_:settings:) must run before the application is used")
            }
            return services
        }
        set { storage[LoaServicesKey.self] = newValue }
    }

    /// Runs a write transaction behind the SQLite writers' gate (straight through on PostgreSQL).
    func serialisingWrites<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard let gate = loa.sqliteWriters else { return try await body() }
        await gate.enter()
        do {
            let value = try await body()
            await gate.leave()
            return value
        } catch {
            await gate.leave()
            throw error
        }
    }

    /// Called after anything public changes: the next request renders pages afresh.
    func contentChanged() {
        loa.pageCache.invalidateAll()
    }
}

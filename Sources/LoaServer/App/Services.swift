import Fluent
import LoaCore
import Vapor

/// The application's long-lived parts, made once in `configure` and shared by every request.
final class LoaServices: Sendable {
    let settings: Settings
    let pageCache: PageCache
    let metrics: Metrics
    let jobs: JobRegistry
    let files: any FileStorage
    let workers: JobWorkers
    let permissions: PermissionPolicy
    let zaloEvents: ZaloEventWriter
    let readings: ReadingCounter
    var workflow: EditorialWorkflow { EditorialWorkflow(policy: permissions) }
    var petitionWorkflow: PetitionWorkflow {
        PetitionWorkflow(policy: permissions, approvalRequired: settings.petitionApprovalRequired)
    }

    init(settings: Settings, files: any FileStorage, database: @escaping @Sendable () -> any Database) {
        self.settings = settings
        self.pageCache = PageCache(lifetime: .seconds(settings.pageCacheSeconds))
        self.metrics = Metrics()
        self.jobs = JobRegistry()
        self.files = files
        self.workers = JobWorkers()
        self.permissions = PermissionPolicy(editorsMayPublish: settings.editorsMayPublish)
        self.zaloEvents = ZaloEventWriter(database: database)
        self.readings = ReadingCounter()
    }
}

extension Application {
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

    /// Called after anything public changes: the next request renders pages afresh.
    func contentChanged() {
        loa.pageCache.invalidateAll()
    }
}

import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOSSL
import SQLKit
import Vapor

/// Builds the application from settings. Tests call this with an in-memory database; the
/// executable calls it with `Settings.load()`.
public func configure(_ app: Application, settings: Settings) async throws {
    try await configure(app, settings: settings, clock: .system)
}

/// The same, on a given clock (tests render pages at a fixed time).
func configure(_ app: Application, settings: Settings, clock: LoaClock) async throws {
    try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
    app.loa = LoaServices(
        settings: settings, files: LocalFileStorage(dataDirectory: settings.dataDirectory), clock: clock,
        database: { [unowned app] in app.db })

    switch settings.database {
    case .sqliteFile(let path):
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .trace), as: .sqlite)
    case .postgres(let url):
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.searchPath = settings.postgresSearchPath
        app.databases.use(
            .postgres(configuration: configuration, maxConnectionsPerEventLoop: settings.databasePoolSize, sqlLogLevel: .trace),
            as: .psql)
    }

    app.migrations.add(CreateTopics())
    app.migrations.add(SeedDefaultTopics())
    app.migrations.add(CreateArticles())
    app.migrations.add(CreateLegalDocuments())
    app.migrations.add(CreateInfoPages())
    app.migrations.add(CreateJobs())
    app.migrations.add(CreateStaff())
    app.migrations.add(CreateSearchIndex())
    app.migrations.add(CreatePetitions())
    app.migrations.add(ConfigureSearchRanking())
    app.migrations.add(CreateZalo())
    app.migrations.add(CreateDashboardCounters())
    app.migrations.add(CreateConsultations())
    app.migrations.add(CreateJobProbes())
    app.migrations.add(AddZaloReplyMarker())
    app.migrations.add(AddConsultationAttachments())
    app.migrations.add(AddSignInSecurity())
    app.migrations.add(CreateStaffNotices())
    app.migrations.add(AddArticleCoverAlt())
    app.migrations.add(CreateDocumentRelations())

    app.passwords.use(.bcrypt(cost: settings.passwordCost))

    // Public submissions stay small; uploads (staff console) raise this per route.
    app.routes.defaultMaxBodySize = "256kb"
    app.http.server.configuration.responseCompression = .disabled
    app.http.server.configuration.serverName = nil
    // `/metrics` is Loa's own; Vapor's swift-metrics reporting would only add work to every request.
    app.http.server.configuration.reportMetrics = false
    // A connection that sends and receives nothing for this long is closed: half-sent requests
    // and idle keep-alives must not pile up until the process runs out of descriptors.
    app.http.server.configuration.idleTimeout = .seconds(Int64(settings.idleTimeoutSeconds))

    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(metrics: app.loa.metrics))
    app.middleware.use(SecurityHeadersMiddleware(settings: settings))
    app.middleware.use(ErrorResponder())
    app.middleware.use(RequestLimitsMiddleware(limit: settings.requestsPerAddress, metrics: app.loa.metrics))
    app.middleware.use(RouteCacheMiddleware(cache: app.loa.pageCache, securityHeaders: SecurityHeadersMiddleware(settings: settings)))
    app.loa.jobs.register(PublishScheduled())
    app.loa.jobs.register(SendPetitionNotice())
    app.loa.jobs.register(ProcessZaloEvent())
    app.loa.jobs.register(FetchFollowerProfile())
    app.loa.jobs.register(SyncZaloTag())
    app.loa.jobs.register(StartArticleBroadcast())
    app.loa.jobs.register(RunBroadcast())
    app.loa.jobs.register(StartConsultationBroadcast())
    app.loa.jobs.register(SendCommentConfirmation())
    app.loa.jobs.register(QueueProbe())
    app.loa.jobs.register(Housekeeping())
    app.loa.jobs.register(SendPasswordReset())
    app.loa.jobs.register(MailStaffNotice())
    try routes(app)
    let cache = app.loa.pageCache
    let metrics = app.loa.metrics
    let readings = app.loa.readings
    app.responder.use { app in PageCacheResponder(inner: app.responder.default, cache: cache, metrics: metrics, readings: readings) }
}

/// Turns on SQLite's write-ahead log: readers no longer wait for a writer, and a crash loses
/// nothing that was committed. The mode is stored in the database file, so this runs once at start.
func prepareDatabase(_ app: Application) async throws {
    do {
        _ = try await (app.db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
    } catch {
        throw DatabaseUnreachable(settings: app.loa.settings, error: error)
    }
    if case .sqliteFile = app.loa.settings.database, let sql = app.db as? any SQLDatabase {
        try await sql.raw("PRAGMA journal_mode = WAL").run()
        try await sql.raw("PRAGMA synchronous = NORMAL").run()
        // The driver answers "database is locked" by retrying at once, in a loop: with one
        // connection per event loop, a writer waiting for another spins on a core the lock's
        // holder needs. SQLite's own wait sleeps between tries instead. The setting belongs to
        // each connection; the pool keeps one per event loop open, so each is set here once.
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let database = app.databases.database(logger: app.logger, on: eventLoop) else { continue }
            try await database.withConnection { connection in
                try await (connection as! any SQLDatabase).raw(
                    "PRAGMA busy_timeout = \(unsafeRaw: String(app.loa.settings.databaseBusyMilliseconds))"
                ).run()
            }
        }
    }
    try await app.autoMigrate()
}

/// The first query failed: says where Loa tried to connect and what the server answered, without
/// the password, instead of the driver's generic description.
struct DatabaseUnreachable: Error, CustomStringConvertible {
    let description: String

    init(settings: Settings, error: any Error) {
        let target: String
        switch settings.database {
        case .sqliteFile(let path): target = "SQLite \(path)"
        case .sqliteMemory: target = "SQLite (in memory)"
        case .postgres(let url):
            let components = URLComponents(string: url)
            target = "PostgreSQL \(components?.host ?? "?"):\(components?.port ?? 5432)\(components?.path ?? "")"
        }
        var reason = String(describing: error)
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                reason = message
            } else if let underlying = error.underlying {
                reason = String(describing: underlying)
            } else {
                reason = "\(error.code)"
            }
        }
        description = "Không kết nối được cơ sở dữ liệu \(target) (cannot connect to the database): \(reason). Kiểm tra DATABASE_URL."
    }
}

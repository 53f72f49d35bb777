import Foundation
import Logging
import Vapor

/// What `loa` runs: reads the settings, builds the application and executes the command given.
public enum Entrypoint {
    public static func main() async {
        var environment: Environment
        do {
            environment = try Environment.detect()
            try LoggingSystem.bootstrap(from: &environment)
        } catch {
            FileHandle.standardError.write(Data("loa: \(error)\n".utf8))
            exit(2)
        }
        let settings: Settings
        do {
            settings = try Settings.load()
        } catch {
            FileHandle.standardError.write(Data("loa: \(error.description)\n".utf8))
            exit(78)  // EX_CONFIG
        }
        for warning in settings.warnings { FileHandle.standardError.write(Data("loa: \(warning)\n".utf8)) }
        let app: Application
        do {
            app = try await Application.make(environment)
        } catch {
            FileHandle.standardError.write(Data("loa: \(error)\n".utf8))
            exit(1)
        }
        var failed = false
        do {
            try await configure(app, settings: settings)
            app.asyncCommands.use(LoaServeCommand(), as: "serve", isDefault: true)
            app.asyncCommands.use(MigrateCommand(), as: "migrate")
            app.asyncCommands.use(SeedCommand(), as: "seed")
            app.asyncCommands.use(ImportCommand(), as: "import")
            app.asyncCommands.use(JobsCommand(), as: "jobs")
            app.asyncCommands.use(UserCommand(), as: "user")
            app.asyncCommands.use(TokenCommand(), as: "token")
            app.asyncCommands.use(SearchCommand(), as: "search")
            app.asyncCommands.use(ZaloCommand(), as: "zalo")
            app.asyncCommands.use(BackupCommand(), as: "backup")
            app.asyncCommands.use(RestoreCommand(), as: "restore")
            app.lifecycle.use(app.loa.workers)
            app.lifecycle.use(app.loa.readings)
            try await app.execute()
        } catch {
            FileHandle.standardError.write(Data("loa: \(describe(error))\n".utf8))
            failed = true
        }
        try? await app.asyncShutdown()
        if failed { exit(1) }
    }

    static func describe(_ error: any Error) -> String {
        if let abort = error as? any AbortError { return abort.reason }
        return String(describing: error)
    }
}

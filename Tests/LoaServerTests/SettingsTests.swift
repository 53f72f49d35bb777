import Foundation
import Testing
import VaporTesting

@testable import LoaServer

@Suite struct SettingsTests {
    @Test func defaultsToSQLiteUnderTheDataFolder() throws {
        let settings = try Settings.load(from: [:])
        #expect(settings.database == .sqliteFile(path: "./data/loa.sqlite"))
        #expect(settings.loadsDemoContent)
        let custom = try Settings.load(from: [
            "LOA_DATA_DIR": "/srv/loa", "LOA_DEMO": "0", "LOA_PUBLIC_URL": "https://congthongtin.example.gov.vn/",
        ])
        #expect(custom.database == .sqliteFile(path: "/srv/loa/loa.sqlite"))
        #expect(!custom.loadsDemoContent)
        #expect(custom.publicURL == "https://congthongtin.example.gov.vn")
        #expect(custom.isSecure)
    }

    @Test func readsPostgresURLs() throws {
        let settings = try Settings.load(from: ["DATABASE_URL": "postgres://loa:secret@db.internal:5432/loa"])
        #expect(settings.database == .postgres(url: "postgres://loa:secret@db.internal:5432/loa"))
    }

    @Test(arguments: [
        ("DATABASE_URL", "mysql://root@localhost/loa", "không hỗ trợ \"mysql\""),
        ("DATABASE_URL", "postgres://", "không đọc được địa chỉ PostgreSQL"),
        ("DATABASE_URL", "postgres://localhost:5432", "thiếu tên cơ sở dữ liệu"),
        ("DATABASE_URL", "localhost/loa", "không hỗ trợ"),
        ("LOA_PUBLIC_URL", "congthongtin.gov.vn", "LOA_PUBLIC_URL=congthongtin.gov.vn"),
        ("LOA_PUBLIC_URL", "ftp://x.vn", "phải là địa chỉ đầy đủ"),
        ("LOA_DEMO", "maybe", "LOA_DEMO=maybe: phải là 1 hoặc 0"),
        ("LOA_PAGE_CACHE_SECONDS", "-1", "LOA_PAGE_CACHE_SECONDS"),
        ("LOA_DB_POOL_SIZE", "0", "LOA_DB_POOL_SIZE"),
    ])
    func badValuesFailWithAClearMessage(name: String, value: String, message: String) {
        #expect {
            try Settings.load(from: [name: value])
        } throws: { error in
            let text = (error as? SettingsError)?.description ?? ""
            return text.contains(message) && text.contains(name)
        }
    }

    @Test func mistypedVariablesAreNamedWithTheClosestSetting() throws {
        let settings = try Settings.load(from: [
            "LOA_PETITION_PER_HOUR": "100", "LOA_PUBLIC_URL": "https://a.example", "LOA_TRUSTED_PROXIES": "10.0.0.2", "HOME": "/root",
        ])
        #expect(settings.warnings.count == 1)
        #expect(settings.warnings.first?.contains("LOA_PETITION_PER_HOUR") == true)
        #expect(settings.warnings.first?.contains("Có phải LOA_PETITIONS_PER_HOUR?") == true)
        #expect(try Settings.load(from: ["LOA_PUBLIC_URL": "https://a.example", "LOA_TRUSTED_PROXIES": "10.0.0.2"]).warnings.isEmpty)
        // Served over https without naming its proxy: probably behind one that Loa does not believe.
        let behindProxy = try Settings.load(from: ["LOA_PUBLIC_URL": "https://a.example"])
        #expect(behindProxy.warnings.count == 1)
        #expect(behindProxy.warnings.first?.contains("LOA_TRUSTED_PROXIES chưa đặt") == true)
        #expect(behindProxy.trustedProxies.isEmpty)
        #expect(throws: SettingsError.self) { try Settings.load(from: ["LOA_METRICS_TOKEN": "ngan"]) }
        #expect(try Settings.load(from: ["LOA_REQUIRE_2FA": "administrator, handler"]).requireTwoFactor == [.administrator, .handler])
        #expect(throws: SettingsError.self) { try Settings.load(from: ["LOA_REQUIRE_2FA": "administrator,quan-tri"]) }
        #expect(throws: SettingsError.self) { try Settings.load(from: ["LOA_IDLE_TIMEOUT": "0"]) }
        #expect(try Settings.load(from: ["LOA_XYZZY_QUUX_FROBNICATE": "1"]).warnings.first?.contains("Có phải") == false)
    }

    @Test func reportsEveryProblemAtOnce() {
        #expect {
            try Settings.load(from: ["DATABASE_URL": "mysql://x/y", "LOA_DEMO": "x"])
        } throws: { error in
            (error as? SettingsError)?.problems.count == 2
        }
    }
}

@Suite struct DatabaseStartTests {
    @Test func anUnreachableDatabaseFailsAtStartWithAClearMessage() async throws {
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("loa-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let settings = Settings(database: .postgres(url: "postgres://loa:secret@127.0.0.1:1/loa"), dataDirectory: directory)
        try await configure(app, settings: settings)
        await #expect {
            try await prepareDatabase(app)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("Không kết nối được cơ sở dữ liệu PostgreSQL 127.0.0.1:1/loa") && text.contains("DATABASE_URL")
                && !text.contains("secret")
        }
        try await app.asyncShutdown()
    }
}

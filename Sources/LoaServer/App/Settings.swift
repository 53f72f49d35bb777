import Foundation
import LoaCore

/// Everything Loa reads from the environment, read once at start and checked, so that a bad value
/// stops the server with a message that names the variable instead of failing later.
public struct Settings: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        /// An in-memory SQLite database, for tests.
        case sqliteMemory
        case postgres(url: String)
    }

    public var database: Database
    public var dataDirectory: String
    /// The address people use to reach the portal; canonical URLs, feeds and share links use it.
    public var publicURL: String
    /// Whether `loa serve` loads the demo content into an empty database.
    public var loadsDemoContent: Bool
    /// Whether `loa serve` also runs job workers (off when separate `loa jobs run` processes do it).
    public var runsJobWorkers: Bool
    /// How long a rendered public page may be served from memory before it is rendered again.
    /// Publishing in this process clears the cache at once; the lifetime bounds how stale another
    /// process behind the same load balancer can be.
    public var pageCacheSeconds: Int
    public var siteName: String
    /// PostgreSQL connections each event loop may open (SQLite always uses one).
    public var databasePoolSize: Int
    /// The PostgreSQL schemas to use; tests give each run its own so that suites run in parallel.
    public var postgresSearchPath: [String]?
    /// Whether editors may publish without an approver (`LOA_EDITORS_MAY_PUBLISH`).
    public var editorsMayPublish = false
    /// bcrypt's cost factor; tests lower it to stay fast.
    public var passwordCost = 12
    /// Whether an approver must sign off a handler's answer before it goes out (`LOA_PETITION_APPROVAL`).
    public var petitionApprovalRequired = false
    /// Working days allowed in each petition state (`LOA_PETITION_DEADLINES`).
    public var petitionDeadlines = PetitionDeadlines.standard
    /// Days off besides weekends (`LOA_HOLIDAYS`, a comma-separated list of YYYY-MM-DD).
    public var workingCalendar = WorkingCalendar()
    /// Petitions one address may send per hour from the web form and the public API.
    public var petitionsPerHour = 5
    /// Whether a comment on a draft waits for its sender to follow a link sent by e-mail before it
    /// reaches moderators (`LOA_CONSULTATION_CONFIRM_EMAIL`); e-mail is then required on the web
    /// and the API.
    public var consultationConfirmEmail = false
    /// Comments on drafts one address may send per hour (`LOA_COMMENTS_PER_HOUR`).
    public var commentsPerHour = 10
    /// A sendmail-compatible command that reads a message on standard input (`LOA_SENDMAIL`, for
    /// example "/usr/sbin/sendmail -t -i"); without it, submitters follow their petition on the
    /// tracking page.
    public var sendmailCommand: [String]?
    /// The sender of e-mail to submitters (`LOA_MAIL_FROM`).
    public var mailFrom = "no-reply@localhost"
    public var zalo = ZaloSettings()
    /// Who runs the portal: emblem, colour and the footer's facts.
    public var agency = AgencySettings()
    /// Said once at start: settings that look mistyped.
    public var warnings: [String] = []
    /// Reverse proxies whose X-Forwarded-For and Forwarded headers are believed
    /// (`LOA_TRUSTED_PROXIES`). None by default: anyone can write those headers, so believing
    /// them from a proxy that passes them through would let every visitor choose their address.
    public var trustedProxies: Set<String> = []
    /// What a scraper sends as `Authorization: Bearer …` to read `/metrics` (`LOA_METRICS_TOKEN`);
    /// without it, `/metrics` answers only this machine.
    public var metricsToken: String?
    /// Seconds a connection may stay silent (no byte read or written) before it is closed (`LOA_IDLE_TIMEOUT`).
    public var idleTimeoutSeconds = 30
    /// Requests one address may have in progress at once (`LOA_REQUESTS_PER_ADDRESS`).
    public var requestsPerAddress = 64
    /// Free space the data folder needs for the health check to say ok (`LOA_MIN_FREE_MB`).
    public var minimumFreeMegabytes = 200
    /// Roles that must sign in with a second factor (`LOA_REQUIRE_2FA`, e.g. "administrator,handler").
    public var requireTwoFactor: Set<Role> = []
    /// How long a SQLite writer waits for another's lock before the request is answered 503.
    public var databaseBusyMilliseconds = 10_000

    public init(
        database: Database, dataDirectory: String = "./data", publicURL: String = "http://localhost:8080",
        loadsDemoContent: Bool = true, runsJobWorkers: Bool = true, pageCacheSeconds: Int = 10,
        siteName: String = "Cổng thông tin Bộ Nội vụ", databasePoolSize: Int = 4
    ) {
        self.database = database
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.loadsDemoContent = loadsDemoContent
        self.runsJobWorkers = runsJobWorkers
        self.pageCacheSeconds = pageCacheSeconds
        self.siteName = siteName
        self.databasePoolSize = databasePoolSize
    }

    /// Cookies get the Secure flag when people reach Loa over TLS.
    public var isSecure: Bool { publicURL.hasPrefix("https://") }

    public static func load(
        from environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SettingsError)
        -> Settings
    {
        var problems: [String] = []
        var known: Set<String> = []
        func value(_ name: String) -> String? {
            known.insert(name)
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }

        let dataDirectory = value("LOA_DATA_DIR") ?? "./data"
        var settings = Settings(
            database: .sqliteFile(path: dataDirectory + "/loa.sqlite"), dataDirectory: dataDirectory,
            publicURL: "http://localhost:8080", siteName: value("LOA_SITE_NAME") ?? "Cổng thông tin Bộ Nội vụ")
        for (name, defaultValue, keyPath) in Self.flagSettings {
            guard let raw = value(name) else {
                settings[keyPath: keyPath] = defaultValue
                continue
            }
            switch raw.lowercased() {
            case "1", "true", "yes", "on": settings[keyPath: keyPath] = true
            case "0", "false", "no", "off": settings[keyPath: keyPath] = false
            default: problems.append("\(name)=\(raw): phải là 1 hoặc 0 (must be 1 or 0)")
            }
        }
        for (name, range, unit, keyPath) in Self.numberSettings {
            guard let raw = value(name) else { continue }
            if let number = Int(raw), range.contains(number) {
                settings[keyPath: keyPath] = number
            } else {
                problems.append("\(name)=\(raw): phải là số \(unit)từ \(range.lowerBound) đến \(range.upperBound)")
            }
        }
        // Not in the table: its value holds a password, which no message may repeat.
        if let url = value("DATABASE_URL") {
            switch Self.parseDatabaseURL(url) {
            case .success(let parsed): settings.database = parsed
            case .failure(let message): problems.append(message.text)
            }
        }
        for (name, apply) in Self.textSettings {
            guard let raw = value(name) else { continue }
            if let problem = apply(&settings, raw) { problems.append("\(name)=\(raw.prefix(80)): \(problem)") }
        }
        if settings.consultationConfirmEmail, settings.sendmailCommand == nil {
            problems.append("LOA_CONSULTATION_CONFIRM_EMAIL=1 cần LOA_SENDMAIL để gửi thư xác nhận góp ý")
        }
        settings.zalo = ZaloSettings.load(value: value, problems: &problems)
        settings.agency = AgencySettings.load(value: value, demo: settings.loadsDemoContent, problems: &problems)
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
        settings.warnings = Self.unknownVariables(in: environment, known: known)
        if settings.trustedProxies.isEmpty, settings.isSecure {
            settings.warnings.append(
                "LOA_TRUSTED_PROXIES chưa đặt: nếu Loa đứng sau một reverse proxy (nginx), mọi người dùng sẽ mang địa chỉ của proxy "
                    + "và chung một giới hạn tần suất. Đặt LOA_TRUSTED_PROXIES=<địa chỉ proxy> (xem README, mục \"Sau nginx\").")
        }
        return settings
    }

    /// The switches: variable, default, field.
    static let flagSettings: [(String, Bool, WritableKeyPath<Settings, Bool>)] = [
        ("LOA_DEMO", true, \.loadsDemoContent),
        ("LOA_JOBS", true, \.runsJobWorkers),
        ("LOA_EDITORS_MAY_PUBLISH", false, \.editorsMayPublish),
        ("LOA_PETITION_APPROVAL", false, \.petitionApprovalRequired),
        ("LOA_CONSULTATION_CONFIRM_EMAIL", false, \.consultationConfirmEmail),
    ]

    /// The settings read from text: each applies its value, or says (in Vietnamese) why it cannot.
    static let textSettings: [(String, @Sendable (inout Settings, String) -> String?)] = [
        (
            "LOA_PUBLIC_URL",
            { settings, raw in
                let trimmed = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
                guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
                    scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
                    components.query == nil, components.fragment == nil
                else {
                    return "phải là địa chỉ đầy đủ bắt đầu bằng http:// hoặc https://, ví dụ https://congthongtin.example.gov.vn"
                }
                settings.publicURL = trimmed
                return nil
            }
        ),
        (
            "LOA_PETITION_DEADLINES",
            { settings, raw in
                guard let deadlines = PetitionDeadlines(setting: raw) else {
                    return "dạng đúng là received=3,accepted=2,assigned=10,answered=3 (số ngày làm việc)"
                }
                settings.petitionDeadlines = deadlines
                return nil
            }
        ),
        (
            "LOA_HOLIDAYS",
            { settings, raw in
                guard let holidays = WorkingCalendar.holidays(setting: raw) else {
                    return "phải là danh sách ngày YYYY-MM-DD cách nhau bởi dấu phẩy"
                }
                settings.workingCalendar = WorkingCalendar(holidays: holidays)
                return nil
            }
        ),
        (
            "LOA_SENDMAIL",
            { settings, raw in
                settings.sendmailCommand = raw.split(separator: " ").map(String.init)
                return nil
            }
        ),
        (
            "LOA_MAIL_FROM",
            { settings, raw in
                guard raw.contains("@"), !raw.contains(where: \.isNewline) else { return "phải là một địa chỉ e-mail" }
                settings.mailFrom = raw
                return nil
            }
        ),
        (
            "LOA_METRICS_TOKEN",
            { settings, raw in
                guard raw.utf8.count >= 16, raw.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
                    return "phải có ít nhất 16 ký tự ASCII, không có khoảng trắng"
                }
                settings.metricsToken = raw
                return nil
            }
        ),
        (
            "LOA_REQUIRE_2FA",
            { settings, raw in
                let names = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                let roles = names.compactMap(Role.init(rawValue:))
                guard roles.count == names.count else {
                    return "phải là danh sách vai trò cách nhau bởi dấu phẩy, trong số "
                        + Role.allCases.map(\.rawValue).joined(separator: ", ")
                }
                settings.requireTwoFactor = Set(roles)
                return nil
            }
        ),
        (
            "LOA_TRUSTED_PROXIES",
            { settings, raw in
                settings.trustedProxies = Set(
                    raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
                return nil
            }
        ),
    ]

    /// The settings that are a whole number in a range: variable, range, unit (with its space), field.
    static let numberSettings: [(String, ClosedRange<Int>, String, WritableKeyPath<Settings, Int>)] = [
        ("LOA_PAGE_CACHE_SECONDS", 0...3600, "giây ", \.pageCacheSeconds),
        ("LOA_DB_POOL_SIZE", 1...100, "kết nối ", \.databasePoolSize),
        ("LOA_PETITIONS_PER_HOUR", 1...10_000, "", \.petitionsPerHour),
        ("LOA_COMMENTS_PER_HOUR", 1...10_000, "", \.commentsPerHour),
        ("LOA_IDLE_TIMEOUT", 5...3600, "giây ", \.idleTimeoutSeconds),
        ("LOA_REQUESTS_PER_ADDRESS", 4...100_000, "", \.requestsPerAddress),
        ("LOA_MIN_FREE_MB", 0...1_000_000, "MB ", \.minimumFreeMegabytes),
    ]

    /// `LOA_*` variables that no setting reads: usually a typing mistake that would otherwise
    /// leave a default in force unnoticed. Each warning names the closest real setting.
    static func unknownVariables(in environment: [String: String], known: Set<String>) -> [String] {
        environment.keys.filter { $0.hasPrefix("LOA_") && !known.contains($0) }.sorted().map { name in
            let closest = known.filter { $0.hasPrefix("LOA_") }.min { editDistance($0, name) < editDistance($1, name) }
            let hint = closest.map { editDistance($0, name) <= 4 ? " Có phải \($0)?" : "" } ?? ""
            return "Biến môi trường \(name) không phải là thiết lập của Loa và bị bỏ qua.\(hint)"
        }
    }

    static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left.utf8), b = Array(right.utf8)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }

    static func parseDatabaseURL(_ url: String) -> Result<Database, SettingsError.Message> {
        let lower = url.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
                return .failure(
                    .init(
                        """
                        DATABASE_URL: không đọc được địa chỉ PostgreSQL (cannot parse); dạng đúng: \
                        postgres://user:password@host:5432/database
                        """
                    ))
            }
            if let port = components.port, !(1...65535).contains(port) {
                return .failure(.init("DATABASE_URL: cổng \(port) không hợp lệ"))
            }
            guard components.path.count > 1 else {
                return .failure(.init("DATABASE_URL: thiếu tên cơ sở dữ liệu, ví dụ postgres://loa@localhost:5432/loa"))
            }
            return .success(.postgres(url: url))
        }
        if lower.hasPrefix("sqlite://") {
            let path = String(url.dropFirst("sqlite://".count))
            return path.isEmpty || path == ":memory:" ? .success(.sqliteMemory) : .success(.sqliteFile(path: path))
        }
        let scheme = url.split(separator: ":").first.map(String.init) ?? url
        return .failure(
            .init(
                """
                DATABASE_URL: Loa dùng SQLite (để trống biến này) hoặc PostgreSQL (postgres://user:password@host:5432/database); \
                không hỗ trợ \"\(scheme.prefix(20))\"
                """
            ))
    }
}

/// The Zalo Official Account. Every URL and secret is configuration, since Zalo changes them.
/// Without the app's credentials the channel runs in sandbox mode: everything works, and messages
/// are kept in the outbox (shown in the console) instead of sent.
public struct ZaloSettings: Sendable {
    /// What webhook events are signed with in sandbox mode, so that `loa zalo simulate` and local
    /// tries work without an OA.
    public static let sandboxSecret = "loa-sandbox-secret"

    public var appID: String?
    public var appSecret: String?
    public var oaSecretKey = ZaloSettings.sandboxSecret
    public var refreshToken: String?
    public var apiURL = "https://openapi.zalo.me"
    public var oauthURL = "https://oauth.zaloapp.com"
    /// Broadcast messages sent per second at most (`LOA_ZALO_RATE`).
    public var messagesPerSecond = 10.0

    public init() {}

    public var isSandbox: Bool { appID == nil || appSecret == nil || refreshToken == nil }

    static func load(value: (String) -> String?, problems: inout [String]) -> ZaloSettings {
        var zalo = ZaloSettings()
        zalo.appID = value("LOA_ZALO_APP_ID")
        zalo.appSecret = value("LOA_ZALO_APP_SECRET")
        zalo.refreshToken = value("LOA_ZALO_REFRESH_TOKEN")
        if let secret = value("LOA_ZALO_OA_SECRET_KEY") { zalo.oaSecretKey = secret }
        for (name, keyPath) in [("LOA_ZALO_API_URL", \ZaloSettings.apiURL), ("LOA_ZALO_OAUTH_URL", \ZaloSettings.oauthURL)] {
            guard let raw = value(name) else { continue }
            let trimmed = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            if let url = URL(string: trimmed), url.scheme == "https" || url.scheme == "http", url.host != nil {
                zalo[keyPath: keyPath] = trimmed
            } else {
                problems.append("\(name)=\(raw): phải là địa chỉ http(s) đầy đủ")
            }
        }
        let given = [zalo.appID, zalo.appSecret, zalo.refreshToken].compactMap { $0 }.count
        if given > 0 && given < 3 {
            problems.append(
                "LOA_ZALO_APP_ID, LOA_ZALO_APP_SECRET và LOA_ZALO_REFRESH_TOKEN phải có đủ cả ba (hoặc bỏ trống cả ba để chạy chế độ thử)")
        }
        if !zalo.isSandbox, value("LOA_ZALO_OA_SECRET_KEY") == nil {
            problems.append("LOA_ZALO_OA_SECRET_KEY: cần khóa bí mật của OA để kiểm tra chữ ký webhook")
        }
        if let raw = value("LOA_ZALO_RATE") {
            if let rate = Double(raw), rate > 0, rate <= 10_000 {
                zalo.messagesPerSecond = rate
            } else {
                problems.append("LOA_ZALO_RATE=\(raw): phải là số tin mỗi giây, từ 0 đến 10000")
            }
        }
        return zalo
    }
}

/// Every bad setting at once, so that an operator fixes them in one go.
public struct SettingsError: Error, CustomStringConvertible, Equatable {
    public struct Message: Error, Equatable {
        public var text: String
        init(_ text: String) { self.text = text }
    }

    public var problems: [String]

    public var description: String {
        "Cấu hình không hợp lệ (invalid configuration):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}

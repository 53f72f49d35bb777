import Fluent
import Foundation
import LoaCore
import Vapor

/// `loa serve`: migrates, loads the demo content into an empty database, starts the job workers,
/// then serves HTTP until SIGINT or SIGTERM.
struct LoaServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Địa chỉ lắng nghe (mặc định 127.0.0.1)")
        var hostname: String?
        @Option(name: "port", short: "p", help: "Cổng lắng nghe (mặc định 8080)")
        var port: Int?
    }

    var help: String { "Chạy cổng thông tin (migrates, loads demo content on an empty database, serves HTTP)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        if app.loa.settings.loadsDemoContent, try await Article.query(on: app.db).count() == 0 {
            context.console.print("Cơ sở dữ liệu trống: đang nạp nội dung mẫu (LOA_DEMO=0 để bỏ qua)…")
            let report = try await DemoContent.load(into: app, console: context.console)
            context.console.print(
                """
                Đã nạp \(report.articles) bài viết, \(report.documents) văn bản, \(report.pages) trang thông tin, \(report.petitions) \
                phản ánh mẫu.
                """
            )
        }
        if app.loa.settings.runsJobWorkers {
            app.loa.workers.start(app: app)
        }
        app.loa.readings.start(app: app)
        if try await StaffUser.query(on: app.db).count() == 0 {
            context.console.print(
                """
                Chưa có tài khoản quản trị. Tạo bằng: loa user create --email ten@coquan.gov.vn --role administrator (mật khẩu sẽ \
                được in ra).
                """
            )
        }
        var arguments = ["loa"]
        if let hostname = signature.hostname { arguments += ["--hostname", hostname] }
        if let port = signature.port { arguments += ["--port", String(port)] }
        var serveContext = context
        serveContext.input = CommandInput(arguments: arguments)
        let serve = await app.servers.asyncCommand
        try await serve.run(using: &serveContext)
        let host = signature.hostname ?? app.http.server.configuration.hostname
        let port = app.http.server.shared.localAddress?.port ?? signature.port ?? app.http.server.configuration.port
        context.console.print(
            "Loa đang chạy tại http://\(host):\(port) (địa chỉ công khai: \(app.loa.settings.publicURL)). Ctrl+C để dừng.")
    }
}

/// `loa migrate`: brings the database schema up to date and stops.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Cập nhật cấu trúc cơ sở dữ liệu (run migrations)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await prepareDatabase(context.application)
        context.console.print("Cơ sở dữ liệu đã được cập nhật.")
    }
}

/// `loa seed`: loads (or refreshes) the demo content; safe to run again.
struct SeedCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Nạp nội dung mẫu (load the demo content; idempotent)" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let report = try await DemoContent.load(into: app, console: context.console)
        context.console.print(
            """
            Đã nạp \(report.articles) bài viết, \(report.documents) văn bản, \(report.pages) trang thông tin, \(report.petitions) \
            phản ánh mẫu.
            """
        )
    }
}

/// `loa import articles|documents|pages FILE.jsonl`
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "kind", help: "articles, documents hoặc pages")
        var kind: String
        @Argument(name: "file", help: "Tệp JSON Lines, mỗi dòng một đối tượng")
        var file: String
    }

    var help: String { "Nhập nội dung từ tệp JSON Lines (idempotent by external_id)" }

    struct Rejected: Error, CustomStringConvertible {
        var count: Int
        var description: String { "\(count) dòng bị từ chối; các dòng hợp lệ đã được lưu." }
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let kind = ContentImporter.Kind(rawValue: signature.kind) else {
            throw Abort(.badRequest, reason: "Loại nội dung không hợp lệ: \(signature.kind) (dùng articles, documents hoặc pages)")
        }
        guard let data = FileManager.default.contents(atPath: signature.file) else {
            throw Abort(.notFound, reason: "Không đọc được tệp \(signature.file)")
        }
        let app = context.application
        try await prepareDatabase(app)
        let progress = ProgressLine(console: context.console, label: "Đang nhập \(signature.file)")
        let report = try await ContentImporter(context: .system("loa import", app: app)).importLines(kind, from: data) { done, total in
            progress.update(done: done, total: total)
        }
        progress.finish()
        if report.created + report.updated > 100 {
            // Many index writes leave many small index segments; one merged segment searches faster.
            context.console.print("Đang tối ưu chỉ mục tìm kiếm…")
            try await SearchIndex.optimize(on: app.db)
        }
        app.contentChanged()
        for rejection in report.rejected {
            context.console.error("Dòng \(rejection.line): \(rejection.reason)")
        }
        context.console.print("Xong: \(report.created) mới, \(report.updated) cập nhật, \(report.rejected.count) bị từ chối.")
        if !report.rejected.isEmpty { throw Rejected(count: report.rejected.count) }
    }
}

/// `loa jobs run [--once]`: a worker process for the job queue, for installations that run the
/// workers apart from the web processes (`LOA_JOBS=0` on those). `loa jobs probe N`: JobProbe.swift.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "run | probe N")
        var action: String
        @Flag(name: "once", help: "Chạy hết các việc đang đến hạn rồi dừng")
        var once: Bool
    }

    var help: String { "Chạy hàng đợi công việc (run the job queue workers); probe N: thử hàng đợi với N việc" }

    /// `probe` takes a count after it, which this signature has no place for: it has its own.
    func run(using context: inout CommandContext) async throws {
        if context.input.arguments.first == "probe" {
            context.input.arguments.removeFirst()
            return try await JobProbeCommand().run(using: &context)
        }
        let signature = try Signature(from: &context.input)
        guard context.input.arguments.isEmpty else { throw CommandError.unknownInput(context.input.arguments.joined(separator: " ")) }
        try await run(using: context, signature: signature)
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "run" else {
            throw Abort(.badRequest, reason: "Lệnh không hợp lệ: loa jobs \(signature.action) (dùng loa jobs run hoặc loa jobs probe N)")
        }
        let app = context.application
        try await prepareDatabase(app)
        if signature.once {
            let count = try await JobQueue.drain(app: app)
            context.console.print("Đã chạy \(count) công việc.")
            return
        }
        app.loa.workers.start(app: app)
        context.console.print("Đang chạy \(app.loa.workers.count) tiến trình xử lý công việc. Ctrl+C để dừng.")
        await waitForTerminationSignal()
        context.console.print("Đang dừng…")
    }
}

/// Suspends until SIGINT or SIGTERM.
func waitForTerminationSignal() async {
    let (stream, continuation) = AsyncStream<Void>.makeStream()
    let queue = DispatchQueue(label: "loa.signals")
    let sources = [SIGINT, SIGTERM].map { code in
        signal(code, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: code, queue: queue)
        source.setEventHandler { continuation.yield() }
        source.resume()
        return source
    }
    for await _ in stream { break }
    sources.forEach { $0.cancel() }
}

/// A one-line progress display: redrawn in place on a terminal, a line per tenth otherwise.
final class ProgressLine: @unchecked Sendable {
    private let console: any Console
    private let label: String
    private let interactive = isatty(STDOUT_FILENO) != 0
    private var lastTenth = -1

    /// What is counted, in the operator's words: lines of a file, recipients of a broadcast.
    private let unit: String

    init(console: any Console, label: String, unit: String = "dòng") {
        self.console = console
        self.label = label
        self.unit = unit
    }

    func update(done: Int, total: Int) {
        guard total > 0 else { return }
        let fraction = Double(done) / Double(total)
        if interactive {
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            console.output("\r\(label) \(bar) \(done)/\(total) \(unit)".consoleText(), newLine: false)
        } else {
            let tenth = Int(fraction * 10)
            if tenth != lastTenth {
                lastTenth = tenth
                console.print("\(label): \(done)/\(total) \(unit) (\(Int(fraction * 100))%)")
            }
        }
    }

    func finish() {
        if interactive { console.print("") }
    }
}

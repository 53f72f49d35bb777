import Foundation
import LoaCore
import Synchronization

/// A plain-text message in Vietnamese, written as RFC 5322 with MIME so that any mail server
/// delivers the diacritics intact.
struct Mail: Sendable {
    var from: String
    var to: String
    var subject: String
    var body: String
    var date = Date()

    /// Header values are encoded words and the body is base64, so no text the user typed can
    /// add a header line or break the message.
    func rendered() -> String {
        let safe: (String) -> String = { headerSafe($0) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let domain = to.split(separator: "@").last.map(String.init) ?? "localhost"
        let body = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(safe(from))",
            "To: \(safe(to))",
            "Subject: \(Self.encodedWords(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(safe(domain))>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            body,
            "",
        ].joined(separator: "\r\n")
    }

    /// RFC 2047 "=?UTF-8?B?…?=" words of at most 45 bytes each, never splitting a character.
    static func encodedWords(_ text: String) -> String {
        let text = headerSafe(text)
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var words: [String] = []
        var chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }
}

struct MailError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Hands messages to a sendmail-compatible command (sendmail, msmtp, ssmtp: `-t` reads the
/// recipients from the headers), which queues and delivers them.
enum Mailer {
    static let timeout: Duration = .seconds(30)
    /// Foundation's `Process.run()` on Linux is not safe to call from two threads at once: two
    /// job workers launching sendmail together crashed the server (a bad pointer in its memcpy,
    /// seen by the crash test). Launches wait for each other; a launch takes milliseconds.
    private static let launching = Mutex(())

    static func send(_ mail: Mail, command: [String]) async throws {
        guard let executable = command.first else { throw MailError(message: "lệnh gửi thư trống") }
        // Writing to a command that has already exited must fail the write, not end the server.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        let message = Data(mail.rendered().utf8)
        let errorOutput = Mutex(Data())
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try launching.withLock { _ in try process.run() }
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: MailError(message: "không chạy được \(executable): \(error)"))
                return
            }
            // A command that hangs (a mail server that does not answer) is stopped, and the job
            // retries; the clock starts before anything can block.
            Task {
                try? await Task.sleep(for: timeout)
                if process.isRunning { process.terminate() }
            }
            // The message may exceed a pipe's buffer, and the command's errors too: both move on
            // threads of their own, never on the server's.
            Thread.detachNewThread {
                try? input.fileHandleForWriting.write(contentsOf: message)
                try? input.fileHandleForWriting.close()
            }
            Thread.detachNewThread {
                let data = errors.fileHandleForReading.readDataToEndOfFile()
                errorOutput.withLock { $0 = data.prefix(2000) }
            }
        }
        guard status == 0 else {
            let output = String(decoding: errorOutput.withLock { $0 }, as: UTF8.self)
            throw MailError(message: "\(executable) kết thúc với mã \(status): \(output.prefix(300))")
        }
    }
}

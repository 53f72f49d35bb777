import Foundation

/// A sendmail stand-in that keeps each message it is handed as a file, for tests that read what
/// Loa mailed. `command` goes into `Settings.sendmailCommand`.
struct MailFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("loa-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let script = url.appendingPathComponent("sendmail")
        try "#!/bin/sh\ncat > \"\(url.path)/message-$$.eml\"\n".write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
    }

    var command: [String] { [url.appendingPathComponent("sendmail").path, "-t", "-i"] }

    /// Every message as it was handed over (headers and base64 body).
    func messages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".eml") }.sorted().map {
            try String(contentsOf: url.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// A message's text, decoded from its base64 body.
    static func body(of message: String) -> String {
        let encoded = message.components(separatedBy: "\r\n\r\n").dropFirst().first ?? ""
        return String(decoding: Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) ?? Data(), as: UTF8.self)
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

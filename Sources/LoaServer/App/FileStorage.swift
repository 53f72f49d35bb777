import Foundation
import Vapor

/// Where attachment bytes live. Files are named by the SHA-256 of their content, so the same file
/// uploaded twice is stored once and a name can never point at other bytes. A protocol so that
/// object storage can take the place of the local folder.
protocol FileStorage: Sendable {
    /// Stores the bytes and returns their SHA-256 in lower-case hex.
    func store(_ data: Data) async throws -> String
    func read(sha256: String) async throws -> ByteBuffer?
}

struct LocalFileStorage: FileStorage {
    let root: URL

    init(dataDirectory: String) {
        root = URL(fileURLWithPath: dataDirectory).appendingPathComponent("files")
    }

    func store(_ data: Data) async throws -> String {
        let hash = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let url = location(of: hash)
        if FileManager.default.fileExists(atPath: url.path) { return hash }
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Write to a temporary name and rename, so that a crash never leaves half a file under the hash.
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown)
        }
        return hash
    }

    func read(sha256: String) async throws -> ByteBuffer? {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        guard let data = FileManager.default.contents(atPath: location(of: sha256).path) else { return nil }
        return ByteBuffer(data: data)
    }

    private func location(of hash: String) -> URL {
        root.appendingPathComponent(String(hash.prefix(2))).appendingPathComponent(hash)
    }
}

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

/// A file could not be written (usually a full disk): answered 503, and the petition form keeps
/// what the citizen typed.
struct StorageUnavailable: Error, CustomStringConvertible {
    var underlying: any Error
    var description: String { "storage unavailable: \(underlying)" }
}

/// Free space where the data folder is, in megabytes; nil when the system cannot tell.
func freeMegabytes(at path: String) -> Int? {
    var stats = statvfs()
    guard statvfs(path, &stats) == 0 else { return nil }
    return Int(UInt64(stats.f_bavail) * UInt64(stats.f_frsize) / 1_048_576)
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
        // Write to a temporary name and rename, so that a crash never leaves half a file under the hash.
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(hash).\(UUID().uuidString).tmp")
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            // A full disk leaves no half-written temporary file behind.
            try? FileManager.default.removeItem(at: temporary)
            throw StorageUnavailable(underlying: error)
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

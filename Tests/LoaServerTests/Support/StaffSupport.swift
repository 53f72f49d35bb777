import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

struct TestStaff {
    let user: StaffUser
    let token: String
    let password: String

    var bearer: HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }
}

extension Application {
    func makeStaff(_ role: Role, email: String? = nil) async throws -> TestStaff {
        let password = "mat-khau-\(role.rawValue)-123"
        let user = try await StaffAccounts.create(
            email: email ?? "\(role.rawValue)@bonoivu.example.vn", name: "Cán bộ \(role.name)", role: role, password: password,
            actor: "test",
            app: self)
        let token = try await StaffAccounts.createToken(for: user, name: "test", actor: "test", on: db)
        return TestStaff(user: user, token: token, password: password)
    }

    func send(_ method: HTTPMethod, _ path: String, as staff: TestStaff?, json: String? = nil) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = staff?.bearer ?? ["Content-Type": "application/json"]
        if json == nil { headers.remove(name: .contentType) }
        return try await testing().sendRequest(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestingHTTPResponse {
    var errorCode: String? { (try? json())?["error"]?["code"]?.string }
}

extension Settings {
    /// Fast password hashing for tests.
    static func forTests(_ settings: inout Settings) {
        settings.passwordCost = 4
    }
}

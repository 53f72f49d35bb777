import Fluent
import Foundation
import SQLKit

/// Sign-in hardened (issue 13): attempts counted per source in one atomic statement, two-factor
/// sign-in with recovery codes, password reset by a mailed link, and API tokens that expire.
/// The per-account lock (`failed_logins`, `locked_until`) gives way to `login_throttles`.
struct AddSignInSecurity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        // Times as seconds since 1970: the same arithmetic in SQL on SQLite and PostgreSQL.
        try await sql.raw(
            """
            CREATE TABLE login_throttles (
                key TEXT PRIMARY KEY, attempts INTEGER NOT NULL, window_started_at DOUBLE PRECISION NOT NULL,
                strikes INTEGER NOT NULL DEFAULT 0, paused_until DOUBLE PRECISION)
            """
        ).run()
        try await sql.raw("ALTER TABLE staff_users DROP COLUMN failed_logins").run()
        try await sql.raw("ALTER TABLE staff_users DROP COLUMN locked_until").run()
        try await database.schema(StaffUser.schema).field("totp_secret", .string).update()
        try await database.schema(StaffUser.schema).field("totp_enabled_at", .datetime).update()
        try await database.schema(StaffUser.schema).field("totp_last_step", .int64).update()
        try await database.schema(StaffUser.schema).field("must_change_password", .bool, .required, .sql(.default(false))).update()
        try await database.schema(APIToken.schema).field("expires_at", .datetime).update()
        // Tokens made before expiry existed get the default lifetime from today, not an end in the past.
        try await sql.update(APIToken.schema).set("expires_at", to: Date().addingTimeInterval(90 * 86_400)).run()
        try await database.schema(RecoveryCode.schema)
            .id()
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await database.schema(SignInChallenge.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("next", .string)
            .field("attempts", .int, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema(PasswordReset.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [PasswordReset.schema, SignInChallenge.schema, RecoveryCode.schema] {
            try await database.schema(schema).delete()
        }
        try await (database as! any SQLDatabase).raw("DROP TABLE login_throttles").run()
    }
}

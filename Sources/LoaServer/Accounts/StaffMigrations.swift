import Fluent
import Foundation
import SQLKit

struct CreateStaff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffUser.schema)
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string, .required)
            .field("disabled", .bool, .required)
            .field("failed_logins", .int, .required)
            .field("locked_until", .datetime)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
        try await database.schema(StaffSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("address", .string)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(APIToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(AuditEntry.schema)
            .id()
            .field("actor_id", .uuid)
            .field("actor_email", .string, .required)
            .field("action", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string)
            .field("summary", .string, .required)
            .field("address", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(Revision.schema)
            .id()
            .field("record_type", .string, .required)
            .field("record_id", .uuid, .required)
            .field("number", .int, .required)
            .field("snapshot", .string, .required)
            .field("author_id", .uuid)
            .field("author_email", .string, .required)
            .field("note", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "record_type", "record_id", "number")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "audit_log_created_at").on(AuditEntry.schema).column("created_at").run()
        try await sql.create(index: "staff_sessions_expires_at").on(StaffSession.schema).column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        for schema in [Revision.schema, AuditEntry.schema, APIToken.schema, StaffSession.schema, StaffUser.schema] {
            try await database.schema(schema).delete()
        }
    }
}

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

struct CreateStaffNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StaffNotice.schema)
            .id()
            .field("user_id", .uuid, .required, .references(StaffUser.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("link", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            .field("mailed_at", .datetime)
            .create()
        try await (database as! any SQLDatabase).create(index: "staff_notices_user_unread").on(StaffNotice.schema).column("user_id")
            .column("read_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StaffNotice.schema).delete()
    }
}

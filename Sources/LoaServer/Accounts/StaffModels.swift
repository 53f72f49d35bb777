import Fluent
import Foundation
import LoaCore

/// A member of the agency's staff who signs in to the console.
final class StaffUser: Model, @unchecked Sendable {
    static let schema = "staff_users"

    @ID(key: .id) var id: UUID?
    /// Lower-cased, so that sign-in does not depend on how the address was typed.
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: Role
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "disabled") var disabled: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    /// The organisational unit a handler works in; they see its petitions and those of units under it.
    @OptionalField(key: "unit_id") var unitID: UUID?
    /// The TOTP secret (base32) while enrolling and once enrolled; two-factor sign-in is on only
    /// from `totpEnabledAt`, when the member of staff has typed a first code from their app.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// The last time step whose code was accepted: a code is good once, never replayed.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    /// Set when an administrator gave a temporary password: the console asks for a new one first.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(email: String, name: String, role: Role, passwordHash: String) {
        self.email = email.lowercased()
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = false
        self.mustChangePassword = false
    }
}

/// A signed-in browser. The cookie holds a random token; the database holds only its SHA-256, so
/// a copy of the database does not let anyone sign in. Kept in the database so that sessions
/// survive a restart and work across several server processes.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: StaffUser
    /// Every form of the session carries this token; a POST without it is refused.
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "expires_at") var expiresAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @OptionalField(key: "address") var address: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A token for integrations (`Authorization: Bearer …`), acting with its user's role. Stored hashed.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: StaffUser
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    /// The first characters of the token, so people can tell their tokens apart.
    @Field(key: "prefix") var prefix: String
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    /// Tokens end: a forgotten integration's token does not stay valid for ever.
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A single-use code that signs in instead of the authenticator app. Stored hashed.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "staff_recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: StaffUser
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}
}

/// The step between a right password and a session, for an account with two-factor sign-in: the
/// browser holds a random token (its hash is here) and has a few minutes and a few tries for the code.
final class SignInChallenge: Model, @unchecked Sendable {
    static let schema = "staff_sign_in_challenges"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: StaffUser
    @OptionalField(key: "next") var next: String?
    @Field(key: "attempts") var attempts: Int
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}

/// A password reset link: single use, short-lived, only its hash stored.
final class PasswordReset: Model, @unchecked Sendable {
    static let schema = "password_resets"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: StaffUser
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One staff action: who, what, which record, when, from where. The application only ever inserts.
final class AuditEntry: Model, @unchecked Sendable {
    static let schema = "audit_log"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "actor_email") var actorEmail: String
    @Field(key: "action") var action: String
    @Field(key: "record_type") var recordType: String
    @OptionalField(key: "record_id") var recordID: String?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "address") var address: String?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// A saved version of an article or document: every save makes one.
final class Revision: Model, @unchecked Sendable {
    static let schema = "revisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "record_type") var recordType: String
    @Field(key: "record_id") var recordID: UUID
    @Field(key: "number") var number: Int
    /// The editable fields as JSON (`[String: String]`), so that any two revisions can be compared
    /// field by field and any one restored.
    @Field(key: "snapshot") var snapshot: String
    @OptionalField(key: "author_id") var authorID: UUID?
    @Field(key: "author_email") var authorEmail: String
    @Field(key: "note") var note: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var fields: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(snapshot.utf8))) ?? [:]
    }
}

import Fluent
import Foundation
import LoaCore
import SQLKit

struct CreateConsultations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Consultation.schema)
            .id()
            .field("code", .string, .required)
            .field("year", .int, .required)
            .field("number", .int, .required)
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("topics", .string, .required)
            .field("opens_at", .datetime, .required)
            .field("closes_at", .datetime, .required)
            .field("status", .string, .required)
            .field("unit_id", .uuid, .references(OrganisationUnit.schema, .id, onDelete: .setNull))
            .field("published_at", .datetime)
            .field("synthesis_published_at", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .unique(on: "slug")
            .unique(on: "year", "number")
            .create()
        try await database.schema(ConsultationSection.schema)
            .id()
            .field("consultation_id", .uuid, .required, .references(Consultation.schema, .id, onDelete: .cascade))
            .field("key", .string, .required)
            .field("level", .int, .required)
            .field("heading", .string, .required)
            .field("text", .string, .required)
            .field("position", .int, .required)
            .unique(on: "consultation_id", "key")
            .create()
        try await database.schema(ConsultationComment.schema)
            .id()
            .field("consultation_id", .uuid, .required, .references(Consultation.schema, .id, onDelete: .cascade))
            .field("section", .string, .required)
            .field("name", .string, .required)
            .field("organisation", .string, .required)
            .field("email", .string, .required)
            .field("text", .string, .required)
            .field("status", .string, .required)
            .field("hidden_reason", .string)
            .field("channel", .string, .required)
            .field("zalo_user_id", .string)
            .field("confirm_token_hash", .string)
            .field("submitted_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("moderated_at", .datetime)
            .field("moderated_by", .string)
            .create()
        try await database.schema(ConsultationResponse.schema)
            .id()
            .field("consultation_id", .uuid, .required, .references(Consultation.schema, .id, onDelete: .cascade))
            .field("section", .string, .required)
            .field("text", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "consultation_id", "section")
            .create()
        // Draft numbers run per year, like petition codes.
        try await database.schema("consultation_counters")
            .field("year", .int, .identifier(auto: false))
            .field("last_number", .int, .required)
            .create()
        // A broadcast now carries a draft as well as an article; existing rows are articles.
        try await database.schema(Broadcast.schema).field("kind", .string).update()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "consultations_window").on(Consultation.schema).column("status").column("closes_at").run()
        try await sql.create(index: "consultation_comments_queue").on(ConsultationComment.schema).column("consultation_id").column("status")
            .run()
        try await sql.create(index: "consultation_comments_token").on(ConsultationComment.schema).column("confirm_token_hash").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Broadcast.schema).deleteField("kind").update()
        for schema in [
            "consultation_counters", ConsultationResponse.schema, ConsultationComment.schema, ConsultationSection.schema,
            Consultation.schema,
        ] {
            try await database.schema(schema).delete()
        }
    }
}

/// Drafts carry files (the draft as PDF or Word, the impact assessment) in the attachments table
/// that documents use, served by the same route.
struct AddConsultationAttachments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Attachment.schema).field("consultation_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attachment.schema).deleteField("consultation_id").update()
    }
}

import Fluent
import LoaCore
import SQLKit

struct CreateTopics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Topic.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("position", .int, .required)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Topic.schema).delete()
    }
}

struct CreateArticles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Article.schema)
            .id()
            .field("external_id", .string)
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("cover_image", .string)
            .field("author", .string)
            .field("status", .string, .required)
            .field("featured", .bool, .required)
            .field("published_at", .datetime)
            .field("review_note", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .unique(on: "external_id")
            .create()
        try await database.schema(ArticleTopic.schema)
            .id()
            .field("article_id", .uuid, .required, .references(Article.schema, .id, onDelete: .cascade))
            .field("topic_id", .uuid, .required, .references(Topic.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .unique(on: "article_id", "topic_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "articles_status_published_at").on(Article.schema)
            .column("status").column("published_at").run()
        try await sql.create(index: "article_topics_topic_id").on(ArticleTopic.schema).column("topic_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ArticleTopic.schema).delete()
        try await database.schema(Article.schema).delete()
    }
}

struct CreateLegalDocuments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LegalDocument.schema)
            .id()
            .field("external_id", .string)
            .field("slug", .string, .required)
            .field("number", .string, .required)
            .field("title", .string, .required)
            .field("type", .string, .required)
            .field("issuer", .string, .required)
            .field("signer", .string)
            .field("issued_on", .string, .required)
            .field("effective_on", .string)
            .field("effect_status", .string, .required)
            .field("summary", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("status", .string, .required)
            .field("published_at", .datetime)
            .field("review_note", .string)
            .field("created_by", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .unique(on: "external_id")
            .create()
        try await database.schema(DocumentTopic.schema)
            .id()
            .field("document_id", .uuid, .required, .references(LegalDocument.schema, .id, onDelete: .cascade))
            .field("topic_id", .uuid, .required, .references(Topic.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .unique(on: "document_id", "topic_id")
            .create()
        try await database.schema(Attachment.schema)
            .id()
            .field("document_id", .uuid, .references(LegalDocument.schema, .id, onDelete: .cascade))
            .field("article_id", .uuid, .references(Article.schema, .id, onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("content_type", .string, .required)
            .field("byte_count", .int, .required)
            .field("sha256", .string, .required)
            .field("created_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "legal_documents_status_issued_on").on(LegalDocument.schema)
            .column("status").column("issued_on").run()
        try await sql.create(index: "attachments_document_id").on(Attachment.schema).column("document_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Attachment.schema).delete()
        try await database.schema(DocumentTopic.schema).delete()
        try await database.schema(LegalDocument.schema).delete()
    }
}

struct CreateInfoPages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(InfoPage.schema)
            .id()
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("position", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(InfoPage.schema).delete()
    }
}

/// The twelve default policy areas are part of the schema's starting state, not demo content:
/// imports refer to them by slug.
struct SeedDefaultTopics: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for (position, topic) in DefaultTopics.all.enumerated() {
            try await Topic(slug: topic.slug, name: topic.name, description: topic.description, position: position + 1)
                .create(on: database)
        }
    }

    func revert(on database: any Database) async throws {
        try await Topic.query(on: database).delete()
    }
}

/// Articles say what their cover image shows (its alt text), for screen readers.
struct AddArticleCoverAlt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Article.schema).field("cover_alt", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Article.schema).deleteField("cover_alt").update()
    }
}

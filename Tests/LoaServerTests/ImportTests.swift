import Fluent
import Foundation
import Testing
import VaporTesting

@testable import LoaServer

@Suite struct MigrationTests {
    @Test func migrationsCreateTheSchemaAndTheDefaultTopics() async throws {
        try await withLoa { app in
            let topics = try await Topic.query(on: app.db).sort(\.$position).all()
            #expect(topics.count == 12)
            #expect(topics.first?.slug == "cong-chuc-vien-chuc")
            #expect(topics.map(\.slug).contains("bao-hiem-xa-hoi"))
            // Reverting and migrating again leaves the same schema: migrations are reversible.
            try await app.autoRevert()
            try await app.autoMigrate()
            #expect(try await Topic.query(on: app.db).count() == 12)
            #expect(try await Article.query(on: app.db).count() == 0)
        }
    }
}

@Suite struct ImportTests {
    @Test func goodBadAndRepeatedLines() async throws {
        try await withLoa { app in
            let lines = [
                Fixture.article("a-1", title: "Tiền lương cơ sở tăng từ 1/7"),
                #"{"external_id":"a-2","title":"Không có lĩnh vực","body":"x","topic":"khong-ton-tai"}"#,
                "{ không phải JSON",
                "",
                Fixture.article("a-3", title: "Tinh giản biên chế", topics: ["to-chuc-bien-che", "cong-chuc-vien-chuc"]),
                Fixture.article("a-1", title: "Tiền lương cơ sở tăng từ 1/7 (cập nhật)"),
            ]
            let report = try await app.importLines(.articles, lines)
            #expect(report.created == 2)
            #expect(report.updated == 1)
            #expect(
                report.rejected == [
                    .init(line: 2, reason: "lĩnh vực không tồn tại: \"khong-ton-tai\""),
                    .init(line: 3, reason: "không phải một đối tượng JSON hợp lệ"),
                ])
            let articles = try await Article.query(on: app.db).sort(\.$externalID).with(\.$topics).all()
            #expect(articles.map(\.externalID) == ["a-1", "a-3"])
            #expect(articles[0].title == "Tiền lương cơ sở tăng từ 1/7 (cập nhật)")
            // The slug stays what it was when first published, so shared links keep working.
            #expect(articles[0].slug == "tien-luong-co-so-tang-tu-1-7")
            #expect(Set(articles[1].topics.map(\.slug)) == ["to-chuc-bien-che", "cong-chuc-vien-chuc"])
            // An unknown topic is rejected, not invented.
            #expect(try await Topic.query(on: app.db).count() == 12)

            // The whole file again: nothing new, nothing duplicated.
            let again = try await app.importLines(.articles, lines)
            #expect(again.created == 0)
            #expect(again.updated == 3)
            #expect(try await Article.query(on: app.db).count() == 2)
            #expect(try await ArticleTopic.query(on: app.db).count() == 3)
        }
    }

    @Test func sameTitlesGetDistinctSlugs() async throws {
        try await withLoa { app in
            _ = try await app.importLines(
                .articles,
                [
                    Fixture.article("a-1", title: "Thông báo tuyển dụng"), Fixture.article("a-2", title: "Thông báo tuyển dụng"),
                ])
            let slugs = try await Article.query(on: app.db).all().map(\.slug).sorted()
            #expect(slugs == ["thong-bao-tuyen-dung", "thong-bao-tuyen-dung-2"])
        }
    }

    @Test func documentsAndTheirErrors() async throws {
        try await withLoa { app in
            let report = try await app.importLines(
                .documents,
                [
                    Fixture.document("d-1", number: "06/2025/TT-BNV"),
                    Fixture.document("d-2", number: "178/2024/NĐ-CP", type: "Nghị định", issuer: "Chính phủ", issuedOn: "2024-12-31"),
                    Fixture.document("d-3", number: "1/2025", type: "sắc-lệnh"),
                    Fixture.document("d-4", number: "2/2025", issuedOn: "2025-02-30"),
                ])
            #expect(report.created == 2)
            #expect(report.rejected.map(\.line) == [3, 4])
            #expect(report.rejected[0].reason.hasPrefix("type không hợp lệ"))
            #expect(report.rejected[1].reason.hasPrefix("issued_on không phải ngày hợp lệ"))
            let decree = try #require(try await LegalDocument.query(on: app.db).filter(\.$externalID == "d-2").first())
            #expect(decree.type == .nghiDinh)
            #expect(decree.slug == "178-2024-nd-cp")
            #expect(decree.issuedOn == "2024-12-31")
        }
    }

    @Test func invalidUTF8AndBlankLinesAreHandled() async throws {
        try await withLoa { app in
            var data = Data(Fixture.article("a-1", title: "Một").utf8)
            data.append(contentsOf: [0x0A, 0xFF, 0xFE, 0x0A, 0x0A])
            data.append(Data(Fixture.article("a-2", title: "Hai").utf8))
            data.append(0x0A)
            let report = try await ContentImporter(context: .system("loa import", app: app)).importLines(.articles, from: data)
            #expect(report.created == 2)
            #expect(report.rejected == [.init(line: 2, reason: "không phải văn bản UTF-8 hợp lệ")])
        }
    }

    @Test func demoContentCoversEveryTopic() async throws {
        try await withLoa(demo: true) { app in
            let topics = try await Topic.query(on: app.db).all()
            for topic in topics {
                let page = try await PortalQueries.articles(topic: topic, page: 1, perPage: 1, on: app.db)
                #expect(page.total >= 3, "topic \(topic.slug) has \(page.total) articles")
                let documents = try await PortalQueries.documents(.init(topic: topic.id), page: 1, perPage: 1, on: app.db)
                #expect(documents.total >= 1, "topic \(topic.slug) has no documents")
            }
            #expect(try await InfoPage.query(on: app.db).count() >= 3)
            #expect(try await Attachment.query(on: app.db).count() == LegalDocument.query(on: app.db).count())
            // Seeding twice changes nothing.
            let before = try await Article.query(on: app.db).count()
            _ = try await DemoContent.load(into: app)
            #expect(try await Article.query(on: app.db).count() == before)
            #expect(try await Attachment.query(on: app.db).count() == LegalDocument.query(on: app.db).count())
        }
    }
}

/// Operations take an `OperationContext`, not a request: `loa import` goes through them and
/// leaves the same trail as the console, and a test can fix the clock.
@Suite struct OperationContextTests {
    @Test func anImportIsRevisedAndAuditedAsTheConsoleIs() async throws {
        try await withLoa { app in
            let noon = try #require(ISO8601DateFormatter().date(from: "2026-03-02T05:00:00Z"))
            let importer = ContentImporter(context: .system("loa import", app: app, now: noon))
            let data = Data(
                ([Fixture.article("a-1", title: "Một"), Fixture.article("a-1", title: "Một, sửa")].joined(separator: "\n")).utf8)
            let report = try await importer.importLines(.articles, from: data)
            #expect(report.created == 1 && report.updated == 1)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$recordType == "article").sort(\.$createdAt).all()
            #expect(entries.map(\.action) == ["article.create", "article.update"])
            #expect(entries.allSatisfy { $0.actorEmail == "loa import" && $0.createdAt == noon })
            let revisions = try await Revision.query(on: app.db).sort(\.$number).all()
            #expect(revisions.map(\.number) == [1, 2])
            #expect(revisions.allSatisfy { $0.authorEmail == "loa import" && $0.createdAt == noon })
        }
    }

    @Test func publishingUsesTheContextsClock() async throws {
        try await withLoa { app in
            let approver = try await app.makeStaff(.approver)
            let identity = StaffIdentity(
                userID: try approver.user.requireID(), email: approver.user.email, name: approver.user.name, role: .approver,
                sessionID: nil, csrfToken: nil)
            let fixed = try #require(ISO8601DateFormatter().date(from: "2026-12-01T02:00:00Z"))
            let context = OperationContext(
                staff: identity, actorName: identity.email, userID: identity.userID, role: identity.role, address: "203.0.113.4",
                db: app.db, app: app, now: fixed)
            var input = ArticleInput()
            input.title = "Quy định mới về phụ cấp"
            input.summary = "Tóm tắt"
            input.body = "Nội dung"
            input.topics = ["tien-luong"]
            let article = try await ArticleEditing.create(input, context: context)
            try await Editorial.transition(article, .publish, comment: nil, publishAt: nil, context: context)
            #expect(article.publishedAt == fixed)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == "article.publish").first())
            #expect(audit.createdAt == fixed)
            #expect(audit.address == "203.0.113.4")
            #expect(audit.summary.hasPrefix("Bản nháp → Đã đăng"), "\(audit.summary)")
        }
    }
}

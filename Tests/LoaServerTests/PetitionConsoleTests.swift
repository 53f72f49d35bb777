import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

@Suite struct PetitionConsoleTests {
    @Test func handlerWorksThroughTheInbox() async throws {
        try await withLoa(demo: true) { app in
            let handler = try await app.makeStaff(.handler)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: handler.user.email, password: handler.password))
            let inbox = try await browser.get("/staff/petitions")
            #expect(inbox.status == .ok)
            #expect(inbox.text.contains("Phản ánh, kiến nghị"))
            let open = try await Petition.query(on: app.db).filter(\.$state ~~ PetitionInbox.openStates).count()
            #expect(inbox.text.contains("\(open) phản ánh"))

            // Bulk assignment accepts what is still received, then assigns.
            let received = try await Petition.query(on: app.db).filter(\.$state == .received).all()
            let unit = try #require(try await OrganisationUnit.query(on: app.db).filter(\.$name == "Vụ Tiền lương").first())
            let assigned = try await browser.post(
                "/staff/petitions/assign", received.map { ("codes[]", $0.code) } + [("unit", unit.id!.uuidString)])
            #expect(assigned.status == .seeOther)
            for petition in received {
                let reloaded = try #require(try await Petition.find(petition.id, on: app.db))
                #expect(reloaded.state == .assigned)
                #expect(reloaded.unitID == unit.id)
            }

            // The detail page: content, personal data for a handler, history, buttons.
            let code = received[0].code
            let detail = try await browser.get("/staff/petitions/\(code)")
            #expect(detail.status == .ok)
            #expect(detail.text.contains(received[0].phone))
            #expect(detail.text.contains("Lịch sử"))
            #expect(detail.text.contains("Lưu câu trả lời"))

            // A form without its CSRF token changes nothing.
            let forged = try await browser.post(
                "/staff/petitions/\(code)/answer", [("text", "Trả lời giả mạo từ trang khác.")], csrf: .some(nil))
            #expect(forged.status == .forbidden)
            let answered = try await browser.post("/staff/petitions/\(code)/answer", [("text", "Câu trả lời của Vụ Tiền lương cho ông.")])
            #expect(answered.status == .seeOther)
            #expect(try await Petition.find(received[0].id, on: app.db)?.state == .answered)

            // A refused step shows the reason on the page.
            let refused = try await browser.post("/staff/petitions/\(code)/transition", [("to", "rejected"), ("note", "")])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("flash error"))
            let closed = try await browser.post("/staff/petitions/\(code)/transition", [("to", "closed"), ("note", "Đã trả lời riêng")])
            #expect(closed.status == .seeOther)

            let figures = try await browser.get("/staff/petitions/figures")
            #expect(figures.status == .ok)
            #expect(figures.text.contains("Trả lời đúng hạn"))
            #expect(figures.text.contains("<svg"))
            let csv = try await browser.get("/staff/petitions/export.csv")
            #expect(csv.status == .ok)
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 1 + (try await Petition.query(on: app.db).count()))
            #expect(lines[0].contains("Điện thoại"), "handlers see personal data in the export")
            #expect(lines[0].hasPrefix("\u{FEFF}Mã tra cứu,Trạng thái") || lines[0].hasPrefix("Mã tra cứu,Trạng thái"), "\(lines[0])")
            #expect(lines.dropFirst().allSatisfy { $0.contains("/20") && !$0.contains("+07:00") }, "dates as dd/mm/yyyy")
        }
    }

    @Test func administratorsManageUnitsAndMembers() async throws {
        try await withLoa { app in
            let admin = try await app.makeStaff(.administrator)
            let handler = try await app.makeStaff(.handler)
            let browser = try #require(try await ConsoleBrowser.signIn(app, email: admin.user.email, password: admin.password))
            #expect(try await browser.post("/staff/units", [("name", "Bộ Nội vụ"), ("parent", "")]).status == .seeOther)
            let root = try #require(try await OrganisationUnit.query(on: app.db).first())
            #expect(
                try await browser.post("/staff/units", [("name", "Vụ Tiền lương"), ("parent", root.id!.uuidString)]).status == .seeOther)
            #expect(try await browser.post("/staff/units", [("name", "x"), ("parent", "")]).status == .unprocessableEntity)
            let child = try #require(try await OrganisationUnit.query(on: app.db).filter(\.$name == "Vụ Tiền lương").first())
            #expect(child.parentID == root.id)
            let member = try await browser.post(
                "/staff/units/members", [("user", handler.user.id!.uuidString), ("unit", child.id!.uuidString)])
            #expect(member.status == .seeOther)
            #expect(try await StaffUser.find(handler.user.id, on: app.db)?.unitID == child.id)
            let page = try await browser.get("/staff/units")
            #expect(page.text.contains("— <strong>Vụ Tiền lương</strong>"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == "user.unit").count() == 1)

            // Handlers read the units but cannot change them; editors do not see petitions at all.
            let handlerBrowser = try #require(try await ConsoleBrowser.signIn(app, email: handler.user.email, password: handler.password))
            #expect(try await handlerBrowser.post("/staff/units", [("name", "Vụ mới"), ("parent", "")]).status == .forbidden)
            let editor = try await app.makeStaff(.editor)
            let editorBrowser = try #require(try await ConsoleBrowser.signIn(app, email: editor.user.email, password: editor.password))
            #expect(try await editorBrowser.get("/staff/petitions").status == .forbidden)
        }
    }
}

import Fluent
import Foundation
import LoaCore
import Testing
import VaporTesting

@testable import LoaServer

/// A valid submission as an API client sends it; tests change one field at a time.
func petitionJSON(_ overrides: [String: Any] = [:]) -> String {
    var object: [String: Any] = [
        "topic": "tien-luong", "title": "Cách tính phụ cấp thâm niên khi chuyển ngạch",
        "content": "Tôi là viên chức, chuyển ngạch năm 2024. Xin hỏi phụ cấp thâm niên được tính thế nào? Gọi tôi: 0912 345 678.",
        "name": "Nguyễn Văn An", "phone": "0912345678", "email": "an.nguyen@example.vn", "address": "Phường Ba Đình, Hà Nội",
        "consent_publish": true,
    ]
    for (key, value) in overrides { object[key] = value }
    return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
}

extension Application {
    /// Submits through the public API and returns the code and the access key.
    func submitPetition(_ overrides: [String: Any] = [:], address: String = "203.0.113.1") async throws -> (code: String, key: String) {
        let response = try await testing().sendRequest(
            .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json", "X-Forwarded-For": address],
            body: ByteBuffer(string: petitionJSON(overrides)))
        #expect(response.status == .created, "\(response.text)")
        let json = try response.json()
        return (try #require(json["code"]?.string), try #require(json["access_key"]?.string))
    }

    func makeUnit(_ name: String, parent: UUID? = nil) async throws -> OrganisationUnit {
        let unit = OrganisationUnit(name: name, parentID: parent)
        try await unit.create(on: db)
        return unit
    }

    func petitionCount() async throws -> Int { try await Petition.query(on: db).count() }
}

@Suite struct PetitionIntakeTests {
    @Test func submitAndTrackWithTheKey() async throws {
        try await withLoa { app in
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: petitionJSON()))
            #expect(response.status == .created)
            let receipt = try response.json()
            let code = try #require(receipt["code"]?.string)
            let key = try #require(receipt["access_key"]?.string)
            #expect(TrackingCode(code) != nil)
            #expect(code.hasPrefix("PA-\(VietnamTime.day(of: Date()).year)-"))
            #expect(key.count == 12)
            #expect(receipt["status"]?.string == "received")
            let due = try #require(receipt["due_at"]?.string)
            #expect(try Date(due, strategy: .iso8601) > Date())

            // With the key, in the header or the query: status, history, no answer yet.
            let tracked = try await app.get("/api/v1/petitions/\(code)", headers: ["X-Access-Key": key])
            #expect(tracked.status == .ok)
            let status = try tracked.json()
            #expect(status["status"]?.string == "received")
            #expect(status["history"]?.array?.count == 1)
            #expect(status["answer"] == .null)
            #expect(try await app.get("/api/v1/petitions/\(code.lowercased())?key=\(key.lowercased())").status == .ok)

            // Without the right key, the same 404 as an unknown code.
            for path in [
                "/api/v1/petitions/\(code)", "/api/v1/petitions/\(code)?key=AAAAAAAAAAAA", "/api/v1/petitions/PA-2020-999999?key=\(key)",
            ] {
                let refused = try await app.get(path)
                #expect(refused.status == .notFound, "\(path)")
                #expect(refused.errorCode == "not_found")
            }
            // Codes run on.
            let second = try await app.submitPetition()
            #expect(TrackingCode(second.code)!.number == TrackingCode(code)!.number + 1)
        }
    }

    @Test(arguments: [
        ("topic", "khong-co"), ("topic", ""), ("title", ""), ("title", "Ngắn"), ("title", String(repeating: "x", count: 201)),
        ("content", ""), ("content", "Quá ngắn."), ("content", String(repeating: "nội dung ", count: 1300)), ("name", ""),
        ("name", String(repeating: "A", count: 101)), ("phone", "12345"), ("email", "khong-phai-email"),
        ("address", String(repeating: "đ", count: 301)), ("title", "Tiêu đề\u{0007} có ký tự điều khiển"),
    ])
    func badFieldsAreNamedAndNothingIsStored(field: String, value: String) async throws {
        try await withLoa { app in
            let response = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: petitionJSON([field: value])))
            #expect(response.status == .unprocessableEntity, "\(field): \(response.text)")
            let error = try response.json()["error"]
            #expect(error?["code"]?.string == "invalid_fields")
            let fields = error?["fields"]?.array?.compactMap { $0["field"]?.string } ?? []
            #expect(fields.contains(field), "\(field) not in \(fields)")
            #expect(try await app.petitionCount() == 0)
        }
    }

    @Test func contactIsNeededAndMalformedBodiesAreRefused() async throws {
        try await withLoa { app in
            let noContact = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: petitionJSON(["phone": "", "email": ""])))
            #expect(noContact.status == .unprocessableEntity)
            for body in ["{", "[]", #"{"title": 5}"#, ""] {
                let response = try await app.testing().sendRequest(
                    .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
            }
            let wrongType = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "text/plain"], body: ByteBuffer(string: petitionJSON()))
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(try await app.petitionCount() == 0)
        }
    }

    @Test func rateLimitPerAddress() async throws {
        try await withLoa(configure: { $0.petitionsPerHour = 2 }) { app in
            _ = try await app.submitPetition(address: "198.51.100.7")
            _ = try await app.submitPetition(address: "198.51.100.7")
            let refused = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json", "X-Forwarded-For": "198.51.100.7"],
                body: ByteBuffer(string: petitionJSON()))
            #expect(refused.status == .tooManyRequests)
            #expect(refused.errorCode == "rate_limited")
            #expect(try await app.petitionCount() == 2)
            // Another address is not affected; invalid submissions do not use up the allowance.
            _ = try await app.submitPetition(address: "198.51.100.8")
            #expect(try await app.petitionCount() == 3)
        }
    }

    @Test func idempotentRetryDoesNotDuplicate() async throws {
        try await withLoa { app in
            var codes: [String] = []
            for _ in 0..<2 {
                let response = try await app.testing().sendRequest(
                    .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json", "Idempotency-Key": "gui-lai-1"],
                    body: ByteBuffer(string: petitionJSON()))
                #expect(response.status == .created)
                codes.append(try #require(try response.json()["code"]?.string))
            }
            #expect(codes[0] == codes[1])
            #expect(try await app.petitionCount() == 1)
        }
    }

    @Test func webFormWithHoneypotErrorsAndReceipt() async throws {
        try await withLoa { app in
            let form = try await app.get("/phan-anh")
            #expect(form.status == .ok)
            #expect(form.text.contains("Gửi phản ánh, kiến nghị"))
            #expect(form.text.contains("name=\"website\""))

            let fields =
                "topic=tien-luong&title=H%E1%BB%8Fi+v%E1%BB%81+ph%E1%BB%A5+c%E1%BA%A5p&content=N%E1%BB%99i+dung+ph%E1%BA%A3n+%C3%A1nh+%C4%91%E1%BB%A7+d%C3%A0i+%C4%91%E1%BB%83+g%E1%BB%ADi.&name=Tr%E1%BA%A7n+B%C3%ACnh&phone=0987654321"
            let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            let trap = try await app.testing().sendRequest(
                .POST, "/phan-anh", headers: headers, body: ByteBuffer(string: fields + "&website=spam"))
            #expect(trap.status == .unprocessableEntity)
            let invalid = try await app.testing().sendRequest(
                .POST, "/phan-anh", headers: headers, body: ByteBuffer(string: fields.replacingOccurrences(of: "0987654321", with: "123")))
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("aria-invalid=\"true\""))
            #expect(invalid.text.contains("Trần Bình"), "the form keeps what was typed")
            #expect(try await app.petitionCount() == 0)

            let sent = try await app.testing().sendRequest(
                .POST, "/phan-anh", headers: headers, body: ByteBuffer(string: fields + "&consent=1"))
            #expect(sent.status == .created)
            #expect(sent.headers.first(name: .cacheControl) == "no-store")
            let petition = try #require(try await Petition.query(on: app.db).first())
            #expect(sent.text.contains(petition.code))
            #expect(petition.channel == .web)
            #expect(petition.consentPublish)
            #expect(petition.title == "Hỏi về phụ cấp")
        }
    }

    @Test func attachmentsAreCheckedByContent() async throws {
        try await withLoa { app in
            func multipart(_ fileName: String, _ bytes: [UInt8]) -> (HTTPHeaders, ByteBuffer) {
                let boundary = "loa-test-boundary"
                var body = ""
                for (name, value) in [
                    ("topic", "tien-luong"), ("title", "Gửi kèm quyết định"), ("content", "Kèm theo quyết định nâng lương của tôi."),
                    ("name", "Lê Chi"), ("email", "chi@example.vn"),
                ] {
                    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
                }
                var buffer = ByteBuffer(string: body)
                buffer.writeString(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"attachments[]\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                buffer.writeBytes(bytes)
                buffer.writeString("\r\n--\(boundary)--\r\n")
                return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], buffer)
            }
            let (badHeaders, badBody) = multipart("virus.pdf", Array("MZ not a pdf".utf8))
            let refused = try await app.testing().sendRequest(.POST, "/phan-anh", headers: badHeaders, body: badBody)
            #expect(refused.status == .unprocessableEntity)
            #expect(try await app.petitionCount() == 0)

            let pdf = Array(MinimalPDF.make(lines: ["Quyet dinh nang luong"]))
            let (headers, body) = multipart("quyet-dinh.pdf", pdf)
            let sent = try await app.testing().sendRequest(.POST, "/phan-anh", headers: headers, body: body)
            #expect(sent.status == .created, "\(sent.text.prefix(300))")
            let attachment = try #require(try await PetitionAttachment.query(on: app.db).first())
            #expect(attachment.contentType == "application/pdf")
            #expect(attachment.size == pdf.count)
        }
    }
}

@Suite struct PetitionHandlingTests {
    @Test func handlerMovesItToAPublishedAnswerWithoutPersonalData() async throws {
        try await withLoa(demo: true) { app in
            let handler = try await app.makeStaff(.handler)
            let unit = try await app.makeUnit("Vụ Tiền lương")
            let schemas = SchemaValidator(document: try await app.get("/openapi.json").json())
            func conforms(_ response: TestingHTTPResponse, _ schema: String) throws {
                let problems = schemas.problems(try response.json(), against: schemas.schema(named: schema))
                #expect(problems == [], "\(schema): \(problems)")
            }
            let receipt = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: petitionJSON()))
            try conforms(receipt, "PetitionReceipt")
            let code = try #require(try receipt.json()["code"]?.string)
            let key = try #require(try receipt.json()["access_key"]?.string)
            try conforms(try await app.get("/api/v1/petitions/\(code)?key=\(key)"), "PetitionTracking")
            try conforms(
                try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"rejected"}"#), "Error")

            let list = try await app.send(.GET, "/api/v1/petitions?state=received", as: handler)
            #expect(list.status == .ok)
            try conforms(list, "PetitionList")
            #expect(try list.json()["items"]?.array?.contains { $0["code"]?.string == code } == true)
            let listed = try list.json()["items"]?.array?.first { $0["code"]?.string == code }
            #expect(listed?["submitter"]?["phone"]?.string == "0912345678")

            // Refused transitions say why and change nothing.
            let skip = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"answered"}"#)
            #expect(skip.status == .conflict)
            let noReason = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"rejected"}"#)
            #expect(noReason.status == .unprocessableEntity)
            let unknown = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"flying"}"#)
            #expect(unknown.status == .badRequest)

            #expect(
                try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"accepted"}"#).status == .ok)
            let noUnit = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"assigned"}"#)
            #expect(noUnit.status == .unprocessableEntity)
            let assigned = try await app.send(
                .POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"assigned","unit":"\#(unit.id!)"}"#)
            #expect(assigned.status == .ok)
            #expect(try assigned.json()["unit"]?["name"]?.string == "Vụ Tiền lương")

            let answer =
                "Theo Nghị định 204/2004/NĐ-CP, thời gian giữ ngạch cũ được cộng dồn. Ông An có thể liên hệ an.nguyen@example.vn hoặc số 0912.345.678 đã nêu."
            let answered = try await app.send(.POST, "/api/v1/petitions/\(code)/answer", as: handler, json: #"{"text":"\#(answer)"}"#)
            #expect(answered.status == .ok, "\(answered.text)")
            #expect(try answered.json()["status"]?.string == "answered")

            // The submitter sees the answer with their key.
            let tracked = try await app.get("/api/v1/petitions/\(code)", headers: ["X-Access-Key": key])
            #expect(try tracked.json()["answer"]?["text"]?.string == answer)

            let published = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"published"}"#)
            #expect(published.status == .ok)
            let page = try await app.get("/hoi-dap/\(code.lowercased())")
            #expect(page.status == .ok)
            for secret in ["0912 345 678", "0912.345.678", "an.nguyen@example.vn", "Nguyễn Văn An", "0912345678"] {
                #expect(!page.text.contains(secret), "\(secret) is public")
            }
            #expect(page.text.contains("204/2004/NĐ-CP"))
            #expect(page.text.contains("số điện thoại đã ẩn"))
            #expect(page.text.contains("Vụ Tiền lương trả lời ngày"), "the answer names the unit that gave it")

            // Listed, searchable, in the feed and in open data, all without personal data.
            #expect(try await app.get("/hoi-dap").text.contains(code))
            let search = try await app.get("/api/v1/search?q=phu+cap+tham+nien&type=answer")
            #expect(try search.json()["results"]?[0]?["url"]?.string?.hasSuffix("/hoi-dap/\(code.lowercased())") == true)
            let feed = try await app.get("/feeds/answers.atom")
            #expect(feed.status == .ok)
            #expect(XMLOutline.parse(feed.text) != nil)
            #expect(feed.text.contains(code.lowercased()))
            for file in ["hoi-dap.json", "hoi-dap.csv"] {
                let data = try await app.get("/du-lieu-mo/\(file)")
                #expect(data.status == .ok)
                #expect(data.text.contains(code))
                for secret in ["0912", "an.nguyen", "Nguyễn Văn An", "Ba Đình"] {
                    #expect(!data.text.contains(secret), "\(secret) in \(file)")
                }
            }
            // Withdrawing a publication needs a reason; going back to an earlier step is refused.
            let again = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"closed"}"#)
            #expect(again.status == .unprocessableEntity)
            let back = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"assigned"}"#)
            #expect(back.status == .conflict)

            let history = try await app.send(.GET, "/api/v1/petitions/\(code)", as: handler)
            try conforms(history, "PetitionStaff")
            try conforms(try await app.get("/api/v1/petitions/\(code)?key=\(key)"), "PetitionTracking")
            try conforms(try await app.send(.GET, "/api/v1/petitions/stats", as: handler), "PetitionFigures")
            #expect(
                try history.json()["history"]?.array?.map { $0["to"]?.string ?? "" } == [
                    "received", "accepted", "assigned", "answered", "published",
                ])
            let audit = try await AuditEntry.query(on: app.db).filter(\.$recordID == code).count()
            #expect(audit == 5)
            let invalid = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json"],
                body: ByteBuffer(string: petitionJSON(["email": "x"])))
            try conforms(invalid, "Error")
        }
    }

    @Test func noConsentMeansCloseNotPublish() async throws {
        try await withLoa { app in
            let handler = try await app.makeStaff(.handler)
            let unit = try await app.makeUnit("Vụ Công chức")
            let (code, _) = try await app.submitPetition(["consent_publish": false])
            for body in [#"{"to":"accepted"}"#, #"{"to":"assigned","unit":"\#(unit.id!)"}"#] {
                #expect(try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: body).status == .ok)
            }
            #expect(
                try await app.send(.POST, "/api/v1/petitions/\(code)/answer", as: handler, json: #"{"text":"Câu trả lời riêng cho ông."}"#)
                    .status == .ok)
            let publish = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"published"}"#)
            #expect(publish.status == .unprocessableEntity)
            #expect(
                try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"closed"}"#).status == .ok)
            #expect(try await app.get("/hoi-dap/\(code.lowercased())").status == .notFound)
        }
    }

    @Test func approverSignsOffWhenTheSettingAsks() async throws {
        try await withLoa(configure: { $0.petitionApprovalRequired = true }) { app in
            let handler = try await app.makeStaff(.handler)
            let approver = try await app.makeStaff(.approver)
            let editor = try await app.makeStaff(.editor)
            let unit = try await app.makeUnit("Vụ Cải cách hành chính")
            let (code, _) = try await app.submitPetition()
            #expect(try await app.send(.GET, "/api/v1/petitions", as: editor).status == .forbidden)
            for body in [#"{"to":"accepted"}"#, #"{"to":"assigned","unit":"\#(unit.id!)"}"#] {
                #expect(try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: body).status == .ok)
            }
            let drafted = try await app.send(
                .POST, "/api/v1/petitions/\(code)/answer", as: handler, json: #"{"text":"Dự thảo câu trả lời."}"#)
            #expect(try drafted.json()["status"]?.string == "assigned")
            #expect(try drafted.json()["submitter"] != .null)
            let byHandler = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"answered"}"#)
            #expect(byHandler.status == .forbidden)
            let signed = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: approver, json: #"{"to":"answered"}"#)
            #expect(signed.status == .ok)
            // Approvers do not see personal data.
            #expect(try signed.json()["submitter"] == .null)
        }
    }

    @Test func handlersSeeTheirUnitsWork() async throws {
        try await withLoa { app in
            let reception = try await app.makeStaff(.handler, email: "tiepnhan@bonoivu.example.vn")
            let ministry = try await app.makeUnit("Bộ Nội vụ")
            let salaries = try await app.makeUnit("Vụ Tiền lương", parent: ministry.id)
            let staffing = try await app.makeUnit("Vụ Tổ chức – Biên chế", parent: ministry.id)
            let salaryHandler = try await app.makeStaff(.handler, email: "tienluong@bonoivu.example.vn")
            salaryHandler.user.unitID = salaries.id
            try await salaryHandler.user.save(on: app.db)
            let director = try await app.makeStaff(.handler, email: "lanhdao@bonoivu.example.vn")
            director.user.unitID = ministry.id
            try await director.user.save(on: app.db)

            let (first, _) = try await app.submitPetition()
            let (second, _) = try await app.submitPetition()
            for (code, unit) in [(first, salaries), (second, staffing)] {
                _ = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: reception, json: #"{"to":"accepted"}"#)
                _ = try await app.send(
                    .POST, "/api/v1/petitions/\(code)/transitions", as: reception, json: #"{"to":"assigned","unit":"\#(unit.id!)"}"#)
            }
            let mine = try await app.send(.GET, "/api/v1/petitions", as: salaryHandler)
            #expect(try mine.json()["items"]?.array?.compactMap { $0["code"]?.string } == [first])
            #expect(try await app.send(.GET, "/api/v1/petitions/\(second)", as: salaryHandler).status == .notFound)
            let all = try await app.send(.GET, "/api/v1/petitions", as: director)
            #expect(try all.json()["total"]?.int == 2)
            let filtered = try await app.send(.GET, "/api/v1/petitions?unit=\(staffing.id!)", as: reception)
            #expect(try filtered.json()["items"]?.array?.compactMap { $0["code"]?.string } == [second])
            #expect(try await app.send(.GET, "/api/v1/petitions?state=nope", as: reception).status == .badRequest)
            #expect(try await app.send(.GET, "/api/v1/petitions?overdue=1", as: reception).status == .ok)
        }
    }

    @Test func overdueItemsAreFlaggedAndCounted() async throws {
        try await withLoa { app in
            let handler = try await app.makeStaff(.handler)
            let (code, _) = try await app.submitPetition()
            let petition = try #require(try await Petition.query(on: app.db).filter(\.$code == code).first())
            petition.dueAt = Date().addingTimeInterval(-3600)
            try await petition.save(on: app.db)
            _ = try await app.submitPetition()
            let overdue = try await app.send(.GET, "/api/v1/petitions?overdue=true", as: handler)
            #expect(try overdue.json()["items"]?.array?.map { $0["overdue"] } == [.bool(true)])
            let stats = try await app.send(.GET, "/api/v1/petitions/stats", as: handler)
            #expect(try stats.json()["overdue"]?.int == 1)
            #expect(try stats.json()["total"]?.int == 2)
        }
    }

    @Test func submitterIsToldByEmailThroughSendmail() async throws {
        let mail = try MailFolder()
        defer { mail.remove() }
        try await withLoa(configure: { $0.sendmailCommand = mail.command }) { app in
            let (code, key) = try await app.submitPetition()
            #expect(try await JobQueue.drain(app: app) == 1)
            let messages = try mail.messages()
            #expect(messages.count == 1)
            let message = try #require(messages.first)
            #expect(message.contains("To: an.nguyen@example.vn"))
            #expect(message.contains("Subject: =?UTF-8?B?"))
            let decoded = MailFolder.body(of: message)
            #expect(decoded.contains("Mã tra cứu: \(code)"))
            #expect(!decoded.contains(key), "the access key is never mailed")
            let notice = try #require(try await PetitionNotification.query(on: app.db).first())
            #expect(notice.outcome == .sent)
        }
    }

    @Test func aFailingMailCommandIsRetriedAndRecorded() async throws {
        try await withLoa(configure: { $0.sendmailCommand = ["/bin/false"] }) { app in
            _ = try await app.submitPetition()
            #expect(try await JobQueue.drain(app: app) == 1)
            let notice = try #require(try await PetitionNotification.query(on: app.db).first())
            #expect(notice.outcome == .pending)
            #expect(notice.error?.contains("/bin/false") == true)
            #expect(try await Job.query(on: app.db).filter(\.$state == .queued).count() == 1)
        }
    }

    @Test func withoutEmailTheTrackingPageIsTheChannel() async throws {
        try await withLoa { app in
            let (code, key) = try await app.submitPetition()
            #expect(try await JobQueue.drain(app: app) == 0)
            let notice = try #require(try await PetitionNotification.query(on: app.db).first())
            #expect(notice.channel == .trackingPage)
            #expect(notice.outcome == .recorded)
            let page = try await app.testing().sendRequest(
                .POST, "/phan-anh/tra-cuu", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "code=\(code)&key=\(key)"))
            #expect(page.status == .ok)
            #expect(page.text.contains("Đã tiếp nhận"))
            let wrong = try await app.testing().sendRequest(
                .POST, "/phan-anh/tra-cuu", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "code=\(code)&key=WRONGKEY1234"))
            #expect(wrong.status == .notFound)
            #expect(!wrong.text.contains("Cách tính phụ cấp"))
        }
    }
}

@Suite struct PetitionRestartTests {
    /// A petition left in each state is there, unchanged, after the server restarts on the same file.
    @Test func survivesARestartInEveryState() async throws {
        if isPostgresRun { return }  // The restart needs a database file; PostgreSQL runs keep per-test schemas.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loa-restart-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func run(_ body: (Application) async throws -> Void) async throws {
            let app = try await Application.make(.testing)
            app.logger.logLevel = .warning
            var settings = Settings(database: .sqliteFile(path: folder + "/loa.sqlite"), dataDirectory: folder)
            settings.passwordCost = 4
            settings.petitionsPerHour = 100
            do {
                try await configure(app, settings: settings)
                try await prepareDatabase(app)
                try await body(app)
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
        let paths: [PetitionState: [String]] = [
            .received: [], .accepted: ["accepted"], .rejected: ["rejected"], .assigned: ["accepted", "assigned"],
            .answered: ["accepted", "assigned", "answer"], .published: ["accepted", "assigned", "answer", "published"],
            .closed: ["accepted", "assigned", "answer", "closed"],
        ]
        var codes: [PetitionState: (String, String)] = [:]
        try await run { app in
            let handler = try await app.makeStaff(.handler)
            let unit = try await app.makeUnit("Vụ Tiền lương")
            for (state, steps) in paths {
                let submitted = try await app.submitPetition()
                codes[state] = submitted
                for step in steps {
                    let response: TestingHTTPResponse
                    switch step {
                    case "answer":
                        response = try await app.send(
                            .POST, "/api/v1/petitions/\(submitted.code)/answer", as: handler, json: #"{"text":"Trả lời đầy đủ."}"#)
                    case "assigned":
                        response = try await app.send(
                            .POST, "/api/v1/petitions/\(submitted.code)/transitions", as: handler,
                            json: #"{"to":"assigned","unit":"\#(unit.id!)"}"#)
                    default:
                        response = try await app.send(
                            .POST, "/api/v1/petitions/\(submitted.code)/transitions", as: handler,
                            json: #"{"to":"\#(step)","note":"Lý do"}"#)
                    }
                    #expect(response.status == .ok, "\(state) \(step): \(response.text)")
                }
            }
        }
        try await run { app in
            for (state, (code, key)) in codes {
                let tracked = try await app.get("/api/v1/petitions/\(code)", headers: ["X-Access-Key": key])
                #expect(tracked.status == .ok)
                #expect(try tracked.json()["status"]?.string == state.rawValue)
                #expect(try tracked.json()["history"]?.array?.count == 1 + (paths[state]?.count ?? 0))
            }
            #expect(try await app.petitionCount() == paths.count)
        }
    }
}

@Suite struct PetitionReviewTests {
    @Test func aReplayGivesTheSameReceiptAndAReusedKeyIsRefused() async throws {
        try await withLoa { app in
            func send(_ body: String, key: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(
                    .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json", "Idempotency-Key": key],
                    body: ByteBuffer(string: body))
            }
            let first = try await send(petitionJSON(), key: "don-1")
            let again = try await send(petitionJSON(), key: "don-1")
            #expect(try first.json()["access_key"] == (try again.json()["access_key"]))
            let code = try #require(try first.json()["code"]?.string)
            let key = try #require(try first.json()["access_key"]?.string)
            #expect(try await app.get("/api/v1/petitions/\(code)", headers: ["X-Access-Key": key]).status == .ok)
            let other = try await send(petitionJSON(["title": "Một câu hỏi hoàn toàn khác"]), key: "don-1")
            #expect(other.status == .unprocessableEntity)
            #expect(other.errorCode == "idempotency_key_reused")
            #expect(try await app.petitionCount() == 1)
        }
    }

    @Test func twoHandlersAtOnceMoveItOnce() async throws {
        try await withLoa { app in
            let first = try await app.makeStaff(.handler, email: "mot@bonoivu.example.vn")
            let second = try await app.makeStaff(.handler, email: "hai@bonoivu.example.vn")
            let (code, _) = try await app.submitPetition()
            async let accept = app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: first, json: #"{"to":"accepted"}"#)
            async let reject = app.send(
                .POST, "/api/v1/petitions/\(code)/transitions", as: second, json: #"{"to":"rejected","note":"Không thuộc thẩm quyền"}"#)
            let statuses = try await [accept.status, reject.status]
            #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            let petition = try #require(try await Petition.query(on: app.db).first())
            #expect(try await PetitionEvent.query(on: app.db).filter(\.$petitionID == petition.id!).count() == 2)
        }
    }

    @Test func publishingUsesTheReviewedTextAndCanBeWithdrawn() async throws {
        try await withLoa { app in
            let handler = try await app.makeStaff(.handler)
            let unit = try await app.makeUnit("Vụ Tiền lương")
            let (code, _) = try await app.submitPetition()
            for body in [#"{"to":"accepted"}"#, #"{"to":"assigned","unit":"\#(unit.id!)"}"#] {
                #expect(try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: body).status == .ok)
            }
            _ = try await app.send(.POST, "/api/v1/petitions/\(code)/answer", as: handler, json: #"{"text":"Phụ cấp được cộng dồn."}"#)
            let published = try await app.send(
                .POST, "/api/v1/petitions/\(code)/transitions", as: handler,
                json:
                    #"{"to":"published","public_title":"Phụ cấp thâm niên khi chuyển ngạch","public_question":"Người hỏi là viên chức; gọi 0987 111 222."}"#
            )
            #expect(published.status == .ok)
            let page = try await app.get("/hoi-dap/\(code.lowercased())")
            #expect(page.text.contains("Phụ cấp thâm niên khi chuyển ngạch"))
            #expect(!page.text.contains("0987 111 222"), "what staff wrote is redacted too")
            #expect(page.text.contains("Phụ cấp được cộng dồn."))

            let withdrawn = try await app.send(.POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"closed"}"#)
            #expect(withdrawn.status == .unprocessableEntity, "a reason is needed")
            #expect(
                try await app.send(
                    .POST, "/api/v1/petitions/\(code)/transitions", as: handler, json: #"{"to":"closed","note":"Còn thông tin cá nhân"}"#
                ).status == .ok)
            #expect(try await app.get("/hoi-dap/\(code.lowercased())").status == .notFound)
            #expect(try await app.get("/api/v1/search?q=phu+cap+tham+nien&type=answer").json()["total"]?.int == 0)
            #expect(try await SearchReindex.run(app) == 0)
        }
    }

    @Test func reindexKeepsPublishedAnswers() async throws {
        try await withLoa(demo: true) { app in
            let answers = try await SearchEntry.query(on: app.db).filter(\.$kind == Petition.recordType).count()
            #expect(answers == DemoPetitions.items.filter { $0.finalState == .published }.count)
            _ = try await SearchReindex.run(app)
            #expect(try await SearchEntry.query(on: app.db).filter(\.$kind == Petition.recordType).count() == answers)
        }
    }

    @Test func demoContentLoadsWhenAnswersNeedApproval() async throws {
        try await withLoa(demo: true, configure: { $0.petitionApprovalRequired = true }) { (app: Application) async throws in
            let published = try await Petition.query(on: app.db).filter(\.$state == .published).count()
            let notices = try await PetitionNotification.query(on: app.db).count()
            #expect(published > 0)
            #expect(notices == 0, "demo petitions tell nobody")
        }
    }

    @Test func theWebFormSentTwiceIsOnePetitionAndOtherSitesCannotPostIt() async throws {
        try await withLoa { app in
            let fields =
                "topic=tien-luong&title=H%E1%BB%8Fi+v%E1%BB%81+ph%E1%BB%A5+c%E1%BA%A5p&content=N%E1%BB%99i+dung+ph%E1%BA%A3n+%C3%A1nh+%C4%91%E1%BB%A7+d%C3%A0i+%C4%91%E1%BB%83+g%E1%BB%ADi.&name=Tr%E1%BA%A7n+B%C3%ACnh&phone=0987654321&submission_id=\(UUID().uuidString)"
            let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            let first = try await app.testing().sendRequest(.POST, "/phan-anh", headers: headers, body: ByteBuffer(string: fields))
            let second = try await app.testing().sendRequest(.POST, "/phan-anh", headers: headers, body: ByteBuffer(string: fields))
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(try await app.petitionCount() == 1)
            var crossSite = headers
            crossSite.add(name: "Sec-Fetch-Site", value: "cross-site")
            let forged = try await app.testing().sendRequest(.POST, "/phan-anh", headers: crossSite, body: ByteBuffer(string: fields + "x"))
            #expect(forged.status == .forbidden)
            #expect(try await app.petitionCount() == 1)
        }
    }

    @Test func forwardedAddressesAreBelievedOnlyFromTrustedProxies() async throws {
        try await withLoa(configure: { $0.petitionsPerHour = 1 }) { app in
            // In-process requests have no socket and count as coming through a trusted proxy;
            // a client-supplied address before the proxy's own entry is not believed.
            _ = try await app.submitPetition(address: "203.0.113.9")
            let spoofed = try await app.testing().sendRequest(
                .POST, "/api/v1/petitions", headers: ["Content-Type": "application/json", "X-Forwarded-For": "10.9.9.9, 203.0.113.9"],
                body: ByteBuffer(string: petitionJSON()))
            #expect(spoofed.status == .tooManyRequests)
        }
    }
}

import Foundation
import LoaCore

enum PetitionConsoleViews {
    static func stateBadge(_ state: PetitionState) -> HTML {
        "<span class=\"badge petition-\(state.rawValue)\">\(state.name)</span>"
    }

    static func due(_ petition: Petition, now: Date) -> HTML {
        dueText(petition.dueAt, overdue: petition.isOverdue(at: now))
    }

    static func dueText(_ dueAt: Date?, overdue: Bool) -> HTML {
        guard let dueAt else { return "—" }
        return overdue ? "<strong class=\"overdue\">Quá hạn · \(VietnamTime.date(dueAt))</strong>" : "\(VietnamTime.date(dueAt))"
    }

    private static func unitOptions(_ units: UnitTree, selected: UUID?, empty: String) -> HTML {
        let options = units.ordered().html { node in
            let indent = String(repeating: "— ", count: node.depth)
            return
                """
                <option value=\"\(node.unit.id?.uuidString ?? "")\"\((node.unit.id == selected).attribute("selected"))>\
                \(indent)\(node.unit.name)</option>
                """
        }
        return "<option value=\"\">\(empty)</option>\(options)"
    }

    private static let flashes: [String: String] = [
        "accepted": "Đã thụ lý.", "rejected": "Đã ghi nhận không thụ lý; người gửi được thông báo lý do.",
        "assigned": "Đã chuyển đơn vị xử lý.", "answered": "Đã trả lời; người gửi được thông báo.",
        "published": "Đã công khai câu trả lời (thông tin cá nhân đã được ẩn).", "closed": "Đã kết thúc.",
        "answer": "Đã lưu câu trả lời.", "no-unit": "Hãy chọn đơn vị để phân công.", "created": "Đã tạo đơn vị.",
        "member": "Đã cập nhật đơn vị của người dùng.",
    ]

    private static func flash(_ key: String?) -> HTML? {
        guard let key else { return nil }
        if key.hasPrefix("assigned-") {
            let numbers = key.dropFirst("assigned-".count).split(separator: "-").compactMap { Int($0) }
            let skipped =
                numbers.count > 1 && numbers[1] > 0 ? " \(numbers[1]) mục không chuyển được (đã ở đơn vị đó hoặc không còn mở)." : ""
            return "Đã phân công \(numbers.first ?? 0) phản ánh.\(skipped)"
        }
        return flashes[key].map { HTML("\($0)") }
    }

    static func inbox(
        _ staff: StaffIdentity, items: [Petition], total: Int, page: Int, filter: PetitionInbox.Filter, rawState: String?,
        units: UnitTree, topics: [Topic], flash: String?, permissions: PermissionPolicy, now: Date
    ) -> HTML {
        let topicNames = Dictionary(topics.map { ($0.slug, $0.name) }, uniquingKeysWith: { a, _ in a })
        let link: (Int) -> String = { number in
            var query: [String] = []
            if let rawState { query.append("state=\(rawState)") }
            if let unit = filter.unit { query.append("unit=\(unit.uuidString)") }
            if let topic = filter.topic { query.append("topic=\(topic)") }
            if filter.overdueOnly { query.append("overdue=1") }
            if number > 1 { query.append("page=\(number)") }
            return SiteRoute.staffPetitions.path() + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        let main: HTML = """
            <h1>Phản ánh, kiến nghị</h1>
            <p class="actions"><a href="\(SiteRoute.staffPetitionFigures.path())">Số liệu</a> · \
            <a href="\(SiteRoute.staffPetitionsExport.path())">Tải CSV</a> · <a href="\(SiteRoute.staffUnits.path())">Đơn vị</a></p>
            <form method="get" action="\(SiteRoute.staffPetitions.path())">
            \(Layout.filterPanel(
                "Lọc theo trạng thái, đơn vị, lĩnh vực, hạn",
                open: rawState != nil || filter.unit != nil || filter.topic != nil || filter.overdueOnly, fields: """
              <div><label for="f-state">Trạng thái</label><select id="f-state" name="state">
                <option value="">Đang mở</option><option value="all"\((rawState == "all").attribute("selected"))>Tất cả\
              </option>\(PetitionState.allCases.html { state in
                    "<option value=\"\(state.rawValue)\"\((rawState == state.rawValue).attribute("selected"))>\(state.name)</option>"
                })</select></div>
              <div><label for="f-unit">Đơn vị</label>\
              <select id="f-unit" name="unit">\(unitOptions(units, selected: filter.unit, empty: "Tất cả"))</select></div>
              <div><label for="f-topic">Lĩnh vực</label><select id="f-topic" name="topic"><option value="">Tất cả\
              </option>\(topics.html { topic in
                  "<option value=\"\(topic.slug)\"\((filter.topic == topic.slug).attribute("selected"))>\(topic.name)</option>"
              })</select></div>
              <div class="checks"><label>\
              <input type="checkbox" name="overdue" value="1"\(filter.overdueOnly.attribute("checked"))> Chỉ quá hạn</label></div>
              <div><button class="button primary" type="submit">Lọc</button></div>
              """))
            </form>
            <p class="meta" role="status">\(total) phản ánh, xếp theo hạn xử lý gần nhất.</p>
            <form method="post" action="\(SiteRoute.staffPetitionsAssign.path())">
            \(ConsoleLayout.csrfField(staff))
            <div class="table-scroll"><table class="data-table stack">
            <thead><tr><th scope="col"><span class="visually-hidden">Chọn</span></th><th scope="col">Mã</th><th scope="col">Tiêu đề</th>\
            <th scope="col">Lĩnh vực</th><th scope="col">Trạng thái</th><th scope="col">Đơn vị</th><th scope="col">Hạn</th></tr></thead>
            <tbody>\(items.html { petition in
                """
                <tr\(petition.isOverdue(at: now).attribute("class=\"overdue-row\""))><td>\
                <input type="checkbox" name="codes[]" value="\(petition.code)" aria-label="Chọn \(petition.code)"></td>
                <td class="nowrap" data-label="Mã tra cứu"><a href="\(SiteRoute.staffPetition.path(petition.code))">\(petition.code)</a>\
                </td>
                <td data-label="Tiêu đề">\(Petitions.shownText(petition, to: staff.role, policy: permissions).title)</td>
                <td data-label="Lĩnh vực">\(topicNames[petition.topic] ?? petition.topic)</td>\
                <td data-label="Trạng thái">\(stateBadge(petition.state))</td>
                <td data-label="Đơn vị">\(units.name(of: petition.unitID) ?? "—")</td>\
                <td class="nowrap" data-label="Hạn">\(due(petition, now: now))</td></tr>
                """
            })</tbody></table></div>
            \(items.isEmpty ? HTML("<p class=\"empty\">Không có phản ánh nào khớp bộ lọc.</p>") : .empty)
            <div class="actions"><label for="bulk-unit">Phân công các mục đã chọn cho</label>
            <select id="bulk-unit" name="unit">\(unitOptions(units, selected: nil, empty: "— Chọn đơn vị —"))</select>
            <button class="button" type="submit">Phân công</button></div>
            </form>
            \(Layout.pagination(
                page: page, pageCount: max(1, (total + PetitionConsoleController.perPage - 1) / PetitionConsoleController.perPage),
                link: link))
            """
        return ConsoleLayout.page(
            staff, title: "Phản ánh, kiến nghị", section: .petitions, permissions: permissions, flash: Self.flash(flash), main: main)
    }

    static func detail(_ page: PetitionDetailPage, permissions: PermissionPolicy, now: Date) -> HTML {
        let steps: HTML = page.steps.html { step in
            Component.form(
                SiteRoute.staffPetitionTransition.path(page.code), staff: page.staff,
                """
                \(Component.hidden("to", step.target.rawValue))
                \(step.publicText.map { text in HTML("""
                    <p class="hint">Nội dung công khai: thông tin cá nhân đã được tự động ẩn; \
                    hãy đọc lại và sửa nếu còn sót trước khi công khai.</p>
                    \(Component.field("public_title", "Tiêu đề công khai", id: "pt-title", value: text.title, required: true))
                    \(Component.textArea("public_question", "Câu hỏi công khai", id: "pt-question", value: text.question, rows: 6))
                    \(Component.textArea(
                        "public_answer", "Câu trả lời công khai", id: "pt-answer", value: text.answer, rows: 8, required: true))
                    """) })
                \(step.needsUnit
                    ? Component.select(
                        "unit", "Đơn vị xử lý", id: "u-\(step.target.rawValue)", options: page.units, selected: page.currentUnit,
                        empty: "— Chọn đơn vị —", required: true)
                    : .empty)
                \(Component.field(
                    "note", step.needsNote ? "Lý do" : "Ghi chú", id: "n-\(step.target.rawValue)", required: step.needsNote))
                \(Component.submit(step.label, style: step.isRefusal ? .danger : .primary))
                """)
        }
        let answerForm: HTML =
            page.answerForm.map { form in
                Component.form(
                    SiteRoute.staffPetitionAnswer.path(page.code), staff: page.staff, autosave: true,
                    """
                    \(Component.textArea("text", "Câu trả lời", id: "a-text", value: form.text, rows: 10, required: true, hint: form.hint))
                    \(Component.submit("Lưu câu trả lời"))
                    """)
            } ?? .empty
        let facts: [(String, HTML)] =
            [("Trạng thái", stateBadge(page.state)), ("Hạn bước hiện tại", dueText(page.dueAt, overdue: page.isOverdue))]
            + page.facts.map { ($0.0, HTML("\($0.1)")) }
        let attachments: HTML =
            page.attachments.map { files in
                files.isEmpty
                    ? .empty
                    : HTML(
                        """
                        <h3>Tệp đính kèm</h3><ul>\
                        \(files.html { "<li><a href=\"\($0.path)\">\($0.name)</a> (\($0.kilobytes) KB)</li>" })</ul>
                        """
                    )
            } ?? .empty
        let answer: HTML =
            page.answer.map { answer in
                Component.panel(
                    answer.heading,
                    """
                    <div class="prose">\(HTML(trusted: Markdown.html(keepingLineBreaks: answer.text)))</div>
                    \(Component.meta(answer.by ?? ""))
                    """)
            } ?? .empty
        let history: HTML = page.history.html { line in
            """
            <li class="list-item">\(Component.meta("\(VietnamTime.dateTime(line.at)) · \(line.actor)"))
            <p>\(line.from.map { "\($0) → " } ?? "")<strong>\(line.to)</strong>\(line.detail)</p></li>
            """
        }
        let main: HTML = """
            <p class="meta"><a href="\(SiteRoute.staffPetitions.path())">← Hộp phản ánh</a></p>
            \(Component.alert(page.error))
            <h1>\(page.code): \(page.title)</h1>
            <div class="editor"><div>
            \(Component.facts(facts))
            <section class="panel"><h2>Nội dung</h2>\
            <div class="prose">\(PetitionViews.plainText(page.question))</div>\(attachments)</section>
            \(answer)
            \(page.publicAnswerPath.map { HTML("<p><a href=\"\($0)\">Xem bản công khai</a></p>") })
            \(answerForm)
            </div><div>
            \(Component.panel("Người gửi", page.submitter.map { Component.facts($0.map { ($0.0, HTML("\($0.1)")) }) }
                ?? Component.meta("Thông tin cá nhân của người gửi chỉ hiển thị với cán bộ xử lý.")))
            \(Component.panel("Xử lý", page.steps.isEmpty ? Component.meta("Không có bước nào tiếp theo cho vai trò của bạn.") : steps))
            \(Component.panel("Lịch sử", "<ol class=\"list\">\(history)</ol>"))
            \(Component.panel("Thông báo cho người gửi", """
                <ul>\(page.notices.html { "<li>\(VietnamTime.dateTime($0.at)) · \($0.subject) · \($0.outcome)</li>" })</ul>
                """))
            </div></div>
            """
        return ConsoleLayout.page(
            page.staff, title: page.code, section: .petitions, permissions: permissions, flash: Self.flash(page.flash), main: main)
    }

    /// What the button does, in the words of the office.
    static func actionName(from state: PetitionState, to target: PetitionState) -> String {
        switch (state, target) {
        case (_, .accepted): "Thụ lý"
        case (_, .rejected): "Không thụ lý"
        case (.assigned, .assigned): "Chuyển đơn vị khác"
        case (.answered, .assigned): "Trả lại để sửa câu trả lời"
        case (_, .assigned): "Chuyển đơn vị xử lý"
        case (_, .answered): "Duyệt và gửi câu trả lời"
        case (_, .published): "Công khai câu trả lời"
        case (.published, .closed): "Gỡ công khai"
        case (_, .closed): "Kết thúc (không công khai)"
        default: target.name
        }
    }

    static func noticeOutcome(_ notice: PetitionNotification) -> String {
        let channel =
            switch notice.channel {
            case .email: "e-mail"
            case .zalo: "Zalo"
            case .trackingPage: "trang tra cứu"
            }
        switch notice.outcome {
        case .pending: return "\(channel): đang gửi\(notice.error.map { " (lỗi lần trước: \($0))" } ?? "")"
        case .sent: return "\(channel): đã gửi \(notice.sentAt.map(VietnamTime.dateTime) ?? "")"
        case .failed: return "\(channel): không gửi được — \(notice.error ?? "")"
        case .recorded: return "hiển thị trên trang tra cứu"
        case .sending: return "\(channel): đang gửi"
        case .interrupted: return "\(channel): máy chủ dừng giữa lúc gửi, không rõ đã đến chưa; không gửi lại để tránh gửi hai lần"
        }
    }

    static func figures(_ staff: StaffIdentity, figures: PetitionFigures, permissions: PermissionPolicy) -> HTML {
        func table(_ caption: String, _ rows: [PetitionFigures.Count]) -> HTML {
            let largest = max(1, rows.map(\.count).max() ?? 1)
            return """
                <table class="data-table"><caption>\(caption)</caption>
                <thead><tr><th scope="col">Mục</th><th scope="col">Số lượng</th></tr></thead>
                <tbody>\(rows.html { row in
                    """
                        <tr><th scope=\"row\">\(row.name)</th><td><svg width=\"160\" height=\"12\" aria-hidden=\"true\"><rect width=\"\
                        \(row.count * 160 / largest)\" height=\"12\" fill=\"#b3141b\"/></svg> \(row.count)</td></tr>
                        """
                })</tbody></table>
                """
        }
        let onTime = figures.onTimeShare.map { String(format: "%.0f%%", $0 * 100) } ?? "chưa có"
        let median = figures.medianWorkingDaysToAnswer.map { String(format: "%.1f ngày làm việc", $0) } ?? "chưa có"
        let main: HTML = """
            <h1>Số liệu phản ánh, kiến nghị</h1>
            <dl class="facts"><dt>Tổng số</dt><dd>\(figures.total)</dd><dt>Đang quá hạn</dt><dd>\(figures.overdue)</dd>
            <dt>Trả lời đúng hạn</dt><dd>\(onTime)</dd><dt>Thời gian trả lời (trung vị)</dt><dd>\(median)</dd></dl>
            \(table("Theo trạng thái", figures.byState))
            \(table("Theo lĩnh vực", figures.byTopic))
            \(table("Theo đơn vị", figures.byUnit))
            <p><a class="button" href="\(SiteRoute.staffPetitionsExport.path())">Tải toàn bộ dưới dạng CSV</a> · \
            <a href="\(SiteRoute.openDataFile.path("hoi-dap.csv"))">Câu trả lời đã công khai (dữ liệu mở)</a></p>
            """
        return ConsoleLayout.page(staff, title: "Số liệu phản ánh", section: .petitions, permissions: permissions, main: main)
    }

    /// `mayManage`: whether the member of staff may add units and place people in them.
    static func units(
        _ staff: StaffIdentity, units: UnitTree, people: [StaffUser], flash: String?, mayManage: Bool, permissions: PermissionPolicy
    ) -> HTML {
        let tree = units.ordered()
        let main: HTML = """
            <h1>Đơn vị</h1>
            <p>Phản ánh được phân công cho đơn vị; cán bộ thuộc một đơn vị thấy phản ánh của đơn vị đó và các đơn vị cấp dưới. Cán bộ \
            không thuộc đơn vị nào (bộ phận tiếp nhận) thấy tất cả.</p>
            <ul>\(tree.html { node in
                let members = people.filter { $0.unitID == node.unit.id }.map(\.name).joined(separator: ", ")
                return """
                    <li>\(String(repeating: "— ", count: node.depth))<strong>\(node.unit.name)</strong>\
                    \(members.isEmpty ? "" : " — \(members)")</li>
                    """
            })</ul>
            \(tree.isEmpty ? HTML("<p class=\"empty\">Chưa có đơn vị nào.</p>") : .empty)
            \(mayManage ? HTML("""
                <h2>Thêm đơn vị</h2>
                <form class="form" method="post" action="\(SiteRoute.staffUnits.path())">\(ConsoleLayout.csrfField(staff))
                <div><label for="unit-name">Tên đơn vị</label><input id="unit-name" name="name" type="text" required maxlength="200"></div>
                <div><label for="unit-parent">Thuộc đơn vị</label>\
                <select id="unit-parent" name="parent">\(unitOptions(units, selected: nil, empty: "— Cấp cao nhất —"))</select></div>
                <div><button class="button primary" type="submit">Thêm</button></div></form>
                <h2>Đơn vị của cán bộ</h2>
                <form class="form" method="post" action="\(SiteRoute.staffUnitMembers.path())">\(ConsoleLayout.csrfField(staff))
                <div><label for="member-user">Cán bộ</label>\
                <select id="member-user" name="user">\
                \(people.html { "<option value=\"\($0.id?.uuidString ?? "")\">\($0.name) (\($0.role.name))</option>" })</select></div>
                <div><label for="member-unit">Đơn vị</label>\
                <select id="member-unit" name="unit">\
                \(unitOptions(units, selected: nil, empty: "— Không thuộc đơn vị (tiếp nhận) —"))</select></div>
                <div><button class="button primary" type="submit">Lưu</button></div></form>
                """) : .empty)
            """
        return ConsoleLayout.page(staff, title: "Đơn vị", section: .units, permissions: permissions, flash: Self.flash(flash), main: main)
    }
}

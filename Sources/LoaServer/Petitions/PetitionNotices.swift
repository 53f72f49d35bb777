import Fluent
import Foundation
import LoaCore
import Vapor

/// Telling submitters what happened: a notice is written in the same transaction as the change
/// and sent by a job, so that a crash neither loses it nor sends it twice.
enum PetitionNotices {
    /// `note` is the reason given with the change; only a rejection's reason is passed on.
    static func enqueue(for petition: Petition, note: String? = nil, settings: Settings, on db: any Database) async throws {
        let notice = PetitionNotification()
        notice.petitionID = try petition.requireID()
        if let zaloUserID = petition.zaloUserID {
            // What came through Zalo is answered in Zalo.
            notice.channel = .zalo
            notice.recipient = zaloUserID
        } else if settings.sendmailCommand != nil, !petition.email.isEmpty {
            notice.channel = .email
            notice.recipient = petition.email
        } else {
            // No way to reach the person: the tracking page is where they learn of it.
            notice.channel = .trackingPage
            notice.recipient = ""
        }
        let message = text(for: petition, note: note, settings: settings)
        notice.subject = message.subject
        notice.body = message.body
        notice.outcome = notice.channel == .trackingPage ? .recorded : .pending
        notice.createdAt = Date()
        try await notice.create(on: db)
        if notice.outcome == .pending {
            let id = try notice.requireID()
            try await JobQueue.enqueue(SendPetitionNotice.self, .init(noticeID: id), idempotencyKey: "notice:\(id)", on: db)
        }
    }

    /// The message for the petition's current state, in Vietnamese, without the access key
    /// (mail can be forwarded; the key was shown once to the person who sent the petition).
    static func text(for petition: Petition, note: String?, settings: Settings) -> (subject: String, body: String) {
        let code = petition.code
        let tracking = SiteURL.tracking.absolute(settings.publicURL) + "?ma=\(code)"
        let due = petition.dueAt.map { " Hạn xử lý bước tiếp theo: \(VietnamTime.date($0))." } ?? ""
        let reason = (note ?? "xem trên trang theo dõi").trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        let lines: [String]
        switch petition.state {
        case .received:
            lines = [
                "Cơ quan đã nhận phản ánh, kiến nghị của ông/bà: “\(petition.title)”.",
                "Mã tra cứu: \(code).\(due)",
            ]
        case .accepted: lines = ["Phản ánh, kiến nghị \(code) đã được thụ lý và sẽ được chuyển đến đơn vị có thẩm quyền.\(due)"]
        case .rejected:
            lines = ["Phản ánh, kiến nghị \(code) không được thụ lý.", "Lý do: \(reason)."]
        case .assigned: lines = ["Phản ánh, kiến nghị \(code) đang được đơn vị chuyên môn xử lý.\(due)"]
        case .answered: lines = ["Cơ quan đã trả lời phản ánh, kiến nghị \(code):", "", petition.answer ?? ""]
        case .published:
            lines = [
                "Câu trả lời cho phản ánh, kiến nghị \(code) đã được công khai (thông tin cá nhân đã được ẩn):",
                SiteURL.answer(code).absolute(settings.publicURL),
            ]
        case .closed: lines = ["Phản ánh, kiến nghị \(code) đã kết thúc xử lý."]
        }
        let body =
            (["Kính gửi ông/bà \(petition.name),", ""] + lines + [
                "", "Theo dõi tiến độ tại \(tracking) bằng mã tra cứu và mã truy cập đã được cấp khi gửi.", "", settings.siteName,
            ]).joined(separator: "\n")
        return ("[\(code)] \(petition.state.name)", body)
    }
}

/// Sends one notice through its channel and records the outcome. Failures retry with backoff;
/// the last failure is kept on the notice for staff to see.
struct SendPetitionNotice: JobHandler {
    struct Payload: Codable, Sendable {
        var noticeID: UUID
    }

    static let kind = "petition.notice"

    func run(_ payload: Payload, context: JobContext) async throws {
        let db = context.database
        guard let notice = try await PetitionNotification.find(payload.noticeID, on: db),
            [.pending, .failed, .sending].contains(notice.outcome)
        else { return }
        if notice.outcome == .sending {
            // A previous run handed the notice over and died before it could write the result.
            // Sending again could deliver it twice; at most once is the promise.
            notice.outcome = .interrupted
            notice.error = "Máy chủ dừng giữa lúc gửi; không gửi lại."
            try await notice.save(on: db)
            return
        }
        let settings = context.application.loa.settings
        if notice.channel != .trackingPage {
            // Committed before the notice leaves, so that a crash from here on is seen above.
            notice.outcome = .sending
            try await notice.save(on: db)
        }
        do {
            switch notice.channel {
            case .email:
                guard let command = settings.sendmailCommand else { throw MailError(message: "LOA_SENDMAIL không được cấu hình") }
                let message = Mail(from: settings.mailFrom, to: notice.recipient, subject: notice.subject, body: notice.body)
                try await Mailer.send(message, command: command)
            case .zalo:
                switch try await ZaloAPI(app: context.application).send(.text(notice.body), to: notice.recipient) {
                case .sent, .sandbox: break
                case .failed(let code, let message):
                    // Outside the 7-day window or no longer following: Zalo will not take it, so
                    // the tracking page remains; other errors are retried.
                    notice.outcome = .failed
                    notice.error = "Zalo \(code): \(ZaloErrors.describe(code)) \(message)"
                    try await notice.save(on: db)
                    if code == -230 || code == -213 { return }
                    throw ZaloFailure(code: code, message: message)
                }
            case .trackingPage:
                return
            }
            notice.outcome = .sent
            notice.sentAt = Date()
            notice.error = nil
            try await notice.save(on: db)
        } catch {
            notice.outcome = context.attempt >= RetryPolicy().maxAttempts ? .failed : .pending
            notice.error = String(String(describing: error).prefix(500))
            try await notice.save(on: db)
            throw error
        }
    }
}

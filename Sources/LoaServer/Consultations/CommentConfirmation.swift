import Fluent
import Foundation
import LoaCore
import Vapor

/// Sends the link that confirms a comment (`LOA_CONSULTATION_CONFIRM_EMAIL=1`). A job, written
/// with the comment, so that a crash neither loses the message nor sends it twice; failures retry.
struct SendCommentConfirmation: JobHandler {
    struct Payload: Codable, Sendable {
        var commentID: UUID
        /// The link's token; only its hash is kept on the comment.
        var token: String
    }

    static let kind = "consultation.confirm"

    func run(_ payload: Payload, context: JobContext) async throws {
        let db = context.database
        guard let comment = try await ConsultationComment.find(payload.commentID, on: db), comment.status == .unconfirmed,
            !comment.email.isEmpty, let consultation = try await Consultation.find(comment.consultationID, on: db)
        else { return }
        let settings = context.application.loa.settings
        guard let command = settings.sendmailCommand else { throw MailError(message: "LOA_SENDMAIL không được cấu hình") }
        let message = Self.mail(comment: comment, consultation: consultation, token: payload.token, settings: settings)
        try await Mailer.send(message, command: command)
    }

    static func mail(comment: ConsultationComment, consultation: Consultation, token: String, settings: Settings) -> Mail {
        let link = SiteURL.commentConfirmation(token).absolute(settings.publicURL)
        let body = [
            "Kính gửi ông/bà \(comment.name),", "",
            "Cơ quan đã nhận góp ý của ông/bà về dự thảo “\(consultation.title)” (\(consultation.code)).",
            "Xin mở liên kết sau để xác nhận; góp ý chỉ được xem xét sau khi xác nhận:", "", link, "",
            "Nếu ông/bà không gửi góp ý này, xin bỏ qua thư.", "", settings.siteName,
        ].joined(separator: "\n")
        return Mail(from: settings.mailFrom, to: comment.email, subject: "[\(consultation.code)] Xác nhận góp ý dự thảo", body: body)
    }
}

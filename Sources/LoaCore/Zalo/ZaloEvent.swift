import Foundation

/// One webhook event of the Zalo Official Account (DESIGN.md, "Zalo Official Account"), read from
/// the raw body so that the server can store it, acknowledge it within Zalo's 2 seconds and handle
/// it later as a job. Every id is kept as text: ids exceed 2^53 and would lose digits as numbers.
public struct ZaloEvent: Sendable, Equatable {
    /// `message.attachments[]`: an image, link, file, sticker or location the follower sent.
    public struct Attachment: Sendable, Equatable {
        public var type: String
        /// The payload re-serialised as JSON text with sorted keys (numbers exactly as sent), so that
        /// the server can store it or decode the fields it needs; "{}" when Zalo sent none.
        public var payloadJSON: String

        public init(type: String, payloadJSON: String) {
            self.type = type
            self.payloadJSON = payloadJSON
        }
    }

    /// `info` of a `user_submit_info` event: what the follower typed into Zalo's form that the OA
    /// sent with `request_user_info`. Fields Zalo left out are "".
    public struct SubmittedInfo: Sendable, Equatable {
        public var name: String
        public var phone: String
        public var address: String
        public var city: String
        public var district: String
        public var ward: String

        public init(
            name: String = "", phone: String = "", address: String = "", city: String = "", district: String = "", ward: String = ""
        ) {
            self.name = name
            self.phone = phone
            self.address = address
            self.city = city
            self.district = district
            self.ward = ward
        }
    }

    public var appID: String
    public var eventName: String
    /// Milliseconds since 1970, as Zalo sends it (a string). Kept as sent because the signature is
    /// computed over this exact text.
    public var timestamp: String
    /// `sender.id`
    public var senderID: String?
    /// `recipient.id`
    public var recipientID: String?
    /// `follower.id` (follow and unfollow)
    public var followerID: String?
    /// `oa_id`
    public var oaID: String?
    /// `user_id_by_app`
    public var userIDByApp: String?
    /// `message.text`
    public var messageText: String?
    /// `message.msg_id`
    public var messageID: String?
    public var attachments: [Attachment]
    /// `info` of a `user_submit_info` event.
    public var info: SubmittedInfo?
    /// The follower the event is about: follower.id for follow/unfollow, recipient.id for oa_send_* echoes, else sender.id.
    public var userID: String?
    /// How a resent event is recognised: "msg:<msg_id>" when there is one, else "<event_name>:<userID>:<timestamp>".
    public var dedupeKey: String
    /// The timestamp as a Date; nil when it is not a number of milliseconds.
    public var date: Date?

    /// An event from its fields; `userID`, `dedupeKey` and `date` are derived as `parse` derives
    /// them, so that tests and the sandbox build events the way Zalo's would read.
    public init(
        appID: String, eventName: String, timestamp: String, senderID: String? = nil, recipientID: String? = nil, followerID: String? = nil,
        oaID: String? = nil, userIDByApp: String? = nil, messageText: String? = nil, messageID: String? = nil,
        attachments: [Attachment] = [],
        info: SubmittedInfo? = nil
    ) {
        self.appID = appID
        self.eventName = eventName
        self.timestamp = timestamp
        self.senderID = senderID
        self.recipientID = recipientID
        self.followerID = followerID
        self.oaID = oaID
        self.userIDByApp = userIDByApp
        self.messageText = messageText
        self.messageID = messageID
        self.attachments = attachments
        self.info = info
        userID = Self.userID(eventName: eventName, senderID: senderID, recipientID: recipientID, followerID: followerID)
        dedupeKey = Self.dedupeKey(eventName: eventName, userID: userID, timestamp: timestamp, messageID: messageID)
        date = Self.date(fromMilliseconds: timestamp)
    }

    /// Whether the OA itself sent the message (`oa_send_*`): Zalo echoes what the OA sends, also
    /// from its own chat console, and those echoes must not be answered.
    public var isEcho: Bool { eventName.hasPrefix("oa_send_") }

    /// Parses the raw webhook body. Ids must stay exact: they exceed 2^53, so they are read as strings; when a sender sends an id as a JSON
    /// number, its digits are taken from the raw text, never through Double. Throws ZaloEventError (with a message) when the body is not a
    /// JSON object or lacks app_id, event_name or timestamp.
    public static func parse(_ body: [UInt8]) throws(ZaloEventError) -> ZaloEvent {
        let root = try ZaloJSON.parse(body)
        guard case .object = root else { throw ZaloEventError(message: "Nội dung sự kiện phải là một đối tượng JSON.") }
        guard let appID = root["app_id"]?.identifier else { throw ZaloEventError(message: "Sự kiện thiếu app_id.") }
        guard let eventName = root["event_name"]?.string, !eventName.isEmpty else {
            throw ZaloEventError(message: "Sự kiện thiếu event_name.")
        }
        guard let timestamp = root["timestamp"]?.identifier else { throw ZaloEventError(message: "Sự kiện thiếu timestamp.") }

        let message = root["message"]
        var attachments: [Attachment] = []
        if case .array(let elements)? = message?["attachments"] {
            for element in elements {
                guard case .object = element else { continue }
                attachments.append(
                    Attachment(type: element["type"]?.string ?? "", payloadJSON: element["payload"]?.serialised ?? "{}"))
            }
        }

        var info: SubmittedInfo?
        if let fields = root["info"], case .object = fields {
            func field(_ key: String) -> String { fields[key]?.string ?? fields[key]?.identifier ?? "" }
            info = SubmittedInfo(
                name: field("name"), phone: field("phone"), address: field("address"), city: field("city"), district: field("district"),
                ward: field("ward"))
        }

        return ZaloEvent(
            appID: appID, eventName: eventName, timestamp: timestamp, senderID: root["sender"]?["id"]?.identifier,
            recipientID: root["recipient"]?["id"]?.identifier, followerID: root["follower"]?["id"]?.identifier,
            oaID: root["oa_id"]?.identifier, userIDByApp: root["user_id_by_app"]?.identifier, messageText: message?["text"]?.string,
            messageID: message?["msg_id"]?.identifier, attachments: attachments, info: info)
    }

    /// Follow and unfollow name the follower in `follower`; Zalo's echo of what the OA sent names
    /// the follower as the recipient; everything else comes from the follower. A follow event
    /// without `follower` falls back to the sender, which is who it can only be about.
    static func userID(eventName: String, senderID: String?, recipientID: String?, followerID: String?) -> String? {
        switch eventName {
        case "follow", "unfollow": followerID ?? senderID
        case _ where eventName.hasPrefix("oa_send_"): recipientID
        default: senderID
        }
    }

    /// Zalo resends an event it thinks was not received; a message keeps its msg_id, and anything
    /// else is the same event when its name, follower and time repeat.
    static func dedupeKey(eventName: String, userID: String?, timestamp: String, messageID: String?) -> String {
        if let messageID, !messageID.isEmpty { return "msg:\(messageID)" }
        return "\(eventName):\(userID ?? ""):\(timestamp)"
    }

    /// When the event happened, as Loa records it: Zalo's timestamp when it is plausible (at most
    /// a week before the webhook reached Loa and a few minutes after), else the time of receipt.
    /// A forged or garbled timestamp (year 5138, 1970) must not become a follower's history.
    public func time(receivedAt: Date) -> Date {
        guard let date, date <= receivedAt.addingTimeInterval(300), date >= receivedAt.addingTimeInterval(-7 * 86_400) else {
            return receivedAt
        }
        return date
    }

    static func date(fromMilliseconds text: String) -> Date? {
        guard !text.isEmpty, text.utf8.count <= 16, let milliseconds = Int64(text), milliseconds >= 0 else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}

/// Why a webhook body was refused, in words an operator can act on.
public struct ZaloEventError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
}

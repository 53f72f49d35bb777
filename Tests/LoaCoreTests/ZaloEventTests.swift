import Foundation
import Testing

@testable import LoaCore

@Suite struct ZaloEventTests {
    func parse(_ json: String) throws(ZaloEventError) -> ZaloEvent {
        try ZaloEvent.parse(Array(json.utf8))
    }

    func error(_ json: String) -> ZaloEventError? {
        error(Array(json.utf8))
    }

    func error(_ bytes: [UInt8]) -> ZaloEventError? {
        do {
            _ = try ZaloEvent.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func followCarriesTheFollowerAndTheOA() throws {
        let event = try parse(
            """
            {"oa_id":"2491302944280861639","follower":{"id":"6121342453534578913"},"user_id_by_app":"552177279252305750",
             "event_name":"follow","app_id":"360846524940903967","timestamp":"1687242426370","source":"oa_profile"}
            """)
        #expect(event.appID == "360846524940903967")
        #expect(event.eventName == "follow")
        #expect(event.timestamp == "1687242426370")
        #expect(event.followerID == "6121342453534578913")
        #expect(event.oaID == "2491302944280861639")
        #expect(event.userIDByApp == "552177279252305750")
        #expect(event.senderID == nil)
        #expect(event.userID == "6121342453534578913")
        #expect(event.dedupeKey == "follow:6121342453534578913:1687242426370")
        #expect(event.date == Date(timeIntervalSince1970: 1_687_242_426.370))
        #expect(event.attachments.isEmpty)
        #expect(event.info == nil)
        #expect(event.messageText == nil)
    }

    @Test func unfollowIsAboutTheFollower() throws {
        let event = try parse(
            #"{"oa_id":"1","follower":{"id":"6121342453534578913"},"event_name":"unfollow","app_id":"3","timestamp":"1687242426999"}"#)
        #expect(event.userID == "6121342453534578913")
        #expect(event.dedupeKey == "unfollow:6121342453534578913:1687242426999")
    }

    @Test func userSendTextCarriesTheMessage() throws {
        let event = try parse(
            """
            {"app_id":"360846524940903967","user_id_by_app":"552177279252305750","event_name":"user_send_text",
             "timestamp":"1687242426370","sender":{"id":"6121342453534578913"},"recipient":{"id":"2491302944280861639"},
             "message":{"text":"Tra cứu PA-2026-000123","msg_id":"96d3cdf3af150460909"}}
            """)
        #expect(event.senderID == "6121342453534578913")
        #expect(event.recipientID == "2491302944280861639")
        #expect(event.userID == "6121342453534578913")
        #expect(event.messageText == "Tra cứu PA-2026-000123")
        #expect(event.messageID == "96d3cdf3af150460909")
        #expect(event.dedupeKey == "msg:96d3cdf3af150460909")
        #expect(!event.isEcho)
    }

    @Test func userSubmitInfoCarriesTheForm() throws {
        let event = try parse(
            """
            {"app_id":"3","event_name":"user_submit_info","timestamp":"1687242426370","sender":{"id":"6121342453534578913"},
             "recipient":{"id":"2491302944280861639"},"info":{"address":"12 Tràng Thi","phone":"84912345678","city":"Hà Nội",
             "district":"Hoàn Kiếm","name":"Nguyễn Văn An","ward":"Hàng Trống"}}
            """)
        #expect(
            event.info
                == ZaloEvent.SubmittedInfo(
                    name: "Nguyễn Văn An", phone: "84912345678", address: "12 Tràng Thi", city: "Hà Nội", district: "Hoàn Kiếm",
                    ward: "Hàng Trống"))
        #expect(event.userID == "6121342453534578913")
        #expect(event.dedupeKey == "user_submit_info:6121342453534578913:1687242426370")
    }

    @Test func submittedInfoFillsMissingFieldsWithEmptyTextAndKeepsANumericPhone() throws {
        let event = try parse(
            #"{"app_id":"3","event_name":"user_submit_info","timestamp":"1","sender":{"id":"9"},"info":{"name":"An","phone":84912345678}}"#)
        #expect(event.info == ZaloEvent.SubmittedInfo(name: "An", phone: "84912345678"))
    }

    @Test func anEchoOfWhatTheOASentIsAboutTheRecipient() throws {
        let event = try parse(
            """
            {"app_id":"3","event_name":"oa_send_text","timestamp":"1687242430000","sender":{"id":"2491302944280861639"},
             "recipient":{"id":"6121342453534578913"},"message":{"text":"Cảm ơn Ông/bà","msg_id":"abc123"}}
            """)
        #expect(event.isEcho)
        #expect(event.userID == "6121342453534578913")
        #expect(event.senderID == "2491302944280861639")
    }

    @Test func attachmentsKeepTheirPayloadAsSortedJSON() throws {
        let event = try parse(
            """
            {"app_id":"3","event_name":"user_send_image","timestamp":"5","sender":{"id":"7"},
             "message":{"msg_id":"m1","attachments":[
               {"type":"image","payload":{"url":"https://photo.zalo.me/a.jpg","thumbnail":"https://photo.zalo.me/t.jpg"}},
               {"type":"location","payload":{"coordinates":{"longitude":105.85000000000000001,"latitude":"21.02"}}},
               {"type":"sticker"},
               "not an object"]}}
            """)
        #expect(
            event.attachments == [
                ZaloEvent.Attachment(
                    type: "image", payloadJSON: #"{"thumbnail":"https://photo.zalo.me/t.jpg","url":"https://photo.zalo.me/a.jpg"}"#),
                ZaloEvent.Attachment(
                    type: "location", payloadJSON: #"{"coordinates":{"latitude":"21.02","longitude":105.85000000000000001}}"#),
                ZaloEvent.Attachment(type: "sticker", payloadJSON: "{}"),
            ])
        #expect(event.messageText == nil)
    }

    @Test func idsLargerThan2To53KeepEveryDigitAsStrings() throws {
        let event = try parse(
            #"{"app_id":"9007199254740993","event_name":"user_send_text","timestamp":"1700000000001","sender":{"id":"18446744073709551617123"},"message":{"text":"hi","msg_id":"9007199254740995"}}"#
        )
        #expect(event.appID == "9007199254740993")
        #expect(event.senderID == "18446744073709551617123")
        #expect(event.messageID == "9007199254740995")
    }

    @Test func idsSentAsNumbersKeepEveryDigit() throws {
        let event = try parse(
            """
            {"app_id":360846524940903967,"event_name":"follow","timestamp":1687242426370,"oa_id":2491302944280861639,
             "follower":{"id":6121342453534578913},"user_id_by_app":18446744073709551617123}
            """)
        #expect(event.appID == "360846524940903967")
        #expect(event.timestamp == "1687242426370")
        #expect(event.oaID == "2491302944280861639")
        #expect(event.followerID == "6121342453534578913")
        #expect(event.userIDByApp == "18446744073709551617123")
        #expect(event.userID == "6121342453534578913")
        #expect(event.date == Date(timeIntervalSince1970: 1_687_242_426.370))
        // What Foundation's reader would have made of it:
        #expect(String(format: "%.0f", Double("6121342453534578913")!) != "6121342453534578913")
    }

    @Test func aMessageIDSentAsANumberIsTheDedupeKey() throws {
        let event = try parse(
            #"{"app_id":"1","event_name":"user_send_text","timestamp":"2","sender":{"id":"3"},"message":{"msg_id":9007199254740993}}"#)
        #expect(event.dedupeKey == "msg:9007199254740993")
    }

    @Test func dedupeKeysRecogniseAResentEvent() throws {
        let body = #"{"app_id":"1","event_name":"user_seen_message","timestamp":"1700000000000","sender":{"id":"42"}}"#
        let first = try parse(body)
        let again = try parse(body)
        let later = try parse(body.replacingOccurrences(of: "1700000000000", with: "1700000000001"))
        #expect(first.dedupeKey == "user_seen_message:42:1700000000000")
        #expect(first.dedupeKey == again.dedupeKey)
        #expect(first.dedupeKey != later.dedupeKey)
        let anonymous = try parse(#"{"app_id":"1","event_name":"user_click_chatnow","timestamp":"7"}"#)
        #expect(anonymous.userID == nil)
        #expect(anonymous.dedupeKey == "user_click_chatnow::7")
        let emptyMessageID = try parse(
            #"{"app_id":"1","event_name":"user_send_text","timestamp":"7","sender":{"id":"5"},"message":{"msg_id":""}}"#)
        #expect(emptyMessageID.dedupeKey == "user_send_text:5:7")
    }

    @Test func anEventBuiltInCodeDerivesLikeAParsedOne() throws {
        let built = ZaloEvent(
            appID: "1", eventName: "user_send_text", timestamp: "1700000000000", senderID: "42", recipientID: "9", messageText: "menu",
            messageID: "m7")
        let parsed = try parse(
            #"{"app_id":"1","event_name":"user_send_text","timestamp":"1700000000000","sender":{"id":"42"},"recipient":{"id":"9"},"message":{"text":"menu","msg_id":"m7"}}"#
        )
        #expect(built == parsed)
    }

    @Test func unusualButValidFields() throws {
        let event = try parse(
            "\u{FEFF} \n{\"app_id\":\"1\",\"event_name\":\"user_send_text\",\"timestamp\":\"abc\",\"sender\":{\"id\":\"5\"},"
                + "\"message\":{\"text\":\"Ti\\u1ec1n l\\u01b0\\u01a1ng \\ud83d\\ude00 \\\"tr\\u00edch\\\" \\/ \\\\\\n\"}} \n")
        #expect(event.messageText == "Tiền lương 😀 \"trích\" / \\\n")
        #expect(event.date == nil)
        let nfd = "Tiền lương".decomposedStringWithCanonicalMapping
        let decomposed = try parse(#"{"app_id":"1","event_name":"user_send_text","timestamp":"2","message":{"text":"\#(nfd)"}}"#)
        #expect(decomposed.messageText?.unicodeScalars.elementsEqual(nfd.unicodeScalars) == true)
        let extra = try parse(
            #"{"app_id":"1","event_name":"x","timestamp":"2","sender":null,"message":[1,2],"info":"none","recipient":{"id":true}}"#)
        #expect(extra.senderID == nil && extra.recipientID == nil && extra.messageText == nil && extra.info == nil)
    }

    @Test(arguments: [
        (#"{"event_name":"follow","timestamp":"1"}"#, "app_id"),
        (#"{"app_id":"1","timestamp":"1"}"#, "event_name"),
        (#"{"app_id":"1","event_name":"","timestamp":"1"}"#, "event_name"),
        (#"{"app_id":"1","event_name":"follow"}"#, "timestamp"),
        (#"{"app_id":"","event_name":"follow","timestamp":"1"}"#, "app_id"),
        (#"{"app_id":1.5,"event_name":"follow","timestamp":"1"}"#, "app_id"),
        (#"{"app_id":"1","event_name":7,"timestamp":"1"}"#, "event_name"),
        (#"{"app_id":"1","event_name":"follow","timestamp":null}"#, "timestamp"),
    ])
    func refusesAnEventWithoutItsRequiredFields(json: String, field: String) {
        let error = error(json)
        #expect(error?.message.contains(field) == true)
        #expect(error?.description == error?.message)
    }

    @Test(arguments: ["[]", "[{\"app_id\":\"1\"}]", "\"text\"", "42", "null", "true"])
    func refusesJSONThatIsNotAnObject(body: String) {
        #expect(error(body)?.message.contains("đối tượng JSON") == true)
    }

    @Test(arguments: [
        "", "   ", "hello", "{", "{\"a\":\"1\",}", "{\"a\" \"1\"}", "{'a':'1'}", "{\"a\":\"1\"} trailing", "{\"a\":tru}", "{\"a\":01}",
        "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":.5}", "{\"a\":\"\\x\"}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\ud800\\u0041\"}",
        "{\"a\":\"\\udc00\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"line\nbreak\"}", "{\"a\":\"open}", "{\"a\" : [1, 2}",
        "{a:1}", "{\"a\":NaN}", "{\"a\":+1}", "{\"a\":1}{}", "[1,]", "{\"a\":nul}",
    ])
    func refusesWhatIsNotJSON(body: String) {
        #expect(throws: ZaloEventError.self) { try ZaloJSON.parse(Array(body.utf8)) }
        #expect(error(body)?.message.contains("JSON") == true)
    }

    @Test func refusesInvalidUTF8() {
        let bytes =
            Array(#"{"app_id":"1","event_name":"follow","timestamp":"1","message":{"text":""#.utf8) + [0xC3, 0x28]
            + Array(#""}}"#.utf8)
        #expect(error(bytes)?.message.contains("UTF-8") == true)
    }

    @Test func refusesNestingDeeperThan32() throws {
        func body(depth: Int) -> String {
            // The event object itself is the first level.
            let inner = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
            return #"{"app_id":"1","event_name":"x","timestamp":"1","deep":\#(inner)}"#
        }
        _ = try parse(body(depth: 32))
        #expect(error(body(depth: 33))?.message.contains("32") == true)
        #expect(error(String(repeating: "[", count: 100_000)) != nil)
        #expect(error(String(repeating: "{\"a\":", count: 50_000)) != nil)
    }

    @Test func refusesBodiesOver256KB() throws {
        let head = #"{"app_id":"1","event_name":"user_send_text","timestamp":"1","message":{"text":""#
        let tail = #""}}"#
        let fits = head + String(repeating: "a", count: ZaloJSON.maximumBytes - head.utf8.count - tail.utf8.count) + tail
        #expect(fits.utf8.count == 256 * 1024)
        _ = try parse(fits)
        #expect(error(fits + " ")?.message.contains("256") == true)
    }

    @Test func jsonReadsAndWritesBackTheSameValue() throws {
        let text = #"{"b":[1,-2.5e10,true,false,null,"x\"y\\z\n\u0001"],"a":{"é":"Đ","2":0.1000000000000000000001},"c":""}"#
        let value = try ZaloJSON.parse(Array(text.utf8))
        #expect(value["c"] == .string(""))
        #expect(value["a"]?["2"] == .number("0.1000000000000000000001"))
        #expect(
            value.serialised == #"{"a":{"2":0.1000000000000000000001,"é":"Đ"},"b":[1,-2.5e10,true,false,null,"x\"y\\z\n\u0001"],"c":""}"#)
        #expect(try ZaloJSON.parse(Array(value.serialised.utf8)) == value)
        #expect(ZaloJSON.number("12").identifier == "12")
        #expect(ZaloJSON.number("1e3").identifier == nil)
        #expect(ZaloJSON.bool(true).identifier == nil)
        #expect(ZaloJSON.string("").identifier == nil)
        #expect(ZaloJSON.array([]).string == nil)
    }

    @Test func aRepeatedKeyKeepsTheLastValue() throws {
        let event = try parse(#"{"app_id":"1","event_name":"follow","event_name":"unfollow","timestamp":"1","follower":{"id":"2"}}"#)
        #expect(event.eventName == "unfollow")
    }

    @Test func aFollowWithoutFollowerFallsBackToTheSender() throws {
        let event = try parse(#"{"app_id":"1","event_name":"follow","timestamp":"1","sender":{"id":"77"}}"#)
        #expect(event.userID == "77")
    }
}

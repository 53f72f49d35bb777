import Foundation
import Testing

@testable import LoaCore

@Suite struct ZaloTopicMatcherTests {
    let matcher = TopicMatcher(topics: TopicMatcher.defaultTopics)

    @Test func defaultTopicsAreTheRealOnes() {
        #expect(TopicMatcher.defaultTopics.count == DefaultTopics.all.count)
        #expect(TopicMatcher.defaultTopics.first == TopicMatcher.Topic(slug: "cong-chuc-vien-chuc", name: "Công chức, viên chức"))
    }

    @Test(arguments: [
        // slug and name, however written
        ("tien-luong", "tien-luong"), ("tien luong", "tien-luong"), ("Tiền lương", "tien-luong"), ("TIỀN LƯƠNG", "tien-luong"),
        ("  tiền   lương ", "tien-luong"), ("Công chức, viên chức", "cong-chuc-vien-chuc"), ("cong chuc vien chuc", "cong-chuc-vien-chuc"),
        ("Hội, tổ chức phi chính phủ", "hoi-to-chuc-phi-chinh-phu"), ("thi đua khen thưởng", "thi-dua-khen-thuong"),
        ("Văn thư – lưu trữ", "van-thu-luu-tru"),
        // the name inside a longer text
        ("tiền lương cơ sở", "tien-luong"), ("lĩnh vực tiền lương", "tien-luong"), ("tổ chức biên chế năm 2025", "to-chuc-bien-che"),
        ("chính sách tôn giáo", "ton-giao"),
        // abbreviations and initials
        ("bhxh", "bao-hiem-xa-hoi"), ("BHXH", "bao-hiem-xa-hoi"), ("ccvc", "cong-chuc-vien-chuc"), ("cbccvc", "cong-chuc-vien-chuc"),
        ("cchc", "cai-cach-hanh-chinh"), ("cqdp", "chinh-quyen-dia-phuong"), ("tdkt", "thi-dua-khen-thuong"), ("ldvl", "lao-dong-viec-lam"),
        ("vtlt", "van-thu-luu-tru"), ("tcbc", "to-chuc-bien-che"), ("chế độ bhxh", "bao-hiem-xa-hoi"),
        // the most words in common
        ("lương", "tien-luong"), ("luong", "tien-luong"), ("viên chức", "cong-chuc-vien-chuc"), ("công chức", "cong-chuc-vien-chuc"),
        ("khen thưởng", "thi-dua-khen-thuong"), ("biên chế", "to-chuc-bien-che"), ("bảo hiểm", "bao-hiem-xa-hoi"),
        ("việc làm", "lao-dong-viec-lam"), ("lao động", "lao-dong-viec-lam"), ("thanh nien", "thanh-nien"),
        ("chính quyền", "chinh-quyen-dia-phuong"),
        ("hành chính", "cai-cach-hanh-chinh"), ("phi chính phủ", "hoi-to-chuc-phi-chinh-phu"), ("lưu trữ", "van-thu-luu-tru"),
        ("xã hội", "bao-hiem-xa-hoi"), ("chậm nâng lương", "tien-luong"),
    ])
    func matches(text: String, slug: String) {
        #expect(matcher.match(text)?.slug == slug)
        #expect(matcher.match(text.decomposedStringWithCanonicalMapping)?.slug == slug)
    }

    @Test(arguments: [
        "", "   ", "thời tiết", "hội", "tổ chức", "chính", "xyz", "?", "thành", "thành lập hội", "tl",
        // "việc" of "việc làm" and "lương" of "Tiền lương": one word each, no answer.
        "Tôi muốn phản ánh việc chậm trả lương", "tôi muốn hỏi về chế độ lương",
        // One word in common, and not the name's defining one.
        "thiên văn học",
    ])
    func answersNilWhenNothingOrMoreThanOneFits(text: String) {
        #expect(matcher.match(text) == nil)
    }

    @Test func returnsTheTopicAsGiven() {
        #expect(matcher.match("bhxh") == TopicMatcher.Topic(slug: "bao-hiem-xa-hoi", name: "Bảo hiểm xã hội"))
    }

    @Test func worksWithAnAgencysOwnTopics() {
        let topics = [
            TopicMatcher.Topic(slug: "dat-dai", name: "Đất đai"), TopicMatcher.Topic(slug: "xay-dung", name: "Xây dựng"),
            TopicMatcher.Topic(slug: "moi-truong", name: "Môi trường"),
        ]
        let matcher = TopicMatcher(topics: topics)
        #expect(matcher.match("dat dai")?.slug == "dat-dai")
        #expect(matcher.match("giấy phép xây dựng")?.slug == "xay-dung")
        #expect(matcher.match("ô nhiễm môi trường")?.slug == "moi-truong")
        #expect(matcher.match("tiền lương") == nil)
        #expect(TopicMatcher(topics: []).match("tiền lương") == nil)
    }
}

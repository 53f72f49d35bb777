import Foundation
import LoaCore

/// The portal's public addresses with their values, typed: links, feeds, the sitemap and
/// canonical URLs are built from these, and each is a `SiteRoute` filled in.
enum SiteURL {
    case home
    case topic(String)
    case article(String)
    case documents
    case document(String)
    case infoPage(String)
    case attachment(id: UUID, fileName: String)
    case articlesFeed
    case answersFeed
    /// The petition form.
    case petitionForm
    /// Where a submitter follows a petition with its code and key.
    case tracking
    case answers
    case answer(String)
    case topicFeed(String)
    /// The open-data page; its files are `/du-lieu-mo/<dataset>.csv|json`.
    case openData
    /// Drafts for public comment: open, upcoming and closed.
    case consultations
    case consultation(String)
    /// Where the comment forms of a draft post.
    case comment(String)
    case commentConfirmation(String)
    /// The synthesis of comments as a printable page, `.csv` and `.json`.
    case synthesis(String, format: String? = nil)
    case consultationsFeed
    /// How to follow the portal: Zalo and feeds, explained for people.
    case follow
    /// The news archive; a month as `CalendarMonth`, or the newest month with news.
    case news(month: CalendarMonth? = nil, page: Int = 1)
    case sitemap
    case stylesheet
    case script

    /// Built from the route table, so a link can only name a registered route.
    var path: String {
        switch self {
        case .home: SiteRoute.home.path()
        case .topic(let slug): SiteRoute.topic.path(slug)
        case .article(let slug): SiteRoute.article.path(slug)
        case .documents: SiteRoute.documents.path()
        case .document(let slug): SiteRoute.document.path(slug)
        case .infoPage(let slug): SiteRoute.infoPage.path(slug)
        case .attachment(let id, let fileName): SiteRoute.attachment.path(id.uuidString.lowercased(), fileName.isEmpty ? "tep" : fileName)
        case .articlesFeed: SiteRoute.articlesFeed.path()
        case .answersFeed: SiteRoute.answersFeed.path()
        case .petitionForm: SiteRoute.petitionForm.path()
        case .tracking: SiteRoute.tracking.path()
        case .answers: SiteRoute.answers.path()
        case .answer(let code): SiteRoute.answer.path(code.lowercased())
        case .topicFeed(let slug): SiteRoute.topicFeed.path("\(slug).atom")
        case .openData: SiteRoute.openData.path()
        case .consultations: SiteRoute.consultations.path()
        case .consultation(let slug): SiteRoute.consultation.path(slug)
        case .comment(let slug): SiteRoute.comment.path(slug)
        case .commentConfirmation(let token): SiteRoute.commentConfirmation.path(token)
        case .synthesis(let slug, let format): SiteRoute.consultationFile.path(slug, "tong-hop" + (format.map { ".\($0)" } ?? ""))
        case .consultationsFeed: SiteRoute.consultationsFeed.path()
        case .follow: SiteRoute.follow.path()
        case .news(let month, let page):
            SiteRoute.news.path() + Self.query([month.map { "thang=\($0.key)" }, page > 1 ? "page=\(page)" : nil])
        case .sitemap: SiteRoute.sitemap.path()
        case .stylesheet: SiteRoute.staticAsset.path("loa-\(StaticAssets.version).css")
        case .script: SiteRoute.staticAsset.path("loa-\(StaticAssets.version).js")
        }
    }

    /// One of each, with realistic values: `RouteTableTests` resolves every one through the router.
    static let samples: [SiteURL] = [
        .home, .topic("tien-luong"), .article("luong-co-so-2026"), .documents, .document("178-2024-nd-cp"), .infoPage("gioi-thieu"),
        .attachment(id: UUID(), fileName: "Nghị định 178.pdf"), .articlesFeed, .answersFeed, .petitionForm, .tracking, .answers,
        .answer("PA-2026-000123"), .topicFeed("tien-luong"), .openData, .consultations, .consultation("du-thao-luat"),
        .comment("du-thao-luat"), .commentConfirmation("abc"), .synthesis("du-thao-luat"), .synthesis("du-thao-luat", format: "csv"),
        .consultationsFeed, .follow, .news(), .news(month: CalendarMonth(year: 2026, month: 3), page: 2), .sitemap, .stylesheet, .script,
    ]

    func absolute(_ publicURL: String) -> String { publicURL + path }

    private static func query(_ parts: [String?]) -> String {
        let given = parts.compactMap { $0 }
        return given.isEmpty ? "" : "?" + given.joined(separator: "&")
    }
}

import Foundation

/// Every public address of the portal in one place, so that links, feeds, the sitemap and
/// canonical URLs cannot drift from the routes.
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
    case sitemap
    case stylesheet
    case script

    var path: String {
        switch self {
        case .home: "/"
        case .topic(let slug): "/linh-vuc/\(slug)"
        case .article(let slug): "/bai-viet/\(slug)"
        case .documents: "/van-ban"
        case .document(let slug): "/van-ban/\(slug)"
        case .infoPage(let slug): "/trang/\(slug)"
        case .attachment(let id, let fileName):
            "/tep/\(id.uuidString.lowercased())/\(fileName.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? "tep")"
        case .articlesFeed: "/feeds/articles.atom"
        case .answersFeed: "/feeds/answers.atom"
        case .petitionForm: "/phan-anh"
        case .tracking: "/phan-anh/tra-cuu"
        case .answers: "/hoi-dap"
        case .answer(let code): "/hoi-dap/\(code.lowercased())"
        case .topicFeed(let slug): "/feeds/topics/\(slug).atom"
        case .openData: "/du-lieu-mo"
        case .consultations: "/du-thao"
        case .consultation(let slug): "/du-thao/\(slug)"
        case .comment(let slug): "/du-thao/\(slug)/gop-y"
        case .commentConfirmation(let token): "/du-thao/xac-nhan/\(token)"
        case .synthesis(let slug, let format): "/du-thao/\(slug)/tong-hop" + (format.map { ".\($0)" } ?? "")
        case .consultationsFeed: "/feeds/consultations.atom"
        case .sitemap: "/sitemap.xml"
        case .stylesheet: "/static/loa-\(StaticAssets.version).css"
        case .script: "/static/loa-\(StaticAssets.version).js"
        }
    }

    func absolute(_ publicURL: String) -> String { publicURL + path }
}

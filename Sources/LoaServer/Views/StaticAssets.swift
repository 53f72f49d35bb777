import Foundation
import Vapor

/// The stylesheet and the script (`Static/loa.css`, `Static/loa.js`, package resources), served
/// from memory under a name that changes with their content, so that browsers may keep them for a
/// year. No external fonts, scripts or images.
enum StaticAssets {
    static let version: String = {
        var hasher = SHA256()
        hasher.update(data: Data(stylesheet.utf8))
        hasher.update(data: Data(script.utf8))
        return hasher.finalize().prefix(5).map { String(format: "%02x", $0) }.joined()
    }()

    static let stylesheet = resource("loa", "css")
    /// Share actions: the phone's share sheet (which offers Zalo), or a copied link to paste into Zalo.
    static let script = resource("loa", "js")

    /// The agency's colour as a small stylesheet named by the colour itself (`mau-b3141b.css`), so
    /// that it may be cached for a year like the others and pages stay free of inline styles.
    static func colourSheet(_ colour: String) -> String {
        SiteRoute.staticAsset.path("mau-\(colour.dropFirst()).css")
    }

    /// The stylesheet `colourSheet` names, or nil for a name that is not a colour.
    static func colourStylesheet(file: String) -> String? {
        guard file.hasPrefix("mau-"), file.hasSuffix(".css") else { return nil }
        let colour = "#" + file.dropFirst(4).dropLast(4)
        guard AgencySettings.isColour(colour) else { return nil }
        return ":root{--red:\(colour);--red-dark:\(AgencySettings.darker(colour))}\n"
    }

    /// A file shipped with the package; empty only if the package was built without its resources,
    /// which `StaticAssetTests` would catch.
    private static func resource(_ name: String, _ type: String) -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: type, subdirectory: "Static"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }
}

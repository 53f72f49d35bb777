/// The topics of an article or a document in their stored order: the main one first (it decides
/// breadcrumbs, related items and the home page section), added when it was not among them.
public enum MainTopic {
    public static func ordered(_ topics: [String], main: String?) -> [String] {
        guard let main = main.map({ String($0.trimmingSpaces()) }), !main.isEmpty else { return topics }
        return [main] + topics.filter { $0 != main }
    }
}

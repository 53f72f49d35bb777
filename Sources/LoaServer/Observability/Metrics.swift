import Foundation
import Synchronization
import Vapor

/// Counters and histograms for `/metrics`, in Prometheus' text format. Kept in process memory:
/// each `loa serve` process reports its own, as Prometheus expects when it scrapes every instance.
final class Metrics: Sendable {
    static let latencyBuckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Histogram {
        var buckets = [Int](repeating: 0, count: Metrics.latencyBuckets.count)
        var count = 0
        var sum = 0.0

        mutating func observe(_ seconds: Double) {
            count += 1
            sum += seconds
            if let index = Metrics.latencyBuckets.firstIndex(where: { seconds <= $0 }) { buckets[index] += 1 }
        }
    }

    private struct RequestKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private struct JobKey: Hashable {
        var kind: String
        var outcome: String
    }

    private struct State {
        var requests: [RequestKey: Int] = [:]
        var latency: [String: Histogram] = [:]
        var jobs: [JobKey: Int] = [:]
        var jobLatency: [String: Histogram] = [:]
        var pageCacheHits = 0
        var pageCacheMisses = 0
    }

    private let state = Mutex(State())

    func recordRequest(method: String, route: String, status: Int, duration: Duration) {
        let seconds = duration.seconds
        state.withLock { state in
            state.requests[RequestKey(method: method, route: route, status: status), default: 0] += 1
            state.latency[route, default: Histogram()].observe(seconds)
        }
    }

    func recordJob(kind: String, outcome: String, duration: Duration) {
        let seconds = duration.seconds
        state.withLock { state in
            state.jobs[JobKey(kind: kind, outcome: outcome), default: 0] += 1
            state.jobLatency[kind, default: Histogram()].observe(seconds)
        }
    }

    func recordPageCache(hit: Bool) {
        state.withLock { state in
            if hit { state.pageCacheHits += 1 } else { state.pageCacheMisses += 1 }
        }
    }

    /// The text exposition; `extra` holds gauges read at scrape time (database, queue depth).
    func render(extra: String) -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        out += "# HELP loa_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE loa_http_requests_total counter\n"
        for (key, value) in snapshot.requests.sorted(by: { ($0.key.route, $0.key.status) < ($1.key.route, $1.key.status) }) {
            out += "loa_http_requests_total{method=\"\(key.method)\",route=\"\(escape(key.route))\",status=\"\(key.status)\"} \(value)\n"
        }
        out += histogram("loa_http_request_duration_seconds", "Time to answer a request, by route.", label: "route", snapshot.latency)
        out += "# HELP loa_jobs_processed_total Jobs run by kind and outcome.\n# TYPE loa_jobs_processed_total counter\n"
        for (key, value) in snapshot.jobs.sorted(by: { ($0.key.kind, $0.key.outcome) < ($1.key.kind, $1.key.outcome) }) {
            out += "loa_jobs_processed_total{kind=\"\(escape(key.kind))\",outcome=\"\(key.outcome)\"} \(value)\n"
        }
        out += histogram("loa_job_duration_seconds", "Time to run a job, by kind.", label: "kind", snapshot.jobLatency)
        out += "# HELP loa_page_cache_requests_total Public pages answered from the rendered-page cache or rendered.\n"
        out += "# TYPE loa_page_cache_requests_total counter\n"
        out += "loa_page_cache_requests_total{result=\"hit\"} \(snapshot.pageCacheHits)\n"
        out += "loa_page_cache_requests_total{result=\"miss\"} \(snapshot.pageCacheMisses)\n"
        return out + extra
    }

    private func histogram(_ name: String, _ help: String, label: String, _ values: [String: Histogram]) -> String {
        var out = "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
        for (key, histogram) in values.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (index, bound) in Self.latencyBuckets.enumerated() {
                cumulative += histogram.buckets[index]
                out += "\(name)_bucket{\(label)=\"\(escape(key))\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "\(name)_bucket{\(label)=\"\(escape(key))\",le=\"+Inf\"} \(histogram.count)\n"
            out += "\(name)_sum{\(label)=\"\(escape(key))\"} \(histogram.sum)\n"
            out += "\(name)_count{\(label)=\"\(escape(key))\"} \(histogram.count)\n"
        }
        return out
    }

    private func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// Counts every request by its route pattern (not its path, which would make unbounded labels).
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: Metrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let status: Int
        do {
            let response = try await next.respond(to: request)
            status = Int(response.status.code)
            record(request, status: status, since: started)
            return response
        } catch {
            status = Int((error as? any AbortError)?.status.code ?? 500)
            record(request, status: status, since: started)
            throw error
        }
    }

    private func record(_ request: Request, status: Int, since started: ContinuousClock.Instant) {
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.recordRequest(method: request.method.rawValue, route: route, status: status, duration: started.duration(to: .now))
    }
}

import Foundation
import Synchronization

/// Request counts and latency histograms per route and status, rendered as Prometheus text.
///
/// Routes are the patterns (`/api/v1/agencies/{code}`), never raw paths, so that the label set stays
/// small and no identifier from a URL reaches the metrics.
final class HTTPMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    static let buckets: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series: Hashable {
        let method: String
        let route: String
        let status: Int
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: HTTPMetrics.buckets.count)
        var sum = 0.0
        var count = 0
    }

    private struct State {
        var requests: [Series: Int] = [:]
        var latency: [Series: Histogram] = [:]
    }

    private let state = Mutex(State())

    func record(method: String, route: String, status: Int, seconds: Double) {
        let series = Series(method: method, route: route, status: status)
        state.withLock { state in
            state.requests[series, default: 0] += 1
            var histogram = state.latency[series] ?? Histogram()
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound {
                histogram.counts[index] += 1
            }
            histogram.sum += seconds
            histogram.count += 1
            state.latency[series] = histogram
        }
    }

    /// The HTTP part of `/metrics`.
    func render() -> String {
        let snapshot = state.withLock { $0 }
        var lines = [
            "# HELP lienthong_http_requests_total HTTP requests answered, by method, route and status.",
            "# TYPE lienthong_http_requests_total counter",
        ]
        let ordered = snapshot.requests.keys.sorted { ($0.route, $0.method, $0.status) < ($1.route, $1.method, $1.status) }
        for series in ordered {
            lines.append("lienthong_http_requests_total{\(labels(series))} \(snapshot.requests[series] ?? 0)")
        }
        lines.append("# HELP lienthong_http_request_duration_seconds Time to answer, by method, route and status.")
        lines.append("# TYPE lienthong_http_request_duration_seconds histogram")
        for series in ordered {
            guard let histogram = snapshot.latency[series] else { continue }
            for (index, bound) in Self.buckets.enumerated() {
                lines.append(
                    "lienthong_http_request_duration_seconds_bucket{\(labels(series)),le=\"\(bound)\"} \(histogram.counts[index])")
            }
            lines.append("lienthong_http_request_duration_seconds_bucket{\(labels(series)),le=\"+Inf\"} \(histogram.count)")
            lines.append("lienthong_http_request_duration_seconds_sum{\(labels(series))} \(histogram.sum)")
            lines.append("lienthong_http_request_duration_seconds_count{\(labels(series))} \(histogram.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func labels(_ series: Series) -> String {
        "method=\"\(series.method)\",route=\"\(Self.escape(series.route))\",status=\"\(series.status)\""
    }

    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

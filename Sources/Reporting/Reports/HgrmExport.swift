import Foundation
import Histogram

/// One `.hgrm` percentile-distribution file, as HdrHistogram's `outputPercentileDistribution` writes it.
public struct HgrmFile: Sendable, Hashable {
    /// `<suite>/<configuration>.hgrm`, or `.service.hgrm` for open-loop service time.
    public var relativePath: String
    public var contents: String
}

/// Percentile distributions per cell for HdrHistogram's plotters (repetitions merged).
public enum HgrmExport {
    /// Latency values are recorded in nanoseconds; 1000 writes microseconds, 1e6 milliseconds.
    public static let microsecondsScalingRatio = 1_000.0

    /// The files for every configuration of `set`.
    public static func files(for set: ResultSet, outputValueUnitScalingRatio ratio: Double = microsecondsScalingRatio) -> [HgrmFile] {
        var files: [HgrmFile] = []
        var used: Set<String> = []
        for group in set.groups {
            var stem = ResultStore.fileNameComponent(group.key.suite) + "/" + slug(group.key.parameters)
            if used.contains(stem) {
                var suffix = 2
                while used.contains("\(stem)-\(suffix)") { suffix += 1 }
                stem += "-\(suffix)"
            }
            used.insert(stem)
            files.append(HgrmFile(relativePath: stem + ".hgrm", contents: distribution(group.mergedLatencyHistogram(), ratio: ratio)))
            if let service = group.mergedServiceTimeHistogram() {
                files.append(HgrmFile(relativePath: stem + ".service.hgrm", contents: distribution(service, ratio: ratio)))
            }
        }
        return files
    }

    /// Writes `files` under `directory` (each atomically) and returns their locations.
    @discardableResult
    public static func write(_ files: [HgrmFile], to directory: URL) throws -> [URL] {
        try files.map { file in
            let url = directory.appendingPathComponent(file.relativePath)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw ReportingError(.writeFailed, "cannot create \(url.deletingLastPathComponent().path) (\(error.localizedDescription)); choose a writable output folder")
            }
            try AtomicFile.write(Data(file.contents.utf8), to: url)
            return url
        }
    }

    /// HdrHistogram's plain-text percentile distribution of `histogram`, under a `#` line naming
    /// the value unit (plotters skip `#` lines, as they do the footer's).
    static func distribution(_ histogram: Histogram<UInt64>, ratio: Double) -> String {
        var text = "#[Value unit: \(unitName(ratio)) (recorded in nanoseconds, divided by \(MetricFormat.setting(ratio)))]\n"
        histogram.outputPercentileDistribution(to: &text, outputValueUnitScalingRatio: ratio)
        return text
    }

    /// The unit values are written in after dividing nanoseconds by `ratio`.
    static func unitName(_ ratio: Double) -> String {
        switch ratio {
        case 1: "nanoseconds"
        case 1_000: "microseconds"
        case 1_000_000: "milliseconds"
        case 1_000_000_000: "seconds"
        default: "nanoseconds / \(MetricFormat.setting(ratio))"
        }
    }

    /// `impl-ring_shards-4`: parameters as a file-name-safe stem.
    static func slug(_ parameters: [CellParameter]) -> String {
        guard !parameters.isEmpty else { return "all" }
        return parameters.map { ResultStore.fileNameComponent("\($0.name)-\($0.value)") }.joined(separator: "_")
    }
}

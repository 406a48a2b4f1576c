import Histogram
import LoadGenerator

/// Every repetition of one cell configuration within a result set.
public struct CellGroup: Sendable {
    public var key: CellKey
    /// One result per repetition (and per file, when several files are combined), in file order.
    public var results: [RunResult]

    public init(key: CellKey, results: [RunResult]) {
        self.key = key
        self.results = results
    }

    /// The metric over all repetitions; nil when no repetition measured it.
    public func spread(_ metric: Metric) -> Spread? {
        let values = results.compactMap { metric.value(in: $0) }
        // A metric some repetitions lack (memory without jemalloc) is not comparable.
        guard values.count == results.count else { return nil }
        return Spread(values)
    }

    /// All repetitions' latency histograms added together.
    public func mergedLatencyHistogram() -> Histogram<UInt64> {
        merge(results.map(\.overall.latencyHistogram))
    }

    /// All repetitions' service-time histograms added together; nil for closed-loop runs.
    public func mergedServiceTimeHistogram() -> Histogram<UInt64>? {
        let encoded = results.compactMap(\.overall.serviceTimeHistogram)
        return encoded.isEmpty ? nil : merge(encoded)
    }

    private func merge(_ encoded: [EncodedHistogram]) -> Histogram<UInt64> {
        var merged = encoded.first?.decode() ?? Histogram<UInt64>()
        merged.autoResize = true
        for histogram in encoded.dropFirst() { merged.add(histogram.decode()) }
        return merged
    }
}

/// The cells of one or more result files, grouped by configuration so repetitions line up.
public struct ResultSet: Sendable {
    /// How the set was chosen, e.g. `HEAD (abc1234)`.
    public var label: String
    public var files: [StoredResult]
    /// Groups by suite (in first-seen order), then by configuration (in first-seen order).
    public private(set) var groups: [CellGroup]
    private var indexByKey: [CellKey: Int]

    /// Groups the cells of `files`; a cell lacking a parameter that `defaults` names for its
    /// `fillKey` gets that default (a knob added after the file was written).
    public init(label: String, files: [StoredResult], defaults: [String: [String: String]] = [:]) {
        self.label = label
        self.files = files
        var groups: [CellGroup] = []
        var indexByKey: [CellKey: Int] = [:]
        for stored in files {
            for cell in stored.file.cells {
                let key = CellKey(suite: stored.file.suite, parameters: Self.filled(cell.parameters, defaults: defaults))
                if let index = indexByKey[key] {
                    groups[index].results.append(cell.result)
                } else {
                    indexByKey[key] = groups.count
                    groups.append(CellGroup(key: key, results: [cell.result]))
                }
            }
        }
        let suiteOrder = Dictionary(groups.map(\.key.suite).enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        let ordered = groups.enumerated().sorted { lhs, rhs in
            let left = suiteOrder[lhs.element.key.suite] ?? 0
            let right = suiteOrder[rhs.element.key.suite] ?? 0
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        self.groups = ordered
        self.indexByKey = Dictionary(uniqueKeysWithValues: ordered.enumerated().map { ($1.key, $0) })
    }

    /// The same files, with missing parameters filled from `defaults`.
    public func filling(_ defaults: [String: [String: String]]) -> ResultSet {
        ResultSet(label: label, files: files, defaults: defaults)
    }

    /// The defaults to fill, by `fillKey`: each file's recorded defaults (the first file to name one
    /// wins), narrowed per suite cell and implementation to the parameters some cell of `files`
    /// with that suite and implementation has (a floor row never gains the cluster's knobs).
    public static func parameterDefaults(of files: [StoredResult]) -> [String: [String: String]] {
        var recorded: [String: [String: String]] = [:]
        for stored in files {
            for (suite, defaults) in stored.file.parameterDefaults ?? [:] {
                recorded[suite, default: [:]].merge(defaults) { first, _ in first }
            }
        }
        var narrowed: [String: [String: String]] = [:]
        for cell in files.flatMap(\.file.cells) {
            guard let suite = value(of: "suite", in: cell.parameters), let suiteDefaults = recorded[suite] else { continue }
            let key = fillKey(cell.parameters)
            for parameter in cell.parameters { if let value = suiteDefaults[parameter.name] { narrowed[key, default: [:]][parameter.name] = value } }
        }
        return narrowed
    }

    /// `parameters` plus, in name order, each default for its `fillKey` it lacks.
    static func filled(_ parameters: [CellParameter], defaults: [String: [String: String]]) -> [CellParameter] {
        guard let wanted = defaults[fillKey(parameters)] else { return parameters }
        let present = Set(parameters.map(\.name))
        return parameters + wanted.filter { !present.contains($0.key) }.sorted { $0.key < $1.key }.map { CellParameter($0.key, $0.value) }
    }

    /// `suite/impl` of a cell: what its defaults are looked up by.
    static func fillKey(_ parameters: [CellParameter]) -> String {
        "\(value(of: "suite", in: parameters) ?? "")/\(value(of: "impl", in: parameters) ?? "")"
    }

    private static func value(of name: String, in parameters: [CellParameter]) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Suites in the set, in first-seen order.
    public var suites: [String] {
        var seen: Set<String> = []
        return groups.map(\.key.suite).filter { seen.insert($0).inserted }
    }

    public func group(for key: CellKey) -> CellGroup? {
        indexByKey[key].map { groups[$0] }
    }

    public func groups(inSuite suite: String) -> [CellGroup] {
        groups.filter { $0.key.suite == suite }
    }

    /// Distinct machines of the set's files.
    public var machines: [MachineInfo] { distinct(files.map(\.file.machine)) }

    /// Distinct toolchains of the set's files.
    public var toolchains: [ToolchainInfo] { distinct(files.map(\.file.toolchain)) }

    private func distinct<T: Hashable>(_ items: [T]) -> [T] {
        var seen: Set<T> = []
        return items.filter { seen.insert($0).inserted }
    }
}

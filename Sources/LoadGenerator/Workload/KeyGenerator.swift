import ScaleSupport

/// The generator for a `KeyDistributionSpec`: one concrete generator per case, dispatched by a
/// `switch` (no existential on the hot path).
public enum KeyGenerator: KeyGenerating {
    case uniform(UniformKeyGenerator)
    case zipfian(ZipfianKeyGenerator)
    case scrambledZipfian(ScrambledZipfianKeyGenerator)
    case latest(LatestKeyGenerator)
    case hotspot(HotspotKeyGenerator)
    case sequential(SequentialKeyGenerator)

    /// Builds client `clientIndex`'s generator (of `clientCount`); throws on bad parameters.
    public init(_ spec: KeyDistributionSpec, keyCount: UInt64, clientIndex: Int = 0, clientCount: Int = 1) throws {
        guard keyCount > 0 else {
            throw LoadGeneratorError(.invalidConfiguration, "keyCount must be positive; set at least 1 key")
        }
        switch spec {
        case .uniform:
            self = .uniform(UniformKeyGenerator(keyCount: keyCount))
        case .zipfian(let theta):
            self = .zipfian(try ZipfianKeyGenerator(keyCount: keyCount, theta: theta))
        case .scrambledZipfian(let theta):
            self = .scrambledZipfian(try ScrambledZipfianKeyGenerator(keyCount: keyCount, theta: theta))
        case .latest(let theta):
            self = .latest(try LatestKeyGenerator(keyCount: keyCount, theta: theta, clientIndex: clientIndex, clientCount: clientCount))
        case .hotspot(let hotKeyFraction, let hotOpFraction):
            self = .hotspot(try HotspotKeyGenerator(keyCount: keyCount, hotKeyFraction: hotKeyFraction, hotOpFraction: hotOpFraction))
        case .sequential:
            self = .sequential(SequentialKeyGenerator(keyCount: keyCount, clientIndex: clientIndex, clientCount: clientCount))
        }
    }

    /// The same distribution for another client: per-client state (the `latest` insert front,
    /// the `sequential` cursor) starts afresh; the zipfian setup is reused, not recomputed.
    public func forClient(_ clientIndex: Int, clientCount: Int) -> KeyGenerator {
        switch self {
        case .latest(let generator):
            return .latest(LatestKeyGenerator(zipfian: generator.zipfian, clientIndex: clientIndex, clientCount: clientCount))
        case .sequential(let generator):
            return .sequential(SequentialKeyGenerator(keyCount: generator.keyCount, clientIndex: clientIndex, clientCount: clientCount))
        case .uniform, .zipfian, .scrambledZipfian, .hotspot:
            return self
        }
    }

    @inline(__always)
    public mutating func nextKey(using random: inout SeededGenerator) -> UInt64 {
        switch self {
        case .uniform(var generator):
            return generator.nextKey(using: &random)
        case .zipfian(let generator):
            return generator.nextRank(using: &random)
        case .scrambledZipfian(var generator):
            return generator.nextKey(using: &random)
        case .latest(var generator):
            return generator.nextKey(using: &random)
        case .hotspot(var generator):
            return generator.nextKey(using: &random)
        case .sequential(var generator):
            let key = generator.nextKey(using: &random)
            self = .sequential(generator)
            return key
        }
    }

    @inline(__always)
    public mutating func nextInsertKey(using random: inout SeededGenerator) -> UInt64 {
        guard case .latest(var generator) = self else { return nextKey(using: &random) }
        let key = generator.nextInsertKey(using: &random)
        self = .latest(generator)
        return key
    }
}

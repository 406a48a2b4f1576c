#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ScaleSupport

/// Draws ranks 0..<count with probability ∝ 1/(rank+1)^exponent, by binary search in a cumulative table.
struct ZipfSampler: Sendable {
    private let cumulative: [Double]

    init(count: Int, exponent: Double) {
        var running = 0.0
        var table = [Double](repeating: 0, count: count)
        for rank in 0..<count {
            running += 1 / pow(Double(rank + 1), exponent)
            table[rank] = running
        }
        cumulative = table.map { $0 / running }
    }

    @inline(__always)
    func next(_ generator: inout SeededGenerator) -> Int {
        let target = generator.nextUnitDouble()
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

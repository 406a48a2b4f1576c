#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The generalized harmonic number zeta(n, theta) = sum over i in 1...n of 1 / i^theta.
///
/// Small `n` is summed exactly. Large `n` sums the first terms exactly and the tail with the
/// Euler–Maclaurin formula, so 100 million keys cost the same ~1000 `pow` calls as 2 thousand.
enum Zeta {
    /// Up to this `n` the sum is exact.
    static let exactSumLimit: UInt64 = 2_048
    /// Where the Euler–Maclaurin tail starts; its error there is far below Double precision.
    static let tailStart: UInt64 = 1_024

    static func value(n: UInt64, theta: Double) -> Double {
        if n <= exactSumLimit { return exactSum(from: 1, through: n, theta: theta) }
        return exactSum(from: 1, through: tailStart - 1, theta: theta)
            + eulerMaclaurinTail(from: Double(tailStart), through: Double(n), theta: theta)
    }

    /// Sum of i^-theta for i in `first...last`, smallest terms first to limit rounding error.
    static func exactSum(from first: UInt64, through last: UInt64, theta: Double) -> Double {
        guard last >= first else { return 0 }
        var sum = 0.0
        var i = last
        while i >= first {
            sum += 1 / pow(Double(i), theta)
            i -= 1
        }
        return sum
    }

    /// Sum of f(i) = i^-theta for integer i in `m...n` (theta != 1), by Euler–Maclaurin up to the
    /// third-derivative term: integral + endpoint average + B2 and B4 corrections.
    static func eulerMaclaurinTail(from m: Double, through n: Double, theta: Double) -> Double {
        func f(_ x: Double) -> Double { pow(x, -theta) }
        func firstDerivative(_ x: Double) -> Double { -theta * pow(x, -theta - 1) }
        func thirdDerivative(_ x: Double) -> Double { -theta * (theta + 1) * (theta + 2) * pow(x, -theta - 3) }
        let integral = (pow(n, 1 - theta) - pow(m, 1 - theta)) / (1 - theta)
        let endpoints = (f(m) + f(n)) / 2
        let b2 = (firstDerivative(n) - firstDerivative(m)) / 12
        let b4 = (thirdDerivative(n) - thirdDerivative(m)) / 720
        return integral + endpoints + b2 - b4
    }
}

import Foundation

/// The machine a run measured on; compare warns when two results come from different machines.
public struct MachineInfo: Sendable, Hashable, Codable {
    public var hostname: String
    /// `model name` from /proc/cpuinfo.
    public var cpuModel: String
    /// Logical cores the OS reports.
    public var coreCount: Int
    /// `MemTotal` from /proc/meminfo.
    public var memoryBytes: UInt64
    /// `PRETTY_NAME` from /etc/os-release.
    public var operatingSystem: String

    public init(hostname: String, cpuModel: String, coreCount: Int, memoryBytes: UInt64, operatingSystem: String) {
        self.hostname = hostname
        self.cpuModel = cpuModel
        self.coreCount = coreCount
        self.memoryBytes = memoryBytes
        self.operatingSystem = operatingSystem
    }

    /// This machine, read from /proc and /etc (falling back to `ProcessInfo` where those are missing).
    public static func current() -> MachineInfo {
        let process = ProcessInfo.processInfo
        let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let memInfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let osRelease = (try? String(contentsOfFile: "/etc/os-release", encoding: .utf8)) ?? ""
        return MachineInfo(
            hostname: process.hostName.isEmpty ? "unknown" : process.hostName,
            cpuModel: cpuModel(fromCPUInfo: cpuInfo) ?? "unknown",
            coreCount: process.activeProcessorCount,
            memoryBytes: memoryBytes(fromMemInfo: memInfo) ?? process.physicalMemory,
            operatingSystem: operatingSystem(fromOSRelease: osRelease) ?? process.operatingSystemVersionString
        )
    }

    /// The first `model name` value of a /proc/cpuinfo text.
    static func cpuModel(fromCPUInfo text: String) -> String? {
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            if parts[0].trimmingCharacters(in: .whitespaces) == "model name" {
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { return value }
            }
        }
        return nil
    }

    /// `MemTotal` of a /proc/meminfo text, in bytes.
    static func memoryBytes(fromMemInfo text: String) -> UInt64? {
        for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
            let fields = line.dropFirst("MemTotal:".count).split(separator: " ")
            guard let amount = fields.first.flatMap({ UInt64($0) }) else { return nil }
            let unit = fields.count > 1 ? fields[1].lowercased() : ""
            return unit == "kb" ? amount &* 1024 : amount
        }
        return nil
    }

    /// `PRETTY_NAME` (else `NAME VERSION_ID`) of an /etc/os-release text.
    static func operatingSystem(fromOSRelease text: String) -> String? {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            values[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
        }
        if let pretty = values["PRETTY_NAME"], !pretty.isEmpty { return pretty }
        guard let name = values["NAME"] else { return nil }
        return [name, values["VERSION_ID"]].compactMap { $0 }.joined(separator: " ")
    }

    /// `host (Intel Xeon, 2 cores, 7.8 GiB, Debian 12)`.
    public var summary: String {
        "\(hostname) (\(cpuModel), \(coreCount) cores, \(MetricFormat.bytes(Double(memoryBytes))), \(operatingSystem))"
    }
}

import Foundation
import LoadGenerator
import Testing
@testable import Reporting

@Suite("Result store: schema, atomic writes, bad files")
struct ResultStoreTests {
    static func sampleFile(dirty: Bool = false, timestamp: String = "2025-05-01T12:00:00Z") -> ResultFile {
        Fixtures.file(dirty: dirty, timestamp: timestamp, cells: [
            Fixtures.cell([("impl", "ring"), ("shards", "4")], repetition: 0, Fixtures.runResult(serviceTimeNanos: [900, 1_800])),
            Fixtures.cell([("impl", "ring"), ("shards", "4")], repetition: 1, Fixtures.runResult(throughput: 990)),
        ])
    }

    @Test("write then load gives back an equal file, under Results/<commit>[-dirty]/<suite>-<timestamp>.json")
    func roundTrip() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        for dirty in [false, true] {
            let file = Self.sampleFile(dirty: dirty)
            let url = try store.write(file)
            let folder = String(repeating: "a", count: 40) + (dirty ? "-dirty" : "")
            #expect(url.path.hasSuffix("\(folder)/user-20250501T120000Z.json"))
            #expect(try store.load(fileAt: url) == file)
        }
        let scan = store.scan()
        #expect(scan.results.count == 2 && scan.warnings.isEmpty)
        #expect(scan.results.map(\.file).contains(Self.sampleFile(dirty: true)))
    }

    @Test("a metrics-only read equals the full file minus histograms and timelines")
    func metricsOnly() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        let url = try store.write(Self.sampleFile())
        let full = try store.load(fileAt: url)
        let light = try store.load(fileAt: url, detail: .metricsOnly)
        #expect(light != full)
        let empty = try #require(light.cells.first).result.overall.latencyHistogram
        #expect(empty.buckets.isEmpty)
        func strip(_ stats: OperationStats) -> OperationStats {
            var stats = stats
            stats.latencyHistogram = empty
            stats.serviceTimeHistogram = stats.serviceTimeHistogram.map { _ in empty }
            return stats
        }
        var stripped = full
        for index in stripped.cells.indices {
            var result = stripped.cells[index].result
            result.overall = strip(result.overall)
            result.operations = result.operations.mapValues(strip)
            result.timeline = []
            stripped.cells[index].result = result
        }
        #expect(light == stripped)
        #expect(store.scan(detail: .metricsOnly).results.map(\.file) == [light])
    }

    @Test("the file carries schema version, commit, machine, toolchain, seed and ordered cell parameters")
    func schemaFields() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let url = try ResultStore(root: temp.url).write(Self.sampleFile())
        let json = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(json["schemaVersion"] as? Int == 1)
        #expect(json["commit"] as? String == String(repeating: "a", count: 40))
        #expect(json["dirty"] as? Bool == false)
        #expect(json["commitSubject"] as? String == "Add ring sharding")
        #expect(json["timestampUTC"] as? String == "2025-05-01T12:00:00Z")
        #expect((json["machine"] as? [String: Any])?["cpuModel"] as? String == "Test CPU 3000")
        #expect((json["toolchain"] as? [String: Any])?["buildConfiguration"] as? String == "release")
        #expect(json["seed"] as? Int == 42)
        let cells = try #require(json["cells"] as? [[String: Any]])
        let parameters = try #require(cells.first?["parameters"] as? [[String: String]])
        #expect(parameters.map { $0["name"] } == ["impl", "shards"])
        #expect(cells.first?["repetition"] as? Int == 0)
        #expect(cells.first?["result"] as? [String: Any] != nil)
    }

    @Test("two writes in the same second get distinct names; nothing is overwritten, no temp file is left")
    func uniqueNamesNoTempFiles() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        let first = try store.write(Self.sampleFile())
        var second = Self.sampleFile()
        second.seed = 43
        let secondURL = try store.write(second)
        #expect(first != secondURL)
        #expect(secondURL.lastPathComponent == "user-20250501T120000Z-2.json")
        #expect(try store.load(fileAt: first).seed == 42)
        #expect(temp.allFiles().allSatisfy { !$0.contains(".tmp") })
        #expect(temp.allFiles().count == 2)
    }

    @Test("a write that fails halfway leaves the existing file untouched and no temp file")
    func atomicFailure() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let target = temp.url.appendingPathComponent("report.html")
        try AtomicFile.write(Data("old complete content".utf8), to: target)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: target) { handle in
                try handle.write(contentsOf: Data("new half".utf8))
                throw Interrupted()
            }
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old complete content")
        #expect(temp.allFiles() == ["report.html"])
        // A successful replace is complete and also leaves no temp file.
        try AtomicFile.write(Data("new content".utf8), to: target)
        #expect(try String(contentsOf: target, encoding: .utf8) == "new content")
        #expect(temp.allFiles() == ["report.html"])
        // A keep-existing write refuses to replace.
        #expect(throws: AtomicFile.TargetExists.self) { try AtomicFile.write(Data("x".utf8), to: target, existing: .keep) }
        #expect(temp.allFiles() == ["report.html"])
    }

    @Test("a result that cannot be encoded (NaN) writes nothing")
    func encodingFailureWritesNothing() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        var file = Self.sampleFile()
        file.cells[0].result.overall.throughputOpsPerSec = .nan
        let error = #expect(throws: ReportingError.self) { try ResultStore(root: temp.url).write(file) }
        #expect(error?.code == .writeFailed)
        #expect(temp.allFiles().isEmpty)
    }

    @Test("corrupted and truncated files are skipped with a warning naming them; the others are still read")
    func corruptFilesSkipped() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        let good = try store.write(Self.sampleFile())
        let folder = good.deletingLastPathComponent()
        let bytes = try Data(contentsOf: good)
        try bytes.prefix(bytes.count / 2).write(to: folder.appendingPathComponent("user-truncated.json"))
        try Data("not json at all".utf8).write(to: folder.appendingPathComponent("user-garbage.json"))
        try Data(#"{"schemaVersion": 1, "suite": "user"}"#.utf8).write(to: folder.appendingPathComponent("user-partial.json"))
        // A temp file of an unfinished write is not a result and not a warning.
        try bytes.prefix(10).write(to: folder.appendingPathComponent(".user-x.json.tmp-1-1"))
        let scan = store.scan()
        #expect(scan.results.map(\.url.lastPathComponent) == [good.lastPathComponent])
        #expect(scan.warnings.count == 3)
        for name in ["user-truncated.json", "user-garbage.json", "user-partial.json"] {
            let warning = try #require(scan.warnings.first { $0.fileURL.lastPathComponent == name })
            #expect(warning.error.code == .corruptFile)
            #expect(warning.description.contains(name))
            #expect(!warning.description.contains("\n"))
        }
        #expect(scan.warnings.first { $0.fileURL.lastPathComponent == "user-partial.json" }?.description.contains("missing key") == true)
        let error = #expect(throws: ReportingError.self) { try store.load(fileAt: folder.appendingPathComponent("user-truncated.json")) }
        #expect(error?.code == .corruptFile)
    }

    @Test("a file from a newer schema gets a clear one-line message")
    func newerSchema() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        let folder = temp.url.appendingPathComponent(String(repeating: "b", count: 40))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("user-future.json")
        try Data(#"{"schemaVersion": 7, "somethingNew": true}"#.utf8).write(to: url)
        let error = #expect(throws: ReportingError.self) { try store.load(fileAt: url) }
        #expect(error?.code == .newerSchema)
        #expect(error?.description.contains("schema version 7") == true)
        #expect(error?.description.contains("update scalebench") == true)
        #expect(error?.description.contains("user-future.json") == true)
        #expect(store.scan().warnings.map(\.error.code) == [.newerSchema])
    }

    @Test("a file in the wrong commit folder is skipped rather than misfiled")
    func misfiledFile() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        let url = try store.write(Self.sampleFile())
        let wrongFolder = temp.url.appendingPathComponent(String(repeating: "c", count: 40))
        try FileManager.default.createDirectory(at: wrongFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: url, to: wrongFolder.appendingPathComponent("user-copy.json"))
        let scan = store.scan()
        #expect(scan.results.count == 1)
        #expect(scan.warnings.first?.description.contains("user-copy.json") == true)
    }

    @Test("listing shows commit, dirty flag, date, suite, cells and machine, newest first")
    func listing() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let store = ResultStore(root: temp.url)
        try store.write(Self.sampleFile(timestamp: "2025-05-01T12:00:00Z"))
        try store.write(Self.sampleFile(dirty: true, timestamp: "2025-05-02T08:30:00Z"))
        let listing = ResultListing(scan: store.scan())
        #expect(listing.entries.map(\.dirty) == [true, false])
        #expect(listing.entries.first?.configurationCount == 1)
        #expect(listing.entries.first?.cellCount == 2)
        let text = listing.renderText()
        #expect(text.contains("aaaaaaa-dirty") && text.contains("2025-05-02 08:30:00") && text.contains("bench-a (2 cores)"))
        #expect(text.contains("Add ring sharding"))
        #expect(ResultListing(scan: ResultScan()).renderText().contains("scalebench bench"))
    }

    @Test("machine facts parse from /proc and /etc texts; toolchain detection")
    func machineParsing() {
        let cpuInfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) CPU @ 2.20GHz\nprocessor\t: 1\n"
        #expect(MachineInfo.cpuModel(fromCPUInfo: cpuInfo) == "Intel(R) Xeon(R) CPU @ 2.20GHz")
        #expect(MachineInfo.memoryBytes(fromMemInfo: "MemTotal:        8141052 kB\nMemFree: 1 kB\n") == 8_141_052 * 1024)
        #expect(MachineInfo.operatingSystem(fromOSRelease: "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n") == "Debian GNU/Linux 12 (bookworm)")
        #expect(MachineInfo.operatingSystem(fromOSRelease: "NAME=Alpine\nVERSION_ID=3.20\n") == "Alpine 3.20")
        #expect(MachineInfo.cpuModel(fromCPUInfo: "") == nil)
        let current = MachineInfo.current()
        #expect(current.coreCount >= 1 && current.memoryBytes > 0)
        // The package builds in one configuration, so this test module's tells the expected answer.
        let toolchain = ToolchainInfo.current()
        #if DEBUG
        #expect(toolchain.buildConfiguration == "debug")
        #else
        #expect(toolchain.buildConfiguration == "release")
        #endif
        #expect(toolchain.swiftVersion.contains("Swift version") || toolchain.swiftVersion == "unknown")
    }

    @Test("timestamps: ISO 8601 in the file, compact in the name")
    func timestamps() {
        let date = Date(timeIntervalSince1970: 1_746_100_800.75)
        #expect(UTCTimestamp.iso8601(date) == "2025-05-01T12:00:00Z")
        #expect(UTCTimestamp.compact(date) == "20250501T120000Z")
        #expect(UTCTimestamp.compact(fromISO8601: "2025-05-01T12:00:00Z") == "20250501T120000Z")
    }
}

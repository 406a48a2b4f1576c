import Foundation
@testable import ScaleSupport
@testable import ScaleStorage
@testable import ScaleNetwork
@testable import ScaleSharding
@testable import ScaleReplication
@testable import ScaleCaching
@testable import ScaleQueue
@testable import ScaleCoreBenchmarks

/// A fresh temporary folder for one test's database files, removed by `remove()`.
struct StorageTestFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("scalebench-storage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func options(_ name: String = "node") -> StorageNodeOptions {
        .file(directory: path, name: name)
    }

    func fileExists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + name)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body(index)` on `count` real threads at once and returns when all have finished.
func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            body(index)
            group.leave()
        }
        thread.start()
    }
    group.wait()
}

/// Both kinds of node a storage test should pass on.
enum StorageTestLocation: String, CaseIterable, Sendable {
    case file
    case memory

    func makeNode(in folder: StorageTestFolder, name: String = "node") throws -> StorageNode {
        switch self {
        case .file: return try StorageNode(name: name, options: folder.options(name))
        case .memory: return try StorageNode(name: name, options: .memory)
        }
    }
}

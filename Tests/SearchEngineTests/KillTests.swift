#if os(Linux)
import Glibc
import Testing
@testable import SearchEngine

/// A real crash: a forked writer indexes, commits and merges in a loop and is killed with SIGKILL
/// at an arbitrary moment; every document it acknowledged (reported through a pipe after
/// `index` returned) must be there when the file is reopened.
@Suite struct KillTests {
    @Test(arguments: [30, 90, 200])
    func killedWriterLosesNoAcknowledgedDocument(afterMillis delay: Int) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("index.sqlite")
        let corpus = SyntheticCorpus(shape: .init(documentCount: 100_000, vocabularySize: 900, medianBodyWords: 20), seed: UInt64(delay))
        do {
            let engine = try SearchEngine(path: path, options: .init(maxBufferedDocuments: 200))
            try engine.index(corpus.documents(0..<600))
            try engine.commit()
        }
        var descriptors: [Int32] = [0, 0]
        #expect(pipe(&descriptors) == 0)
        let child = fork()
        if child == 0 {
            close(descriptors[0])
            Self.writeForever(path: path, corpus: corpus, acknowledgements: descriptors[1])
            _exit(0)
        }
        close(descriptors[1])
        // The kill timer starts once the child's first batch is acknowledged, so it dies inside its loop.
        var acknowledged = Self.readIds(descriptors[0], limit: 50)
        usleep(useconds_t(delay * 1000))
        kill(child, SIGKILL)
        var status: Int32 = 0
        waitpid(child, &status, 0)
        acknowledged += Self.readIds(descriptors[0], limit: .max)
        #expect(acknowledged.count >= 50)
        close(descriptors[0])
        let reopened = try SearchEngine(path: path)
        let missing = acknowledged.filter { !reopened.contains(id: $0) }
        #expect(missing.isEmpty, "\(missing.count) of \(acknowledged.count) acknowledged documents lost")
        #expect((0..<600).allSatisfy { reopened.contains(id: corpus.id(at: $0)) })
        try reopened.merge()
        #expect(reopened.documentCount >= 600 + acknowledged.count)
    }

    /// The child: batches of 50 documents, each acknowledged on the pipe, with a commit and a merge after every batch.
    static func writeForever(path: String, corpus: SyntheticCorpus, acknowledgements: Int32) {
        guard let engine = try? SearchEngine(path: path, options: .init(maxBufferedDocuments: 200)) else { return }
        var next = 600
        while next + 50 <= corpus.shape.documentCount {
            guard (try? engine.index(corpus.documents(next..<(next + 50)))) != nil else { return }
            var ids = (next..<(next + 50)).map { corpus.id(at: $0) }
            _ = ids.withUnsafeMutableBytes { write(acknowledgements, $0.baseAddress, $0.count) }
            next += 50
            guard (try? engine.commit()) != nil, (try? engine.merge()) != nil else { return }
        }
    }

    /// Reads up to `limit` ids (until end of file), blocking.
    static func readIds(_ descriptor: Int32, limit: Int) -> [UInt64] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count / 8 < limit {
            let wanted = min(4096, limit == .max ? 4096 : limit * 8 - bytes.count)
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, wanted) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return stride(from: 0, to: bytes.count - bytes.count % 8, by: 8).map { offset in
            bytes[offset..<(offset + 8)].withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        }
    }
}
#endif

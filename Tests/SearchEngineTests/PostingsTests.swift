import ScaleCore
import Testing
@testable import SearchEngine

@Suite struct PostingsTests {
    @Test func bitPackingRoundTripsEveryWidth() {
        var generator = SplitMix64(state: 3)
        for width in 0...32 {
            let mask: UInt64 = width == 32 ? 0xFFFF_FFFF : (1 << UInt64(width)) - 1
            let values = (0..<128).map { index in UInt32(truncatingIfNeeded: index == 0 ? mask : generator.next() & mask) }
            #expect(BitPacking.width(ofMaximum: values.max()!) == width)
            var bytes: [UInt8] = []
            values.withUnsafeBufferPointer { BitPacking.append($0, width: width, to: &bytes) }
            #expect(bytes.count == 16 * width)
            bytes += Array(repeating: 0, count: BitPacking.padding)
            let decoded = bytes.withUnsafeBufferPointer { buffer in (0..<128).map { BitPacking.read(buffer.baseAddress!, index: $0, width: width) } }
            #expect(decoded == values, "width \(width)")
        }
    }

    @Test func cursorsWalkPackedAndVarintBlocksWithSkips() {
        // One term in every document and one in every third, with frequencies 1...5: full packed blocks and a varint tail.
        var lists = DocumentTermLists()
        let every = Array("every".utf8)
        let third = Array("third".utf8)
        for doc in 0..<1000 {
            let everyId = every.withUnsafeBufferPointer { lists.terms.insert($0) }
            lists.postingTerm.append(everyId)
            lists.postingFrequency.append(UInt32(doc % 5 + 1))
            if doc % 3 == 0 {
                let thirdId = third.withUnsafeBufferPointer { lists.terms.insert($0) }
                lists.postingTerm.append(thirdId)
                lists.postingFrequency.append(7)
            }
            lists.finishDocument(id: UInt64(doc), length: 10)
        }
        let segment = lists.build()
        let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * PostingsLayout.blockSize)
        defer { scratch.deallocate() }
        withExtendedLifetime(segment) {
            var cursor = PostingsCursor(segment: SegmentView(segment), term: segment.terms.id(of: "every")!, scratch: scratch)
            var walked: [(UInt32, UInt32)] = []
            while cursor.doc != PostingsCursor.exhausted {
                walked.append((cursor.doc, cursor.frequency))
                cursor.next()
            }
            #expect(walked.map(\.0) == (0..<1000).map(UInt32.init))
            #expect(walked.map(\.1) == (0..<1000).map { UInt32($0 % 5 + 1) })
            var skipping = PostingsCursor(segment: SegmentView(segment), term: segment.terms.id(of: "third")!, scratch: scratch)
            for target: UInt32 in [0, 1, 200, 201, 202, 600, 998, 999] {
                skipping.advance(to: target)
                let expected = (target + 2) / 3 * 3
                #expect(skipping.doc == (expected < 1000 ? expected : PostingsCursor.exhausted), "target \(target)")
                if skipping.doc != PostingsCursor.exhausted { #expect(skipping.frequency == 7) }
            }
        }
    }

    @Test func segmentsRoundTripAndRefuseOtherFormats() throws {
        var buffer = IndexBuffer()
        let tokenizer = Unicode61Tokenizer()
        for document in smallCorpus.documents(0..<300) { try buffer.add(document, tokenizer: tokenizer) }
        let segment = buffer.build()
        let blob = segment.serialized()
        let copy = try Segment.deserialize(blob, name: "segment 7")
        #expect(copy.postings.array == segment.postings.array)
        #expect(copy.docIds.array == segment.docIds.array)
        #expect(copy.terms.arena == segment.terms.arena)
        #expect(copy.forwardBytes.array == segment.forwardBytes.array)
        var other = Array(blob[..<(blob.count - 8)])
        other[4] = 99
        var writer = BlobWriter()
        writer.bytes = other
        writer.append(BlobWriter.checksum(other))
        let error = try #require(throws: SearchEngineError.self) { try Segment.deserialize(writer.bytes, name: "segment 7") }
        #expect(error.message.contains("segment 7") && error.message.contains("format 99"))
    }
}

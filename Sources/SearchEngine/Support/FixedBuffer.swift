/// An immutable heap array with a stable base address, so query cursors can walk a segment's
/// postings through raw pointers while the segment is alive.
final class FixedBuffer<Element: BitwiseCopyable>: @unchecked Sendable {
    // Written only in init, read-only afterwards; that is what makes sharing it across threads safe.
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(_ elements: [Element]) {
        count = elements.count
        base = .allocate(capacity: max(1, elements.count))
        elements.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.initialize(from: address, count: source.count) }
        }
    }

    deinit { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element { base[index] }

    /// The elements as an array (serialization and merges).
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Bytes held.
    var byteCount: Int { count * MemoryLayout<Element>.stride }
}

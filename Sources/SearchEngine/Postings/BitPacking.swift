/// Fixed-width bit packing of a block's integers, little-endian: value i occupies bits
/// [i·width, (i+1)·width). Any value reads with one unaligned 8-byte load, so the buffer keeps
/// `padding` spare bytes at its end.
enum BitPacking {
    /// Spare bytes after the last block so every load stays inside the buffer.
    static let padding = 8

    /// Bits needed for `maximum` (0 when it is 0).
    @inline(__always)
    static func width(ofMaximum maximum: UInt32) -> Int { 32 - maximum.leadingZeroBitCount }

    /// Appends `values` at `width` bits each: exactly ⌈count·width / 8⌉ bytes.
    static func append(_ values: UnsafeBufferPointer<UInt32>, width: Int, to bytes: inout [UInt8]) {
        var accumulator: UInt64 = 0
        var bits = 0
        for value in values {
            accumulator |= UInt64(value) << UInt64(bits)
            bits += width
            while bits >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { bytes.append(UInt8(truncatingIfNeeded: accumulator)) }
    }

    /// Value `index` of a block packed at `width` bits from `base`.
    @inline(__always)
    static func read(_ base: UnsafePointer<UInt8>, index: Int, width: Int) -> UInt32 {
        // Masking shifts (&<<, &>>): the width is at most 32, and smart shifts would add range checks.
        let bit = index &* width
        let word = UnsafeRawPointer(base + (bit &>> 3)).loadUnaligned(as: UInt64.self)
        return UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & ((1 &<< UInt64(width)) &- 1))
    }
}

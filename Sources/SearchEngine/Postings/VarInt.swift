/// LEB128 variable-length unsigned integers: 7 bits a byte, the high bit set on all but the last.
enum VarInt {
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads one value at `offset` and moves `offset` past it; stops at five bytes so corrupt input cannot loop.
    @inline(__always)
    static func read(_ base: UnsafePointer<UInt8>, _ offset: inout Int) -> UInt32 {
        var byte = base[offset]
        offset += 1
        if byte < 0x80 { return UInt32(byte) }
        var value = UInt32(byte & 0x7F)
        var shift: UInt32 = 7
        repeat {
            byte = base[offset]
            offset += 1
            value |= UInt32(byte & 0x7F) << shift
            shift += 7
        } while byte >= 0x80 && shift < 35
        return value
    }
}

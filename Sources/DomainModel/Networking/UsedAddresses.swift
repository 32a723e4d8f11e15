/// The addresses of a network already taken, kept as sorted 32-bit numbers so that membership is a binary
/// search and the allocator can walk them in order; built once per allocation, in O(n log n) or O(n) when
/// the addresses come sorted (`ORDER BY` in the query).
public struct UsedAddresses: Sendable, Equatable {
    /// The addresses as numbers, ascending, without duplicates.
    public private(set) var values: [UInt32]

    public init(_ addresses: some Sequence<IPv4Address>) {
        self.init(values: addresses.map { $0.value })
    }

    /// The addresses among `texts`; text that is not an IPv4 address (an empty column, an IPv6 address) is skipped.
    public init(parsing texts: some Sequence<String>) {
        self.init(values: texts.compactMap { IPv4Address($0)?.value })
    }

    init(values unsorted: [UInt32]) {
        values = Self.sortedUnique(unsorted)
    }

    /// Sorts and removes duplicates. Addresses of one network lie close together, so when their span is at
    /// most 2^24 this marks them in a bitmap and reads it back — linear, and fast even in debug builds —
    /// and falls back to a comparison sort for addresses spread wider.
    static func sortedUnique(_ input: [UInt32]) -> [UInt32] {
        guard let low = input.min(), let high = input.max() else { return [] }
        let span = Int(high - low) + 1
        guard span <= 1 << 24 else {
            var sorted = input
            sorted.sort()
            var unique: [UInt32] = []
            unique.reserveCapacity(sorted.count)
            for value in sorted where unique.last != value { unique.append(value) }
            return unique
        }
        var words = [UInt64](repeating: 0, count: (span + 63) / 64)
        input.withUnsafeBufferPointer { values in
            words.withUnsafeMutableBufferPointer { bits in
                for value in values {
                    let offset = Int(value - low)
                    bits[offset >> 6] |= 1 << UInt64(offset & 63)
                }
            }
        }
        var result: [UInt32] = []
        result.reserveCapacity(input.count)
        for (index, word) in words.enumerated() where word != 0 {
            var remaining = word
            while remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                result.append(low + UInt32(index * 64 + bit))
                remaining &= remaining - 1
            }
        }
        return result
    }

    public var count: Int { values.count }

    public func contains(_ address: IPv4Address) -> Bool {
        let index = firstIndex(notBelow: UInt64(address.value))
        return index < values.count && values[index] == address.value
    }

    /// Adds an address, as after handing it out, so that the next allocation skips it.
    public mutating func insert(_ address: IPv4Address) {
        let index = firstIndex(notBelow: UInt64(address.value))
        if index < values.count && values[index] == address.value { return }
        values.insert(address.value, at: index)
    }

    /// The last index of the run of consecutive values that starts at `start` (values[start], values[start] + 1, …).
    func endOfRun(startingAt start: Int) -> Int {
        // values are unique and ascending, so values[j] - values[start] == j - start holds exactly on the run.
        var low = start
        var high = values.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if UInt64(values[middle]) - UInt64(values[start]) == UInt64(middle - start) { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The index of the first value ≥ `bound` (`count` when there is none).
    func firstIndex(notBelow bound: UInt64) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if UInt64(values[middle]) < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

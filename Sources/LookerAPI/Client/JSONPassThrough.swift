/// Streams a JSON array answer to the output without decoding it: finds the array's elements,
/// masks the values of secret keys on the way, and validates the structure enough to page safely.
///
/// `roster users list --format json` uses it: decoding 100,000 users only to encode them again
/// costs most of the time, and the server's JSON is already JSON. What it guarantees: the output
/// is the input's elements, unchanged but for secret string values replaced by `mask`, joined by
/// `separator`; anything that is not a well-formed array throws.
public enum JSONPassThrough {
    public struct Malformed: Error, Equatable {
        public var offset: Int
    }

    /// Appends the elements of the JSON array `input` to `out`; returns how many there were.
    /// `first` says whether nothing was written yet (no separator before the first element) and is
    /// updated. Secret keys are compared on their raw (unescaped) bytes.
    public static func appendElements(of input: UnsafeRawBufferPointer, to out: inout [UInt8], first: inout Bool,
                                      separator: [UInt8], secretKeys: Set<[UInt8]>, mask: [UInt8]) throws(Malformed) -> Int {
        let n = input.count
        var i = 0
        func skipSpace() {
            while i < n {
                let b = input[i]
                guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
                i += 1
            }
        }
        func endOfString(_ start: Int) throws(Malformed) -> Int {
            var j = start + 1
            while j < n {
                let b = input[j]
                if b == 0x22 { return j + 1 }
                j += b == 0x5C ? 2 : 1
            }
            throw Malformed(offset: start)
        }

        skipSpace()
        guard i < n, input[i] == 0x5B else { throw Malformed(offset: i) }   // [
        i += 1
        skipSpace()
        if i < n, input[i] == 0x5D {   // ]
            i += 1
            skipSpace()
            guard i == n else { throw Malformed(offset: i) }
            return 0
        }
        var count = 0
        while true {
            skipSpace()
            guard i < n else { throw Malformed(offset: i) }
            if !first { out.append(contentsOf: separator) }
            first = false
            var copyFrom = i
            var stack: [UInt8] = []
            var expectKey = false
            var secretValue = false
            repeat {
                skipSpace()
                guard i < n else { throw Malformed(offset: i) }
                let c = input[i]
                switch c {
                case 0x7B:   // {
                    stack.append(c); expectKey = true; secretValue = false; i += 1
                case 0x5B:   // [
                    stack.append(c); expectKey = false; secretValue = false; i += 1
                case 0x7D, 0x5D:   // } ]
                    guard let open = stack.popLast(), open == (c == 0x7D ? 0x7B : 0x5B) else { throw Malformed(offset: i) }
                    expectKey = false; secretValue = false; i += 1
                case 0x2C:   // ,
                    guard !stack.isEmpty else { throw Malformed(offset: i) }
                    expectKey = stack.last == 0x7B; i += 1
                case 0x3A:   // :
                    guard stack.last == 0x7B else { throw Malformed(offset: i) }
                    expectKey = false; i += 1
                case 0x22:   // "
                    let start = i
                    i = try endOfString(start)
                    if expectKey {
                        let key = Array(UnsafeRawBufferPointer(rebasing: input[(start + 1)..<(i - 1)]))
                        secretValue = secretKeys.contains(key)
                        expectKey = false
                    } else {
                        if secretValue {
                            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[copyFrom..<start]))
                            out.append(contentsOf: mask)
                            copyFrom = i
                        }
                        secretValue = false
                    }
                default:   // a number, true, false or null
                    let start = i
                    while i < n {
                        let b = input[i]
                        if b == 0x2C || b == 0x7D || b == 0x5D || b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { break }
                        i += 1
                    }
                    guard i > start else { throw Malformed(offset: i) }
                    secretValue = false
                }
            } while !stack.isEmpty
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[copyFrom..<i]))
            count += 1
            skipSpace()
            guard i < n else { throw Malformed(offset: i) }
            if input[i] == 0x2C { i += 1; continue }
            if input[i] == 0x5D {
                i += 1
                skipSpace()
                guard i == n else { throw Malformed(offset: i) }
                return count
            }
            throw Malformed(offset: i)
        }
    }
}

extension LookerClient {
    /// One page of users as the server's raw JSON (for pass-through output).
    public func usersPageJSON(search: UserSearch?, limit: Int, offset: Int, fields: String?, sorts: String) async throws(LookerError) -> [UInt8] {
        var query: [(String, String?)] = [("fields", fields), ("limit", String(limit)), ("offset", String(offset)), ("sorts", sorts)]
        var path = "/users"
        if let search {
            path = "/users/search"
            query += search.query
        }
        let answer = try await send(.GET, path, query: query)
        return Array(answer.body.readableBytesView)
    }
}

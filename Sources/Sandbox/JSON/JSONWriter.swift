/// Writes JSON straight into a byte array: no intermediate dictionaries, correct string escaping.
///
/// Commas are placed automatically: a value or an opening bracket gets one when something came before it
/// at the same level. Callers must pair `beginObject`/`endObject` and put a `key` before each object value.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int = 1_024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    mutating func key(_ name: String) {
        separate()
        appendQuoted(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String?) {
        separate()
        if let value { appendQuoted(value) } else { appendNull() }
        needsComma = true
    }

    mutating func bool(_ value: Bool?) {
        separate()
        if let value { bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes) } else { appendNull() }
        needsComma = true
    }

    mutating func int(_ value: Int?) {
        separate()
        if let value { bytes.append(contentsOf: String(value).utf8) } else { appendNull() }
        needsComma = true
    }

    /// A number with a fraction when it has one (`500`, `12.5`); null when missing or not finite.
    mutating func double(_ value: Double?) {
        separate()
        if let value, value.isFinite {
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            bytes.append(contentsOf: text.utf8)
        } else {
            appendNull()
        }
        needsComma = true
    }

    mutating func null() {
        separate()
        appendNull()
        needsComma = true
    }

    mutating func strings(_ values: [String]?) {
        guard let values else { return null() }
        beginArray()
        for value in values { string(value) }
        endArray()
    }

    /// A string-to-bool map such as `can`.
    mutating func flags(_ values: KeyValuePairs<String, Bool>) {
        beginObject()
        for (name, value) in values {
            key(name)
            bool(value)
        }
        endObject()
    }

    /// A string-to-string map such as `ui_state`, keys sorted so output is stable.
    mutating func stringMap(_ values: [String: String]?) {
        guard let values else { return null() }
        beginObject()
        for name in values.keys.sorted() {
            key(name)
            string(values[name])
        }
        endObject()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private mutating func appendNull() {
        bytes.append(contentsOf: Self.nullBytes)
    }

    private mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var plainStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<index]))
                    appendEscape(byte)
                    plainStart = index + 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)
}

extension JSONWriter {
    // Keyed helpers: write `"name":value` only when the `fields` selection asks for the key.

    mutating func field(_ name: String, _ value: @autoclosure () -> String?, _ selection: FieldSelection) {
        guard selection.includes(name) else { return }
        key(name)
        string(value())
    }

    mutating func field(_ name: String, _ value: Bool?, _ selection: FieldSelection) {
        guard selection.includes(name) else { return }
        key(name)
        bool(value)
    }

    mutating func field(_ name: String, _ value: [String]?, _ selection: FieldSelection) {
        guard selection.includes(name) else { return }
        key(name)
        strings(value)
    }

    mutating func field(_ name: String, flags: KeyValuePairs<String, Bool>, _ selection: FieldSelection) {
        guard selection.includes(name) else { return }
        key(name)
        self.flags(flags)
    }
}

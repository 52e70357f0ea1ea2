import Foundation
import Testing
import LookerAPI

/// Pins the JSON face of every model: for each property, its Swift type, the exact key it decodes
/// from and encodes to, and the JSON written for its value; the memberwise init's labels in order;
/// that unknown keys are ignored, missing keys decode to nil and nil properties are left out.
@Suite struct ModelKeyTests {
    @Test func everyPropertyHasAPinInDeclarationOrder() {
        for fixture in ModelPins.all { fixture.checkDeclaration() }
    }

    @Test func eachKeyAloneDecodesToItsPropertyAndEncodesBack() throws {
        for fixture in ModelPins.all { try fixture.checkSingleKeys() }
    }

    @Test func allKeysTogetherRoundTrip() throws {
        for fixture in ModelPins.all { try fixture.checkWholeObject() }
    }

    @Test func unknownKeysAreIgnoredAndNilIsLeftOut() throws {
        for fixture in ModelPins.all { try fixture.checkEmptyAndUnknown() }
    }
}

/// The models and their pins, in one list so that no test forgets one.
enum ModelPins {
    static var all: [any ModelFixture] {
        [
            user, credentialsEmail, session,
            credentialsSaml, credentialsGoogle, credentialsOIDC, credentialsLDAP, credentialsTotp,
            credentialsLookerOpenid, credentialsWorkforce, credentialsApi3, credentialsEmbed,
            accessToken, validationErrorDetail, validationError,
            writeCredentialsEmail, writeUser, lookerErrorBody,
        ]
    }
}

/// One property pinned: its key path and Swift type (a different type does not compile), its exact
/// JSON key, and the JSON an encoder writes for the value the fixture's `full` model holds.
struct Pin<Model> {
    let key: String
    let json: String
    /// The same value as older servers send it (ids as numbers), which must decode alike.
    let numbers: String?
    let copy: (Model, inout Model) -> Void

    init<Value>(_ path: WritableKeyPath<Model, Value?>, _: Value.Type, _ key: String, _ json: String,
                numbers: String? = nil) {
        self.key = key
        self.json = json
        self.numbers = numbers
        copy = { from, to in to[keyPath: path] = from[keyPath: path] }
    }
}

/// A model built with every init label in order (`full`), with no arguments (`empty`), and one pin
/// per stored property in declaration order.
struct Pins<Model: Codable & Equatable>: ModelFixture {
    let empty: Model
    let full: Model
    let pins: [Pin<Model>]

    var name: String { String(describing: Model.self) }

    /// Pin i sets exactly the i-th stored property, and every stored property has a pin.
    func checkDeclaration() {
        #expect(Mirror(reflecting: full).children.count == pins.count, "\(name)")
        for (i, pin) in pins.enumerated() {
            var one = empty
            pin.copy(full, &one)
            let set = Mirror(reflecting: one).children.enumerated().filter { !isNil($0.element.value) }.map(\.offset)
            #expect(set == [i], "\(name).\(pin.key)")
        }
    }

    func checkSingleKeys() throws {
        for pin in pins {
            var expected = empty
            pin.copy(full, &expected)
            let object = "{\"\(pin.key)\":\(pin.json)}"
            #expect(try decode(object) == expected, "\(name).\(pin.key)")
            #expect(try JSON.parse(encode(expected)) == JSON.parse(object), "\(name).\(pin.key)")
            if let numbers = pin.numbers {
                #expect(try decode("{\"\(pin.key)\":\(numbers)}") == expected, "\(name).\(pin.key) as numbers")
            }
        }
    }

    func checkWholeObject() throws {
        #expect(Set(pins.map(\.key)).count == pins.count, "\(name): a key is pinned twice")
        let object = "{" + pins.map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",") + "}"
        #expect(try decode(object) == full, "\(name)")
        #expect(try JSON.parse(encode(full)) == JSON.parse(object), "\(name)")
    }

    func checkEmptyAndUnknown() throws {
        #expect(try decode("{}") == empty, "\(name)")
        #expect(try encode(empty) == "{}", "\(name)")
        let known = pins.map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",")
        #expect(try decode("{\"zz_new\":{\"a\":[1,null]}," + known + "}") == full, "\(name)")
    }

    private func decode(_ text: String) throws -> Model {
        try JSONDecoder().decode(Model.self, from: Data(text.utf8))
    }

    private func encode(_ model: Model) throws -> String {
        String(decoding: try JSONEncoder().encode(model), as: UTF8.self)
    }
}

protocol ModelFixture {
    func checkDeclaration()
    func checkSingleKeys() throws
    func checkWholeObject() throws
    func checkEmptyAndUnknown() throws
}

private func isNil(_ value: Any) -> Bool {
    let mirror = Mirror(reflecting: value)
    return mirror.displayStyle == .optional && mirror.children.isEmpty
}

/// JSON as a value, to compare documents whatever their key order.
enum JSON: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    static func parse(_ text: String) throws -> JSON {
        try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else if let s = try? c.decode(String.self) {
            self = .string(s)
        } else if let a = try? c.decode([JSON].self) {
            self = .array(a)
        } else {
            self = .object(try c.decode([String: JSON].self))
        }
    }
}

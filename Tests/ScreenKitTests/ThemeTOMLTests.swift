import Testing
@testable import ScreenKit

@Suite("Theme TOML subset")
struct ThemeTOMLTests {
    @Test func readsEveryValueKindWithItsLine() throws {
        let text = """
        # a comment line
        title = "q\\"uote \\\\ nl\\n tab\\t \\u00e9 \\U0001F600"  # comment after a value
        path = 'C:\\dir\\n'
        negative = -42
        grouped = 1_000
        yes = true
        no = false

        list = ["bold", "underline",]
        multi = [
          "a",  # a comment inside an array
          'b'
        ]
        inline = { fg = "red", n = 1 }
        "quoted key" = "x"
        [a.b]
        k = "v"
        [a]
        x = 1
        """
        let root = try TOML.parse(text)
        #expect(root.keys == ["title", "path", "negative", "grouped", "yes", "no", "list", "multi", "inline", "quoted key", "a"])
        #expect(root["title"] == TOMLValue(.string("q\"uote \\ nl\n tab\t é 😀"), line: 2))
        #expect(root["path"] == TOMLValue(.string("C:\\dir\\n"), line: 3))
        #expect(root["negative"] == TOMLValue(.integer(-42), line: 4))
        #expect(root["grouped"] == TOMLValue(.integer(1000), line: 5))
        #expect(root["yes"] == TOMLValue(.boolean(true), line: 6))
        #expect(root["no"] == TOMLValue(.boolean(false), line: 7))
        #expect(root["list"] == TOMLValue(.array([TOMLValue(.string("bold"), line: 9), TOMLValue(.string("underline"), line: 9)]), line: 9))
        #expect(root["multi"] == TOMLValue(.array([TOMLValue(.string("a"), line: 11), TOMLValue(.string("b"), line: 12)]), line: 10))
        let inline = try #require(root["inline"]?.table)
        #expect(inline.keys == ["fg", "n"])
        #expect(inline["fg"] == TOMLValue(.string("red"), line: 14))
        #expect(inline["n"] == TOMLValue(.integer(1), line: 14))
        #expect(root["quoted key"]?.string == "x")

        let a = try #require(root["a"])
        #expect(a.line == 18)  // the explicit [a] header, which came after the implied one
        let aTable = try #require(a.table)
        #expect(aTable.keys == ["b", "x"])
        #expect(aTable["x"] == TOMLValue(.integer(1), line: 19))
        let b = try #require(aTable["b"])
        #expect(b.line == 16)
        #expect(b.table?["k"] == TOMLValue(.string("v"), line: 17))
    }

    @Test func countsCRLFLinesAndSkipsByteOrderMark() throws {
        let root = try TOML.parse("\u{FEFF}a = 1\r\nb = 'x'\r\n\r\nc = true\r\n")
        #expect(root["a"] == TOMLValue(.integer(1), line: 1))
        #expect(root["b"] == TOMLValue(.string("x"), line: 2))
        #expect(root["c"] == TOMLValue(.boolean(true), line: 4))
        #expect(throws: TOMLError(line: 3, reason: "unexpected \"2\" after the value")) {
            try TOML.parse("a = 1\r\n\r\nb = 1 2\r\n")
        }
    }

    @Test func emptyTextIsAnEmptyTable() throws {
        #expect(try TOML.parse("").isEmpty)
        #expect(try TOML.parse("  # only a comment\n\n").isEmpty)
    }

    static let errors: [(text: String, line: Int, reason: String)] = [
        ("a = \"abc", 1, "unterminated string (missing closing \")"),
        ("\n\na = 'abc\nb = 1", 3, "unterminated string (missing closing ')"),
        ("a = \"x\\q\"", 1, "invalid escape \\q in a string"),
        ("a = \"\\u12\"", 1, "\\u needs 4 hex digits"),
        ("a = \"\\uD800\"", 1, "\\u escape D800 is not a Unicode scalar value"),
        ("a = \"x\u{1}\"", 1, "control character U+0001 in a string; write it as an escape"),
        ("a = \"\"\"x\"\"\"", 1, "multi-line strings (\"\"\") are not supported"),
        ("a = 1\nb = 2\na = 3", 3, "the key \"a\" is defined twice (first on line 1)"),
        ("[t]\nx = 1\n[t]", 3, "table [t] is defined twice (first on line 1)"),
        ("a = 1\n[a.b]", 2, "a is already defined as an integer on line 1"),
        ("[a.b]\n[a]\nb = 1", 3, "\"b\" is already defined as a table on line 1"),
        ("x = { y = 1 }\n[x]", 2, "x is already defined as a table on line 1"),
        ("\n[[t]]", 2, "arrays of tables ([[…]]) are not supported"),
        ("[a", 1, "expected \"]\" to close the table header, found the end of the text"),
        ("[]", 1, "expected a key, found \"]\""),
        ("[a] x = 1", 1, "unexpected \"x\" after the table header"),
        ("a.b = 1", 1, "dotted keys (a.b = …) are not supported; use a [table] header"),
        ("a 1", 1, "expected \"=\" after the key \"a\", found \"1\""),
        ("= 1", 1, "expected a key, found \"=\""),
        ("a =", 1, "expected a value, found the end of the text"),
        ("a = # nothing\n", 1, "expected a value, found \"#\""),
        ("a = bar", 1, "expected a value, found \"bar\" (strings need quotes)"),
        ("a = 1.5", 1, "floats are not supported, found \"1.5\""),
        ("a = inf", 1, "floats are not supported, found \"inf\""),
        ("a = 1979-05-27", 1, "dates and times are not supported, found \"1979-05-27\""),
        ("a = 0x1F", 1, "only decimal integers are supported, found \"0x1F\""),
        ("a = 012", 1, "invalid integer \"012\": leading zeros"),
        ("a = 1__0", 1, "invalid integer \"1__0\": \"_\" must sit between digits"),
        ("a = 99999999999999999999", 1, "integer \"99999999999999999999\" is out of range"),
        ("a = 1 2", 1, "unexpected \"2\" after the value"),
        ("a = [\"x\"\n\"y\"]", 2, "expected \",\" or \"]\" in the array, found \"\\\"y\\\"]\""),
        ("a = [\"x\",\n", 1, "unterminated array (missing \"]\")"),
        ("a = [,]", 1, "expected a value, found \",]\""),
        ("a = { b = 1, }", 1, "a trailing comma is not allowed in an inline table"),
        ("a = { b = 1,\nc = 2 }", 1, "an inline table must close on the line it starts (missing \"}\")"),
        ("a = { b = 1 c = 2 }", 1, "expected \",\" or \"}\" in the inline table, found \"c\""),
        ("a = { b = 1, b = 2 }", 1, "the key \"b\" is defined twice in the inline table"),
        ("a = 1\rb = 2", 1, "a carriage return must be followed by a line feed"),
    ]

    @Test(arguments: errors)
    func reportsErrorsWithTheirLine(_ example: (text: String, line: Int, reason: String)) {
        #expect(throws: TOMLError(line: example.line, reason: example.reason)) {
            try TOML.parse(example.text)
        }
    }

    @Test func errorDescriptionNamesTheLine() {
        #expect(TOMLError(line: 7, reason: "bad").description == "line 7: bad")
    }
}

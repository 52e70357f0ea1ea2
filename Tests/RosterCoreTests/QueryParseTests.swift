import Testing
@testable import RosterCore

/// The filter's parser: every qualifier, negation, quoting, whitespace, and bad input with its exact text.
@Suite struct QueryParseTests {
    static func terms(_ text: String) -> [QueryTerm]? {
        try? Query.parse(text).get().terms
    }

    static func error(_ text: String) -> String? {
        if case .failure(let e) = Query.parse(text) { return e.reason }
        return nil
    }

    static let day20260101: Int32 = 20_454   // days from 1970-01-01 to 2026-01-01

    @Test func everyQualifier() {
        #expect(Self.terms("is:disabled") == [QueryTerm(.disabled)])
        #expect(Self.terms("is:enabled") == [QueryTerm(.enabled)])
        #expect(Self.terms("has:email") == [QueryTerm(.hasEmail)])
        #expect(Self.terms("no:email") == [QueryTerm(.hasEmail, negated: true)])
        #expect(Self.terms("login:saml") == [QueryTerm(.login(.saml))])
        #expect(Self.terms("login:looker_openid") == [QueryTerm(.login(.looker_openid))])
        #expect(Self.terms("login:totp") == [QueryTerm(.login(.totp))])
        #expect(Self.terms("domain:acme.com") == [QueryTerm(.domain("acme.com"))])
        #expect(Self.terms("domain:@ACME.com") == [QueryTerm(.domain("acme.com"))])
        #expect(Self.terms("never-logged-in") == [QueryTerm(.neverLoggedIn)])
        #expect(Self.terms("forced-reset") == [QueryTerm(.forcedReset)])
        #expect(Self.terms("dup:email") == [QueryTerm(.duplicateEmail)])
        #expect(Self.terms("last-login:<90d") == [QueryTerm(.lastLoginWithin(days: 90))])
        #expect(Self.terms("last-login:>90d") == [QueryTerm(.lastLoginOlder(days: 90))])
        #expect(Self.terms("last-login:<2w") == [QueryTerm(.lastLoginWithin(days: 14))])
        #expect(Self.terms("last-login:>6m") == [QueryTerm(.lastLoginOlder(days: 180))])
        #expect(Self.terms("last-login:>1y") == [QueryTerm(.lastLoginOlder(days: 365))])
        #expect(Self.terms("last-login:<2026-01-01") == [QueryTerm(.lastLoginBefore(day: Self.day20260101))])
        #expect(Self.terms("last-login:>2026-01-01") == [QueryTerm(.lastLoginAfter(day: Self.day20260101))])
    }

    @Test func qualifiersIgnoreCase() {
        #expect(Self.terms("IS:Disabled Login:SAML Never-Logged-In") == [QueryTerm(.disabled), QueryTerm(.login(.saml)), QueryTerm(.neverLoggedIn)])
    }

    @Test func negationAndText() {
        #expect(Self.terms("-is:disabled") == [QueryTerm(.disabled, negated: true)])
        #expect(Self.terms("-no:email") == [QueryTerm(.hasEmail)])
        #expect(Self.terms("-acme") == [QueryTerm(.text("acme"), negated: true)])
        #expect(Self.terms("Ann") == [QueryTerm(.text("ann"))])
        // A dash inside a word is text, not negation.
        #expect(Self.terms("jean-luc") == [QueryTerm(.text("jean-luc"))])
        // Words with a colon that are not `letters:` stay text.
        #expect(Self.terms("12:30 :x") == [QueryTerm(.text("12:30")), QueryTerm(.text(":x"))])
    }

    @Test func textIsFoldedAsTheKeysAre() {
        // "É" typed as E + U+0301 becomes precomposed lower-case "é".
        #expect(Self.terms("JOSE\u{301}") == [QueryTerm(.text("jos\u{e9}"))])
    }

    @Test func quotesMakeOneTextTerm() {
        #expect(Self.terms("\"ann lee\" is:enabled") == [QueryTerm(.text("ann lee")), QueryTerm(.enabled)])
        #expect(Self.terms("-\"ann lee\"") == [QueryTerm(.text("ann lee"), negated: true)])
        // A quoted qualifier is text.
        #expect(Self.terms("\"is:bogus\"") == [QueryTerm(.text("is:bogus"))])
        // An unclosed quote runs to the end (so typing one never errs); empty quotes are nothing.
        #expect(Self.terms("\"ann le") == [QueryTerm(.text("ann le"))])
        #expect(Self.terms("\"\" ann") == [QueryTerm(.text("ann"))])
    }

    @Test func whitespaceSeparatesAndIsOtherwiseIgnored() throws {
        #expect(Self.terms("   ") == [])
        #expect(Self.terms("") == [])
        #expect(Self.terms("  ann \t  is:enabled  ") == [QueryTerm(.text("ann")), QueryTerm(.enabled)])
        #expect(try Query.parse("ann  ").get() == Query.parse("ann").get())
    }

    @Test func badInputSaysWhyExactly() {
        #expect(Self.error("foo:bar") == "unknown qualifier \"foo:\"")
        #expect(Self.error("ann -foo:") == "unknown qualifier \"foo:\"")
        #expect(Self.error("is:bogus") == "is: takes enabled or disabled, not \"bogus\"")
        #expect(Self.error("is:") == "is: takes enabled or disabled")
        #expect(Self.error("has:phone") == "has: takes email, session or api-key, not \"phone\"")
        #expect(Self.error("no:") == "no: takes email, session or api-key")
        #expect(Self.error("login:okta") ==
            "login: takes email, saml, google, oidc, ldap, looker_openid, workforce, embed, api, totp, not \"okta\"")
        #expect(Self.error("domain:") == "domain: takes a domain, e.g. domain:acme.com")
        #expect(Self.error("domain:a@b.com") == "domain: takes a domain, e.g. domain:acme.com, not \"a@b.com\"")
        #expect(Self.error("last-login:soon") ==
            "last-login: takes <N or >N with d, w, m or y (<90d), or <DATE or >DATE (>2026-01-01), not \"soon\"")
        #expect(Self.error("last-login:<90") != nil)      // a unit is needed
        #expect(Self.error("last-login:<9x") != nil)
        #expect(Self.error("last-login:<+9d") != nil)
        #expect(Self.error("last-login:<2026-02-30") != nil)   // no such day
        #expect(Self.error("last-login:=2026-01-01") != nil)
        #expect(Self.error("dup:name") == "dup: takes email, not \"name\"")
        #expect(Self.error("-") == "\"-\" needs a term after it")
        #expect(Self.error("ann - lee") == "\"-\" needs a term after it")
    }

    @Test func theMessageListsTheValidQualifiers() {
        guard case .failure(let e) = Query.parse("is:bogus") else { Issue.record("parsed"); return }
        #expect(e.message == "is: takes enabled or disabled, not \"bogus\"; valid: is:enabled is:disabled has:email no:email "
            + "login:TYPE domain:NAME never-logged-in last-login:<90d last-login:>2026-01-01 forced-reset dup:email "
            + "role:NAME group:NAME has:api-key has:session")
    }

    @Test func narrowingNeedsEveryOldTermOrALongerText() throws {
        let q = { (s: String) in try Query.parse(s).get() }
        #expect(try q("ann is:enabled").narrows(q("an is:enabled")))
        #expect(try q("ann is:enabled").narrows(q("is:enabled")))
        #expect(try !q("ann").narrows(q("ann is:enabled")))
        // A longer negative text excludes less: not a narrowing.
        #expect(try !q("-ann").narrows(q("-an")))
        #expect(try !q("is:disabled").narrows(q("is")))
    }

    @Test func searchTextIsTheLongestPositiveText() throws {
        #expect(try Query.parse("an -smithson \"ann lee\" is:enabled").get().searchText == "ann lee")
        #expect(try Query.parse("is:enabled -ann").get().searchText == nil)
    }

    @Test func timestampsInEverySpellingLandOnTheirUTCDay() {
        // 2024-03-02T10:11:12Z is day 19784.
        for stamp in ["2024-03-02T10:11:12.000+00:00", "2024-03-02 02:11:12 -0800", "2024-03-02T10:11:12Z",
                      "2024-03-02T15:41:12.000+05:30", "2024-03-02"] {
            #expect(LoginTime.epochDay(from: stamp) == 19_784, "\(stamp)")
        }
        // Late in the evening in California is the next day in UTC.
        #expect(LoginTime.epochDay(from: "2024-03-02 20:00:00 -0800") == 19_785)
        #expect(LoginTime.epochSeconds(from: "2024-03-02T10:11:12Z") == 1_709_374_272)
        for bad in ["", "yesterday", "2024-13-01", "2024-03-02T25:00:00Z", "2024-03-02T10:11:12+0", "2024-03-02X"] {
            #expect(LoginTime.epochDay(from: bad) == nil, "\(bad)")
        }
    }
}

import LookerAPI

// Login, error and write bodies, pinned key by key (see `ModelKeyTests`).

extension ModelPins {
    static var accessToken: Pins<AccessToken> {
        Pins(empty: AccessToken(), full: AccessToken(
            accessToken: "a1",
            tokenType: "t2",
            expiresIn: 30,
            refreshToken: "r4"
        ), pins: [
            Pin(\.accessToken, String.self, "access_token", #""a1""#),
            Pin(\.tokenType, String.self, "token_type", #""t2""#),
            Pin(\.expiresIn, Int64.self, "expires_in", #"30"#),
            Pin(\.refreshToken, String.self, "refresh_token", #""r4""#),
        ])
    }

    static var validationErrorDetail: Pins<ValidationErrorDetail> {
        Pins(empty: ValidationErrorDetail(), full: ValidationErrorDetail(
            field: "f5",
            code: "c6",
            message: "m7",
            documentationURL: "d8"
        ), pins: [
            Pin(\.field, String.self, "field", #""f5""#),
            Pin(\.code, String.self, "code", #""c6""#),
            Pin(\.message, String.self, "message", #""m7""#),
            Pin(\.documentationURL, String.self, "documentation_url", #""d8""#),
        ])
    }

    static var validationError: Pins<ValidationError> {
        Pins(empty: ValidationError(), full: ValidationError(
            message: "m9",
            errors: [ValidationErrorDetail(field: "f10")],
            documentationURL: "d11"
        ), pins: [
            Pin(\.message, String.self, "message", #""m9""#),
            Pin(\.errors, [ValidationErrorDetail].self, "errors", #"[{"field":"f10"}]"#),
            Pin(\.documentationURL, String.self, "documentation_url", #""d11""#),
        ])
    }

    static var writeCredentialsEmail: Pins<WriteCredentialsEmail> {
        Pins(empty: WriteCredentialsEmail(), full: WriteCredentialsEmail(
            email: "e12",
            forcedPasswordResetAtNextLogin: true
        ), pins: [
            Pin(\.email, String.self, "email", #""e12""#),
            Pin(\.forcedPasswordResetAtNextLogin, Bool.self, "forced_password_reset_at_next_login", #"true"#),
        ])
    }

    static var writeUser: Pins<WriteUser> {
        Pins(empty: WriteUser(), full: WriteUser(
            firstName: "f14",
            lastName: "l15",
            isDisabled: true,
            locale: "l17"
        ), pins: [
            Pin(\.firstName, String.self, "first_name", #""f14""#),
            Pin(\.lastName, String.self, "last_name", #""l15""#),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.locale, String.self, "locale", #""l17""#),
        ])
    }

    static var lookerErrorBody: Pins<LookerErrorBody> {
        Pins(empty: LookerErrorBody(), full: LookerErrorBody(
            message: "m18",
            documentationURL: "d19"
        ), pins: [
            Pin(\.message, String.self, "message", #""m18""#),
            Pin(\.documentationURL, String.self, "documentation_url", #""d19""#),
        ])
    }
}

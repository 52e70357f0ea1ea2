import Testing
import LookerAPI

/// The owned-content models pinned key by key, with the same checks as `ModelKeyTests`: the write
/// bodies carry exactly one key each, and an alert's threshold is a number.
@Suite struct ContentModelKeyTests {
    static var all: [any ModelFixture] { [alert, writeScheduledPlanOwner, writeAlertOwner, writeDashboardFolder, writeLookFolder] }

    @Test func everyPropertyHasAPinInDeclarationOrder() {
        for fixture in Self.all { fixture.checkDeclaration() }
    }

    @Test func eachKeyAloneDecodesToItsPropertyAndEncodesBack() throws {
        for fixture in Self.all { try fixture.checkSingleKeys() }
    }

    @Test func allKeysTogetherRoundTrip() throws {
        for fixture in Self.all { try fixture.checkWholeObject() }
    }

    @Test func unknownKeysAreIgnoredAndNilIsLeftOut() throws {
        for fixture in Self.all { try fixture.checkEmptyAndUnknown() }
    }

    static var alert: Pins<Alert> {
        Pins(empty: Alert(), full: Alert(
            comparisonType: "c1", cron: "c2", customTitle: "c3", dashboardElementID: "4", description: "d5", id: "6",
            isDisabled: true, disabledReason: "d8", isPublic: true, lookmlDashboardID: "l10", ownerID: "11",
            ownerDisplayName: "o12", threshold: 13.5
        ), pins: [
            Pin(\.comparisonType, String.self, "comparison_type", #""c1""#),
            Pin(\.cron, String.self, "cron", #""c2""#),
            Pin(\.customTitle, String.self, "custom_title", #""c3""#),
            Pin(\.dashboardElementID, LookerID.self, "dashboard_element_id", #""4""#, numbers: "4"),
            Pin(\.description, String.self, "description", #""d5""#),
            Pin(\.id, LookerID.self, "id", #""6""#, numbers: "6"),
            Pin(\.isDisabled, Bool.self, "is_disabled", #"true"#),
            Pin(\.disabledReason, String.self, "disabled_reason", #""d8""#),
            Pin(\.isPublic, Bool.self, "is_public", #"true"#),
            Pin(\.lookmlDashboardID, String.self, "lookml_dashboard_id", #""l10""#),
            Pin(\.ownerID, LookerID.self, "owner_id", #""11""#, numbers: "11"),
            Pin(\.ownerDisplayName, String.self, "owner_display_name", #""o12""#),
            Pin(\.threshold, Double.self, "threshold", #"13.5"#),
        ])
    }

    static var writeScheduledPlanOwner: Pins<WriteScheduledPlanOwner> {
        Pins(empty: WriteScheduledPlanOwner(), full: WriteScheduledPlanOwner(userID: "14"),
             pins: [Pin(\.userID, String.self, "user_id", #""14""#)])
    }

    static var writeAlertOwner: Pins<WriteAlertOwner> {
        Pins(empty: WriteAlertOwner(), full: WriteAlertOwner(ownerID: "15"), pins: [Pin(\.ownerID, String.self, "owner_id", #""15""#)])
    }

    static var writeDashboardFolder: Pins<WriteDashboardFolder> {
        Pins(empty: WriteDashboardFolder(), full: WriteDashboardFolder(folderID: "16"),
             pins: [Pin(\.folderID, String.self, "folder_id", #""16""#)])
    }

    static var writeLookFolder: Pins<WriteLookFolder> {
        Pins(empty: WriteLookFolder(), full: WriteLookFolder(folderID: "17"), pins: [Pin(\.folderID, String.self, "folder_id", #""17""#)])
    }
}

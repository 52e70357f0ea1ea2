/// A semantic role of a cell. The core says what a cell *means*; only the terminal backend,
/// through a theme, decides what it looks like. Raw values are the keys used in theme files.
public enum Role: String, CaseIterable, Sendable, Hashable {
    case normal
    case header
    case badge          // mode badges: READ-ONLY, DEMO
    case border
    case title          // pane titles
    case columnHeader
    case selection      // the selected row in the focused pane
    case selectionInactive // the selected row when the other pane has focus
    case dim
    case label          // form labels
    case input          // an editable field
    case inputFocused   // the editable field with focus
    case changed        // a field edited but not saved
    case fieldError     // an inline error under a field
    case warning
    case error
    case success
    case status         // the status line
    case keyHint
    case escaped        // a visible placeholder for a control/bidi/zero-width character
    case overlay        // dialogs and the help overlay
    case masked         // secrets shown masked
    case mark           // marked rows (the bulk selection): the glyph and the "N marked" count
}

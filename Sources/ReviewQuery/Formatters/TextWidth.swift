import ReviewModel

/// Terminal display width of text: East Asian Wide and Fullwidth characters take two columns, combining
/// marks and zero-width characters none, everything else one (Unicode UAX #11, the ranges that occur in
/// Chinese text).
public func displayWidth(_ text: some StringProtocol) -> Int {
    var width = 0
    for scalar in text.unicodeScalars {
        width += scalarWidth(scalar)
    }
    return width
}

@inline(__always)
func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return value < 0x20 || (value >= 0x7F && value < 0xA0) ? 0 : 1 }
    switch value {
    case 0x300...0x36F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0xFE00...0xFE0F, 0xFEFF:
        return 0
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
        0x20000...0x3FFFD:
        return 2
    default:
        return 1
    }
}

/// Text made safe to print on a terminal: control characters (including ESC, which starts terminal
/// escape sequences), line breaks and bidirectional overrides become visible `\u{…}` escapes.
public func terminalSafe(_ text: String) -> String {
    escapingHiddenCharacters(text, lineBreaksAllowed: false)
}

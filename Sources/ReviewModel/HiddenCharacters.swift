/// Characters that do not show as themselves: C0 controls and DEL (ESC starts terminal escape
/// sequences) and the bidirectional-formatting characters that can make one name display as another.
/// Tab and line breaks count as hidden only when `lineBreaksAllowed` is false.
public func isHiddenCharacter(_ scalar: Unicode.Scalar, lineBreaksAllowed: Bool) -> Bool {
    let value = scalar.value
    if value == 0x09 || value == 0x0A || value == 0x0D { return !lineBreaksAllowed }
    return value < 0x20 || (0x7F..<0xA0).contains(value) || (0x202A...0x202E).contains(value)
        || (0x2066...0x2069).contains(value) || value == 0x200E || value == 0x200F || value == 0x061C
}

/// `text` with every hidden character written as a visible escape, `\u{202E}`.
public func escapingHiddenCharacters(_ text: String, lineBreaksAllowed: Bool) -> String {
    guard text.unicodeScalars.contains(where: { isHiddenCharacter($0, lineBreaksAllowed: lineBreaksAllowed) }) else {
        return text
    }
    var result = ""
    for scalar in text.unicodeScalars {
        if isHiddenCharacter(scalar, lineBreaksAllowed: lineBreaksAllowed) {
            result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}

import Foundation
import ReviewModel

#if canImport(Glibc)
    import Glibc
#endif

/// The encoding CSV and Markdown files are read in. UTF-8 is the default; GB18030 (a superset of GBK
/// and GB2312) is what Excel saves as "CSV" on Chinese Windows.
public enum ContentEncoding: String, CaseIterable, Sendable {
    case utf8 = "utf-8"
    case gb18030

    /// Converts a file's bytes to UTF-8, strictly: the first byte sequence that is not valid in the
    /// declared encoding is an error naming its line.
    ///
    /// - Returns: the UTF-8 bytes, or the 1-based line of the first invalid sequence.
    func toUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], InvalidText> {
        switch self {
        case .utf8: return .success(Array(bytes))
        case .gb18030: return iconvConvert(bytes, from: "GB18030")
        }
    }
}

/// Bytes that are not valid text in the declared encoding.
struct InvalidText: Error {
    /// 1-based line of the first invalid byte.
    let line: Int
    let offset: Int

    /// The error message, for a file read as `encoding`.
    func message(_ encoding: ContentEncoding) -> String {
        "bytes that are not valid \(encoding.rawValue.uppercased()) (byte offset \(offset)); check the file's encoding"
    }
}

/// Converts with glibc's iconv (strict: no transliteration, no skipping). The input is read in place:
/// iconv takes a mutable pointer but does not write through it.
private func iconvConvert(_ input: UnsafeBufferPointer<UInt8>, from encoding: String) -> Result<[UInt8], InvalidText> {
    guard let converter = iconv_open("UTF-8", encoding), converter != iconv_t(bitPattern: -1) else {
        return .failure(InvalidText(line: 1, offset: 0))
    }
    defer { iconv_close(converter) }
    var output = [UInt8](repeating: 0, count: input.count * 3 / 2 + 16)
    var produced = 0
    var failureOffset: Int?
    var inPointer = input.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).assumingMemoryBound(to: CChar.self) }
    var inLeft = input.count
    while inLeft > 0 {
        if output.count - produced < 64 { output += [UInt8](repeating: 0, count: output.count) }
        output.withUnsafeMutableBufferPointer { target in
            var outPointer =
                UnsafeMutableRawPointer(target.baseAddress! + produced)  // swift-format-ignore: NeverForceUnwrap
                .assumingMemoryBound(to: CChar.self) as UnsafeMutablePointer<CChar>?
            var outLeft = target.count - produced
            let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            produced = target.count - outLeft
            if result == -1 && errno != E2BIG { failureOffset = input.count - inLeft }
        }
        if failureOffset != nil { break }
    }
    if let offset = failureOffset {
        let line = input[..<offset].reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return .failure(InvalidText(line: line, offset: offset))
    }
    return .success(Array(output[..<produced]))
}

/// What to do with a GB18030 file among UTF-8 ones. The encoding option applies to every file of the
/// content, so declaring it is right only when they all are GB18030.
let gb18030Advice =
    "Save it as UTF-8 (\"CSV UTF-8\" in Excel) or convert it (iconv -f GB18030 -t UTF-8 FILE > FILE.utf8); "
    + "if every file of the content is GB18030, declare --encoding gb18030 (or 'encoding: gb18030' in site.conf) "
    + "instead"

/// Reads a CSV file's bytes into `decode`, in the declared encoding.
///
/// A UTF-8 file with bytes that are not UTF-8 but that reads as GB18030 is decoded again from its
/// GB18030 text after `reset`, with one error saying what to do — so the staff see that one problem
/// once, and every other problem of the file too, instead of an error on every line.
func decodeText(
    _ data: FileBytes, path: String, encoding: ContentEncoding, sink: inout DiagnosticSink,
    reset: () -> Void, _ decode: (FileBytes, inout DiagnosticSink) -> Void
) {
    let converted = encoding == .utf8 ? .success(data) : encoding.toUTF8(data.buffer).map(FileBytes.init)
    switch converted {
    case .failure(let invalid):
        sink.error(invalid.line, 1, invalid.message(encoding))
        return
    case .success(let text):
        var attempt = DiagnosticSink(path: sink.path)
        decode(text, &attempt)
        if encoding == .utf8, let line = attempt.firstInvalidUTF8Line,
            case .success(let converted) = ContentEncoding.gb18030.toUTF8(data.buffer)
        {
            reset()
            var second = DiagnosticSink(path: sink.path)
            second.error(
                line, 1,
                "the file is not UTF-8: it reads as GB18030/GBK, as Excel saves CSV on Chinese Windows. "
                    + gb18030Advice + "; the rest of the file was checked as GB18030")
            decode(FileBytes(converted), &second)
            sink.append(second)
        } else {
            sink.append(attempt)
        }
    }
}

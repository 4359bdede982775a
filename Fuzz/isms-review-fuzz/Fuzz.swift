import Foundation
import ReviewData
import ReviewQuery

// libFuzzer targets, one binary, chosen by ISMS_FUZZ_TARGET: csv, frontmatter, loader, where.
//
//   make fuzz                        builds with -sanitize=fuzzer,address and runs each target
//   isms-review-fuzz FILE…           (normal build) replays inputs, e.g. a crash file, for debugging

let fuzzTarget = ProcessInfo.processInfo.environment["ISMS_FUZZ_TARGET"] ?? "csv"
let fuzzDirectory = NSTemporaryDirectory() + "isms-review-fuzz-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch fuzzTarget {
    case "csv":
        FuzzSurface.csv(bytes)
    case "frontmatter":
        FuzzSurface.frontMatter(bytes)
    case "loader":
        try? FuzzSurface.loader(bytes, directory: fuzzDirectory)
    case "where":
        let text = String(decoding: bytes, as: UTF8.self)
        if case .success(let filter) = Filter.parse(text) {
            _ = filter.resolve(DimensionVocabulary(dataset: .init()))
        }
    default:
        fatalError("ISMS_FUZZ_TARGET must be csv, frontmatter, loader or where")
    }
    return 0
}

#if FUZZING
    /// libFuzzer's driver, entered from our own `main` (SwiftPM links an executable's entry point itself).
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @main
    struct Fuzzer {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            let status = runFuzzerDriver(&argc, &argv) { data, size in
                guard let data else { return 0 }
                return fuzzOneInput(data, size)
            }
            exit(status)
        }
    }
#else
    /// Without libFuzzer: run the target on each file named on the command line.
    @main
    struct Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    print("cannot read \(path)")
                    exit(2)
                }
                let bytes = [UInt8](data)
                var padded = bytes + [0]  // never empty, so the buffer has a base address
                _ = padded.withUnsafeMutableBufferPointer { buffer in
                    // swift-format-ignore: NeverForceUnwrap
                    fuzzOneInput(buffer.baseAddress!, bytes.count)
                }
                print("\(fuzzTarget): \(path): ok")
            }
        }
    }
#endif

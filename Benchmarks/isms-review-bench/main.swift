import Foundation
import ReviewData
import ReviewModel

// Benchmarks that time one component in-process (the whole-command comparisons with other tools are
// in the Makefile's bench target, with hyperfine).
//
//   isms-review-bench csv [FILE]   the CSV reader's throughput in MB/s over a file of Chinese text
//                                  (a generated 128 MiB cases-like file when FILE is omitted)
//   isms-review-bench generate --cases N --out DIR
//                                  a valid content directory of N cases (deterministic)

/// A deterministic cases-like CSV of Chinese text, `megabytes` long.
func chineseCSV(megabytes: Int) -> [UInt8] {
    let names = ["北京华信软件技术有限公司", "上海数据服务股份有限公司", "国家信息中心（示例）", "深圳云安系统集成有限公司"]
    let scopes = [
        "为政府部门提供信息系统运行维护服务所涉及的信息安全管理活动",
        "\"信息系统集成\"服务，含数据备份与灾难恢复",
        "数据处理、应急技术支持\n及相关信息安全管理活动",
    ]
    var text = "review_no,org_name,org_code,address,nature,scope,submitted_on,formal_result\n"
    var bytes = [UInt8](text.utf8)
    let target = megabytes << 20
    var index = 0
    bytes.reserveCapacity(target + 4096)
    while bytes.count < target {
        let scope = scopes[index % scopes.count]
        let quotedScope = "\"" + scope.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        text =
            "GXSC-\(2011 + index % 16)-\(index),\(names[index % names.count]),91110108795101314G,"
            + "北京市海淀区中关村南大街\(index % 90)号,企业组织,\(quotedScope),2024-05-\(10 + index % 18),受理\n"
        bytes.append(contentsOf: text.utf8)
        index += 1
    }
    return bytes
}

func benchmarkCSV(_ bytes: [UInt8], label: String) {
    let reader = CSVReader(bytes: bytes)
    var best = Double.infinity
    var records = 0
    var fields = 0
    for _ in 0..<7 {
        var sink = DiagnosticSink(path: label)
        records = 0
        fields = 0
        let start = DispatchTime.now().uptimeNanoseconds
        reader.forEachRecord(into: &sink) { record, _ in
            records += 1
            fields += record.fields.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = min(best, seconds)
        precondition(!sink.hasErrors, "benchmark input must be valid CSV")
    }
    let megabytes = Double(bytes.count) / 1e6
    print(
        String(
            format: "csv reader: %@: %.1f MB, %d records, %d fields: best of 7 %.3f s = %.0f MB/s",
            label, megabytes, records, fields, best, megabytes / best))
}

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "csv":
    if let path = arguments.dropFirst().first {
        guard let data = FileManager.default.contents(atPath: path) else {
            print("cannot read \(path)")
            exit(2)
        }
        benchmarkCSV([UInt8](data), label: path)
    } else {
        benchmarkCSV(chineseCSV(megabytes: 128), label: "generated Chinese text")
    }
case "generate":
    var options = [String: String]()
    var rest = Array(arguments.dropFirst())
    while rest.count >= 2 {
        options[rest.removeFirst()] = rest.removeFirst()
    }
    guard let count = options["--cases"].flatMap(Int.init), let out = options["--out"] else {
        print("usage: isms-review-bench generate --cases N --out DIR [--calendar content/calendar.csv]")
        exit(2)
    }
    let generator = Generator(
        cases: count, output: URL(fileURLWithPath: out),
        calendar: URL(fileURLWithPath: options["--calendar"] ?? "content/calendar.csv"))
    do {
        try generator.run()
    } catch {
        print("error: \(error)")
        exit(1)
    }
default:
    print("usage: isms-review-bench csv [FILE] | generate --cases N --out DIR")
    exit(2)
}

import Foundation
import ReviewModel

/// A deterministic generator of valid content directories of any size, for benchmarks:
/// `isms-review-bench generate --cases N --out DIR [--calendar FILE]`.
///
/// Every row satisfies SPEC §3 (verified codes, bodies approved on the submission date, stage and
/// date order, materials 1–4 for 受理, at least one service), so `isms-review check` passes on it and
/// the benchmarks time real validation, not error paths.
struct Generator {
    /// SplitMix64, so the same size gives the same bytes.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }
    }

    static let prefixes = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "天津", "重庆", "苏州"]
    static let words = ["华信", "中科", "数联", "云安", "启明", "博远", "天融", "金盾", "恒信", "智达", "新元", "网御", "同方", "方正"]
    static let trades = ["软件技术", "信息技术", "数据服务", "系统集成", "网络科技", "信息安全技术", "计算机系统"]
    static let suffixes = ["有限公司", "股份有限公司", "集团有限公司"]
    static let departments = ["国家发展和改革委员会", "商务部", "财政部", "海关总署", "国家统计局", "交通运输部", "工业和信息化部", "国家税务总局"]
    static let postcodes = [
        "100080", "200120", "510000", "518057", "310012", "210000", "610041", "430074", "710075", "300384",
    ]
    static let divisions = ["110108", "310115", "440300", "330106", "320102", "510107", "420111", "610131", "120116"]

    let cases: Int
    let output: URL
    let calendar: URL

    func run() throws {
        var random = Random(state: 20_110_720)
        let manager = FileManager.default
        try manager.createDirectory(at: output.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data(contentsOf: calendar).write(to: output.appendingPathComponent("calendar.csv"))

        // Bodies: approved in 2008, never revoked.
        var bodies = "approval_no,name,nature,isms_approved_on,isms_revoked_on\n"
        let bodyNumbers = (0..<40).map {
            "CNCA-R-20\(String(format: "%02d", 2 + $0 % 8))-\(String(format: "%03d", 100 + $0))"
        }
        for (index, number) in bodyNumbers.enumerated() {
            bodies += "\(number),示例认证中心\(index + 1)号有限公司,企业组织,2008-01-0\(1 + index % 9),\n"
        }
        try bodies.write(to: output.appendingPathComponent("data/bodies.csv"), atomically: false, encoding: .utf8)

        // Organisations: a 9-character code each, a unified code used from 2016 on.
        let organisations = max(1, cases / 3)
        var codes: [(old: String, new: String, name: String, nature: Nature)] = []
        let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY".unicodeScalars)
        for index in 0..<organisations {
            var body = [Unicode.Scalar]()
            var value = UInt64(index) &* 2_654_435_761 &+ 12345
            for _ in 0..<8 {
                body.append(alphabet[Int(value % 31)])
                value /= 31
            }
            // swift-format-ignore: NeverForceUnwrap
            let organisation = String(String.UnicodeScalarView(body + [OrgCode.organisationCheckCharacter(body)!]))
            let nature: Nature =
                random.chance(80) ? .enterprise : random.pick([.institution, .chineseFunded, .socialOrganisation])
            let category = nature == .institution ? "12" : nature == .socialOrganisation ? "51" : "91"
            let uscc17 = category + random.pick(Self.divisions) + organisation
            let uscc = uscc17 + String(OrgCode.creditCheckCharacter(uscc17.unicodeScalars))
            let name =
                random.pick(Self.prefixes) + random.pick(Self.words) + random.pick(Self.trades)
                + random.pick(Self.suffixes)
            codes.append(
                (String(organisation.prefix(8)) + "-" + String(organisation.suffix(1)), uscc, name + "\(index)", nature)
            )
        }

        let start = Day("2011-08-01")!.ordinal
        let lastSubmission = Day("2026-06-30")!.ordinal
        let lastCertificate = Day("2026-11-13")!
        var casesText =
            "review_no,org_name,org_code,address,postcode,nature,nature_note,contact,phone,fax,email,"
            + "body_approval_no,kind,scope,consultancy,materials,submitted_on,formal_result,formal_on,"
            + "substantive_result,substantive_on,certificate_no,certified_on,filed_on,falsified\n"
        var services = "review_no,type,type_note,in_scope,departments\n"
        var certificates = "certificate_no,org_code,org_name,body_approval_no,issued_on,kind\n"
        casesText.reserveCapacity(cases * 420)
        services.reserveCapacity(cases * 2 * 60)
        for number in 0..<cases {
            let organisation = codes[number % organisations]
            let submitted = Day(ordinal: start + random.int(0...(lastSubmission - start)))
            let code = submitted.year >= 2016 ? organisation.new : organisation.old
            let reviewNo = "B-\(submitted.year)-\(number)"
            var row = [
                reviewNo, organisation.name, code, "\(random.pick(Self.prefixes))市示例路\(number % 999)号",
                random.pick(Self.postcodes), organisation.nature.label, "", "联系人\(number % 97)",
                "010-6\(String(format: "%07d", number % 10_000_000))", "", "contact\(number)@example.com",
                random.pick(bodyNumbers), random.chance(60) ? "初次认证" : "再认证",
                "\"为政府部门提供信息系统运行维护、数据处理服务所涉及的信息安全管理活动\"", random.chance(40) ? "示例咨询有限公司" : "",
            ]
            var materials = "1;2;3;4"
            var formal = ("", "")
            var substantive = ("", "")
            var certificate = ("", "")
            var filed = ""
            if random.chance(95) {
                let formalOn = submitted.adding(days: random.int(3...20))
                if random.chance(10) {
                    materials = "1;2;3"
                    formal = ("不予受理", formalOn.description)
                } else {
                    formal = ("受理", formalOn.description)
                    if random.chance(93) {
                        let substantiveOn = formalOn.adding(days: random.int(15...60))
                        if random.chance(12) {
                            substantive = ("不同意", substantiveOn.description)
                        } else {
                            substantive = ("同意", substantiveOn.description)
                            let certifiedOn = substantiveOn.adding(days: random.int(20...120))
                            if certifiedOn <= lastCertificate && random.chance(95) {
                                let certificateNo = "IS\(certifiedOn.year)-\(number)"
                                certificate = (certificateNo, certifiedOn.description)
                                if random.chance(92) {
                                    filed =
                                        min(certifiedOn.adding(days: random.int(2...55)), Day("2026-11-20")!)
                                        .description
                                }
                                certificates +=
                                    "\(certificateNo),\(code),\(organisation.name),\(row[11]),\(certifiedOn),\(row[12])\n"
                            }
                        }
                    }
                }
            } else if random.chance(50) {
                materials = "1;2;4"
            }
            row += [
                materials, submitted.description, formal.0, formal.1, substantive.0, substantive.1, certificate.0,
                certificate.1, filed, random.chance(1) ? "是" : "",
            ]
            casesText += row.joined(separator: ",") + "\n"
            var types = Set<Int>()
            for _ in 0..<random.int(1...3) { types.insert(random.int(0...9)) }
            for type in types.sorted() {
                let letter = ServiceType.allCases[type]
                services +=
                    "\(reviewNo),\(letter.rawValue),\(letter == .j ? "机房值守" : ""),\(random.chance(80) ? "是" : "否"),"
                    + "\(random.pick(Self.departments));\(random.pick(Self.departments))\n"
            }
        }
        // A few certificates no approval covers (art. 十二 evidence).
        for index in 0..<max(1, cases / 200) {
            let organisation = codes[(index * 7) % organisations]
            certificates +=
                "UNCOVERED-\(index),\(organisation.new),\(organisation.name),\(bodyNumbers[0]),2019-03-0\(1 + index % 9),初次认证\n"
        }
        try casesText.write(to: output.appendingPathComponent("data/cases.csv"), atomically: false, encoding: .utf8)
        try services.write(to: output.appendingPathComponent("data/services.csv"), atomically: false, encoding: .utf8)
        try certificates.write(
            to: output.appendingPathComponent("data/certificates.csv"), atomically: false, encoding: .utf8)
    }
}

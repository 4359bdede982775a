import ReviewModel
import ReviewQuery
import Testing

struct FormatterTests {
    @Test func chineseCharactersAreTwoColumnsWide() {
        #expect(displayWidth("abc") == 3)
        #expect(displayWidth("企业组织") == 8)
        #expect(displayWidth("港(澳台)独资或合资企业") == 2 * 10 + 2)
        #expect(displayWidth("（）") == 4)
        #expect(displayWidth("e\u{301}") == 1)
    }

    @Test func tableLinesHaveEqualDisplayWidth() {
        var table = TextTable(header: ["机构性质", "count"], alignments: [.left, .right])
        table.rows = [["企业组织", "12"], ["港(澳台)独资或合资企业", "3"], ["其它", "1000"]]
        table.footer = [["合计", "1015"]]
        let lines = table.render().split(separator: "\n")
        #expect(Set(lines.map { displayWidth($0) }).count == 1)
    }

    @Test func controlAndBidiCharactersAreMadeVisible() {
        #expect(terminalSafe("a\u{1B}[31mb") == "a\\u{1B}[31mb")
        #expect(terminalSafe("x\u{202E}y") == "x\\u{202E}y")
        #expect(terminalSafe("中文") == "中文")
    }

    @Test func jsonEscapesAndKeepsKeyOrder() {
        let value = JSONValue.object([
            ("b", .string("引号\"\\\n\u{1}")), ("a", .array([.number(1), .null, .bool(true)])),
        ])
        #expect(value.serialized() == #"{"b":"引号\"\\\n\u0001","a":[1,null,true]}"#)
    }

    @Test func jsonBytesEscapeLineSeparatorsAndOptionallyLessThan() {
        let value = JSONValue.array([.string("a<b\u{2028}c\u{2029}\u{7F}"), .string("</script>")])
        #expect(value.serialized() == #"["a<b\u2028c\u2029\u007f","</script>"]"#)
        #expect(
            String(decoding: value.utf8(escapingLessThan: true), as: UTF8.self)
                == #"["a\u003cb\u2028c\u2029\u007f","\u003c/script>"]"#)
        // An E2 byte that does not begin U+2028 or U+2029 is copied.
        #expect(JSONValue.string("‘引’ — …").serialized() == "\"‘引’ — …\"")
    }

    @Test func csvRecordBytesAreTheRecordText() {
        let cells = ["=1+2", "a,b", "引\"号", "普通", "-3", "", "line\nbreak", "@x", "\tx"]
        var bytes: [UInt8] = []
        CSVCell.record(cells, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == CSVCell.record(cells))
    }

    @Test func suggestionsFindCloseReviewNumbers() throws {
        let code = try OrgCode.parse("12345678-8").get()
        let cases = ["GXSC-2015-004", "GXSC-2015-005", "ABC-1"].map {
            Case(
                reviewNo: $0, orgName: "x", orgCode: code, nature: .enterprise, bodyApprovalNo: "b", kind: .initial,
                scope: "s", submittedOn: Day("2015-01-05")!)
        }
        #expect(CaseDetail.suggestions(for: "GXSC-2015-04", in: cases).first == "GXSC-2015-004")
        #expect(CaseDetail.suggestions(for: "zzzzzzzzzz", in: cases).isEmpty)
    }
}

import APIClient
@testable import CLI
import Foundation
import Testing

@Suite("Output formats")
struct OutputFormatTests {
    static let zones: [String: JSONValue] = [
        "count": .int(2),
        "zone": .array([
            .object(["id": .string("z-1"), "name": .string("Zone A"), "dns1": .string("8.8.8.8"), "tags": .array([])]),
            .object(["id": .string("z-2"), "name": .string("B, \"quoted\""), "securitygroupsenabled": .bool(false)]),
        ]),
    ]
    static let created: [String: JSONValue] = ["zone": .object(["id": .string("z-3"), "name": .string("C"), "capacity": .int(7)])]

    @Test func jsonIsIndentedWithSortedKeys() throws {
        let text = OutputRenderer.render(Self.created, as: .json)
        #expect(text == """
            {
              "zone": {
                "capacity": 7,
                "id": "z-3",
                "name": "C"
              }
            }

            """)
        #expect(OutputRenderer.render(Self.created, as: .default) == text)
        let parsed = try #require(JSONValue.parse(Data(OutputRenderer.render(Self.zones, as: .json).utf8)))
        #expect(parsed == .object(Self.zones))
    }

    @Test func jsonAppliesTheFilterToEveryRow() {
        let text = OutputRenderer.render(Self.zones, as: .json, filter: ["name"])
        #expect(JSONValue.parse(Data(text.utf8)) == .object([
            "count": .int(2), "zone": .array([.object(["name": .string("Zone A")]), .object(["name": .string("B, \"quoted\"")])]),
        ]))
    }

    @Test func table() {
        #expect(OutputRenderer.render(Self.zones, as: .table, filter: ["id", "name"]) == """
            +-----+-------------+
            | id  | name        |
            +-----+-------------+
            | z-1 | Zone A      |
            | z-2 | B, "quoted" |
            +-----+-------------+

            """)
    }

    @Test func csvQuotesWhatNeedsIt() {
        #expect(OutputRenderer.render(Self.zones, as: .csv, filter: ["id", "name", "dns1"]) == #"""
            id,name,dns1
            z-1,Zone A,8.8.8.8
            z-2,"B, ""quoted""",

            """#)
    }

    @Test func csvWithoutFilterHasEveryFieldSorted() {
        let lines = OutputRenderer.render(Self.zones, as: .csv).split(separator: "\n")
        #expect(lines.first == "dns1,id,name,securitygroupsenabled,tags")
        #expect(lines[1] == "8.8.8.8,z-1,Zone A,,[]")
    }

    @Test func textBlocksAreSeparatedByALine() {
        #expect(OutputRenderer.render(Self.zones, as: .text, filter: ["id", "name"]) == """
            id = z-1
            name = Zone A
            ========================================
            id = z-2
            name = B, "quoted"

            """)
        #expect(OutputRenderer.render(Self.created, as: .text) == "capacity = 7\nid = z-3\nname = C\n")
    }

    @Test func columnsAreAlignedUnderUpperCaseHeaders() {
        #expect(OutputRenderer.render(Self.zones, as: .column, filter: ["id", "name"]) == """
            ID   NAME
            z-1  Zone A
            z-2  B, "quoted"

            """)
    }

    @Test func singleObjectsAndSuccessAnswersAreOneRow() {
        #expect(OutputRenderer.render(Self.created, as: .column) == "CAPACITY  ID   NAME\n7         z-3  C\n")
        #expect(OutputRenderer.render(["success": .bool(true)], as: .csv) == "success\ntrue\n")
    }

    @Test func emptyListsPrintNothingButJSON() {
        #expect(OutputRenderer.render([:], as: .json) == "{}\n")
        for format in [OutputFormat.table, .csv, .text, .column] {
            #expect(OutputRenderer.render([:], as: format) == "")
        }
    }

    @Test func nestedValuesAreCompactJSONInCells() {
        let response: [String: JSONValue] = ["host": .object(["tags": .array([.string("a"), .string("b")]), "os": .object(["name": .string("x\ny")])])]
        #expect(OutputRenderer.render(response, as: .text) == "os = {\"name\":\"x\\ny\"}\ntags = [\"a\",\"b\"]\n")
    }
}

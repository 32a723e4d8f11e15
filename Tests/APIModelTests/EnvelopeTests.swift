import Foundation
import APIModel
import Testing

@Suite("Response envelopes")
struct EnvelopeTests {
    let renderer = ResponseRenderer(version: "4.22.0.0")

    @Test func listWithItemsHasCountFirst() {
        let zone: APIObject = ["id": "z1", "name": "Zone1"]
        let json = renderer.render(.list(objectName: "zone", items: [zone], count: 7), responseName: "listzonesresponse", format: .json)
        #expect(json == #"{"listzonesresponse":{"count":7,"zone":[{"id":"z1","name":"Zone1"}]}}"#)
    }

    @Test func emptyListIsAnEmptyObject() {
        #expect(renderer.render(.list(objectName: "zone", items: [], count: 0), responseName: "listzonesresponse", format: .json) == #"{"listzonesresponse":{}}"#)
        #expect(renderer.render(.list(objectName: "zone", items: [], count: 3), responseName: "listzonesresponse", format: .json) == #"{"listzonesresponse":{"count":3}}"#)
    }

    @Test func singleObjectAndSuccess() {
        #expect(renderer.render(.object(objectName: "zone", ["id": "z"]), responseName: "createzoneresponse", format: .json) == #"{"createzoneresponse":{"zone":{"id":"z"}}}"#)
        #expect(renderer.render(.success(), responseName: "deletezoneresponse", format: .json) == #"{"deletezoneresponse":{"success":true}}"#)
    }

    @Test func errorEnvelope() {
        let json = renderer.render(error: .missingParameter("name", command: "createZone"), responseName: "createzoneresponse", format: .json)
        #expect(json == #"{"createzoneresponse":{"uuidList":[],"errorcode":431,"cserrorcode":9999,"errortext":"Unable to execute API command createzone due to missing parameter name"}}"#)
        let xml = renderer.render(error: .badCredentials, responseName: "listzonesresponse", format: .xml)
        #expect(xml == #"<?xml version="1.0" encoding="UTF-8"?><listzonesresponse><errorcode>401</errorcode><errortext>unable to verify user credentials and/or request signature</errortext></listzonesresponse>"#)
    }

    @Test func xmlListRepeatsElementsAndEscapes() {
        let items: [APIObject] = [["name": "a<b&'c\""], ["name": "d", "tags": .array([])]]
        let xml = renderer.render(.list(objectName: "zone", items: items, count: 2), responseName: "listzonesresponse", format: .xml)
        #expect(xml == #"<?xml version="1.0" encoding="UTF-8"?><listzonesresponse cloud-stack-version="4.22.0.0"><count>2</count><zone><name>a&lt;b&amp;&apos;c&quot;</name></zone><zone><name>d</name></zone></listzonesresponse>"#)
    }

    @Test func jsonEscapesQuotesBackslashesAndControls() {
        let o: APIObject = ["t": .string("a\"b\\c\nd\u{01}<=>&'")]
        #expect(JSONWriter.string(o) == #"{"t":"a\"b\\c\nd\u0001<=>&'"}"#)
    }

    @Test func dateFormat() {
        #expect(APIDate.string(.init(timeIntervalSince1970: 1_761_832_931)) == "2025-10-30T14:02:11+0000")
        #expect(APIDate.string(.init(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00+0000")
    }

    @Test func valuesRoundTripThroughStorageInOrder() throws {
        let o: APIObject = ["z": 1, "a": .object(["y": true, "b": .array(["s", 2])]), "m": .map(["k": "v"])]
        let data = try JSONEncoder().encode(o)
        let back = try JSONDecoder().decode(APIObject.self, from: data)
        #expect(back == o)
        #expect(back.keys == ["z", "a", "m"])
    }
}

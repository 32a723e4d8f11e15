import Persistence
import Testing

@Suite("Page requests")
struct PageRequestTests {
    @Test(arguments: [
        (1, 2, [0, 1]), (2, 2, [2, 3]), (3, 2, [4]), (4, 2, []), (0, 2, [0, 1]), (-5, 2, [0, 1]), (1, 0, []), (1, -3, []),
        (Int.max, 2, []), (Int.max, Int.max, []), (2, Int.max, []), (Int.min, Int.max, [0, 1, 2, 3, 4]),
    ])
    func slices(page: Int, size: Int, expected: [Int]) {
        #expect(Array(PageRequest(page: page, size: size).slice(of: [0, 1, 2, 3, 4])) == expected)
    }

    @Test func offsetsThatDoNotFitAreNil() {
        #expect(PageRequest(page: Int.max, size: 2).offset == nil)
        #expect(PageRequest(page: 3, size: 10).offset == 20)
        #expect(PageRequest(page: 0, size: 10).offset == 0)
    }
}

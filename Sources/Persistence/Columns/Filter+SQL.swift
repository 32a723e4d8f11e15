import Foundation
import SQLKit

extension Filter {
    /// The condition as a SQLKit expression; values are bound parameters.
    var expression: any SQLExpression {
        switch predicate {
        case .equals(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.equal, right: SQLBind(value))
        case .notEquals(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.notEqual, right: SQLBind(value))
        case .atLeast(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.greaterThanOrEqual, right: SQLBind(value))
        case .atMost(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.lessThanOrEqual, right: SQLBind(value))
        case .isIn(let column, let values):
            if values.isEmpty { return SQLRaw("1 = 0") }
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.in, right: SQLGroupExpression(values.map { SQLBind($0) }))
        case .isNull(let column):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.is, right: SQLLiteral.null)
        case .notNull(let column):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.isNot, right: SQLLiteral.null)
        case .contains(let columns, let text):
            let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let pattern = "%" + escaped + "%"
            let parts: [any SQLExpression] = columns.map { column in
                SQLBinaryExpression(
                    left: SQLFunction("LOWER", args: SQLIdentifier(column)),
                    op: SQLRaw("LIKE"),
                    right: SQLList([SQLBind(pattern), SQLRaw("ESCAPE '\\'")], separator: SQLRaw(" "))
                )
            }
            return SQLGroupExpression(SQLList(parts, separator: SQLRaw(" OR ")))
        }
    }

    /// A stable text form for cache keys (dates by their exact time value).
    var cacheKey: String {
        func text(_ value: any Encodable & Sendable) -> String {
            if let date = value as? Date { return "@\(date.timeIntervalSince1970)" }
            return "\(type(of: value)):\(value)"
        }
        switch predicate {
        case .equals(let c, let v): return "\(c)=\(text(v))"
        case .notEquals(let c, let v): return "\(c)!=\(text(v))"
        case .atLeast(let c, let v): return "\(c)>=\(text(v))"
        case .atMost(let c, let v): return "\(c)<=\(text(v))"
        case .isIn(let c, let values): return "\(c) in \(values.map { let t = text($0); return "\(t.count):\(t)" }.joined(separator: ","))"
        case .isNull(let c): return "\(c) null"
        case .notNull(let c): return "\(c) notnull"
        case .contains(let columns, let text): return "\(columns.joined(separator: "|")) ~\(text.count):\(text)"
        }
    }
}

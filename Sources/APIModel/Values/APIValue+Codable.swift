/// Stores response trees (job results) as JSON while keeping field order:
/// objects are encoded as arrays of `[name, value]` pairs.
extension APIValue: Codable {
    private enum Kind: String, Codable { case s, i, d, b, o, a, m }
    private enum Keys: String, CodingKey { case k, v }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        switch try c.decode(Kind.self, forKey: .k) {
        case .s: self = .string(try c.decode(String.self, forKey: .v))
        case .i: self = .int(try c.decode(Int64.self, forKey: .v))
        case .d: self = .double(try c.decode(Double.self, forKey: .v))
        case .b: self = .bool(try c.decode(Bool.self, forKey: .v))
        case .o: self = .object(try c.decode(APIObject.self, forKey: .v))
        case .a: self = .array(try c.decode([APIValue].self, forKey: .v))
        case .m: self = .map(try c.decode([String: String].self, forKey: .v))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        switch self {
        case .string(let v): try c.encode(Kind.s, forKey: .k); try c.encode(v, forKey: .v)
        case .int(let v): try c.encode(Kind.i, forKey: .k); try c.encode(v, forKey: .v)
        case .double(let v): try c.encode(Kind.d, forKey: .k); try c.encode(v, forKey: .v)
        case .bool(let v): try c.encode(Kind.b, forKey: .k); try c.encode(v, forKey: .v)
        case .object(let v): try c.encode(Kind.o, forKey: .k); try c.encode(v, forKey: .v)
        case .array(let v): try c.encode(Kind.a, forKey: .k); try c.encode(v, forKey: .v)
        case .map(let v): try c.encode(Kind.m, forKey: .k); try c.encode(v, forKey: .v)
        }
    }
}

extension APIObject: Codable {
    private struct Pair: Codable {
        var n: String
        var v: APIValue
    }

    public init(from decoder: any Decoder) throws {
        let pairs = try [Pair](from: decoder)
        self.init(pairs.map { APIField($0.n, $0.v) })
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.map { Pair(n: $0.name, v: $0.value) }.encode(to: encoder)
    }
}

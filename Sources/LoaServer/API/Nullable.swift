/// An optional field the API always writes: `null` when there is no value, so that every answer
/// of a shape has the same keys. A plain `T?` in a DTO is left out when nil instead; use that for
/// fields only some answers carry (the body in a single-article answer). The schema follows:
/// `Nullable` is required with a type list that admits null, `T?` is not required.
@propertyWrapper
struct Nullable<Value: Codable & Sendable>: Codable, Sendable {
    var wrappedValue: Value?

    init(wrappedValue: Value?) {
        self.wrappedValue = wrappedValue
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        wrappedValue = container.decodeNil() ? nil : try container.decode(Value.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue {
            try container.encode(wrappedValue)
        } else {
            try container.encodeNil()
        }
    }
}

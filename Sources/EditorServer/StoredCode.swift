import TensorCore

/// A code the page edits: from an inversion or a seed. `codes`: W+ `[n, D]`.
struct StoredCode: Sendable {
    let id: String
    let codes: Tensor
    /// The image (or example) it came from, as the page names it: `face.jpg`, `seed 3`.
    let source: String
    /// The encoder that inverted it (nil: a seed).
    let encoder: String?
    let steps: Int
    /// True when the photo went through face detection and the FFHQ crop.
    let aligned: Bool
}

/// The last `capacity` codes, by id (`c1`, `c2`, …, in order of creation).
struct CodeStore {
    let capacity: Int
    private var byID: [String: StoredCode] = [:]
    private var order: [String] = []
    private var created = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    mutating func nextID() -> String {
        created += 1
        return "c\(created)"
    }

    mutating func insert(_ code: StoredCode) {
        byID[code.id] = code
        order.append(code.id)
        while order.count > capacity { byID[order.removeFirst()] = nil }
    }

    subscript(id: String) -> StoredCode? { byID[id] }
}

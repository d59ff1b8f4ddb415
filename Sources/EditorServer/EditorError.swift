/// A request the editor refuses or cannot serve: the HTTP status and one sentence for the page.
public struct EditorError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable { case badRequest, notFound, conflict, tooLarge }
    public let kind: Kind
    public let description: String

    public init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    public var status: Int {
        switch kind {
        case .badRequest: return 400
        case .notFound: return 404
        case .conflict: return 409
        case .tooLarge: return 413
        }
    }
}

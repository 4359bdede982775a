import Foundation

/// Places in the repository, found from this file's path.
public enum Repository {
    /// The package root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // ReviewTestSupport
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()

    /// The bundled content directory.
    public static var content: URL { root.appendingPathComponent("content") }
}

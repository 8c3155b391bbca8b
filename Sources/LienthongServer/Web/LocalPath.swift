/// Where a form may send the browser next: only a path on this site (`/agencies?q=x`), never another host.
enum LocalPath {
    /// `path` when it is a local path, else `/`.
    static func safe(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"),
            !path.contains("\r"), !path.contains("\n"), path.count <= 512
        else { return "/" }
        return path
    }
}

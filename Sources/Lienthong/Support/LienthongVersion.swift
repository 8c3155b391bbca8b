/// The version of this build of Lienthong.
public enum LienthongVersion {
    public static let current = "0.1.0"
}

import Foundation

extension Duration {
    /// The duration in seconds, with its fraction, as Foundation's dates and rates count time.
    public var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

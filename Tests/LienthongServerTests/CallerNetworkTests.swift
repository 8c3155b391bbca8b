import Foundation
import Lienthong
import Testing

@testable import LienthongServer

@Suite("The part of a caller's address that per-address limits count")
struct CallerNetworkTests {
    let hasher = SubjectHasher()

    @Test("an IPv4 address counts alone; an IPv6 address counts with its /64; the key holds no address")
    func networks() throws {
        let key = { (address: String) in CallerNetwork.key(address, hasher: hasher) }
        #expect(key("203.0.113.7") != key("203.0.113.8"))
        #expect(key("203.0.113.7") == key("::ffff:203.0.113.7"), "an IPv4 address written as IPv6 is that address")
        #expect(key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff:ffff:ffff:ffff"), "one subscriber's /64")
        #expect(key("2001:db8:1:2::1") != key("2001:db8:1:3::1"))
        #expect(key("203.0.113.7:5678") == key("203.0.113.7") && key("[2001:db8:1:2::1]:443") == key("2001:db8:1:2::9"), "with a port")
        #expect(key("unknown") != nil && key("unknown") != key("other"), "text that is no address still counts, as itself")
        #expect(CallerNetwork.key(nil, hasher: hasher) == nil && key(" ") == nil)
        let hashed = try #require(key("203.0.113.7"))
        #expect(hashed.count == 64 && !hashed.contains("203"), "a keyed hash, never the address")
        #expect(hashed != hasher.hash("203.0.113.7") && hashed != hasher.hash("203013007"), "never a person's hash")
    }
}

extension CallerNetworkTests {
    @Test("ten wrong passwords from one IPv6 /64 hold back its other addresses, not another network's")
    func loginThrottleByNetwork() {
        let throttle = LoginThrottle()
        for host in 1...10 { throttle.recordFailure(address: CallerNetwork.text("2001:db8:1:2::\(host)")!) }
        #expect(throttle.retryAfter(address: CallerNetwork.text("2001:db8:1:2::99")!) != nil, "the same /64")
        #expect(throttle.retryAfter(address: CallerNetwork.text("2001:db8:1:3::1")!) == nil, "another /64")
    }
}

extension CallerNetworkTests {
    @Test("failing from many addresses makes room by dropping the others, never an address held back")
    func loginThrottleCapacity() {
        let throttle = LoginThrottle(capacity: 50)
        let start = Date()
        for _ in 1...10 { throttle.recordFailure(address: "guesser", now: start) }
        for index in 0..<200 { throttle.recordFailure(address: "spray-\(index)", now: start) }
        #expect(throttle.retryAfter(address: "guesser", now: start.addingTimeInterval(60)) != nil, "still held back")
        let later = start.addingTimeInterval(throttle.window + 1)
        #expect(throttle.retryAfter(address: "guesser", now: later) == nil, "free once its window has passed")
    }
}

import Lienthong
import Testing

@Suite("Service hosts: where the gateway may call")
struct ServiceHostsTests {
    @Test("link-local and metadata addresses are refused in every spelling the resolver reads, with or without a list")
    func alwaysRefused() {
        let spellings = [
            "http://169.254.169.254/latest/meta-data", "http://169.254.0.1", "http://2852039166/", "http://0xa9fea9fe/",
            "http://0251.0376.0251.0376/",
            "http://169.254.169.254./", "http://[fe80::1]/", "http://[FE80::a:b]:8080/", "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/", "http://[fd00:ec2::254]/", "http://0.0.0.0:8080/", "http://[::]/", "http://METADATA.google.internal./",
            "http://metadata/computeMetadata/v1/", "http://[fe80::1%25eth0]/",
        ]
        for url in spellings {
            #expect(!ServiceHosts().permits(url), "\(url)")
            #expect(!ServiceHosts(list: "169.254.169.254, metadata.google.internal, fe80::1").permits(url), "\(url), even when listed")
        }
    }

    @Test("without a list any other host is permitted; with one, exact hosts and dotted suffixes only")
    func list() {
        for url in ["http://127.0.0.1:9/api", "http://localhost:8080", "https://his.example.vn", "http://10.0.0.5", "http://[::1]:8080"] {
            #expect(ServiceHosts().permits(url), "\(url)")
            #expect(ServiceHosts(list: " ,  ").permits(url), "a blank list is no list")
        }
        let hosts = ServiceHosts(list: "his.syt.hanoi.gov.vn, .services.hanoi.gov.vn, 10.20.0.7")
        for url in ["https://his.syt.hanoi.gov.vn/api", "https://HIS.SYT.hanoi.gov.vn.", "https://a.services.hanoi.gov.vn", "http://10.20.0.7:8080"] {
            #expect(hosts.permits(url), "\(url)")
        }
        let outside = [
            "https://services.hanoi.gov.vn", "https://his.syt.hanoi.gov.vn.evil.com", "https://evilservices.hanoi.gov.vn", "http://127.0.0.1:9",
            "http://10.20.0.8", "not a url", "",
        ]
        for url in outside {
            #expect(!hosts.permits(url), "\(url)")
        }
    }
}

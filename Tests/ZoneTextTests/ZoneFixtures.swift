/// BIND-format test zones, inline because the ZoneTextTests target declares no resources.

/// Every RR-06 type, `$ORIGIN`/`$TTL`, a multi-line SOA with comments, `@`, blank owners,
/// TTLs before the class (ldns 1.8.3 rejects class before TTL, see `ZoneFile`), mixed-case owners.
let exampleZone = #"""
; example.com — every Route 53 record type (RR-06)
$ORIGIN example.com.
$TTL 300
@   IN  SOA ns1 hostmaster (
        2024010101 ; serial
        7200       ; refresh
        900        ; retry
        1209600    ; expire
        86400 )    ; minimum
        IN  NS  ns1
        IN  NS  ns2.example.net.
@       IN  MX  10 mail
@       IN  TXT "v=spf1 include:_spf.example.net -all" "second string"
@       IN  SPF "v=spf1 -all"
@       IN  CAA 0 issue "ca.example.net"
@ 3600  IN  HTTPS 1 . alpn=h2 ipv4hint=192.0.2.1
ns1     IN  A   192.0.2.53
WWW     60 IN A 192.0.2.1
        60 IN AAAA 2001:db8::1
alias   IN  CNAME www
_sip._tcp IN SRV 10 20 5060 sip
sip     IN  NAPTR 100 10 "S" "SIP+D2U" "" _sip._udp
1.2.0.192.in-addr.arpa. IN PTR www
sub     IN  DS 12345 13 2 (
            0123456789ABCDEF0123456789ABCDEF
            0123456789ABCDEF0123456789ABCDEF )
_443._tcp.www IN TLSA 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
www     IN  SSHFP 4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
$ORIGIN svc.example.com.
api     IN  SVCB 1 api.example.net. alpn=h2,h3 port=8443
"""#

/// `exampleZone` as `RecordText.format` prints each record, in file order.
let exampleZoneLines: [String] = [
    "example.com.\t300\tIN\tSOA\tns1.example.com. hostmaster.example.com. 2024010101 7200 900 1209600 86400",
    "example.com.\t300\tIN\tNS\tns1.example.com.",
    "example.com.\t300\tIN\tNS\tns2.example.net.",
    "example.com.\t300\tIN\tMX\t10 mail.example.com.",
    "example.com.\t300\tIN\tTXT\t\"v=spf1 include:_spf.example.net -all\" \"second string\"",
    "example.com.\t300\tIN\tSPF\t\"v=spf1 -all\"",
    "example.com.\t300\tIN\tCAA\t0 issue \"ca.example.net\"",
    "example.com.\t3600\tIN\tHTTPS\t1 . alpn=h2 ipv4hint=192.0.2.1",
    "ns1.example.com.\t300\tIN\tA\t192.0.2.53",
    "WWW.example.com.\t60\tIN\tA\t192.0.2.1",
    "WWW.example.com.\t60\tIN\tAAAA\t2001:db8::1",
    "alias.example.com.\t300\tIN\tCNAME\twww.example.com.",
    "_sip._tcp.example.com.\t300\tIN\tSRV\t10 20 5060 sip.example.com.",
    "sip.example.com.\t300\tIN\tNAPTR\t100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.",
    "1.2.0.192.in-addr.arpa.\t300\tIN\tPTR\twww.example.com.",
    "sub.example.com.\t300\tIN\tDS\t12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "_443._tcp.www.example.com.\t300\tIN\tTLSA\t3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "www.example.com.\t300\tIN\tSSHFP\t4 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    "api.svc.example.com.\t300\tIN\tSVCB\t1 api.example.net. alpn=h2,h3 port=8443",
]

/// A zone whose line 9 has an invalid IPv4 address, after a multi-line SOA and comments.
let brokenZone = """
$ORIGIN example.com.
$TTL 300
@ IN SOA ns1 hostmaster ( 1 7200 900
                          1209600 86400 )
  IN NS ns1

; the next record is wrong
ns1 IN A 192.0.2.53
www IN A 300.1.1.1
mail IN A 192.0.2.25
"""

/// How a query arrived: decides the response size limit (DNS-09).
public enum Transport: Sendable, Hashable {
    case udp
    case tcp
}

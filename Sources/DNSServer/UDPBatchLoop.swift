import AnswerEngine
import CUDPBatch
import DNSWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The UDP receive loop of one listen socket, on its own thread: `recvmmsg` a batch, answer
/// each datagram from the serving state (read once per batch), `sendmmsg` the replies (issue 6).
///
/// Every buffer — datagrams in and out, addresses, iovecs, message headers — is allocated once
/// here, so a query answered from the `ResponseCache` allocates nothing; a miss runs the
/// responder as the NIO path did. Created and used on the loop's thread only.
final class UDPBatchLoop {
    private let socket: UDPBatchSocket
    private let store: SnapshotStore
    private let counters: ServerCounters
    private let queryLog: QueryLogRing?
    /// Nil when caching is off, or while the query log is on (a log line needs the parsed name).
    private let cache: ResponseCache?
    private let batch: Int
    private let slotSize: Int
    private let received: UnsafeMutableRawPointer
    private let replies: UnsafeMutableRawPointer
    private let peers: UnsafeMutablePointer<sockaddr_storage>
    private let receiveVectors: UnsafeMutablePointer<iovec>
    private let sendVectors: UnsafeMutablePointer<iovec>
    private let receiveHeaders: UnsafeMutablePointer<lab53_mmsghdr>
    private let sendHeaders: UnsafeMutablePointer<lab53_mmsghdr>

    init(socket: UDPBatchSocket, store: SnapshotStore, counters: ServerCounters, options: DNSServer.Options) {
        self.socket = socket
        self.store = store
        self.counters = counters
        queryLog = options.queryLog
        batch = max(1, options.udpVectorReadCount)
        cache = options.responseCacheEntries > 0 && options.queryLog == nil
            ? ResponseCache(entries: options.responseCacheEntries, arenaBytes: options.responseCacheBytes, batch: batch)
            : nil
        // Replies never exceed the 4096 we advertise (DNS-09); datagrams longer than the slot
        // arrive cut short and are answered FORMERR, as with the NIO listener.
        slotSize = max(options.udpReceiveBufferSize, Int(Responder.advertisedPayloadSize))
        received = .allocate(byteCount: batch * slotSize, alignment: 16)
        replies = .allocate(byteCount: batch * slotSize, alignment: 16)
        peers = .allocate(capacity: batch)
        peers.initialize(repeating: sockaddr_storage(), count: batch)
        receiveVectors = .allocate(capacity: batch)
        sendVectors = .allocate(capacity: batch)
        receiveHeaders = .allocate(capacity: batch)
        sendHeaders = .allocate(capacity: batch)
        for index in 0..<batch {
            receiveVectors[index] = iovec(iov_base: received + index * slotSize, iov_len: slotSize)
            sendVectors[index] = iovec(iov_base: replies + index * slotSize, iov_len: 0)
            var header = lab53_mmsghdr()
            header.msg_hdr.msg_name = UnsafeMutableRawPointer(peers + index)
            header.msg_hdr.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
            header.msg_hdr.msg_iov = receiveVectors + index
            header.msg_hdr.msg_iovlen = 1
            receiveHeaders[index] = header
            header.msg_hdr.msg_iov = sendVectors + index
            sendHeaders[index] = header
        }
    }

    deinit {
        received.deallocate()
        replies.deallocate()
        peers.deallocate()
        receiveVectors.deallocate()
        sendVectors.deallocate()
        receiveHeaders.deallocate()
        sendHeaders.deallocate()
    }

    /// Serves until `shouldStop` says so; it is checked after every batch and every receive
    /// timeout (`UDPBatchSocket.receiveTimeoutMicroseconds`).
    func run(until shouldStop: () -> Bool) {
        while !shouldStop() {
            for index in 0..<batch {
                receiveHeaders[index].msg_hdr.msg_namelen = socklen_t(MemoryLayout<sockaddr_storage>.size)
            }
            let count = lab53_recvmmsg_waitforone(socket.descriptor, receiveHeaders, UInt32(batch))
            guard count > 0 else {
                if count < 0 {
                    let code = errno
                    if code != EAGAIN && code != EWOULDBLOCK && code != EINTR { counters.socketErrors.add(1) }
                    // ICMP errors from earlier sends (ECONNREFUSED) surface here; keep serving.
                    // A closed or shut-down socket ends the loop through `shouldStop`.
                }
                continue
            }
            let state = store.current
            if let cache {
                cache.use(state)
                for index in 0..<Int(count) { cache.prepare(packet(index), at: index) }
                for index in 0..<Int(count) { cache.prefetchEntry(at: index) }
            }
            let snapshot = state.snapshot
            var replyCount = 0
            var replayed = 0
            for index in 0..<Int(count) {
                let out = replies + replyCount * slotSize
                if let cache, let replay = cache.lookup(packet(index), at: index, into: out, capacity: slotSize) {
                    snapshot.count(zone: replay.zone, cell: replay.cell, truncated: replay.truncated, transport: .udp)
                    replayed += 1
                    queue(out, length: replay.length, to: index, as: replyCount)
                    replyCount += 1
                    continue
                }
                let length = answer(packet(index), at: index, from: peers + index, state: state, into: out)
                guard length > 0 else { continue }
                queue(out, length: length, to: index, as: replyCount)
                replyCount += 1
            }
            if replayed > 0 {
                // Replays were built from this state too (failover timeline, issue 3 item 7).
                counters.answeredUDP.add(replayed)
                state.noteAnswer()
            }
            send(replyCount)
        }
    }

    /// Prepares send slot `slot`: `length` bytes at `out`, to the sender of datagram `index`.
    @inline(__always)
    private func queue(_ out: UnsafeMutableRawPointer, length: Int, to index: Int, as slot: Int) {
        sendVectors[slot].iov_base = out
        sendVectors[slot].iov_len = length
        sendHeaders[slot].msg_hdr.msg_name = UnsafeMutableRawPointer(peers + index)
        sendHeaders[slot].msg_hdr.msg_namelen = receiveHeaders[index].msg_hdr.msg_namelen
    }

    /// Datagram `index` of the batch just received.
    @inline(__always)
    private func packet(_ index: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: received + index * slotSize, count: Int(receiveHeaders[index].msg_len))
    }

    /// Writes the responder's reply to datagram `index` (a cache miss) into `out`, storing it
    /// in the cache when it may be replayed; 0 means drop it.
    private func answer(_ packet: UnsafeRawBufferPointer, at index: Int, from peer: UnsafeMutablePointer<sockaddr_storage>,
                        state: ServingState, into out: UnsafeMutableRawPointer) -> Int {
        let client = Self.clientAddress(peer)
        var outcome = QueryOutcome()
        guard let reply = Responder.respond(to: packet, transport: .udp, client: client, state: state, outcome: &outcome),
              reply.count <= slotSize
        else {
            counters.dropped.add(1)
            return 0
        }
        counters.answeredUDP.add(1)
        // Issue 5 items 3 and 4: atomics and a ring slot, no formatting here.
        state.snapshot.count(outcome, transport: .udp)
        if let queryLog, outcome.kind == .query {
            queryLog.append(outcome, transport: .udp, client: client, zoneID: state.snapshot.zoneID(at: outcome.zone))
        }
        reply.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { out.copyMemory(from: base, byteCount: bytes.count) }
            cache?.insert(bytes, outcome: outcome, at: index)
        }
        return reply.count
    }

    /// Sends the first `count` prepared replies; a reply the kernel refuses (the peer's
    /// address is unusable, say) is counted and skipped, the rest still go out.
    private func send(_ count: Int) {
        var sent = 0
        while sent < count {
            let result = lab53_sendmmsg(socket.descriptor, sendHeaders + sent, UInt32(count - sent))
            if result > 0 {
                sent += Int(result)
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                counters.socketErrors.add(1)
                sent += 1
            }
        }
    }

    /// The sender as a routing client (DNS-09): IPv4, or IPv6 with IPv4-mapped folded to IPv4.
    @inline(__always)
    private static func clientAddress(_ peer: UnsafeMutablePointer<sockaddr_storage>) -> ClientAddress? {
        switch Int32(peer.pointee.ss_family) {
        case AF_INET:
            return ClientAddress(ipv4: UInt32(bigEndian: peer.pointee.ipv4Address.s_addr))
        case AF_INET6:
            var address = peer.pointee.ipv6Address
            return withUnsafeBytes(of: &address) { ClientAddress(bytes: $0) }
        default:
            return nil
        }
    }
}

import Route53Model
import Testing

/// The `text/event-stream` codec shared by the daemon (writer) and `lab53 watch` (reader),
/// against the WHATWG parsing rules a browser's EventSource follows.
@Suite("Server-sent events")
struct ServerSentEventTests {
    @Test("encode then parse gives the event back, split at every byte")
    func roundTrip() {
        let event = ServerSentEvent(event: "health", id: "42", data: "{\"a\":1}\nsecond line")
        #expect(event.encoded == "id: 42\nevent: health\ndata: {\"a\":1}\ndata: second line\n\n")
        var parser = ServerSentEventParser()
        var parsed: [ServerSentEvent] = []
        for byte in Array((ServerSentEvent.retry(milliseconds: 1000) + ServerSentEvent.comment("heartbeat") + event.encoded).utf8) {
            parsed += parser.feed([byte])
        }
        #expect(parsed == [event])
        #expect(parser.lastEventId == "42")
        #expect(parser.retryMilliseconds == 1000)
    }

    @Test("CRLF and CR line ends, no space after the colon, fields without a value")
    func lineEnds() {
        var parser = ServerSentEventParser()
        let events = parser.feed(Array("event:a\r\ndata:x\r\n\r\ndata\rdata: y\r\r".utf8))
        #expect(events == [ServerSentEvent(event: "a", data: "x"), ServerSentEvent(data: "\ny")])
    }

    @Test("an event without data is not dispatched, but its id is kept; ids persist across events")
    func ids() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("id: 7\nevent: x\n\n".utf8)).isEmpty)
        #expect(parser.lastEventId == "7")
        #expect(parser.feed(Array("event: snapshot\ndata: {}\n\n".utf8)) == [ServerSentEvent(event: "snapshot", id: "7", data: "{}")])
    }

    @Test("line breaks cannot escape the id and event fields")
    func injection() {
        let event = ServerSentEvent(event: "a\nevent: b", id: "1\r\n2", data: "d\r\nid: 9\re")
        #expect(event.encoded == "id: 12\nevent: aevent: b\ndata: d\ndata: id: 9\ndata: e\n\n")
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array(event.encoded.utf8)) == [ServerSentEvent(event: "aevent: b", id: "12", data: "d\nid: 9\ne")])
    }
}

import Hummingbird

extension LabAPI {
    /// `GET /metrics` on the control listener (issue 5 item 3): Prometheus text format 0.0.4.
    /// Guarded like the rest of the lab API (`Route53Middleware`): loopback peers as they are,
    /// other peers only with a signed request.
    func addMetricsRoute(to router: Router<ControlRequestContext>) {
        router.get("metrics") { _, _ in
            let exporter = MetricsExporter(metrics: control.publisher.metrics, state: store.current,
                                           reports: health.monitor.reports(), probeSchedule: health.monitor.probeSchedule())
            return Response(status: .ok, headers: [.contentType: MetricsExporter.contentType],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: exporter.render())))
        }
    }
}

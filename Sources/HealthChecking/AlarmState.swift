/// The state of a lab CloudWatch alarm (HC-10 lab side channel), as CloudWatch names it.
/// An alarm that was never set is `INSUFFICIENT_DATA`, as a new CloudWatch alarm is.
public enum AlarmState: String, Sendable, Hashable, CaseIterable {
    case ok = "OK"
    case alarm = "ALARM"
    case insufficientData = "INSUFFICIENT_DATA"
}

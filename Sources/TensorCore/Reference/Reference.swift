/// Naive reference twins of the fast kernels: direct loops over the defining formulas (architecture §0),
/// accumulating in Double. Slow by design; used by tests and by later stages as oracles.
/// Arguments are checked with preconditions (these are test oracles, not user-facing entry points).
public enum Reference {}

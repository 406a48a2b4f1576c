import Testing

/// Parent of every network suite. Serialized so the CPU-heavy sampling tests never starve the
/// timing tests of the cooperative threads (both cores) while they measure delays.
@Suite(.serialized) struct NetworkTests {}

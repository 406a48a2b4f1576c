import CJemalloc
import ScaleBenchCLI

// Referencing jemalloc keeps the link, so jemalloc is this process's allocator.
_ = mallctl

await ScaleBenchCommand.runFromProcessArguments()

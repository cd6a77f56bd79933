package cqrs.workbook.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU that a function gets, the same for every runtime the bench starts. Lambda gives a
 * function CPU in proportion to its memory, a full vCPU at 1,769 MB, so about 0.58 of one at
 * the template's 1,024 MB. As root, a CPU cgroup of that quota holds each runtime process
 * (cgroup v2's {@code cpu.max}, or v1's {@code cpu.cfs_quota_us}); the emulators, the bench
 * and moto stay outside it. Without one, the runtime is pinned to one core apart from the
 * rest ({@code taskset}), a whole core: more than Lambda gives.
 */
final class CpuLimit {

    static final int MEMORY_MB = 1024;
    static final double LAMBDA_VCPU_AT_1769_MB = 1.0;
    private static final long PERIOD_US = 100_000;

    private final Path procs;
    private final String description;
    private final List<String> prefix;

    private CpuLimit(Path procs, String description, List<String> prefix) {
        this.procs = procs;
        this.description = description;
        this.prefix = prefix;
    }

    /** Lambda's share at {@link #MEMORY_MB}, as a cgroup quota if this process may make one. */
    static CpuLimit lambdaShare() {
        double share = MEMORY_MB / 1769.0 * LAMBDA_VCPU_AT_1769_MB;
        long quota = Math.round(PERIOD_US * share);
        String name = "cqrs-workbook-bench-" + ProcessHandle.current().pid();
        try {
            Path v2 = Path.of("/sys/fs/cgroup/cgroup.controllers");
            Path group;
            if (Files.exists(v2) && Files.readString(v2).contains("cpu")) {
                group = Files.createDirectories(Path.of("/sys/fs/cgroup", name));
                Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_US);
                return joining(group, String.format("cgroup v2 cpu.max %d/%d µs (%.2f vCPU, Lambda's share at %d MB)",
                        quota, PERIOD_US, share, MEMORY_MB));
            }
            Path v1 = Path.of("/sys/fs/cgroup/cpu");
            if (Files.isDirectory(v1) && Files.isWritable(v1)) {
                group = Files.createDirectories(v1.resolve(name));
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
                return joining(group, String.format("cgroup v1 cpu.cfs_quota_us %d/%d µs (%.2f vCPU, Lambda's share at %d MB)",
                        quota, PERIOD_US, share, MEMORY_MB));
            }
        } catch (IOException | SecurityException notAllowed) {
            // falls through to a pinned core
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores > 1 && Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            return new CpuLimit(null, "taskset: the runtime pinned to core " + (cores - 1)
                    + ", the emulators and moto on the others (a whole core, more than Lambda's " + String.format("%.2f", share) + ")",
                    List.of("taskset", "-c", Integer.toString(cores - 1)));
        }
        return new CpuLimit(null, "no CPU limit (neither a cgroup nor taskset could be used)", List.of());
    }

    /** The runtime's command, started inside the group: a shell moves itself in, then becomes the command. */
    private static CpuLimit joining(Path group, String description) {
        Path procs = group.resolve("cgroup.procs");
        return new CpuLimit(procs, description,
                List.of("/bin/sh", "-c", "echo $$ > " + procs + " && exec \"$@\"", "cpu-limited"));
    }

    List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(prefix);
        wrapped.addAll(command);
        return wrapped;
    }

    String description() {
        return description;
    }

    /** Removes the group (once its processes are gone). */
    void close() {
        if (procs != null) {
            try {
                Files.deleteIfExists(procs.getParent());
            } catch (IOException stillInUse) {
                // left for the next boot; an empty group costs nothing
            }
        }
    }
}

package io.parley.server.transport;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** How many files this process may hold open ({@code ulimit -n}), as the JVM reports it. */
final class DescriptorLimit {
    private DescriptorLimit() {}

    /** The limit, or 0 when the JVM cannot say (not a Unix JVM). */
    static long ofProcess() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 0;
    }
}

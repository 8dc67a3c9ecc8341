package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.Quotas;
import picocli.CommandLine.Option;

/** {@code parley server} flags for quotas (docs/security.md). */
final class QuotaFlags {
    @Option(names = "--offline-messages", paramLabel = "N",
            description = "Messages that may wait unread in one user's inbox (default: 10000).")
    Integer offlineMessages;

    @Option(names = "--offline-bytes", paramLabel = "BYTES",
            description = "Bytes of text that may wait unread in one user's inbox (default: 16777216).")
    Long offlineBytes;

    @Option(names = "--groups-per-user", paramLabel = "N",
            description = "Groups one user may belong to (default: 500).")
    Integer groupsPerUser;

    @Option(names = "--members-per-group", paramLabel = "N",
            description = "Members one group may have (default: 10000).")
    Integer membersPerGroup;

    /** Applies the flags that were given to {@code config}; those left out keep the file's or default values. */
    void applyTo(ServerConfig.Builder config) {
        Quotas q = config.quotas();
        config.quotas(new Quotas(or(offlineMessages, q.offlineMessages()), or(offlineBytes, q.offlineBytes()),
                or(groupsPerUser, q.groupsPerUser()), or(membersPerGroup, q.membersPerGroup())));
    }

    private static <T> T or(T flag, T current) {
        return flag != null ? flag : current;
    }
}

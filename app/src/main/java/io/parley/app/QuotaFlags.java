package io.parley.app;

import io.parley.server.ServerConfig;
import io.parley.server.service.Quotas;
import picocli.CommandLine.Option;

/** {@code parley server} flags for Quotas (docs/security.md); each left out keeps the file's or default value. */
final class QuotaFlags {
    @Option(
            names = "--offline-messages",
            paramLabel = "N",
            description = "Unread messages one user's inbox may hold (default: 10000).")
    Integer offlineMessages;

    @Option(
            names = "--offline-bytes",
            paramLabel = "BYTES",
            description = "Unread bytes one user's inbox may hold (default: 16777216).")
    Long offlineBytes;

    @Option(
            names = "--groups-per-user",
            paramLabel = "N",
            description = "Groups one user may belong to (default: 500).")
    Integer groupsPerUser;

    @Option(
            names = "--members-per-group",
            paramLabel = "N",
            description = "Members one group may have (default: 10000).")
    Integer membersPerGroup;

    void applyTo(ServerConfig.Builder config) {
        Quotas d = config.build().quotas();
        config.quotas(new Quotas(
                offlineMessages != null ? offlineMessages : d.offlineMessages(),
                offlineBytes != null ? offlineBytes : d.offlineBytes(),
                groupsPerUser != null ? groupsPerUser : d.groupsPerUser(),
                membersPerGroup != null ? membersPerGroup : d.membersPerGroup()));
    }
}
